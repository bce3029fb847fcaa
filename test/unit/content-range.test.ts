import { expect } from '@open-wc/testing';
import { contentRange } from '../../src/protocols/content-range.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { KiB } from '../../src/core/adapter.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const CHUNK = 256 * KiB;
const SESSION = 'https://api.example.test/session/abc';

describe('content-range adapter: request sequence', () => {
  it('creates with ?size, sends Content-Range chunks, finishes on 200', async () => {
    const file = patternFile(CHUNK * 2 + 100);
    const t = new ScriptedTransport([
      { status: 200, body: { kind: 'resumableUpload', id: 'abc', url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 308, headers: { Range: `bytes=0-${2 * CHUNK - 1}` } },
      { status: 201, body: { id: 'file-1' } },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `POST https://api.example.test/upload?size=${file.size}`,
      `PUT ${SESSION}`,
      `PUT ${SESSION}`,
      `PUT ${SESSION}`,
    ]);
    expect(t.requests[0].bodySize).to.equal(0);
    expect(t.requests.slice(1).map((r) => r.headers['Content-Range'])).to.deep.equal([
      `bytes 0-${CHUNK - 1}/${file.size}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${file.size}`,
      `bytes ${2 * CHUNK}-${file.size - 1}/${file.size}`,
    ]);
    expect(t.requests[3].bodySize).to.equal(100);
    expect(run.result).to.deep.equal({ id: 'file-1' });
    expect(run.progress.slice(-2)).to.deep.equal([2 * CHUNK, file.size]);
    expect(
      await run.store.get(
        sessionKey('content-range', 'https://api.example.test/upload', infoOf(file)),
      ),
    ).to.equal(undefined);
  });

  it('Redivis: a 200 to an intermediate chunk of a session that never answered 308 means stored', async () => {
    const file = patternFile(CHUNK * 2 + 100);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 200, body: '' },
      { status: 200, body: '' },
      { status: 201, body: { id: 'file-1', size: file.size } },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests.slice(1).map((r) => r.headers['Content-Range'])).to.deep.equal([
      `bytes 0-${CHUNK - 1}/${file.size}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${file.size}`,
      `bytes ${2 * CHUNK}-${file.size - 1}/${file.size}`,
    ]);
    expect(run.progress.slice(-3)).to.deep.equal([CHUNK, 2 * CHUNK, file.size]);
    expect(run.result).to.deep.equal({ id: 'file-1', size: file.size });
  });

  it('takes the session URL from a Location header (GCS)', async () => {
    const file = patternFile(10);
    const t = new ScriptedTransport([
      { status: 200, headers: { Location: SESSION } },
      { status: 200, body: '{"ok":true}' },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests[1].url).to.equal(SESSION);
    expect(run.result).to.deep.equal({ ok: true });
  });

  it('after a lost connection asks bytes */N and resumes mid-chunk from the Range', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 0, networkError: true },
      { status: 308, headers: { Range: 'bytes=0-999' } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK + 999}` } },
      { status: 200, body: '' },
    ]);
    await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests[2].headers['Content-Range']).to.equal(`bytes */${file.size}`);
    expect(t.requests[2].bodySize).to.equal(0);
    expect(t.requests[3].headers['Content-Range']).to.equal(
      `bytes 1000-${CHUNK + 999}/${file.size}`,
    );
    expect(t.requests[3].body).to.equal(await file.slice(1000, CHUNK + 1000).text());
    expect(t.requests[4].headers['Content-Range']).to.equal(
      `bytes ${CHUNK + 1000}-${file.size - 1}/${file.size}`,
    );
  });

  it('a 308 without Range in the status answer means start from 0', async () => {
    const file = patternFile(CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 503 },
      { status: 308 },
      { status: 200 },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests[3].headers['Content-Range']).to.equal(`bytes 0-${CHUNK - 1}/${CHUNK}`);
    expect(run.notices.map((n) => n.error.status)).to.deep.equal([503]);
  });

  it('retries 503 twice honouring Retry-After, then goes on', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 503, headers: { 'Retry-After': '0' } },
      { status: 308 },
      { status: 503, headers: { 'Retry-After': '0' } },
      { status: 308 },
      { status: 201, body: '{}' },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(run.notices).to.have.length(2);
    expect(run.notices.every((n) => n.willRetry)).to.equal(true);
  });

  it('a 404 on a chunk starts one new session and says so', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 404 },
      { status: 200, body: { url: `${SESSION}-2` } },
      { status: 200, body: '{}' },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(t.requests[3].url).to.equal(`${SESSION}-2`);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
  });

  it('a second 404 is a final error, not a loop', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 410 },
      { status: 200, body: { url: SESSION } },
      { status: 410 },
    ]);
    const error = await runScripted(contentRange, t, file, { chunkSize: CHUNK }).catch((e) => e);
    expect(error.code).to.equal('session-gone');
    expect(t.remaining).to.equal(0);
  });

  it('resumes a stored session from the server status, not the stored offset', async () => {
    const file = patternFile(CHUNK * 2);
    const store = createMemoryStore();
    const endpoint = 'https://api.example.test/upload';
    const info = infoOf(file);
    await store.put({
      key: sessionKey('content-range', endpoint, info),
      protocol: 'content-range',
      endpoint,
      file: info,
      handle: { url: SESSION },
      chunkSize: CHUNK,
      bytesConfirmed: CHUNK, // a stale hint
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    const t = new ScriptedTransport([
      { status: 308, headers: { Range: 'bytes=0-2047' } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK + 2047}` } },
      { status: 200 },
    ]);
    await runScripted(contentRange, t, file, { chunkSize: CHUNK, store });
    expect(t.requests[0].headers['Content-Range']).to.equal(`bytes */${file.size}`);
    expect(t.requests[1].headers['Content-Range']).to.equal(
      `bytes 2048-${CHUNK + 2047}/${file.size}`,
    );
  });

  it('refuses a chunk size that is not a multiple of 256 KiB before any request', async () => {
    const t = new ScriptedTransport([]);
    const error = await runScripted(contentRange, t, patternFile(10), { chunkSize: 1000 }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('config');
    expect(error.message).to.contain('256 KiB');
    expect(t.requests).to.have.length(0);
  });

  it('a 401 is final, with the status', async () => {
    const t = new ScriptedTransport([{ status: 401, body: '{"message":"Bad token"}' }]);
    const error = await runScripted(contentRange, t, patternFile(10), { chunkSize: CHUNK }).catch(
      (e) => e,
    );
    expect(error.status).to.equal(401);
    expect(error.message).to.contain('Bad token');
  });

  it('a Range beyond the bytes sent is a protocol error', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK + 5}` } },
    ]);
    const error = await runScripted(contentRange, t, patternFile(CHUNK * 2), {
      chunkSize: CHUNK,
    }).catch((e) => e);
    expect(error.code).to.equal('protocol');
  });
});
