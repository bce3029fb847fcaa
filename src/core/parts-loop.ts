import type {
  AdapterContext,
  ChunkResult,
  PartRecord,
  ProtocolAdapter,
  ServerState,
} from './adapter.js';
import { ChunkReader, resendOnMismatch } from './checksum-chunks.js';
import { IncompleteError, isAbort, ProtocolError } from './errors.js';
import { abortError, type HttpTransport } from './http.js';
import { LaneTuner } from './lane-tuner.js';
import { LinkMeter } from './link-meter.js';
import { BodiesAhead } from './bodies-ahead.js';
import { planParts, type PlannedPart } from './part-plan.js';
import { PartStarts } from './part-starts.js';
import { sleep } from './retry.js';
import { sendCounted } from './send-progress.js';
import type { StoredSession } from './session-store.js';
import { askStatus, retrying } from './upload-job.js';
import type { Finished, ProgressWrites, UploadJob } from './upload-job.js';

/**
 * Parts a lane may leave waiting for their answers while it sends the next, across all
 * lanes. Lanes sharing a link get equal shares, so the lanes started together finish
 * together, and each then waits a round trip for its answer and (cross-origin, a
 * presigned URL per part) another for the next URL's preflight: measured over a 100 ms
 * link, 4 lanes left it idle about 200 ms per wave of parts. A part started when another's
 * body has left fills that gap. Only one: "left" is when the body went into socket
 * buffers, which on a fast machine hold megabytes, and every extra part in flight splits
 * the link further, so parts finish later and the last wave ends together again. Not
 * when the page pinned `concurrency`: that number is the most parts in flight.
 */
export const PARTS_AHEAD = 1;

/**
 * Parts sent side by side (`segments`, `multipart`): a fixed part plan, lanes that
 * each take the next missing part, and every confirmed part stored before its lane
 * sends another. How many lanes run is tuned to the link (lane-tuner.ts).
 */
