import type { AdapterContext, Chunk, FileInfo, ProtocolAdapter, ServerState } from './adapter.js';
import { ProtocolError, SessionGoneError, UploadError } from './errors.js';
import { ChunkSizer } from './chunk-sizer.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { DEFAULT_TTL_MS, type SessionStore, type StoredSession } from './session-store.js';

export interface UploadReporter {
  /** Server-confirmed bytes, after every confirmation. */
  progress(bytesSent: number, bytesTotal: number): void;
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
}

/** Raised inside the loop when the status query finds the upload already finished. */
export class AlreadyComplete {
  constructor(readonly result: unknown) {}
}

/**
 * Drive one upload to the end: resume the stored session if the server still
 * has it, otherwise create one; send what the server lacks; finish. Returns
 * what the server answered at the end. A session the server forgot is
 * replaced once, and the user is told.
 */
export async function runUpload<H>(job: UploadJob<H>): Promise<unknown> {
  const { adapter, info, store, reporter, signal } = job;
  const now = job.now ?? Date.now;
  const ctx: AdapterContext = { ...job.context, signal };
  const chunkSize = adapter.chunkSize(info, ctx.options);
  let restarted = false;
  const writes = new ProgressWrites(job);

  for (;;) {
    let record: StoredSession | undefined;
    try {
      record = await store.get(job.key);
      if (record) await job.stored?.();
      let state: ServerState | undefined;
      if (record && record.expiresAt > now()) {
        const known = record;
        state = await retrying(job, () =>
          adapter.status(ctx, known.handle as H, info, known.chunkSize),
        );
      } else {
        if (record) {
          await store.remove(record.key);
          throw new SessionGoneError('The stored upload session has expired.');
        }
        const start = await retrying(job, () => adapter.create(ctx, info, chunkSize));
        const created = now();
        record = {
          key: job.key,
          protocol: adapter.protocol,
          endpoint: ctx.endpoint,
          file: info,
          handle: start.handle,
          chunkSize: start.chunkSize ?? chunkSize,
          bytesConfirmed: 0,
          createdAt: created,
          updatedAt: created,
          expiresAt: start.expiresAt ?? created + DEFAULT_TTL_MS,
        };
        // Awaited: whether it could be stored decides what the page tells the user.
        await store.put(record);
        state = start.state;
      }
      reporter.session?.(record, store.persistent);
      const result = await sendRemaining(job, ctx, record, state, writes);
      await finish(job, writes);
      return result;
    } catch (error) {
      if (error instanceof AlreadyComplete) {
        await finish(job, writes);
        return error.result;
      }
      if (error instanceof SessionGoneError && !restarted && !signal.aborted) {
        restarted = true;
        // A queued progress write must not bring the dropped record back.
        await writes.flush();
        await store.remove(job.key);
        reporter.notice(
          new UploadError(
            'session-gone',
            `${error.message} Starting the upload again with a new session.`,
            { status: error.status },
          ),
          true,
        );
        continue;
      }
      // Paused or failed: the last confirmed offset is what the list shows after a reload.
      await writes.flush();
      throw error;
    }
  }
}

/** Every byte is confirmed: say so, and forget the session. */
async function finish(
  job: UploadJob<never> | UploadJob<unknown> | UploadJob,
  writes: ProgressWrites,
): Promise<void> {
  job.reporter.progress(job.info.size, job.info.size);
  await writes.flush();
  await job.store.remove(job.key);
}

/** The job's retry policy, every retry reported; `signal` narrows the job's (a lane of parts). */
export function retrying<T>(
  job: UploadJob<never> | UploadJob<unknown> | UploadJob,
  operation: () => Promise<T>,
  onUncertain?: () => Promise<void>,
  signal = job.signal,
): Promise<T> {
  return withRetry(operation, {
    signal,
    policy: job.retryPolicy,
    onRetry: (error) => job.reporter.notice(error, true),
    onUncertain,
  });
}

async function sendRemaining<H>(
  job: UploadJob<H>,
  ctx: AdapterContext,
  record: StoredSession,
  state: ServerState | undefined,
  writes: ProgressWrites,
): Promise<unknown> {
  if (state?.kind === 'complete') return state.result;
  if (job.adapter.mode === 'sequential') {
    return sendSequential(job, ctx, record, state?.kind === 'offset' ? state.offset : 0, writes);
  }
  const { sendParallel } = await loadPartsLoop();
  return sendParallel(job, ctx, record, state?.kind === 'parts' ? state.parts : [], writes);
}

/**
 * The loop for parallel parts is only needed by `segments` and `multipart`: its own chunk,
 * so pages speaking a sequential protocol never download it (the worker preloads it for
 * those two when the page lists its sessions).
 */
export function loadPartsLoop() {
  return import('./parts-loop.js').catch((error: unknown) => {
    throw new UploadError(
      'network',
      `The upload code for parallel parts could not be loaded (${String(error)}). Retry when online.`,
    );
  });
}

