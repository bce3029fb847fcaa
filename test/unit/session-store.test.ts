import { expect } from '@open-wc/testing';
import { del, createStore } from 'idb-keyval';
import {
  DB_NAME,
  STORE_NAME,
  openSessionStore,
  sessionKey,
  type StoredSession,
} from '../../src/core/session-store.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const ENDPOINT = 'https://api.example.test/upload';

function record(file: File, overrides: Partial<StoredSession> = {}): StoredSession {
  const info = infoOf(file);
  return {
    key: sessionKey('content-range', ENDPOINT, info),
    protocol: 'content-range',
    endpoint: ENDPOINT,
    file: info,
    handle: { url: 'https://api.example.test/s/old' },
    chunkSize: 256 * 1024,
    bytesConfirmed: 0,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    expiresAt: Date.now() + 60_000,
    ...overrides,
  };
}

describe('IndexedDB session store', () => {
  afterEach(async () => {
    const store = await openSessionStore();
    for (const r of await store.list('content-range', ENDPOINT)) await store.remove(r.key);
  });

  it('is persistent in Chromium and lists only its endpoint and protocol', async () => {
    const store = await openSessionStore();
    expect(store.persistent).to.equal(true);
    const file = patternFile(10, 'a.bin');
    await store.put(record(file));
    await store.put({ ...record(patternFile(10, 'b.bin')), endpoint: 'https://other.test/' });
    const listed = await store.list('content-range', ENDPOINT);
    expect(listed.map((r) => r.file.name)).to.deep.equal(['a.bin']);
    await del(record(patternFile(10, 'b.bin')).key, createStore(DB_NAME, STORE_NAME));
  });

  it('drops expired records when listing', async () => {
    const store = await openSessionStore();
    const file = patternFile(10, 'old.bin');
    await store.put(record(file, { expiresAt: Date.now() - 1 }));
    expect(await store.list('content-range', ENDPOINT)).to.deep.equal([]);
    expect(await store.get(record(file).key)).to.equal(undefined);
  });

  it('an expired stored session is not resumed blindly: a new one is made, and the user told', async () => {
    const store = await openSessionStore();
    const file = patternFile(100, 'expired.bin');
    await store.put(record(file, { expiresAt: Date.now() - 1 }));
    const t = new ScriptedTransport([
      { status: 200, body: { url: 'https://api.example.test/s/new' } },
      { status: 200, body: '{}' },
    ]);
    const run = await runScripted(contentRange, t, file, { store, endpoint: ENDPOINT });
    expect(t.requests.map((r) => r.url)).to.deep.equal([
      `${ENDPOINT}?size=100`,
      'https://api.example.test/s/new',
    ]);
    expect(run.notices.map((n) => [n.error.code, n.willRetry])).to.deep.equal([
      ['session-gone', true],
    ]);
    expect(await store.get(record(file).key)).to.equal(undefined);
  });

  it('saves the session the moment it exists, and its confirmed offset after each chunk', async () => {
    const store = await openSessionStore();
    const file = patternFile(512 * 1024, 'saved.bin');
    const key = record(file).key;
    const scripted = new ScriptedTransport([
      { status: 200, body: { url: 'https://api.example.test/s/1' } },
      { status: 308, headers: { Range: `bytes=0-${256 * 1024 - 1}` } },
      { status: 200, body: '{}' },
    ]);
    const seen: Array<[string | undefined, number | undefined]> = [];
    /** What the store holds while a chunk is on the wire (progress writes do not block the wire). */
    const storedOffset = async (want: number) => {
      for (let i = 0; i < 100; i++) {
        const r = await store.get(key);
        if (r?.bytesConfirmed === want) return r;
        await new Promise((done) => setTimeout(done, 10));
      }
      return store.get(key);
    };
    const transport = {
      async send(request: Parameters<ScriptedTransport['send']>[0]) {
        const n = scripted.requests.length;
        if (n >= 1) {
          const stored = await storedOffset(n === 1 ? 0 : 256 * 1024);
          seen.push([
            (stored?.handle as { url?: string } | undefined)?.url,
            stored?.bytesConfirmed,
          ]);
        }
        return scripted.send(request);
      },
    };
    await runScripted(contentRange, transport, file, {
      store,
      endpoint: ENDPOINT,
      chunkSize: 256 * 1024,
    });
    expect(seen).to.deep.equal([
      ['https://api.example.test/s/1', 0],
      ['https://api.example.test/s/1', 256 * 1024],
    ]);
    expect(await store.get(key)).to.equal(undefined);
  });

  it("a stored session waits for the page's go before its first request; a new one does not", async () => {
    const store = await openSessionStore();
    const file = patternFile(1000, 'gated.bin');
    let asked = 0;
    let go!: () => void;
    const stored = () => {
      asked++;
      return new Promise<void>((resolve) => (go = resolve));
    };
    // New: no stored session, so it creates and finishes without asking.
    const fresh = new ScriptedTransport([
      { status: 200, body: { url: 'https://api.example.test/s/3' } },
      { status: 200, body: '{}' },
    ]);
    await runScripted(contentRange, fresh, file, { store, endpoint: ENDPOINT, stored });
    expect(asked).to.equal(0);
    // Stored: nothing goes out until go.
    await store.put(record(file, { handle: { url: 'https://api.example.test/s/4' } }));
    const resumed = new ScriptedTransport([
      { status: 308, headers: { Range: 'bytes=0-499' } },
      { status: 200, body: '{}' },
    ]);
    const run = runScripted(contentRange, resumed, file, { store, endpoint: ENDPOINT, stored });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([asked, resumed.requests.length]).to.deep.equal([1, 0]);
    go();
    await run;
    expect(resumed.requests[0].url).to.equal('https://api.example.test/s/4');
  });

  it('a pause stores the last confirmed offset before the loop stops, not a second later', async () => {
    const store = await openSessionStore();
    const file = patternFile(768 * 1024, 'paused.bin');
    const key = record(file).key;
    const pause = new AbortController();
    const scripted = new ScriptedTransport([
      { status: 200, body: { url: 'https://api.example.test/s/2' } },
      { status: 308, headers: { Range: `bytes=0-${256 * 1024 - 1}` } },
    ]);
    const transport = {
      send(request: Parameters<ScriptedTransport['send']>[0]) {
        if (scripted.requests.length < 2) return scripted.send(request);
        // The second chunk is on the wire when the user pauses.
        pause.abort();
        return Promise.reject(new DOMException('paused', 'AbortError'));
      },
    };
    const stopped = await runScripted(contentRange, transport, file, {
      store,
      endpoint: ENDPOINT,
      chunkSize: 256 * 1024,
      signal: pause.signal,
    }).catch((error: unknown) => error);
    expect((stopped as Error).name).to.equal('AbortError');
    expect((await store.get(key))?.bytesConfirmed).to.equal(256 * 1024);
    await store.remove(key);
  });
});
