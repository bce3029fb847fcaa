/**
 * When the parallel loop may start its next part. Lanes sharing one link get equal
 * shares of it, so parts started together finish together: every lane then waits a round
 * trip for its answer and, cross-origin with a presigned URL per part, another for the
 * next URL's preflight, and for those two round trips nothing is on the wire (measured
 * over a 100 ms link: 4 lanes left it idle about 200 ms at every wave of parts; 250 ms
 * links lose 500 ms a wave). Parts started apart finish apart, and while one lane waits
 * the others fill the link. So once the link's rate is known, part starts are spaced by
 * a share of one part's time on the link at that rate: the lanes that an answer frees
 * together go one after another, and every later wave stays staggered.
 *
 * The rate is the confirmed bytes over the time since the first part started, less the
 * link's small-request time (the first part's preflight and answer carry no bytes; the
 * create call, timed by link-meter.ts, is a preflight and a request too). Still a floor
 * (lanes finishing together left the link idle meanwhile), so the spacing errs short:
 * more parts in flight, as without spacing. It never falls: a slow spell (a busy machine,
 * a wait the spacing itself caused) would otherwise lengthen the spacing, leave the link
 * idler and the rate lower still. Before the first confirmation nothing is known and
 * parts start at once. A page's `concurrency` pins the number of parts in flight, not
 * their pace: spacing applies there too.
 */

/**
 * The spacing as a share of a part's time on the link alone: parts start three times as
 * often as the link carries them, so the lanes fill up (and are bounded by the lane
 * tuner) even where the rate reads low, while consecutive parts still finish a third of
 * a part's time apart. (Half a part's time starved the link at 250 ms on a busy machine.)
 */
export const SPACING_SHARE = 1 / 3;

export class PartStarts {
  #firstStart: number | undefined;
  /** When the last part was booked to start. */
  #lastStart = -Infinity;
  #confirmedBytes = 0;
  /** The highest rate measured so far, bytes per ms. */
  #best: number | undefined;

  constructor(
    private readonly now: () => number,
    /** The plan's part size, bytes (the last part may be shorter: it is spaced as a whole one). */
    private readonly partBytes: number,
    /** The link's small-request time, ms (a preflight and a request), when measured. */
    private readonly roundTripMs: () => number | undefined = () => undefined,
  ) {}

  /** The link's rate as measured so far, bytes per ms; undefined before a confirmation. */
  get bytesPerMs(): number | undefined {
    return this.#best;
  }

  /** The ms between two part starts; 0 while the rate is unknown. */
  get spacingMs(): number {
    const rate = this.bytesPerMs;
    return rate ? (this.partBytes / rate) * SPACING_SHARE : 0;
  }

  /**
   * Book the next part's start: the ms to wait before sending it (0: now). Each booking
   * takes its slot, so lanes freed together are given slots one spacing apart.
   */
  book(): number {
    const now = this.now();
    this.#firstStart ??= now;
    const at = Math.max(now, this.#lastStart + this.spacingMs);
    this.#lastStart = at;
    return at - now;
  }

  /** A part of `bytes` (sent by this upload) was confirmed. */
  confirmed(bytes: number): void {
    this.#confirmedBytes += bytes;
    if (this.#firstStart === undefined) return;
    const since = this.now() - this.#firstStart;
    const elapsed = Math.max(since - (this.roundTripMs() ?? 0), since / 2);
    if (elapsed <= 0) return;
    const rate = this.#confirmedBytes / elapsed;
    if (this.#best === undefined || rate > this.#best) this.#best = rate;
  }
}