/** Consecutive chunks the server accepted without storing a byte before we stop. */
const MAX_STALLED_CHUNKS = 3;

async function sendSequential<H>(
  job: UploadJob<H>,
  ctx: AdapterContext,
  record: StoredSession,
  startOffset: number,
  writes: ProgressWrites,
): Promise<unknown> {
  const { adapter, info, file } = job;
  const handle = record.handle as H;
  const size = info.size;
  const chunkSize = record.chunkSize;
  const pinned = ctx.options.chunkSize !== undefined;
  const sizer = new ChunkSizer(chunkSize, pinned ? undefined : adapter.chunkBounds?.(info));
  let offset = checkOffset(startOffset, 0, size);
  let stalled = 0;
  let chunkIndex = 0;
  job.reporter.progress(offset, size);
  if (offset !== record.bytesConfirmed) writes.save(record, offset);

  const resync = async () => {
    const state = await adapter.status(ctx, handle, info, chunkSize);
    if (state.kind === 'complete') throw new AlreadyComplete(state.result);
    if (state.kind !== 'offset') throw new ProtocolError('The status query gave no offset.');
    offset = checkOffset(state.offset, 0, size);
    job.reporter.progress(offset, size);
  };

  /**
   * The next chunk's slice, made while this one is on the wire. In Chromium `Blob.slice`
   * of a file took 0.4-0.7 ms, all of it between one chunk's answer and the next request.
   * A slice only points into the file: no byte is read before it goes on the wire.
   */
  let ahead: Blob | undefined;
  let aheadAt = -1;

  // A zero-byte file still needs its one (empty) request.
  for (let first = true; offset < size || (first && size === 0); first = false) {
    const sent = await retrying(
      job,
      async () => {
        const end = Math.min(offset + sizer.current, size);
        const blob =
          aheadAt === offset && ahead?.size === end - offset ? ahead : file.slice(offset, end);
        const chunk: Chunk = { index: chunkIndex, start: offset, end, blob };
        const began = performance.now();
        try {
          const answer = adapter.sendChunk(ctx, handle, chunk, info);
          // After this task, so the request just made goes out first.
          setTimeout(() => {
            aheadAt = end;
            ahead = file.slice(end, Math.min(end + sizer.current, size));
          });
          const r = await answer;
          return { r, chunk, ms: performance.now() - began };
        } catch (error) {
          sizer.failed();
          throw error;
        }
      },
      resync,
    );
    const { r, chunk, ms } = sent;
    sizer.confirmed(chunk.end - chunk.start, ms);
    chunkIndex++;
    if (r.kind === 'complete') return r.result;
    if (r.kind !== 'offset')
      throw new ProtocolError('The server answered a chunk without an offset.');
    if (r.offset < chunk.start && Number.isSafeInteger(r.offset) && r.offset >= 0) {
      // Less than the server had already confirmed (a 308 whose Range header was lost
      // on the way, say): trust neither number and ask before sending any byte again.
      await retrying(job, resync);
    } else {
      // The server may keep less than we sent (resume mid-chunk), never more.
      offset = checkOffset(r.offset, chunk.start, chunk.end);
    }
    stalled = offset <= chunk.start && chunk.end > chunk.start ? stalled + 1 : 0;
    if (stalled >= MAX_STALLED_CHUNKS) {
      throw new ProtocolError('The server keeps accepting chunks without storing them.');
    }
    job.reporter.progress(offset, size);
    writes.save(record, offset);
    if (size === 0) break;
  }
  // Every byte is confirmed but the server has not said "done": its status answer decides.
  const final = await retrying(job, () => adapter.status(ctx, handle, info, chunkSize));
  if (final.kind === 'complete') return final.result;
  throw new ProtocolError('The server holds every byte but did not finish the upload.');
}

function checkOffset(offset: number, min: number, max: number): number {
  if (!Number.isSafeInteger(offset) || offset < min || offset > max) {
    throw new ProtocolError(
      `The server reported ${offset} bytes stored, outside the ${min}–${max} it could hold.`,
    );
  }
  return offset;
}

/**
 * Writes of the confirmed progress, in order, without holding up the next
 * chunk: the stored offset is a hint (the server's answer wins on resume), so
 * the wire need not wait for IndexedDB. Removing the record waits for them.
 */
export class ProgressWrites {
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly job: UploadJob<unknown> | UploadJob) {}

  save(record: StoredSession, bytes: number): void {
    record.bytesConfirmed = bytes;
    record.updatedAt = (this.job.now ?? Date.now)();
    const snapshot = structuredClone(record);
    this.last = this.last.then(() => this.job.store.put(snapshot)).catch(() => {});
  }

  /** Every queued write has landed. */
  flush(): Promise<void> {
    return this.last;
  }
}
