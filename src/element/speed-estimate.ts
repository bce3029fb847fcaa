/**
 * An upload's speed: the bytes that went out over the last few seconds of wall time,
 * divided by those seconds. Not an average of per-report samples: two parts confirmed a
 * millisecond apart weigh a millisecond, not a sample each (that read as GB/s). The
 * bytes counted are only those reported within the span divided by, so the speed can
 * never exceed what was actually sent in it.
 *
 * "Sent" is what left the browser, socket buffers included: where those buffers hold
 * megabytes (loopback, a LAN) a new request's first megabytes count as sent at once.
 * Once the server has confirmed bytes, the speed is also never above the confirmed bytes
 * between two confirmations over the time between them: bytes that did arrive.
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

/** Readings oldest first; the latest at or before the window's start is kept as its edge. */
class Window {
  readings: Reading[] = [];

  add(at: number, moved: number): void {
    const last = this.readings.at(-1);
    if (last && last.at === at) last.moved = moved;
    else this.readings.push({ at, moved });
    const start = at - SPEED_WINDOW_MS;
    while (this.readings.length > 2 && this.readings[1].at <= start) this.readings.shift();
  }

  /** Bytes over the span from the edge to the last reading; undefined before two readings. */
  rate(): number | undefined {
    const first = this.readings[0];
    const last = this.readings.at(-1);
    if (!first || !last || last === first) return undefined;
    return ((last.moved - first.moved) * 1000) / Math.max(SPEED_MIN_SPAN_MS, last.at - first.at);
  }
}

export class SpeedEstimate {
  readonly #sent = new Window();
  /** The first reading, then each confirmation of more bytes. */
  readonly #confirmed = new Window();
  #moved = 0;
  #lastSent = 0;
  #lastConfirmed = 0;

  /**
   * `bytesSent` (bytes on the wire) and `bytesConfirmed` read at `at` (ms). The first
   * reading is the baseline: what it holds went out before anything was timed, so it
   * does not count (a resume's confirmed bytes). A fall back to fewer bytes sent (a
   * failed request) counts as nothing moving.
   */
  read(at: number, bytesSent: number, bytesConfirmed = bytesSent): void {
    const first = this.#sent.readings.length === 0;
    if (!first) this.#moved += Math.max(0, bytesSent - this.#lastSent);
    this.#lastSent = bytesSent;
    this.#sent.add(at, this.#moved);
    if (first || bytesConfirmed > this.#lastConfirmed) this.#confirmed.add(at, bytesConfirmed);
    this.#lastConfirmed = Math.max(this.#lastConfirmed, bytesConfirmed);
  }

  /** Bytes per second over the window that ends at the latest reading; 0 before bytes move. */
  bytesPerSecond(): number {
    const sent = this.#sent.rate() ?? 0;
    const confirmed = this.#confirmed.rate();
    return confirmed === undefined ? sent : Math.min(sent, confirmed);
  }
}
