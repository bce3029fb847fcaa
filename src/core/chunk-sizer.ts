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
 * Adaptive chunk size for sequential protocols: grow while chunks finish fast
 * (per-request overhead dominates on a fast link), shrink when they are slow
 * or fail (a slow mobile link should confirm progress often and lose little
 * on a retry). Always within the protocol's rules.
 */
export interface ChunkBounds {
  min: number;
  max: number;
  /** Every chunk but the last is a multiple of this (GCS 256 KiB, DocSpace 512 bytes). */
  quantum: number;
}

/** A chunk should take about this long: long enough to hide request overhead, short enough to report progress. */
export const TARGET_CHUNK_MS = 1500;

export class ChunkSizer {
  private size: number;
  private readonly bounds?: ChunkBounds;
  private readonly targetMs: number;

  /** Without bounds the size never changes (the page pinned `chunk-size`, or the protocol's parts are fixed). */
  constructor(initial: number, bounds?: ChunkBounds, targetMs = TARGET_CHUNK_MS) {
    this.size = initial;
    this.bounds = bounds;
    this.targetMs = targetMs;
  }

  get current(): number {
    return this.size;
  }

  /** A chunk of `bytes` was confirmed after `ms`. Short last chunks say nothing about the link. */
  confirmed(bytes: number, ms: number): void {
    if (!this.bounds || bytes < this.size) return;
    if (ms < this.targetMs / 2) this.resize(this.size * 2);
    else if (ms > this.targetMs * 2) this.resize(this.size / 2);
  }

  failed(): void {
    if (this.bounds) this.resize(this.size / 2);
  }

  private resize(wanted: number): void {
    const { min, max, quantum } = this.bounds!;
    const aligned = Math.floor(wanted / quantum) * quantum;
    this.size = Math.min(max, Math.max(min, aligned));
  }
}