export async function sendParallel<H>(
  job: UploadJob<H>,
  outer: AdapterContext,
  record: StoredSession,
  confirmedParts: PartRecord[],
  writes: ProgressWrites,
): Promise<unknown> {
  const { adapter, info, file } = job;
  const plan = planParts(info.size, record.chunkSize);
  const done = new Map<number, PartRecord>();
  for (const part of confirmedParts) if (part.index < plan.length) done.set(part.index, part);
  const pending = plan.filter((p) => !done.has(p.index));
  const bytesDone = () => [...done.values()].reduce((sum, p) => sum + p.size, 0);
  /** The part answer that said the upload is finished (segments: the last to arrive). */
  let lastAnswer: Finished | undefined;

  const reader = await ChunkReader.open(file, job.checksum, adapter.checksums, {
    offset: confirmedPrefix(plan, done),
    saved: record.hashState,
  });
  const tell = () => {
    record.parts = [...done.values()].sort((a, b) => a.index - b.index);
    reader.keepState(record, confirmedPrefix(plan, done));
    const bytes = bytesDone();
    job.reporter.progress(bytes, info.size);
    writes.save(record, bytes);
  };
  const report = async () => {
    tell();
    // A part's ETag is stored as its answer comes, before its lane goes beyond the part it
    // sent ahead: parts are costly to redo.
    await writes.flush();
  };
  // Before any part is sent there is no new ETag to keep: the first parts do not wait for it.
  tell();

  // One part failing for good stops its siblings at once.
  const inner = new AbortController();
  const stop = () => inner.abort();
  outer.signal.addEventListener('abort', stop, { once: true });
  const ctx: AdapterContext = { ...outer, signal: inner.signal };
  /** Set when a status query finds the upload finished: the lanes stop, nothing is completed. */
  let finished: Finished | undefined;
  // After an uncertain failure a part may be stored although its answer was lost: ask
  // the server (one status query shared by the lanes that need it) before re-sending.
  let listing: Promise<ServerState> | undefined;
  const serverState = () =>
    (listing ??= askStatus(job, ctx, record).finally(() => {
      listing = undefined;
    }));
  const storedAnswer = async (index: number): Promise<ChunkResult | undefined> => {
    const state = await serverState();
    if (state.kind === 'complete') {
      finished ??= state;
      inner.abort();
      return state;
    }
    const part = state.kind === 'parts' ? state.parts.find((p) => p.index === index) : undefined;
    return part && { kind: 'part', part };
  };
  const link = job.link ?? new LinkMeter();
  const tuner = new LaneTuner({
    initial: concurrencyOf(adapter, ctx),
    max: adapter.maxConcurrency,
    pinned: ctx.options.concurrency !== undefined,
    now: link.now,
    roundTripMs: link.roundTripMs,
  });
  const bodies = new BodiesAhead(adapter, () => record.handle as H, file);
  const starts = adapter.staggerParts
    ? new PartStarts(link.now, record.chunkSize, () => link.roundTripMs)
    : undefined;
  /** The next pending part, once its turn to start has come (or the upload stopped). */
  const nextPart = async (): Promise<PlannedPart | undefined> => {
    const wait = pending.length ? (starts?.book() ?? 0) : 0;
    // Cut short when the upload stops; the part is taken even then: its send fails as the stop says.
    if (wait > 0) await sleep(wait, inner.signal).catch(() => undefined);
    return pending.shift();
  };
  /** After this task, so the request just made goes out first. */
  const askAhead = (next: PlannedPart | undefined) => {
    if (!next || !adapter.askAhead) return;
    setTimeout(() => adapter.askAhead!(ctx, record.handle as H, next));
  };
  let running = 0;
  /** Parts whose lane went on to the next part before their answer came (at most PARTS_AHEAD). */
  let awaitingAhead = 0;
  /** The page's `concurrency` is the number of parts in flight: none goes ahead of it. */
  const pinned = ctx.options.concurrency !== undefined;
  /** Send one part to its confirmation (retries included); `bodySent` when its body has left. */
  const sendPart = async (planned: PlannedPart, bodySent: () => void): Promise<void> => {
    // With a checksum: read (and hashed) once, in plan order, and a retry sends the same
    // bytes. Without: a slice, its body made ahead where the adapter has one (segments).
    const chunk = reader.algorithm
      ? reader.prepare({ ...planned, blob: file.slice(planned.start, planned.end) })
      : Promise.resolve(bodies.chunkFor(planned));
    const began = link.now();
    const partCtx = telling(ctx, bodySent);
    const r: ChunkResult = await retrying(
      job,
      () => {
        const sent = resendOnMismatch(
          async () => {
            const prepared = await chunk;
            return sendCounted(job.wire, partCtx, planned, (counted) =>
              adapter.sendChunk(counted, record.handle as H, prepared, info),
            );
          },
          (error) => job.reporter.notice(error, true),
        );
        if (!reader.algorithm) bodies.prepareNext(pending[0]);
        askAhead(pending[0]);
        return sent;
      },
      () => storedAnswer(planned.index),
      inner.signal,
    );
    if (finished) return;
    tuner.confirmed(planned.end - planned.start, link.now() - began);
    starts?.confirmed(planned.end - planned.start);
    startLanes();
    await confirm(planned, r);
  };
  const lane = async () => {
    running++;
    /** This lane's part whose body has left and whose answer is still on its way. */
    let answering: Promise<void> | undefined;
    try {
      // A lane beyond the number wanted (the tuner took one back) ends between parts.
      for (let part = await nextPart(); part && !finished; part = await nextPart()) {
        // One lane at a time starts its next part once this one's body has left, not when
        // its answer is in (see PARTS_AHEAD).
        let bodySent!: () => void;
        const left = new Promise<void>((resolve) => (bodySent = resolve));
        const answered = sendPart(part, bodySent);
        // A part failing for good stops the upload at once, even while this lane sends the next.
        answered.catch((error: unknown) => failed(error));
        await Promise.race([left, answered]);
        await answering;
        answering = undefined;
        if (pinned || awaitingAhead >= PARTS_AHEAD) {
          await answered;
        } else {
          awaitingAhead++;
          answering = answered.finally(() => awaitingAhead--);
          // Awaited below; a failure also reaches `failed` through `answered`.
          answering.catch(() => {});
        }
        if (finished || running > tuner.wanted) break;
      }
      await answering;
    } finally {
      running--;
    }
  };
  const confirm = async (planned: PlannedPart, r: ChunkResult) => {
    if (r.kind === 'complete') lastAnswer = r;
    done.set(
      planned.index,
      r.kind === 'part' ? r.part : { index: planned.index, size: planned.end - planned.start },
    );
    await report();
  };
  const lanes: Promise<void>[] = [];
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => {});
  function startLanes() {
    while (running < tuner.wanted && pending.length && !finished && !inner.signal.aborted) {
      const ended = lane().catch((error: unknown) => (failed(error), Promise.reject(error)));
      // Handled here; awaited (and so still failing) below.
      ended.catch(() => {});
      lanes.push(ended);
    }
  }
  startLanes();
  if (!lanes.length) lanes.push(lane());
  try {
    // Lanes may be added while these run: wait for each, failing at the first failure.
    for (let i = 0; i < lanes.length; i++) await Promise.race([lanes[i], failure]);
  } catch (error) {
    inner.abort();
    await Promise.allSettled(lanes);
    bodies.clear();
    if (outer.signal.aborted) throw isAbort(error) ? error : abortError();
    // The siblings of the lane that found the upload finished end in aborts: no failure.
    if (!finished || !isAbort(error)) throw error;
  } finally {
    outer.signal.removeEventListener('abort', stop);
  }
  if (finished) return finished.result;
  const parts = [...done.values()].sort((a, b) => a.index - b.index);
  checkEveryPart(plan, parts, info.size);
  if (adapter.complete) {
    return retrying(job, () => adapter.complete!(outer, record.handle as H, parts, info));
  }
  if (lastAnswer) return lastAnswer.result;
  // Every part is confirmed but no answer said "finished": the server's status decides.
  const state = await retrying(job, () => askStatus(job, outer, record));
  if (state.kind === 'complete') return state.result;
  const held = state.kind === 'parts' ? state.parts.length : 0;
  throw new ProtocolError(
    `Every part was confirmed, but the server holds ${held} of the ${plan.length} parts and did not finish the upload.`,
  );
}

