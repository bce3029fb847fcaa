import type { ProgressTiming } from '../core/upload-job.js';
import { SpeedEstimate } from './speed-estimate.js';

/** The numbers a meter writes on an upload. */
export interface Metered {
  /** Bytes on the wire: what the bar shows. */
  bytesSent: number;
  /** Bytes the server holds: where a resume starts. */
  bytesConfirmed: number;
  bytesPerSecond: number;
  secondsLeft: number;
}

export interface Progress extends Metered {
  bytesTotal: number;
}

/** The longest a progress bar lags the bytes it shows: five repaints a second. */
const PROGRESS_REPAINT_MS = 200;

/**
 * Speed and time left from the bytes on the wire (speed-estimate.ts), and the pace of
 * repaints they cause. Events still fire for every report; only the picture waits.
 */
export class ProgressMeter<Upload extends Metered> {
  readonly #speeds = new WeakMap<Upload, SpeedEstimate>();
  readonly #repaint: (changed: ReadonlySet<Upload>) => void;
  readonly #now: () => number;
  readonly #changed = new Set<Upload>();
  #repaintTimer?: ReturnType<typeof setTimeout>;
  #lastRepaintAt = -Infinity;

  /**
   * `repaint` gets the uploads whose progress changed since the last repaint; `now` is
   * the clock speeds are measured by (tests script it).
   */
  constructor(
    repaint: (changed: ReadonlySet<Upload>) => void,
    now: () => number = () => performance.now(),
  ) {
    this.#repaint = repaint;
    this.#now = now;
  }

  /** A new run: the speed is measured afresh from its first report. */
  restart(upload: Upload): void {
    this.#speeds.set(upload, new SpeedEstimate());
    this.still(upload);
  }

  /** Not sending here: no speed, no estimate, and the bar shows what the server holds. */
  still(upload: Upload): void {
    upload.bytesSent = upload.bytesConfirmed;
    upload.bytesPerSecond = 0;
    upload.secondsLeft = Infinity;
  }

  /**
   * The worker's report: the progress, as events tell it. Time left is what is left to send
   * at the speed, plus, while the server has not confirmed every byte, the link's round trip
   * (`roundTripMs`, when measured): the last answer comes that long after the last byte
   * left (without it, the time left on a 300 ms link fell short by about that much, 15% of
   * the last 2 s); plus the finishing calls after it (`finishMs`: multipart's complete).
   */
  moved(
    upload: Upload,
    bytesSent: number,
    bytesConfirmed: number,
    bytesTotal: number,
    { roundTripMs = 0, finishMs = 0 }: ProgressTiming = {},
  ): Progress {
    let speed = this.#speeds.get(upload);
    if (!speed) this.#speeds.set(upload, (speed = new SpeedEstimate()));
    speed.read(this.#now(), bytesSent, bytesConfirmed);
    upload.bytesSent = bytesSent;
    upload.bytesConfirmed = bytesConfirmed;
    upload.bytesPerSecond = speed.bytesPerSecond();
    const answer = bytesConfirmed < bytesTotal ? roundTripMs / 1000 : 0;
    upload.secondsLeft =
      upload.bytesPerSecond > 0
        ? (bytesTotal - bytesSent) / upload.bytesPerSecond + answer + finishMs / 1000
        : Infinity;
    const { bytesPerSecond, secondsLeft } = upload;
    return { bytesSent, bytesConfirmed, bytesTotal, bytesPerSecond, secondsLeft };
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
