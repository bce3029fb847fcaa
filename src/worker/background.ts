/// <reference lib="webworker" />
import {
  BackgroundRefusal,
  type AdapterContext,
  type BackgroundPlan,
  type FileInfo,
  type ProtocolAdapter,
  type ServerState,
} from '../core/adapter.js';
import { IncompleteError } from '../core/errors.js';
import { originOf, pageOrigin } from '../core/origins.js';
import { planParts } from '../core/part-plan.js';
import {
  backgroundFetchId,
  backgroundLockName,
  type SessionStore,
  type StoredSession,
} from '../core/session-store.js';

/**
 * The worker's side of handing an upload to the browser's Background Fetch
 * (docs/architecture.md, "Who owns an upload"): the plan of what the server lacks, the
 * mark in the stored session that says the fetch owns it, and adopting it back.
 */

export interface HandOffJob {
  adapter: ProtocolAdapter;
  ctx: AdapterContext;
  store: SessionStore;
  key: string;
  file: Blob;
  info: FileInfo;
  bytesPerSecond: number;
  /** True when a request to this URL would carry the page's headers, which a fetch cannot. */
  needsPageHeaders: (url: string) => boolean;
}

/**
 * Ask the server what it holds, build the requests for the rest, and mark the stored
 * session as owned by the fetch, before the page registers it: a page that dies before
 * the registration leaves a mark the next visit adopts back (no fetch found, the
 * server's offset decides). Throws a BackgroundRefusal when the upload stays here.
 */
export async function prepareHandOff(
  job: HandOffJob,
): Promise<{ fetchId: string; plan: BackgroundPlan }> {
  const { adapter, ctx, store, key, info } = job;
  if (!adapter.remainderRequests) {
    throw new BackgroundRefusal(
      'protocol',
      `The ${adapter.protocol} protocol stays in the page: its requests are built from each chunk's bytes.`,
    );
  }
  const record = await store.get(key);
  if (!record) throw new BackgroundRefusal('protocol', 'The upload has no stored session yet.');
  const state = await status(adapter, ctx, record, info);
  const plan = await adapter.remainderRequests(ctx, record.handle, {
    file: job.file,
    info,
    state,
    chunkSize: record.chunkSize,
    now: Date.now(),
    bytesPerSecond: job.bytesPerSecond,
  });
  // A worker shares its page's origin, which is the service worker's scope too.
  const here = pageOrigin();
  for (const request of plan.requests) {
    if (originOf(request.url) !== here) {
      throw new BackgroundRefusal(
        'cross-origin',
        `The upload goes to ${originOf(request.url)}, another origin than the page's: Chromium's Background Fetch sends no CORS preflight, so it cannot reach it.`,
      );
    }
    if (request.auth !== false && job.needsPageHeaders(request.url)) {
      throw new BackgroundRefusal(
        'needs-headers',
        "The upload requests carry the page's `headers`, which are never stored: a Background Fetch could not send them.",
      );
    }
  }
  // The service worker completes only a call that needs nothing of the page.
  const completion =
    plan.completion &&
    originOf(plan.completion.url) === here &&
    !job.needsPageHeaders(plan.completion.url)
      ? plan.completion
      : undefined;
  const fetchId = backgroundFetchId(key);
  record.bytesConfirmed = plan.bytesHeld;
  record.updatedAt = Date.now();
  record.background = {
    id: fetchId,
    since: record.updatedAt,
    bytesHeld: plan.bytesHeld,
    total: plan.requests.reduce((sum, r) => sum + (r.end - r.start), 0),
    state: 'sending',
    parts: plan.requests.flatMap((r) =>
      r.part === undefined ? [] : [{ url: r.url, index: r.part, size: r.end - r.start }],
    ),
    completion,
  };
  await store.put(record);
  return { fetchId, plan: { ...plan, completion } };
}

/** The registration was refused: the upload is the page's again. */
export async function dropMark(store: SessionStore, key: string): Promise<void> {
  const record = await store.get(key);
  if (!record?.background) return;
  delete record.background;
  await store.put(record);
}

export type Adoption =
  | { kind: 'finished'; result: unknown }
  | { kind: 'unfinished'; bytesConfirmed: number }
  | { kind: 'gone' };

/**
 * A Background Fetch ended, or none is found for a marked session: take the upload back.
 * The server's word decides: finished (the complete call made here when every part is
 * stored, or again after the service worker made it: a repeated complete is answered as
 * the first), or the bytes it holds, from which the page resumes. Under the Web Lock the
 * service worker holds while it records the fetch's end.
 */
export function adopt(
  adapter: ProtocolAdapter,
  ctx: AdapterContext,
  store: SessionStore,
  key: string,
  info: FileInfo,
): Promise<Adoption> {
  const run = () => adoptNow(adapter, ctx, store, key, info);
  const locks = (self.navigator as Navigator | undefined)?.locks;
  // The lock's callback returns a promise; `request` resolves with what it resolves with.
  return locks
    ? (locks.request(backgroundLockName(key), run) as Promise<unknown> as Promise<Adoption>)
    : run();
}

async function adoptNow(
  adapter: ProtocolAdapter,
  ctx: AdapterContext,
  store: SessionStore,
  key: string,
  info: FileInfo,
): Promise<Adoption> {
  const record = await store.get(key);
  // Another tab adopted it first, and finished it (or cancelled it).
  if (!record) return { kind: 'gone' };
  const owner = record.background;
  delete record.background;
  if (owner?.state === 'completed' && adapter.complete && record.parts) {
    const result = await adapter.complete(ctx, record.handle, record.parts, info);
    await store.remove(key);
    return { kind: 'finished', result };
  }
  const state = await status(adapter, ctx, record, info);
  if (state.kind === 'complete') {
    await store.remove(key);
    return { kind: 'finished', result: state.result };
  }
  if (state.kind === 'parts') {
    const plan = planParts(info.size, record.chunkSize);
    const parts = state.parts.filter((p) => p.index < plan.length);
    record.parts = parts;
    record.bytesConfirmed = parts.reduce((sum, p) => sum + p.size, 0);
    if (parts.length === plan.length && adapter.complete) {
      const result = await adapter.complete(ctx, record.handle, parts, info);
      await store.remove(key);
      return { kind: 'finished', result };
    }
  } else {
    if (state.offset > info.size) {
      throw new IncompleteError(`The server claims ${state.offset} bytes of ${info.size}.`);
    }
    record.bytesConfirmed = state.offset;
  }
  record.updatedAt = Date.now();
  await store.put(record);
  return { kind: 'unfinished', bytesConfirmed: record.bytesConfirmed };
}

async function status(
  adapter: ProtocolAdapter,
  ctx: AdapterContext,
  record: StoredSession,
  info: FileInfo,
): Promise<ServerState> {
  const answer = await adapter.status(ctx, record.handle, info, record.chunkSize);
  if (answer.handle !== undefined) record.handle = answer.handle;
  return answer;
}
