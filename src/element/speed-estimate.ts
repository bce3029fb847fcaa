/**
 * An upload's speed: the bytes that went out over the last few seconds of wall time,
 * divided by those seconds. Not an average of per-report samples: two parts confirmed a
 * millisecond apart weigh a millisecond, not a sample each (that read as GB/s). The
 * bytes counted are only those reported within the span divided by, so the speed can
 * never exceed what was actually sent in it.
 */

/** The wall time the speed looks back over: long enough to read, short enough to follow the link. */
export const SPEED_WINDOW_MS = 5000;

/**
 * The least time the bytes are divided by. Before the readings span this long, a burst
 * (two confirmations a millisecond apart) reads as what it is: that many bytes in the
 * last second, not gigabytes per second.
 */
export const SPEED_MIN_SPAN_MS = 1000;

interface Reading {
  at: number;
  /** Every byte that has gone out since the estimate started, never less than before. */
  moved: number;
}

export class SpeedEstimate {
  /** Oldest first; the first one at or before the window's start stays as its edge. */
  #readings: Reading[] = [];
  #moved = 0;
  #lastSent = 0;

  /**
   * `bytesSent` (bytes on the wire, confirmed or not) read at `at` (ms). The first
   * reading is the baseline: what it holds went out before anything was timed, so it
   * does not count (a resume's confirmed bytes, a socket buffer filled at once).
   * A fall back to fewer bytes (a failed request) counts as nothing moving.
   */
  read(at: number, bytesSent: number): void {
    if (this.#readings.length) this.#moved += Math.max(0, bytesSent - this.#lastSent);
    this.#lastSent = bytesSent;
    const last = this.#readings.at(-1);
    if (last && last.at === at) last.moved = this.#moved;
    else this.#readings.push({ at, moved: this.#moved });
    // Keep one reading at or before the window's start, so the span covers the window.
    const start = at - SPEED_WINDOW_MS;
    while (this.#readings.length > 2 && this.#readings[1].at <= start) this.#readings.shift();
  }

  /** Bytes per second over the window that ends at the latest reading; 0 before bytes move. */
  bytesPerSecond(): number {
    const first = this.#readings[0];
    const last = this.#readings.at(-1);
    if (!first || !last) return 0;
    const span = Math.max(SPEED_MIN_SPAN_MS, last.at - first.at);
    return ((last.moved - first.moved) * 1000) / span;
  }
}
