import { expect } from '@open-wc/testing';
import { createStore, del, get, set } from 'idb-keyval';
import type {
  BackgroundFetchEventSlice,
  BackgroundFetchRecordSlice,
} from '../../src/core/background-fetch.js';
import {
  DB_NAME,
  STORE_NAME,
  backgroundFetchId,
  type StoredSession,
} from '../../src/core/session-store.js';
import { onBackgroundFetchSuccess } from '../../src/service-worker/background-uploads.js';

/**
 * The service worker's record of a Background Fetch that ended (background-uploads.ts),
 * run on this page with its IndexedDB: a fetch whose every request was answered 2xx is
 * `succeeded`, and multipart's complete call is made with the ETags; a fetch that
 * "succeeded" having sent fewer bytes than it was given (empty bodies: Chromium read a
 * picked file only after its page was gone) is `failed`, files no ETag and completes
 * nothing, so the page asks the server.
 */

const store = createStore(DB_NAME, STORE_NAME);
const key = 'background-uploads-test';
const partUrl = `${location.origin}/parts/1?X-Amz-Signature=x`;
const completeUrl = `${location.origin}/uploads/complete`;

function session(): StoredSession {
  const now = Date.now();
  return {
    key,
    protocol: 'multipart',
    endpoint: `${location.origin}/uploads`,
    file: { name: 'a.bin', size: 2000, lastModified: 1, type: '' },
    handle: { uploadId: 'u' },
    chunkSize: 1000,
    bytesConfirmed: 1000,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 60_000,
    parts: [{ index: 0, size: 1000, etag: '"a"' }],
    background: {
      id: backgroundFetchId(key),
      since: now,
      bytesHeld: 1000,
      total: 1000,
      state: 'sending',
      parts: [{ url: partUrl, index: 1, size: 1000 }],
      completion: {
        url: completeUrl,
        method: 'POST',
        headers: {},
        requestKey: 'k',
        parts: [
          { index: 0, partNumber: 1, eTag: '"a"' },
          { index: 1, partNumber: 2, eTag: null },
        ],
      },
    },
  } as StoredSession;
}

/** A `backgroundfetchsuccess` whose one request was answered 200 with an ETag. */
function successEvent(uploaded: number): {
  event: BackgroundFetchEventSlice;
  done: () => Promise<unknown>;
} {
  let kept: Promise<unknown> = Promise.resolve();
  const record: BackgroundFetchRecordSlice = {
    request: new Request(partUrl, { method: 'PUT' }),
    responseReady: Promise.resolve(new Response(null, { status: 200, headers: { ETag: '"b"' } })),
  };
  const registration = Object.assign(new EventTarget(), {
    id: backgroundFetchId(key),
    uploaded,
    // What Chromium reports for a fetch whose picked file was read too late.
    uploadTotal: uploaded,
    result: 'success' as const,
    failureReason: '',
    abort: async () => true,
    matchAll: async () => [record],
  });
  const event = Object.assign(new Event('backgroundfetchsuccess'), {
    registration,
    waitUntil: (promise: Promise<unknown>) => void (kept = promise),
  });
  return { event, done: () => kept };
}

describe('the service worker records a Background Fetch that ended', () => {
  const calls: string[] = [];
  const realFetch = globalThis.fetch;

  beforeEach(async () => {
    calls.length = 0;
    await set(key, session(), store);
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    // The service worker's open pages: none here.
    Object.assign(globalThis, { clients: { matchAll: async () => [] } });
  });
  afterEach(async () => {
    globalThis.fetch = realFetch;
    delete (globalThis as { clients?: unknown }).clients;
    await del(key, store);
  });

  it('every byte sent and answered: succeeded, the ETag filed, the complete call made', async () => {
    const { event, done } = successEvent(1000);
    expect(onBackgroundFetchSuccess(event)).to.equal(true);
    await done();
    const stored = await get<StoredSession>(key, store);
    expect(stored?.background?.state).to.equal('completed');
    expect(stored?.parts?.map((p) => p.etag)).to.deep.equal(['"a"', '"b"']);
    expect(calls).to.deep.equal([completeUrl]);
  });

  it('answered 200 with fewer bytes sent than given: failed, no ETag filed, nothing completed', async () => {
    const { event, done } = successEvent(0);
    expect(onBackgroundFetchSuccess(event)).to.equal(true);
    await done();
    const stored = await get<StoredSession>(key, store);
    expect(stored?.background?.state).to.equal('failed');
    expect(stored?.background?.failure).to.equal('The browser sent 0 of the 1000 bytes.');
    expect(stored?.parts?.map((p) => p.etag)).to.deep.equal(['"a"']);
    expect(calls).to.deep.equal([]);
  });
});
