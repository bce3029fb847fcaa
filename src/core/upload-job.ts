import type { AdapterContext, FileInfo, ProtocolAdapter, ServerState } from './adapter.js';
import type { ChecksumSetting } from './checksum-chunks.js';
import type { UploadError } from './errors.js';
import type { LinkMeter } from './link-meter.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { WireProgress } from './send-progress.js';
import type { SessionStore, StoredSession } from './session-store.js';

/**
 * One upload as both loops see it (sequential-loop.ts, parts-loop.ts), and what
 * they share: retries that are reported, progress writes that never hold up the
 * wire, and the end of an upload.
 */

/** What an upload needs after its last byte has left (UploadReporter.progress). */
export interface ProgressTiming {
  /** The link's round trip as measured: the last answer comes that long after the last byte. */
  roundTripMs?: number;
  /** The calls after the last confirmation (multipart's complete), at the measured call time. */
  finishMs?: number;
}

export interface UploadReporter {
  /**
   * Server-confirmed bytes after every confirmation, and `bytesSent`, the confirmed ones
   * plus what requests in flight have put on the wire, as they move (send-progress.ts).
   * Without `bytesSent` nothing is in flight. `timing`: what the upload needs after its
   * last byte has left, for the page's time left: the link's round trip as the loops
   * measured it (link-meter.ts), which the last answer costs, and `finishMs`, the finishing
   * calls (multipart's complete) at the link's measured call time.
   */
  progress(
    bytesConfirmed: number,
    bytesTotal: number,
    bytesSent?: number,
    timing?: ProgressTiming,
  ): void;
  /** Something went wrong and the loop carries on (a retry, a fresh session). */
  notice(error: UploadError, willRetry: boolean): void;
  /** The session exists and is stored (or could not be stored). */
  session?(record: StoredSession, persistent: boolean): void;
}

export interface UploadJob<H = unknown> {
  file: Blob;
  info: FileInfo;
  key: string;
  adapter: ProtocolAdapter<H>;
  context: Omit<AdapterContext, 'signal'>;
  store: SessionStore;
  reporter: UploadReporter;
  signal: AbortSignal;
  retryPolicy?: RetryPolicy;
  now?: () => number;
  /**
   * Settles before a stored session is resumed (or dropped): the page's word that no
   * other tab drives it. A new upload does not wait for it.
   */
  stored?: () => Promise<void>;
  /** Counts the bytes of each chunk on the wire; set by `runUpload`. */
  wire?: WireProgress;
  /** The link's round trip and the clock requests are timed with (chunk sizes, parts in flight). */
  link?: LinkMeter;
  /** The checksum asked for, with the lazily loaded code that computes it. */
  checksum?: ChecksumSetting;
}

/** The server's word that the upload is finished, with what it answered. */
export type Finished = Extract<ServerState, { kind: 'complete' }>;

/**
 * The server's word on what it holds. A handle the server replaced replaces the
 * record's: the loop's next call uses it, the next progress write stores it.
 */
export async function askStatus<H>(
  job: UploadJob<H>,
  ctx: AdapterContext,
  record: StoredSession,
): Promise<ServerState> {
  const answer = await job.adapter.status(ctx, record.handle as H, job.info, record.chunkSize);
  if (answer.handle !== undefined) record.handle = answer.handle;
  return answer;
}

/**
 * The job's retry policy, every retry reported. `onUncertain` asks the server before
 * the next attempt; `signal` narrows the job's (a lane of parts).
 */
export function retrying<T>(
  job: UploadJob,
  operation: () => Promise<T>,
  onUncertain?: () => Promise<T | undefined>,
  signal = job.signal,
): Promise<T> {
  return withRetry(operation, {
    signal,
    policy: job.retryPolicy,
    onRetry: (error) => job.reporter.notice(error, true),
    onUncertain,
  });
}

/** Every byte is confirmed: say so, and forget the session. */
export async function finish(job: UploadJob, writes: ProgressWrites): Promise<void> {
  job.reporter.progress(job.info.size, job.info.size);
  await writes.flush();
  await job.store.remove(job.key);
}

/**
 * Writes of the confirmed progress, in order, without holding up the next
 * chunk: the stored offset is a hint (the server's answer wins on resume), so
 * the wire need not wait for IndexedDB. Removing the record waits for them.
 */
export class ProgressWrites {
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly job: UploadJob) {}

  save(record: StoredSession, bytes: number): void {
    record.bytesConfirmed = bytes;
    record.updatedAt = (this.job.now ?? Date.now)();
    const snapshot = structuredClone(record);
    this.last = this.last.then(() => this.job.store.put(snapshot)).catch(() => {});
  }

  /** A write already under way (the new session's record): the next ones queue behind it. */
  after(write: Promise<void>): void {
    this.last = this.last.then(() => write).catch(() => {});
  }

  /** Every queued write has landed. */
  flush(): Promise<void> {
    return this.last;
  }
}
