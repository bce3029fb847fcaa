import { expect } from '@open-wc/testing';
import { tus, uploadMetadata, CHUNK_BOUNDS, DEFAULT_CHUNK_SIZE } from '../../src/protocols/tus.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { KiB, MiB } from '../../src/core/adapter.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const CHUNK = 64 * KiB;
const ENDPOINT = 'https://api.example.test/files/';
const UPLOAD = 'https://api.example.test/files/abc123';

const created = (location = UPLOAD) => ({
  status: 201,
  headers: { Location: location, 'Tus-Resumable': '1.0.0' },
});
const patched = (offset: number) => ({ status: 204, headers: { 'Upload-Offset': String(offset) } });
const head = (offset: number, length: number) => ({
  status: 200,
  headers: { 'Upload-Offset': String(offset), 'Upload-Length': String(length) },
});

/** Decode an Upload-Metadata header back to a map, the way a tus server does. */
function decodeMetadata(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const [key, value = ''] = pair.split(' ');
    const binary = atob(value);
    out[key] = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }
  return out;
}

const line = (r: RecordedRequest) => `${r.method} ${r.url}`;

describe('tus adapter: request sequence', () => {
  it('creates with Upload-Length and Upload-Metadata, PATCHes in order, ends at Upload-Length', async () => {
    const file = patternFile(CHUNK * 2 + 100, 'clip été.mp4');
    const t = new ScriptedTransport([
      created(),
      patched(CHUNK),
      patched(2 * CHUNK),
      { status: 204, headers: { 'Upload-Offset': String(file.size) } },
    ]);
    const run = await runScripted(tus, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
      metadata: { project: 'Été 2024 ✓', empty: '', count: 3 as unknown as string },
    });
    expect(t.requests.map(line)).to.deep.equal([
      `POST ${ENDPOINT}`,
      `PATCH ${UPLOAD}`,
      `PATCH ${UPLOAD}`,
      `PATCH ${UPLOAD}`,
    ]);
    const post = t.requests[0];
    expect(post.bodySize).to.equal(0);
    expect(post.headers['Upload-Length']).to.equal(String(file.size));
    expect(post.headers['Tus-Resumable']).to.equal('1.0.0');
    expect(post.headers['Upload-Metadata']).to.match(/^[\x21-\x7e ,]+$/);
    expect(decodeMetadata(post.headers['Upload-Metadata'])).to.deep.equal({
      filename: 'clip été.mp4',
      filetype: 'application/octet-stream',
      project: 'Été 2024 ✓',
      empty: '',
    });
    // The empty value goes as a bare key; the number is not a string and is left out.
    expect(post.headers['Upload-Metadata'].split(',')).to.include('empty');

    const patches = t.requests.slice(1);
    expect(patches.map((r) => r.headers['Upload-Offset'])).to.deep.equal([
      '0',
      String(CHUNK),
      String(2 * CHUNK),
    ]);
    expect(patches.map((r) => r.bodySize)).to.deep.equal([CHUNK, CHUNK, 100]);
    for (const r of patches) {
      expect(r.headers['Content-Type']).to.equal('application/offset+octet-stream');
      expect(r.headers['Tus-Resumable']).to.equal('1.0.0');
    }
    expect(patches[1].body).to.equal(await file.slice(CHUNK, 2 * CHUNK).text());
    expect(run.result).to.deep.equal({ url: UPLOAD });
    // The last confirmed offset, then the whole file once the server says done.
    expect(run.progress.slice(-2)).to.deep.equal([2 * CHUNK, file.size]);
    expect(await run.store.get(sessionKey('tus', ENDPOINT, infoOf(file)))).to.equal(undefined);
  });

  it('resolves a relative Location against the endpoint', async () => {
    const t = new ScriptedTransport([created('/files/rel-1'), patched(10)]);
    await runScripted(tus, t, patternFile(10), { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(t.requests[1].url).to.equal('https://api.example.test/files/rel-1');
  });

  it('keeps a JSON body from the final PATCH (a server hook) in the result', async () => {
    const t = new ScriptedTransport([
      created(),
      { status: 200, headers: { 'Upload-Offset': '10' }, body: { id: 'f-1' } },
    ]);
    const run = await runScripted(tus, t, patternFile(10), {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(run.result).to.deep.equal({ url: UPLOAD, response: { id: 'f-1' } });
  });

  it('a zero-byte file is created with Upload-Length 0 and needs no PATCH', async () => {
    const t = new ScriptedTransport([created()]);
    const run = await runScripted(tus, t, patternFile(0), { endpoint: ENDPOINT });
    expect(t.requests.map(line)).to.deep.equal([`POST ${ENDPOINT}`]);
    expect(t.requests[0].headers['Upload-Length']).to.equal('0');
    expect(run.result).to.deep.equal({ url: UPLOAD });
  });

  it('resumes a stored upload from HEAD, not from the stored offset', async () => {
    const file = patternFile(CHUNK * 2);
    const store = createMemoryStore();
    const info = infoOf(file);
    await store.put({
      key: sessionKey('tus', ENDPOINT, info),
      protocol: 'tus',
      endpoint: ENDPOINT,
      file: info,
      handle: { url: UPLOAD },
      chunkSize: CHUNK,
      bytesConfirmed: CHUNK, // a stale hint: the server has more
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    const t = new ScriptedTransport([head(CHUNK + 5000, file.size), patched(file.size)]);
    const run = await runScripted(tus, t, file, { chunkSize: CHUNK, store, endpoint: ENDPOINT });
    expect(t.requests.map(line)).to.deep.equal([`HEAD ${UPLOAD}`, `PATCH ${UPLOAD}`]);
    expect(t.requests[0].headers['Tus-Resumable']).to.equal('1.0.0');
    expect(t.requests[1].headers['Upload-Offset']).to.equal(String(CHUNK + 5000));
    expect(t.requests[1].body).to.equal(await file.slice(CHUNK + 5000).text());
    expect(run.progress[0]).to.equal(CHUNK + 5000);
  });

  it('a HEAD that shows every byte finishes without a PATCH', async () => {
    const file = patternFile(100);
    const store = createMemoryStore();
    const info = infoOf(file);
    await store.put({
      key: sessionKey('tus', ENDPOINT, info),
      protocol: 'tus',
      endpoint: ENDPOINT,
      file: info,
      handle: { url: UPLOAD },
      chunkSize: CHUNK,
      bytesConfirmed: 0,
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    const t = new ScriptedTransport([head(100, 100)]);
    const run = await runScripted(tus, t, file, { chunkSize: CHUNK, store, endpoint: ENDPOINT });
    expect(t.requests).to.have.length(1);
    expect(run.result).to.deep.equal({ url: UPLOAD });
  });

  it('after a lost connection HEADs and resends from the server offset mid-chunk', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      created(),
      { status: 0, networkError: true },
      head(1000, file.size),
      patched(CHUNK + 1000),
      patched(file.size),
    ]);
    await runScripted(tus, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(t.requests.map((r) => r.method)).to.deep.equal([
      'POST',
      'PATCH',
      'HEAD',
      'PATCH',
      'PATCH',
    ]);
    expect(t.requests[3].headers['Upload-Offset']).to.equal('1000');
    expect(t.requests[3].body).to.equal(await file.slice(1000, CHUNK + 1000).text());
    expect(t.requests[4].headers['Upload-Offset']).to.equal(String(CHUNK + 1000));
    expect(t.requests[4].bodySize).to.equal(CHUNK - 1000);
  });

  it('409 (offset conflict) is answered by a HEAD and a resend from the server offset', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      created(),
      patched(CHUNK),
      { status: 409, body: 'Upload-Offset conflict\n' },
      head(CHUNK + 777, file.size),
      patched(file.size),
    ]);
    const run = await runScripted(tus, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(t.requests.map((r) => r.method)).to.deep.equal([
      'POST',
      'PATCH',
      'PATCH',
      'HEAD',
      'PATCH',
    ]);
    expect(t.requests[2].headers['Upload-Offset']).to.equal(String(CHUNK));
    expect(t.requests[4].headers['Upload-Offset']).to.equal(String(CHUNK + 777));
    expect(t.requests[4].body).to.equal(await file.slice(CHUNK + 777).text());
    expect(run.notices.map((n) => [n.error.status, n.willRetry])).to.deep.equal([[409, true]]);
  });

  it('a 409 that keeps coming back ends as a final error, not a loop', async () => {
    const file = patternFile(100);
    const script = [created()];
    // runScripted allows 3 retries: 4 PATCHes, 3 HEADs in between.
    for (let i = 0; i < 4; i++) script.push({ status: 409 } as never, head(0, 100) as never);
    script.pop();
    const t = new ScriptedTransport(script);
    const error = await runScripted(tus, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('retries-exhausted');
    expect(error.status).to.equal(409);
    expect(t.remaining).to.equal(0);
  });

  it('423 (locked) is retried after a HEAD', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      created(),
      { status: 423, headers: { 'Retry-After': '0' } },
      { status: 423 }, // the HEAD is locked too: retried like any request
      head(40, 100),
      patched(100),
    ]);
    const run = await runScripted(tus, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(t.requests.map((r) => r.method)).to.deep.equal([
      'POST',
      'PATCH',
      'HEAD',
      'HEAD',
      'PATCH',
    ]);
    expect(t.requests[4].headers['Upload-Offset']).to.equal('40');
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['locked', 'locked']);
    expect(run.result).to.deep.equal({ url: UPLOAD });
  });

  it('a 503 on PATCH is retried with a HEAD first', async () => {
    const t = new ScriptedTransport([created(), { status: 503 }, head(0, 10), patched(10)]);
    const run = await runScripted(tus, t, patternFile(10), {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(t.requests.map((r) => r.method)).to.deep.equal(['POST', 'PATCH', 'HEAD', 'PATCH']);
    expect(run.notices.map((n) => n.error.status)).to.deep.equal([503]);
  });

  it('a 404 on PATCH starts exactly one new upload and says so', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      created(),
      { status: 404 },
      created(`${UPLOAD}-2`),
      patched(100),
    ]);
    const run = await runScripted(tus, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(t.requests.map(line)).to.deep.equal([
      `POST ${ENDPOINT}`,
      `PATCH ${UPLOAD}`,
      `POST ${ENDPOINT}`,
      `PATCH ${UPLOAD}-2`,
    ]);
    expect(t.requests[3].headers['Upload-Offset']).to.equal('0');
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
  });

  it('a second 410 is a final error', async () => {
    const t = new ScriptedTransport([created(), { status: 410 }, created(), { status: 410 }]);
    const error = await runScripted(tus, t, patternFile(100), {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(error.code).to.equal('session-gone');
    expect(t.remaining).to.equal(0);
  });

  it('a stored URL whose Upload-Length differs is dropped for a new upload', async () => {
    const file = patternFile(100);
    const store = createMemoryStore();
    const info = infoOf(file);
    await store.put({
      key: sessionKey('tus', ENDPOINT, info),
      protocol: 'tus',
      endpoint: ENDPOINT,
      file: info,
      handle: { url: UPLOAD },
      chunkSize: CHUNK,
      bytesConfirmed: 0,
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    const t = new ScriptedTransport([head(0, 999), created(`${UPLOAD}-2`), patched(100)]);
    await runScripted(tus, t, file, { chunkSize: CHUNK, store, endpoint: ENDPOINT });
    expect(t.requests.map((r) => r.method)).to.deep.equal(['HEAD', 'POST', 'PATCH']);
  });

  it('abort sends DELETE (termination) with Tus-Resumable', async () => {
    const t = new ScriptedTransport([{ status: 204 }]);
    await tus.abort!(
      {
        http: t,
        endpoint: ENDPOINT,
        options: {},
        signal: new AbortController().signal,
        callPage: async () => null,
      },
      { url: UPLOAD },
    );
    expect(t.requests.map(line)).to.deep.equal([`DELETE ${UPLOAD}`]);
    expect(t.requests[0].headers['Tus-Resumable']).to.equal('1.0.0');
  });

  it('abort asks again while the server still holds the lock (423)', async () => {
    const t = new ScriptedTransport([{ status: 423 }, { status: 204 }]);
    await tus.abort!(
      {
        http: t,
        endpoint: ENDPOINT,
        options: {},
        signal: new AbortController().signal,
        callPage: async () => null,
      },
      { url: UPLOAD },
    );
    expect(t.requests.map((r) => r.method)).to.deep.equal(['DELETE', 'DELETE']);
  });

  it('takes Upload-Expires as the session expiry', async () => {
    const expires = 'Wed, 01 Jan 2031 00:00:00 GMT';
    const start = await tus.create(
      {
        http: new ScriptedTransport([
          { status: 201, headers: { Location: UPLOAD, 'Upload-Expires': expires } },
        ]),
        endpoint: ENDPOINT,
        options: {},
        signal: new AbortController().signal,
        callPage: async () => null,
      },
      infoOf(patternFile(10)),
      CHUNK,
    );
    expect(start.expiresAt).to.equal(Date.parse(expires));
  });
});

describe('tus adapter: errors and settings', () => {
  it('defaults to its measured chunk size and refuses a bad one before any request', async () => {
    const info = infoOf(patternFile(10));
    expect(tus.chunkSize(info, {})).to.equal(DEFAULT_CHUNK_SIZE);
    expect(tus.chunkSize(info, { chunkSize: 1000 })).to.equal(1000);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      const t = new ScriptedTransport([]);
      const error = await runScripted(tus, t, patternFile(10), { chunkSize: bad }).catch((e) => e);
      expect(error.code).to.equal('config');
      expect(t.requests).to.have.length(0);
    }
  });

  it('adapts only within bounds that Cloudflare Stream accepts, and keeps partial PATCHes', () => {
    const bounds = tus.chunkBounds!(infoOf(patternFile(10)));
    expect(bounds).to.deep.equal(CHUNK_BOUNDS);
    expect(bounds.quantum).to.equal(256 * KiB);
    for (const size of [bounds.min, bounds.max, DEFAULT_CHUNK_SIZE]) {
      expect(size % bounds.quantum).to.equal(0);
    }
    expect(bounds.min).to.be.at.least(5 * MiB);
    expect(bounds.max).to.be.at.most(200 * MiB);
    expect(bounds.keepsPartial).to.equal(true);
    expect(DEFAULT_CHUNK_SIZE).to.be.within(bounds.min, bounds.max);
  });

  it('refuses a metadata key tus cannot carry before any request', async () => {
    const t = new ScriptedTransport([]);
    const error = await runScripted(tus, t, patternFile(10), { metadata: { 'my key': 'x' } }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('config');
    expect(error.message).to.contain('"my key"');
    expect(t.requests).to.have.length(0);
  });

  it('a page metadata entry wins over the file name; an untyped file sends no filetype', () => {
    const header = uploadMetadata(
      { name: 'a.bin', size: 1, type: '', lastModified: 0 },
      { metadata: { filename: 'renamed.bin' } },
    );
    expect(decodeMetadata(header!)).to.deep.equal({ filename: 'renamed.bin' });
  });

  // ENDPOINT is another origin than the test page: a header it hides is what a CORS rule
  // without Access-Control-Expose-Headers looks like, so the code is `blocked`.
  it('a missing Location from another origin is blocked and says what to expose', async () => {
    const t = new ScriptedTransport([{ status: 201 }]);
    const error = await runScripted(tus, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('blocked');
    expect(error.message).to.contain('Access-Control-Expose-Headers');
  });

  it('a missing Location from the page origin is a protocol error (no CORS involved)', async () => {
    const t = new ScriptedTransport([{ status: 201 }]);
    const endpoint = new URL('/files/', location.href).href;
    const error = await runScripted(tus, t, patternFile(10), { endpoint }).catch((e) => e);
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('Location');
  });

  it('a PATCH answer without Upload-Offset from another origin is blocked and names the header', async () => {
    const t = new ScriptedTransport([created(), { status: 204 }]);
    const error = await runScripted(tus, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('blocked');
    expect(error.message).to.contain('Upload-Offset');
    expect(t.requests.map((r) => r.method)).to.deep.equal(['POST', 'PATCH']);
  });

  it('a PATCH answer without Upload-Offset from the page origin is a protocol error', async () => {
    const endpoint = new URL('/files/', location.href).href;
    const t = new ScriptedTransport([
      created(new URL('/files/abc', location.href).href),
      { status: 204 },
    ]);
    const error = await runScripted(tus, t, patternFile(10), { endpoint }).catch((e) => e);
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('Upload-Offset');
  });

  it('413 at creation is file-too-large; 412 names the versions the server speaks', async () => {
    let t = new ScriptedTransport([{ status: 413 }]);
    let error = await runScripted(tus, t, patternFile(10), { endpoint: ENDPOINT }).catch((e) => e);
    expect(error.code).to.equal('file-too-large');
    t = new ScriptedTransport([{ status: 412, headers: { 'Tus-Version': '0.2.2' } }]);
    error = await runScripted(tus, t, patternFile(10), { endpoint: ENDPOINT }).catch((e) => e);
    expect(error.status).to.equal(412);
    expect(error.message).to.contain('0.2.2');
  });

  it('a 404 at creation is a final error, not a lost session', async () => {
    const t = new ScriptedTransport([{ status: 404 }]);
    const error = await runScripted(tus, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('http');
    expect(t.remaining).to.equal(0);
  });
});
