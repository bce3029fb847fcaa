import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import { tus } from '../../src/protocols/tus.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';
import { sessionKey } from '../../src/core/session-store.js';

/**
 * tus `creation-with-upload` (create-session.ts, tus.ts `createWithChunk`): a new
 * upload's POST carries the whole file when one request would carry it anyway, so the
 * upload is one request instead of two. A server that refuses or ignores the body costs
 * one fallback, and the worker remembers it (per endpoint, so each test has its own).
 */
let endpoints = 0;
const newEndpoint = () => `https://tus${++endpoints}.example.test/files/`;
const UPLOAD = (endpoint: string) => `${endpoint}up1`;
const line = (r: RecordedRequest) =>
  `${r.method} ${r.headers['Upload-Offset'] ?? '-'} ${r.bodySize}`;
const createdWith = (endpoint: string, offset?: number) => ({
  status: 201,
  headers: {
    Location: UPLOAD(endpoint),
    ...(offset !== undefined && { 'Upload-Offset': String(offset) }),
  },
});
const patched = (offset: number) => ({ status: 204, headers: { 'Upload-Offset': String(offset) } });

describe('tus creation-with-upload', () => {
  it('sends the whole file in the creation POST and nothing after it', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(300 * KiB);
    const t = new ScriptedTransport([{ ...createdWith(endpoint, file.size), sent: [file.size] }]);
    const run = await runScripted(tus, t, file, { endpoint });
    expect(t.requests.map(line)).to.deep.equal([`POST - ${file.size}`]);
    const post = t.requests[0];
    expect(post.headers['Content-Type']).to.equal('application/offset+octet-stream');
    expect(post.headers['Upload-Length']).to.equal(String(file.size));
    expect(post.body).to.equal(await file.text());
    expect(run.result).to.deep.equal({ url: UPLOAD(endpoint) });
    // The bytes of the POST count on the wire as they leave.
    expect(run.reports.some((r) => r.sent === file.size && r.confirmed === 0)).to.equal(true);
    expect(run.progress.at(-1)).to.equal(file.size);
    expect(await run.store.get(sessionKey('tus', endpoint, infoOf(file)))).to.equal(undefined);
  });

  it('goes on from the offset the POST answered when the server kept part of its body', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(300 * KiB);
    const t = new ScriptedTransport([createdWith(endpoint, 100 * KiB), patched(file.size)]);
    await runScripted(tus, t, file, { endpoint });
    expect(t.requests.map(line)).to.deep.equal([
      `POST - ${file.size}`,
      `PATCH ${100 * KiB} ${200 * KiB}`,
    ]);
  });

  it('a server that ignores the body (no Upload-Offset) gets the file by PATCH, and no more bodies at creation', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(10 * KiB);
    const t = new ScriptedTransport([
      createdWith(endpoint),
      patched(file.size),
      createdWith(endpoint),
      patched(file.size),
    ]);
    await runScripted(tus, t, file, { endpoint });
    await runScripted(tus, t, patternFile(10 * KiB, 'second.bin'), { endpoint });
    expect(t.requests.map(line)).to.deep.equal([
      `POST - ${file.size}`,
      `PATCH 0 ${file.size}`,
      'POST - 0',
      `PATCH 0 ${file.size}`,
    ]);
  });

  it('a server that refuses a body at creation gets the plain POST at once, and from then on', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(10 * KiB);
    const t = new ScriptedTransport([
      { status: 400, body: 'no body at creation' },
      createdWith(endpoint),
      patched(file.size),
      createdWith(endpoint),
      patched(file.size),
    ]);
    const run = await runScripted(tus, t, file, { endpoint });
    await runScripted(tus, t, patternFile(10 * KiB, 'second.bin'), { endpoint });
    expect(t.requests.map(line)).to.deep.equal([
      `POST - ${file.size}`,
      'POST - 0',
      `PATCH 0 ${file.size}`,
      'POST - 0',
      `PATCH 0 ${file.size}`,
    ]);
    expect(run.result).to.deep.equal({ url: UPLOAD(endpoint) });
  });

  it('a POST broken on the way is not sent again with its body: plain creation, then PATCH', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(10 * KiB);
    const t = new ScriptedTransport([
      { status: 0, networkError: true, sent: [file.size / 2] },
      createdWith(endpoint),
      patched(file.size),
    ]);
    const run = await runScripted(tus, t, file, { endpoint });
    expect(t.requests.map(line)).to.deep.equal([
      `POST - ${file.size}`,
      'POST - 0',
      `PATCH 0 ${file.size}`,
    ]);
    // What the broken POST had sent no longer counts once it failed.
    const broken = run.reports.findIndex((r) => r.sent === file.size / 2);
    expect(run.reports[broken + 1].sent).to.equal(0);
  });

  it('no body at creation when the file takes more than one request, or carries checksums', async () => {
    const endpoint = newEndpoint();
    const file = patternFile(10 * KiB);
    const t = new ScriptedTransport([
      createdWith(endpoint),
      patched(4 * KiB),
      patched(8 * KiB),
      patched(file.size),
      createdWith(endpoint),
      ...Array.from(
        { length: 4 },
        () => (r: RecordedRequest) => patched(Number(r.headers['Upload-Offset']) + r.bodySize),
      ),
    ]);
    await runScripted(tus, t, file, { endpoint, chunkSize: 4 * KiB });
    await runScripted(tus, t, file, { endpoint, checksum: 'sha256' });
    expect(t.requests.slice(0, 5).map(line)).to.deep.equal([
      'POST - 0',
      `PATCH 0 ${4 * KiB}`,
      `PATCH ${4 * KiB} ${4 * KiB}`,
      `PATCH ${8 * KiB} ${2 * KiB}`,
      'POST - 0',
    ]);
    // With a checksum (an OPTIONS asks for the checksum extension first): a bodyless POST.
    expect(
      t.requests
        .slice(4)
        .filter((r) => r.method === 'POST')
        .map(line),
    ).to.deep.equal(['POST - 0']);
  });
});
