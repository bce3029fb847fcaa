/// <reference lib="webworker" />
import type {
  BackgroundFetchEnded,
  BackgroundFetchEventSlice,
  BackgroundFetchRegistrationSlice,
} from '../core/background-fetch.js';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import {
  DB_NAME,
  STORE_NAME,
  backgroundLockName,
  keyOfBackgroundFetch,
  type StoredSession,
} from '../core/session-store.js';

/**
 * The service worker's part in background uploads: when a Background Fetch the element
 * registered ends, record how in the upload's stored session (the element adopts it
 * from there, on this visit or the next), file each part's ETag, make multipart's
 * complete call when the page left one that needs nothing of the page, and tell the
 * open pages. An app that has a service worker of its own calls
 * `handleBackgroundUploads(self)` in it; `resumable-upload.sw.js` is that and nothing else.
 */

declare const self: ServiceWorkerGlobalScope;

let sessions: UseStore | undefined;
const store = () => (sessions ??= createStore(DB_NAME, STORE_NAME));

/** `backgroundfetchsuccess`: every request was answered. Others' fetches are left alone. */
export function onBackgroundFetchSuccess(event: BackgroundFetchEventSlice): boolean {
  return handle(event, 'succeeded');
}

/** `backgroundfetchfail`: a request failed (or was answered with an error status). */
export function onBackgroundFetchFail(event: BackgroundFetchEventSlice): boolean {
  return handle(event, 'failed');
}

/** `backgroundfetchabort`: the user (or the page's cancel) stopped it. */
export function onBackgroundFetchAbort(event: BackgroundFetchEventSlice): boolean {
  return handle(event, 'failed');
}

/**
 * Listen for the element's Background Fetches on a service worker's global scope: the
 * one line an app's own service worker needs. Fetches of other ids are not touched.
 */
export function handleBackgroundUploads(scope: ServiceWorkerGlobalScope = self): void {
  const on = (type: string, handler: (event: BackgroundFetchEventSlice) => boolean) =>
    scope.addEventListener(type, (event) => void handler(event as BackgroundFetchEventSlice));
  on('backgroundfetchsuccess', onBackgroundFetchSuccess);
  on('backgroundfetchfail', onBackgroundFetchFail);
  on('backgroundfetchabort', onBackgroundFetchAbort);
}

/** True when the fetch is the element's (and the event is kept alive until it is recorded). */
function handle(event: BackgroundFetchEventSlice, how: 'succeeded' | 'failed'): boolean {
  const key = keyOfBackgroundFetch(event.registration.id);
  if (key === undefined) return false;
  event.waitUntil(record(event, key, how));
  return true;
}

async function record(
  event: BackgroundFetchEventSlice,
  key: string,
  how: 'succeeded' | 'failed',
): Promise<void> {
  const locks = self.navigator.locks;
  const state = await (locks
    ? (locks.request(backgroundLockName(key), () =>
        recordNow(event.registration, key, how),
      ) as Promise<unknown> as Promise<BackgroundFetchEnded['state'] | undefined>)
    : recordNow(event.registration, key, how));
  if (!state) return;
  // The browser's notification says how it ended (Chromium shows the fetch's title).
  await event
    .updateUI?.({ title: state === 'failed' ? 'Upload interrupted' : 'Upload finished' })
    .catch(() => {});
  const message: BackgroundFetchEnded = { type: 'resumable-upload:background-ended', key, state };
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}

async function recordNow(
  fetch: BackgroundFetchRegistrationSlice,
  key: string,
  how: 'succeeded' | 'failed',
): Promise<BackgroundFetchEnded['state'] | undefined> {
  const session = await get<StoredSession>(key, store());
  const owner = session?.background;
  // Adopted already (the page was open), or cancelled: nothing is ours to record.
  if (!session || !owner || owner.id !== fetch.id || owner.state !== 'sending') return undefined;
  const answers = await answersOf(fetch);
  const refused = answers.find(
    (a) => a.status !== undefined && (a.status < 200 || a.status >= 300),
  );
  // A fetch registered while its page was going can "succeed" having sent empty bodies
  // (Chromium read a picked file only after the page was gone: uploaded 0 of 0). Its
  // answers say nothing about the file: no ETag is filed, and the page asks the server.
  const hollow = how === 'succeeded' && fetch.uploaded < owner.total;
  owner.state = how === 'succeeded' && !refused && !hollow ? 'succeeded' : 'failed';
  if (owner.state === 'failed') {
    owner.failure = refused
      ? `${refused.url} answered ${refused.status}`
      : hollow
        ? `The browser sent ${fetch.uploaded} of the ${owner.total} bytes.`
        : fetch.failureReason || 'failed';
  }
  // Every part that was stored keeps its ETag, whatever became of the others.
  const parts = new Map((session.parts ?? []).map((p) => [p.index, p]));
  for (const part of hollow ? [] : (owner.parts ?? [])) {
    const answer = answers.find((a) => a.url === part.url);
    if (answer?.etag && answer.status !== undefined && answer.status < 300) {
      parts.set(part.index, { index: part.index, size: part.size, etag: answer.etag });
    }
  }
  if (owner.parts?.length) session.parts = [...parts.values()].sort((a, b) => a.index - b.index);
  if (owner.state === 'succeeded' && owner.completion) {
    owner.state = await complete(owner.completion, parts, owner);
  }
  session.updatedAt = Date.now();
  await set(key, session, store());
  return owner.state;
}

interface Answer {
  url: string;
  status?: number;
  etag?: string | null;
}

async function answersOf(fetch: BackgroundFetchRegistrationSlice): Promise<Answer[]> {
  const records = await fetch.matchAll().catch(() => []);
  return Promise.all(
    records.map(async (r): Promise<Answer> => {
      try {
        const response = await r.responseReady;
        return { url: r.request.url, status: response.status, etag: response.headers.get('ETag') };
      } catch {
        // No response: the request never got one (cut off, or aborted).
        return { url: r.request.url };
      }
    }),
  );
}

/** Multipart's complete call, when every part has its ETag: `completed`, or `failed` with why. */
async function complete(
  completion: NonNullable<NonNullable<StoredSession['background']>['completion']>,
  stored: Map<number, { etag?: string }>,
  owner: NonNullable<StoredSession['background']>,
): Promise<'completed' | 'failed' | 'succeeded'> {
  const parts = completion.parts.map((p) => ({
    partNumber: p.partNumber,
    eTag: p.eTag ?? stored.get(p.index)?.etag ?? null,
  }));
  // A part without its ETag: the page's listing will find it on the next visit.
  if (parts.some((p) => !p.eTag)) return 'succeeded';
  try {
    const response = await fetch(completion.url, {
      method: completion.method,
      headers: completion.headers,
      body: JSON.stringify({ requestKey: completion.requestKey, parts }),
      credentials: 'same-origin',
    });
    if (response.ok) return 'completed';
    owner.failure = `The complete call answered ${response.status}.`;
  } catch (error) {
    owner.failure = `The complete call failed: ${String(error)}`;
  }
  // The bytes are all there: the next visit completes from the listing.
  return 'succeeded';
}
