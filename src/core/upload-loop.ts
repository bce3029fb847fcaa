import type { AdapterContext, ServerState } from './adapter.js';
import { SessionGoneError, UploadError } from './errors.js';
import { createSession } from './create-session.js';
import { checkSameContent, sampledFingerprint } from './fingerprint.js';
import { sendParallel } from './parts-loop.js';
import { relativePathProblem } from './relative-path.js';
import { WireProgress } from './send-progress.js';
import { LinkMeter } from './link-meter.js';
import { sendSequential } from './sequential-loop.js';
import { DEFAULT_TTL_MS, type StoredSession } from './session-store.js';
import { askStatus, finish, ProgressWrites, retrying, type UploadJob } from './upload-job.js';

/**
 * Drive one upload to the end: resume the stored session if the server still
 * has it, otherwise create one; send what the server lacks; finish. Returns
 * what the server answered at the end. A session the server forgot is
 * replaced once, and the user is told.
 */
export async function runUpload<H>(given: UploadJob<H>): Promise<unknown> {
  const now = given.now ?? Date.now;
  const link = given.link ?? new LinkMeter();
  const finishMs = () => (given.adapter.finishingCalls ?? 0) * (link.roundTripMs ?? 0);
  const wire = new WireProgress(
    given.info.size,
    (...report) =>
      given.reporter.progress(...report, { roundTripMs: link.roundTripMs, finishMs: finishMs() }),
    now,
  );
  const job: UploadJob<H> = {
    ...given,
    adapter: given.adapter.forUpload?.() ?? given.adapter,
    // Every confirmation goes through the wire count, which adds the bytes in flight.
    reporter: { ...given.reporter, progress: (bytes) => wire.confirmed(bytes) },
    wire,
    link,
  };
  const { adapter, info, store, reporter, signal } = job;
  const ctx: AdapterContext = { ...job.context, signal };
  const chunkSize = adapter.chunkSize(info, ctx.options);
  const pathProblem = info.relativePath && relativePathProblem(info.relativePath);
  if (pathProblem) {
    throw new UploadError(
      'file-path',
      `"${info.relativePath}" cannot be sent: ${pathProblem}. Nothing was sent.`,
    );
  }
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
        await checkSameContent(known.fingerprint, job.file, info.name);
        state = await retrying(job, () => link.timed(() => askStatus(job, ctx, known)));
        reporter.session?.(known, store.persistent);
      } else {
        if (record) {
          await store.remove(record.key);
          throw new SessionGoneError('The stored upload session has expired.');
        }
        // Sampled while the server makes the session: it costs no time on the wire.
        const [start, fingerprint] = await Promise.all([
          createSession(job, ctx, chunkSize),
          sampledFingerprint(job.file).catch(() => undefined),
        ]);
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
          fingerprint,
        };
        // Stored while the first chunk goes out (an IndexedDB write held the first request
        // 10-20 ms after the creation's answer): later writes and the record's removal queue
        // behind it, and the page hears of the session once it is stored, since whether it
        // could be decides what the page tells the user.
        const made = record;
        const told = () => reporter.session?.(made, store.persistent);
        writes.after(store.put(structuredClone(made)).then(told, told));
        state = start.state;
      }
      const result = await sendRemaining(job, ctx, record, state, writes);
      await finish(job, writes);
      return result;
    } catch (error) {
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

/** What the server lacks, sent the adapter's way: chunk after chunk, or parts side by side. */
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
  return sendParallel(job, ctx, record, state?.kind === 'parts' ? state.parts : [], writes);
}
