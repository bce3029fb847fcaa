/**
 * How many parts the parallel protocols keep in flight. A lane that waits for an
 * answer (a round trip, the server storing the part) leaves the link idle unless
 * other lanes are sending; how many it takes depends on the round trip, the part's
 * time and the server, which no fixed number fits. So: start at the protocol's
 * default, measure throughput over one window at a time (as many confirmed parts as
 * there are lanes, so every lane is counted once), and add lanes while throughput
 * grows; once the lanes added bring less than half their share, take them back and hold. Parts that
 * are short beside the round trip (a lane is idle most of its time) add two lanes at a
 * step. A page's `concurrency` pins the number.
 */

/** Never more lanes than this: each is a connection, and a part's bytes in memory for some protocols. */
export const MAX_LANES = 16;
/**
 * Lanes added are kept when they brought at least this share of what as many lanes
 * carried before them (each lane of 8 carried 1/8 of the throughput: a 9th is kept
 * when throughput grew by 1/16 or more).
 */
export const GAIN = 0.5;

export interface LaneTunerOptions {
  initial: number;
  /** The most lanes this protocol may have (memory, a server's limit); at most MAX_LANES. */
  max?: number;
  /** The page pinned `concurrency`: the number never changes. */
  pinned?: boolean;
  now: () => number;
  /** The round trip measured before the parts (the session's creation), ms. */
  roundTripMs?: number;
}

export class LaneTuner {
  private lanes: number;
  private readonly max: number;
  private readonly pinned: boolean;
  private readonly now: () => number;
  private readonly roundTripMs: number | undefined;
  /** The window being measured: when it began, the parts and bytes confirmed in it, and their time. */
  private windowStart: number | undefined;
  private windowParts = 0;
  private windowBytes = 0;
  private partMs = 0;
  /** The throughput of the last window at fewer lanes, bytes/ms, and how many lanes that was. */
  private before: { lanes: number; rate: number } | undefined;
  private settled = false;

  constructor(options: LaneTunerOptions) {
    this.max = Math.max(1, Math.min(options.max ?? MAX_LANES, MAX_LANES));
    this.lanes = Math.max(1, Math.min(options.initial, this.max));
    this.pinned = options.pinned ?? false;
    this.now = options.now;
    this.roundTripMs = options.roundTripMs;
  }

  /** Lanes wanted now: the loop starts lanes up to this and ends a lane that finds more running. */
  get wanted(): number {
    return this.lanes;
  }

  /** A part of `bytes` was confirmed, `ms` after it was sent. */
  confirmed(bytes: number, ms: number): void {
    if (this.pinned || this.settled) return;
    const now = this.now();
    // The first part only opens the window: its time is the ramp, not the link.
    if (this.windowStart === undefined) {
      this.windowStart = now;
      return;
    }
    this.windowParts++;
    this.windowBytes += bytes;
    this.partMs += ms;
    if (this.windowParts < this.lanes || now <= this.windowStart) return;
    const rate = this.windowBytes / (now - this.windowStart);
    const partMs = this.partMs / this.windowParts;
    this.windowStart = now;
    this.windowParts = 0;
    this.windowBytes = 0;
    this.partMs = 0;
    const added = this.before ? (this.lanes - this.before.lanes) / this.before.lanes : 0;
    if (this.before && rate < this.before.rate * (1 + GAIN * added)) {
      // The lanes added brought too little: go back to the number before them and hold.
      this.lanes = this.before.lanes;
      this.settled = true;
      return;
    }
    if (this.lanes >= this.max) {
      this.settled = true;
      return;
    }
    // Lanes idle most of a part's time (a round trip beside a short part) take two at a step.
    const idle = this.roundTripMs !== undefined && this.roundTripMs * 4 > partMs;
    this.before = { lanes: this.lanes, rate };
    this.lanes = Math.min(this.max, this.lanes + (idle ? 2 : 1));
  }
}