/** Where the parts confirmed from the first one on without a gap end. */
function confirmedPrefix(plan: PlannedPart[], done: Map<number, PartRecord>): number {
  let end = 0;
  for (const part of plan) {
    if (!done.has(part.index)) break;
    end = part.end;
  }
  return end;
}

/** Finishing names every part of the plan, each with its planned size, or nothing is finished. */
function checkEveryPart(plan: PlannedPart[], parts: PartRecord[], total: number): void {
  const whole = (part: PartRecord) => {
    const planned = plan[part.index];
    return planned !== undefined && part.size === planned.end - planned.start;
  };
  if (parts.length === plan.length && parts.every((part, i) => part.index === i && whole(part))) {
    return;
  }
  const confirmed = parts.filter(whole);
  const bytes = confirmed.reduce((sum, part) => sum + part.size, 0);
  throw new IncompleteError(
    `Only ${confirmed.length} of ${plan.length} parts (${bytes} of ${total} bytes) are confirmed as planned, so the upload is not finished.`,
  );
}

/**
 * The context with a transport that calls `bodySent` once a request carrying a part has
 * sent all of its body (the wire count's `onSent`). A transport that cannot tell says
 * nothing, and the lane waits for the answer.
 */
function telling(ctx: AdapterContext, bodySent: () => void): AdapterContext {
  const http: HttpTransport = {
    send: (request) => {
      const onSent = request.onSent;
      if (!onSent) return ctx.http.send(request);
      return ctx.http.send({
        ...request,
        onSent: (loaded, total) => {
          onSent(loaded, total);
          if (total > 0 && loaded >= total) bodySent();
        },
      });
    },
  };
  return { ...ctx, http };
}

function concurrencyOf(adapter: ProtocolAdapter, ctx: AdapterContext): number {
  const fallback = adapter.defaultConcurrency ?? 4;
  const wanted = ctx.options.concurrency ?? fallback;
  return Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, 16) : fallback;
}
