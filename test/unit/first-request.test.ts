import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import { createMemoryStore, type SessionStore } from '../../src/core/session-store.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { segments } from '../../src/protocols/segments.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * Nothing on the device holds the first request after the session is created: the new
 * session's record is stored while the first chunk or parts go out (an IndexedDB write
 * took 10-20 ms between the creation's answer and the first request). The page hears of
 * the session once it is stored, and the record's removal at the end comes after it.
 */
const CHUNK = 256 * KiB;
const SESSION = 'https://api.example.test/session/abc';
const SEGMENTS = 'https://shop.example.test/ccadmin/v1/files';

/** A memory store whose first put lands when the test says (or after `failsafeMs`). */
function heldStore(failsafeMs = 300) {
  const inner = createMemoryStore();
  let land = () => {};
  let landed = false;
  let puts = 0;
  const held = new Promise<void>((resolve) => {
    land = () => resolve();
    setTimeout(resolve, failsafeMs);
  }).then(() => (landed = true));
  const store: SessionStore = {
    ...inner,
    put: async (record) => {
      if (puts++ === 0) await held;
      return inner.put(record);
    },
  };
  return { store, land, landed: () => landed };
}

describe('the first request after the session is created', () => {
  it('sequential: the first chunk goes out while the record is being stored', async () => {
    const { store, land, landed } = heldStore();
    const file = patternFile(CHUNK);
    const events: string[] = [];
    const chunk = (request: RecordedRequest) => {
      events.push(`${request.method} while stored: ${landed()}`);
      land();
      return { status: 200, body: { id: 'done' } };
    };
    const t = new ScriptedTransport([{ status: 200, body: { url: SESSION } }, chunk]);
    const run = await runScripted(contentRange, t, file, {
      chunkSize: CHUNK,
      store,
      onSession: () => events.push(`session while stored: ${landed()}`),
    });
    expect(run.result).to.deep.equal({ id: 'done' });
    expect(events).to.deep.equal(['PUT while stored: false', 'session while stored: true']);
    // Removed after it landed: a late write does not bring the finished session back.
    expect(await store.list('content-range', 'https://api.example.test/upload', 0)).to.deep.equal(
      [],
    );
  });

  it('parallel: the first parts go out while the record is being stored', async () => {
    const { store, land, landed } = heldStore();
    const SEG = 1000;
    const file = patternFile(2 * SEG);
    const sentWhileHeld: boolean[] = [];
    let received = 0;
    const occ = (request: RecordedRequest) => {
      if (request.method === 'PUT')
        return { status: 200, body: { token: 'T', segmentsNeeded: [0, 1] } };
      sentWhileHeld.push(!landed());
      received++;
      return received === 2
        ? { status: 200, body: { success: true, result: { id: 'file-1' } } }
        : { status: 200, body: { success: true } };
    };
    const t = new ScriptedTransport(Array.from({ length: 3 }, () => occ));
    // Lands once both parts are on the wire.
    const landing = setInterval(() => sentWhileHeld.length === 2 && land(), 1);
    const run = await runScripted(segments, t, file, {
      endpoint: SEGMENTS,
      chunkSize: SEG,
      concurrency: 2,
      store,
    }).finally(() => clearInterval(landing));
    expect(run.result).to.deep.equal({ id: 'file-1' });
    expect(sentWhileHeld).to.deep.equal([true, true]);
    expect(await store.list('segments', SEGMENTS, 0)).to.deep.equal([]);
  });
});
