/** The numbers a meter writes on an upload. */
export interface Metered {
  bytesSent: number;
  bytesPerSecond: number;
  secondsLeft: number;
}

export interface Progress extends Metered {
  bytesTotal: number;
}

/** The longest a progress bar lags the server's confirmation: five repaints a second. */
const PROGRESS_REPAINT_MS = 200;

/** How much of the last confirmation's speed goes into the estimate. */
const SMOOTHING = 0.3;

/**
 * Speed and time left from the server's confirmations, and the pace of repaints they
 * cause. Events still fire for every confirmed chunk; only the picture waits.
 */
export class ProgressMeter<Upload extends Metered> {
  /** When each upload's last confirmation came, and how far it reached. */
  readonly #lastSample = new WeakMap<Upload, { at: number; bytes: number }>();
  readonly #repaint: (changed: ReadonlySet<Upload>) => void;
  readonly #changed = new Set<Upload>();
  #repaintTimer?: ReturnType<typeof setTimeout>;
  #lastRepaintAt = -Infinity;

  /** `repaint` gets the uploads whose progress changed since the last repaint. */
  constructor(repaint: (changed: ReadonlySet<Upload>) => void) {
    this.#repaint = repaint;
  }

  /** A new run: the speed is measured afresh from its second confirmation. */
  restart(upload: Upload): void {
    this.#lastSample.delete(upload);
    this.still(upload);
  }

  /** Not sending here: no speed, no estimate. */
  still(upload: Upload): void {
    upload.bytesPerSecond = 0;
    upload.secondsLeft = Infinity;
  }

  /** The server confirmed `bytesSent` of `bytesTotal`: the progress, as events tell it. */
  confirmed(upload: Upload, bytesSent: number, bytesTotal: number): Progress {
    const now = performance.now();
    const last = this.#lastSample.get(upload);
    if (last && bytesSent > last.bytes) {
      const seconds = (now - last.at) / 1000;
      const instant = (bytesSent - last.bytes) / Math.max(seconds, 0.001);
      // Smoothed so the estimate does not jump with every chunk.
      upload.bytesPerSecond = upload.bytesPerSecond
        ? upload.bytesPerSecond * (1 - SMOOTHING) + instant * SMOOTHING
        : instant;
    }
    this.#lastSample.set(upload, { at: now, bytes: bytesSent });
    upload.bytesSent = bytesSent;
    upload.secondsLeft =
      upload.bytesPerSecond > 0 ? (bytesTotal - bytesSent) / upload.bytesPerSecond : Infinity;
    const { bytesPerSecond, secondsLeft } = upload;
    return { bytesSent, bytesTotal, bytesPerSecond, secondsLeft };
  }

  /**
   * Repaint at most every PROGRESS_REPAINT_MS. Each repaint is style, layout and paint on a
   * renderer that shares the machine's cores with the network process carrying the bytes:
   * with 8 MiB chunks on loopback, repainting every chunk cost about 5% of throughput.
   */
  repaintSoon(upload: Upload): void {
    this.#changed.add(upload);
    if (this.#repaintTimer !== undefined) return;
    const repaint = () => {
      this.#repaintTimer = undefined;
      this.#lastRepaintAt = performance.now();
      this.#repaint(this.#changed);
      this.#changed.clear();
    };
    const wait = this.#lastRepaintAt + PROGRESS_REPAINT_MS - performance.now();
    if (wait <= 0) repaint();
    else this.#repaintTimer = setTimeout(repaint, wait);
  }

  /** The element left the page: no repaint is owed. */
  stop(): void {
    clearTimeout(this.#repaintTimer);
    this.#repaintTimer = undefined;
  }
}
