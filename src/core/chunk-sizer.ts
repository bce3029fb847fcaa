import { ConfigError } from './errors.js';

/** What a protocol accepts as its chunk size. */
export interface ChunkSizeRule {
  protocol: string;
  /** Used when the page sets no `chunk-size`. */
  fallback: number;
  min?: number;
  max?: number;
  multipleOf?: number;
  /** Ends the message "chunk-size … does not work with {protocol}: …" in the user's terms. */
  must: string;
}

/**
 * The page's `chunk-size`, or the protocol's default, as a whole number of bytes within
 * the protocol's rule. Checked before any request, so a bad setting costs no upload.
 */
export function checkedChunkSize(requested: number | undefined, rule: ChunkSizeRule): number {
  const size = requested ?? rule.fallback;
  const { min = 1, max = Number.MAX_SAFE_INTEGER, multipleOf = 1 } = rule;
  if (!Number.isSafeInteger(size) || size < min || size > max || size % multipleOf !== 0) {
    throw new ConfigError(
      `chunk-size ${requested} does not work with ${rule.protocol}: ${rule.must}`,
    );
  }
  return size;
}

/**
 * Adaptive chunk size for sequential protocols: a chunk should take long enough that
 * the round trip every request costs is small beside it (on a 250 ms link a 1.5 s chunk
 * loses 14% to it), short enough that a failure loses little and progress is
 * confirmed often. Grown from the measured throughput until a chunk's time dwarfs the
 * round trip, shrunk when chunks are slow or fail. Always within the protocol's rules.
 */
export interface ChunkBounds {
  min: number;
  max: number;
  /** Every chunk but the last is a multiple of this (GCS 256 KiB, DocSpace 512 bytes). */
  quantum: number;
  /**
   * The server keeps what a broken request brought (GCS, tus): a chunk boundary then
   * buys nothing but costs a round trip, so the loop sends the rest of the file (up to
   * `max`) in one request, and smaller chunks only after a failure.
   */
  keepsPartial?: boolean;
}

/** A chunk should take at least this long: long enough to hide request overhead on a fast link. */
export const TARGET_CHUNK_MS = 1500;
/** ... and at least this many round trips, so the round trip costs ≤ 1/16 (6%) of a chunk. */
export const ROUND_TRIPS_PER_CHUNK = 16;
/** One sample grows the chunk at most this much: a single fast chunk may be noise. */
export const MAX_GROWTH = 8;

export class ChunkSizer {
  private size: number;
  private readonly bounds?: ChunkBounds;
  private readonly targetMs: number;
  private roundTrip: number | undefined;

  /** Without bounds the size never changes (the page pinned `chunk-size`, or the protocol's parts are fixed). */
  constructor(initial: number, bounds?: ChunkBounds, targetMs = TARGET_CHUNK_MS) {
    this.bounds = bounds;
    this.targetMs = targetMs;
    this.size = bounds?.keepsPartial ? bounds.max : initial;
  }

  /** The size of the next chunk, before the rest of the file is considered (see `next`). */
  get current(): number {
    return this.size;
  }

  /** The round trip the link was measured at (a small request's time), when known. */
  get roundTripMs(): number | undefined {
    return this.roundTrip;
  }

  /**
   * How long a chunk should take on this link: `TARGET_CHUNK_MS`, or 16 round trips
   * when that is longer.
   */
  get chunkMs(): number {
    return Math.max(this.targetMs, ROUND_TRIPS_PER_CHUNK * (this.roundTrip ?? 0));
  }

  /** A request that carried (almost) no body took `ms`: the round trip is at most that. */
  measuredRoundTrip(ms: number): void {
    if (ms > 0 && (this.roundTrip === undefined || ms < this.roundTrip)) this.roundTrip = ms;
  }

  /**
   * The next chunk's size when `remaining` bytes are left: the current size, or all that
   * is left when what would follow it is under half a chunk (one round trip saved for a
   * slightly longer request), within `max`.
   */
  next(remaining: number): number {
    if (!this.bounds) return Math.min(this.size, remaining);
    if (remaining - this.size < this.size / 2 && remaining <= this.bounds.max) return remaining;
    return Math.min(this.size, remaining);
  }

  /** A chunk of `bytes` was confirmed after `ms`. Short last chunks say nothing about the link. */
  confirmed(bytes: number, ms: number): void {
    if (!this.bounds || bytes < Math.min(this.size, this.bounds.max) || ms <= 0) return;
    // The request's time less one round trip is what the bytes took (a floor of half
    // its time, so an overestimated round trip cannot make the link look infinite).
    const transferMs = Math.max(ms - (this.roundTrip ?? 0), ms / 2);
    const wanted = (bytes / transferMs) * this.chunkMs;
    if (ms > 2 * this.chunkMs) {
      this.resize(Math.min(this.size / 2, wanted));
    } else if (ms < this.chunkMs / 1.5) {
      this.resize(Math.min(this.size * MAX_GROWTH, wanted));
    }
  }

  /** A chunk of `bytes` failed: the next is half of it (half the current size when not told). */
  failed(bytes = this.size): void {
    if (this.bounds) this.resize(Math.min(bytes, this.size) / 2);
  }

  private resize(wanted: number): void {
    const { min, max, quantum } = this.bounds!;
    const aligned = Math.floor(wanted / quantum) * quantum;
    this.size = Math.min(max, Math.max(min, aligned));
  }
}
