import {
  MiB,
  type BackgroundCompletion,
  type FileInfo,
  type PartRecord,
  type SessionStart,
} from '../../core/adapter.js';
import type { PartChecksum } from './checksums.js';
import { ProtocolError } from '../../core/errors.js';
import { partCount } from '../../core/part-plan.js';

/**
 * What each way of running a multipart upload provides (the multipart API in
 * seed-api.ts, plain S3 through the page's backend in s3.ts). The adapter in
 * index.ts sends the parts itself and asks its dialect for everything else.
 */
export interface Dialect<H> {
  create(file: FileInfo, partSize: number): Promise<SessionStart<H>>;
  /** The parts the server holds, its part numbers already turned into plan indexes. */
  list(handle: H): Promise<ListedPart[]>;
  /** The server's number for the part at plan `index`. */
  partNumber(handle: H, index: number): number;
  /**
   * Where to PUT a part; `expired` is the grant that was just refused (403). `checksum`:
   * the part's, for a signer that signs it (plain S3's `signPart`).
   */
  grant(
    handle: H,
    index: number,
    size: number,
    expired?: Grant,
    checksum?: PartChecksum,
  ): Promise<Grant>;
  /** Finish with every part, ascending, each with its ETag. */
  complete(handle: H, parts: PartRecord[]): Promise<unknown>;
  abort(handle: H): Promise<void>;
  /**
   * The complete call as the service worker makes it after a Background Fetch, when the
   * backend takes it over plain HTTP (the multipart API). Absent: only the page can
   * complete (plain S3 through page functions or a Companion-style server).
   */
  completion?(handle: H, parts: BackgroundCompletion['parts']): BackgroundCompletion;
  /** The part's ETag is the plain MD5 of its bytes (the multipart API's servers). */
  readonly etagIsMd5?: boolean;
}

/** A presigned URL for one part: a grant, held in memory only. */
export interface Grant {
  url: string;
  headers?: Record<string, string>;
  /** Which renewal of the multipart API's URLs this one came from. */
  generation?: number;
}

/** A part the server listed, its number already turned into the plan's 0-based index. */
export interface ListedPart {
  index: number;
  etag?: string;
  size?: number;
  /** The part's checksum (base64) when the listing gives one. */
  checksum?: string;
}

/**
 * A listed part's size: a number, or one in a string (a backend passing S3's XML through).
 * Anything else is no size, and a part without one is sent again.
 */
export function listedSize(value: unknown): number | undefined {
  const size = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}

/** S3's limits: every part but the last is at least 5 MiB, at most 10,000 parts of <= 5 GiB. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;
export const MAX_PARTS = 10_000;

export function checkServerPartSize(
  partSize: unknown,
  fileSize: number,
): asserts partSize is number {
  if (typeof partSize !== 'number' || !Number.isSafeInteger(partSize) || partSize <= 0) {
    throw new ProtocolError(`The server chose a part size we cannot use: ${String(partSize)}.`);
  }
  if (partCount(fileSize, partSize) > MAX_PARTS) {
    throw new ProtocolError(
      `The server's part size (${partSize} bytes) would need more than ${MAX_PARTS} parts for this file.`,
    );
  }
}
