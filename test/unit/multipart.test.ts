import { expect } from '@open-wc/testing';
import { MiB, type FileInfo, type ProtocolOptions } from '../../src/core/adapter.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http.js';
import {
  createMemoryStore,
  openSessionStore,
  sessionKey,
  type SessionStore,
  type StoredSession,
} from '../../src/core/session-store.js';
import { runUpload } from '../../src/core/upload-loop.js';
import {
  MAX_PARTS,
  MIN_PART_SIZE,
  S3_HOOKS,
  multipart,
  partSizeFor,
  type MultipartHandle,
} from '../../src/protocols/multipart/index.js';
import {
  ScriptedTransport,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const ENDPOINT = 'https://api.example.test/uploads/multipart';
const PART = 1024; // the server's partSize, honoured: keeps test files small
let keys = 0;
/** A fresh requestKey per test: presigned URLs are cached per requestKey in the adapter. */
const newKey = () => `rk-${Date.now()}-${++keys}`;

const partUrl = (key: string, n: number, gen = 1) =>
  `https://bucket.example.test/${key}/${n}?sig=${gen}`;
const envelope = (result: unknown, extra: object = {}) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  resultInfo: null,
  statusCode: 200,
  ...extra,
});
const started = (key: string, parts: number, first = 1, gen = 1) =>
  envelope({
    requestKey: key,
    uploadId: `up-${key}`,
    partSize: PART,
    presignedUrls: Array.from({ length: parts }, (_, i) => ({
      partNumber: first + i,
      presignedUrl: partUrl(key, first + i, gen),
    })),
  });
const etagOf = (url: string) => `"etag-${new URL(url).pathname.split('/').pop()}"`;
const partOk = (r: RecordedRequest) => ({ status: 200, headers: { ETag: etagOf(r.url) } });

describe('multipart adapter: the multipart API', () => {
  it('starts, PUTs every part to its presigned URL without auth, completes ascending', async () => {
    const key = newKey();
    const file = patternFile(PART * 2 + 100);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 3) },
      partOk,
      partOk,
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 1 });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `POST ${ENDPOINT}`,
      `PUT ${partUrl(key, 1)}`,
      `PUT ${partUrl(key, 2)}`,
      `PUT ${partUrl(key, 3)}`,
      `PUT ${ENDPOINT}-complete`,
    ]);
    expect(JSON.parse(t.requests[0].body as string)).to.deep.equal({
      fileName: 'movie.bin',
      fileSize: file.size,
      partSize: 8 * MiB,
    });
    expect(t.requests[0].auth).to.equal(true);
    for (const [i, r] of t.requests.slice(1, 4).entries()) {
      expect(r.auth, 'presigned PUTs carry no page auth').to.equal(false);
      expect(r.body).to.equal(await file.slice(i * PART, (i + 1) * PART).text());
    }
    expect(t.requests[3].bodySize).to.equal(100);
    expect(JSON.parse(t.requests[4].body as string)).to.deep.equal({
      requestKey: key,
      parts: [
        { partNumber: 1, eTag: '"etag-1"' },
        { partNumber: 2, eTag: '"etag-2"' },
        { partNumber: 3, eTag: '"etag-3"' },
      ],
    });
    expect(run.result).to.deep.equal({
      requestKey: key,
      uploadId: `up-${key}`,
      result: true,
      resultInfo: null,
    });
    expect(run.progress.at(-1)).to.equal(file.size);
    expect(await run.store.get(sessionKey('multipart', ENDPOINT, infoOf(file)))).to.equal(
      undefined,
    );
  });

  it('persists each ETag with its part number in IndexedDB as soon as the part is answered', async () => {
    const key = newKey();
    const file = patternFile(PART * 3);
    const store = await openSessionStore();
    expect(store.persistent, 'IndexedDB available in Chromium').to.equal(true);
    const recordKey = sessionKey('multipart', ENDPOINT, infoOf(file));
    const seen: Array<StoredSession['parts']> = [];
    // Reads IndexedDB itself (a fresh store handle), not the loop's in-memory record.
    const stored = async () => (await (await openSessionStore()).get(recordKey))?.parts ?? [];
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 3) },
      partOk,
      partOk,
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    const transport: HttpTransport = {
      async send(request) {
        if (request.method === 'PUT') seen.push(await stored());
        return t.send(request);
      },
    };
    await runScripted(multipart, transport as ScriptedTransport, file, {
      endpoint: ENDPOINT,
      concurrency: 1,
      store,
    });
    // Before part 1, part 2, part 3 and the complete call, IndexedDB held 0, 1, 2, 3 parts.
    expect(seen.map((parts) => parts?.map((p) => [p.index, p.etag]))).to.deep.equal([
      [],
      [[0, '"etag-1"']],
      [
        [0, '"etag-1"'],
        [1, '"etag-2"'],
      ],
      [
        [0, '"etag-1"'],
        [1, '"etag-2"'],
        [2, '"etag-3"'],
      ],
    ]);
    expect(await store.get(recordKey), 'record removed once complete').to.equal(undefined);
    expect(JSON.stringify(seen)).not.to.contain('sig=', 'no presigned URL is stored');
  });

  it('starts with 4 parts in flight by default and still completes in ascending order', async () => {
    const key = newKey();
    const file = patternFile(PART * 10);
    let inFlight = 0;
    let maxInFlight = 0;
    let firstWave = 0;
    const order: number[] = [];
    const t = new RoutedTransport(async (r) => {
      if (r.method === 'POST') return { status: 200, body: started(key, 10) };
      if (r.url.startsWith('https://bucket')) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const n = Number(new URL(r.url).pathname.split('/').pop());
        // Later parts answer sooner, so parts finish out of order.
        await new Promise((resolve) => setTimeout(resolve, 40 - n * 3));
        firstWave ||= inFlight;
        inFlight--;
        order.push(n);
        return { status: 200, headers: { ETag: etagOf(r.url) } };
      }
      return { status: 200, body: envelope(true) };
    });
    await runScripted(multipart, t as unknown as ScriptedTransport, file, { endpoint: ENDPOINT });
    expect(firstWave).to.equal(4);
    expect(maxInFlight).to.be.within(4, 16);
    expect(order).not.to.deep.equal([...order].sort((a, b) => a - b));
    const complete = JSON.parse(t.requests.at(-1)!.body as string);
    expect(complete.parts.map((p: { partNumber: number }) => p.partNumber)).to.deep.equal([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('on resume lists the parts, asks for fresh URLs, sends only the missing parts', async () => {
    const key = newKey();
    const file = patternFile(PART * 4 + 10);
    const store = createMemoryStore();
    await store.put(
      storedRecord(file, { api: 'seed', requestKey: key, uploadId: 'u', firstPartNumber: 1 }),
    );
    const t = new ScriptedTransport([
      // Listed out of order; part 5 has the wrong size (a different plan): sent again.
      {
        status: 200,
        body: envelope([
          { partNumber: 3, eTag: '"e3"', size: PART },
          { partNumber: 1, eTag: '"e1"', size: PART },
          { partNumber: 5, eTag: '"e5-old"', size: PART },
        ]),
      },
      { status: 200, body: started(key, 5, 1, 2) },
      partOk,
      partOk,
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 1, store });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `GET ${ENDPOINT}/${key}/parts`,
      `POST ${ENDPOINT}-resume`,
      `PUT ${partUrl(key, 2, 2)}`,
      `PUT ${partUrl(key, 4, 2)}`,
      `PUT ${partUrl(key, 5, 2)}`,
      `PUT ${ENDPOINT}-complete`,
    ]);
    expect(t.requests[0].auth).to.equal(true);
    expect(JSON.parse(t.requests[1].body as string)).to.deep.equal({ requestKey: key });
    expect(t.requests[2].body).to.equal(await file.slice(PART, 2 * PART).text());
    expect(JSON.parse(t.requests[5].body as string).parts).to.deep.equal([
      { partNumber: 1, eTag: '"e1"' },
      { partNumber: 2, eTag: '"etag-2"' },
      { partNumber: 3, eTag: '"e3"' },
      { partNumber: 4, eTag: '"etag-4"' },
      { partNumber: 5, eTag: '"etag-5"' },
    ]);
  });

  it('lists parts at the URL the page overrides (the vendor path)', async () => {
    const key = newKey();
    const file = patternFile(PART);
    const store = createMemoryStore();
    await store.put(storedRecord(file, { api: 'seed', requestKey: key, firstPartNumber: 1 }));
    const t = new ScriptedTransport([
      { status: 200, body: envelope([{ partNumber: 1, eTag: '"e1"', size: PART }]) },
      { status: 200, body: envelope(true) },
    ]);
    await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      store,
      urls: { parts: '/api/uploads/url/multipart/{requestKey}/parts', complete: 'done?x=1' },
    });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `GET https://api.example.test/api/uploads/url/multipart/${key}/parts`,
      `PUT https://api.example.test/uploads/done?x=1`,
    ]);
  });

  it('renews expired part URLs (403) with one resume call, then re-sends those parts', async () => {
    const key = newKey();
    const file = patternFile(PART * 3);
    let resumes = 0;
    const t = new RoutedTransport(async (r) => {
      if (r.method === 'POST' && r.url === ENDPOINT) return { status: 200, body: started(key, 3) };
      if (r.url === `${ENDPOINT}-resume`) {
        resumes++;
        return { status: 200, body: started(key, 3, 1, 2) };
      }
      if (r.url.includes('sig=1')) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return {
          status: 403,
          body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
        };
      }
      if (r.url.includes('sig=2')) return partOk(r);
      return { status: 200, body: envelope(true) };
    });
    const run = await runScripted(multipart, t as unknown as ScriptedTransport, file, {
      endpoint: ENDPOINT,
    });
    expect(resumes, 'three parts expired at once share one resume call').to.equal(1);
    const puts = t.requests.filter((r) => r.url.startsWith('https://bucket'));
    expect(
      puts
        .filter((r) => r.url.includes('sig=2'))
        .map((r) => r.url)
        .sort(),
    ).to.deep.equal([1, 2, 3].map((n) => partUrl(key, n, 2)));
    expect((run.result as { result: unknown }).result).to.equal(true);
    expect(run.notices, 'a renewal is not a failure').to.have.length(0);
  });

  it('a part refused (403) even with a fresh URL is a final error, without the URL grant', async () => {
    const key = newKey();
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 1) },
      { status: 403 },
      { status: 200, body: started(key, 1, 1, 2) },
      { status: 403, body: '<Error><Message>SignatureDoesNotMatch</Message></Error>' },
    ]);
    const error = await runScripted(multipart, t, patternFile(100), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.status).to.equal(403);
    expect(error.code).to.equal('auth');
    expect(error.message).to.contain('freshly signed URL').and.contain('SignatureDoesNotMatch');
    expect(error.url).not.to.contain('sig=');
    expect(t.remaining).to.equal(0);
  });

  it('a part answered without a readable ETag fails at once, naming Access-Control-Expose-Headers: ETag', async () => {
    const key = newKey();
    const t = new ScriptedTransport([{ status: 200, body: started(key, 2) }, { status: 200 }]);
    const error = await runScripted(multipart, t, patternFile(PART * 2), {
      endpoint: ENDPOINT,
      concurrency: 1,
    }).catch((e) => e);
    // The part URL is on another origin than the test page: CORS may have hidden it.
    expect(error.code).to.equal('blocked');
    expect(error.message).to.contain('Access-Control-Expose-Headers: ETag');
    expect(t.requests.map((r) => r.method)).to.deep.equal(['POST', 'PUT']);
  });

  it('retries a part after a 503 and after a lost connection', async () => {
    const key = newKey();
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 1) },
      { status: 503, headers: { 'Retry-After': '0' } },
      // Both failures are uncertain: the parts listing is asked before each re-send.
      { status: 200, body: envelope([]) },
      { status: 0, networkError: true },
      { status: 200, body: envelope([]) },
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, t, patternFile(100), { endpoint: ENDPOINT });
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['http', 'network']);
    expect([1, 3, 5].every((i) => t.requests[i].url === partUrl(key, 1))).to.equal(true);
    expect([2, 4].every((i) => t.requests[i].url.endsWith(`/${key}/parts`))).to.equal(true);
  });

  it('follows a server that numbers parts from 0', async () => {
    const key = newKey();
    const file = patternFile(PART + 1);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 2, 0) },
      partOk,
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 1 });
    expect(t.requests[1].url).to.equal(partUrl(key, 0));
    expect(JSON.parse(t.requests[3].body as string).parts).to.deep.equal([
      { partNumber: 0, eTag: '"etag-0"' },
      { partNumber: 1, eTag: '"etag-1"' },
    ]);
  });

  it('a parts listing answering 404 starts one new upload and says so', async () => {
    const key = newKey();
    const fresh = newKey();
    const file = patternFile(10);
    const store = createMemoryStore();
    await store.put(storedRecord(file, { api: 'seed', requestKey: key, firstPartNumber: 1 }));
    const t = new ScriptedTransport([
      { status: 404, body: { success: false, errors: ['Unknown requestKey'], statusCode: 404 } },
      { status: 200, body: started(fresh, 1) },
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, t, file, { endpoint: ENDPOINT, store });
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
    expect(t.requests[2].url).to.equal(partUrl(fresh, 1));
  });

  it('an envelope with success false is an error carrying the server message', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { success: false, errors: ['fileName is required'], statusCode: 400 } },
    ]);
    const error = await runScripted(multipart, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.status).to.equal(400);
    expect(error.message).to.contain('fileName is required');
  });

  it('a 401 on start is final, with the status', async () => {
    const t = new ScriptedTransport([
      { status: 401, body: { success: false, errors: ['Bad token'], statusCode: 401 } },
    ]);
    const error = await runScripted(multipart, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.status).to.equal(401);
    expect(error.message).to.contain('Bad token');
    expect(t.requests).to.have.length(1);
  });

  it('cancel: the stored handle lets abort send DELETE {endpoint}/{requestKey}', async () => {
    const key = newKey();
    const file = patternFile(PART * 3);
    const store = createMemoryStore();
    const controller = new AbortController();
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 3) },
      partOk,
      (r) => {
        controller.abort(); // the user cancels while part 2 is on the wire
        return partOk(r);
      },
      { status: 204 },
    ]);
    // Like fetch, refuse to send once the signal is aborted.
    const honouringAbort: HttpTransport = {
      send: (request) =>
        request.signal?.aborted
          ? Promise.reject(new DOMException('aborted', 'AbortError'))
          : t.send(request),
    };
    const error = await runScripted(multipart, honouringAbort as ScriptedTransport, file, {
      endpoint: ENDPOINT,
      concurrency: 1,
      store,
      signal: controller.signal,
    }).catch((e) => e);
    expect(error.name).to.equal('AbortError');
    expect(t.requests).to.have.length(3);
    // What the worker's cancel does: abort with the stored handle, then drop the record.
    const record = await store.get(sessionKey('multipart', ENDPOINT, infoOf(file)));
    expect(record?.handle).to.deep.equal({
      api: 'seed',
      requestKey: key,
      uploadId: `up-${key}`,
      firstPartNumber: 1,
    });
    await multipart.abort!(contextFor(t, {}), record!.handle as MultipartHandle);
    expect(t.requests.at(-1)).to.include({
      method: 'DELETE',
      url: `${ENDPOINT}/${key}`,
      auth: true,
    });
  });
});

describe('multipart adapter: part size', () => {
  const info = (size: number): FileInfo => ({ name: 'f', size, type: '', lastModified: 0 });

  it('defaults to 8 MiB and keeps a valid chunk-size', () => {
    expect(multipart.chunkSize(info(100 * MiB), {})).to.equal(8 * MiB);
    expect(multipart.chunkSize(info(100 * MiB), { chunkSize: 5 * MiB })).to.equal(5 * MiB);
  });

  it('grows the part size so a huge file fits in 10,000 parts', () => {
    const size = 200 * 1024 * MiB; // 200 GiB
    const part = multipart.chunkSize(info(size), {});
    expect(Math.ceil(size / part)).to.be.at.most(MAX_PARTS);
    expect(part % MiB).to.equal(0);
    expect(part).to.equal(21 * MiB);
    expect(partSizeFor(MAX_PARTS * 8 * MiB, 8 * MiB)).to.equal(8 * MiB);
  });

  it('refuses parts under 5 MiB or over 5 GiB before any request', async () => {
    for (const chunkSize of [MIN_PART_SIZE - 1, 1.5 * MiB, 6 * 1024 * MiB]) {
      const t = new ScriptedTransport([]);
      const error = await runScripted(multipart, t, patternFile(10), { chunkSize }).catch((e) => e);
      expect(error.code).to.equal('config');
      expect(error.message).to.contain('5 MiB');
      expect(t.requests).to.have.length(0);
    }
  });

  it('refuses a file no multipart upload can hold', () => {
    expect(() => multipart.chunkSize(info(MAX_PARTS * 5 * 1024 * MiB + 1), {})).to.throw(
      /10,000 parts/,
    );
  });
});

describe('multipart adapter: plain S3 mode', () => {
  it('drives the page backend hooks and PUTs the parts itself', async () => {
    const file = patternFile(PART * 2 + 5);
    const calls: Array<[string, unknown]> = [];
    const t = new ScriptedTransport([partOk, partOk, partOk]);
    const hooks: Hooks = {
      [S3_HOOKS.create]: () => ({ uploadId: 'U1', key: 'dir/movie.bin', partSize: PART }),
      [S3_HOOKS.sign]: (a) => ({
        url: `https://s3.example.test/dir/movie.bin?partNumber=${a.partNumber}&X-Amz-Signature=x`,
        headers: { 'x-amz-meta-a': '1' },
      }),
      [S3_HOOKS.complete]: () => ({ location: 'https://s3.example.test/dir/movie.bin' }),
    };
    const run = await runDirect(t, file, { urls: { s3: 'backend' }, concurrency: 1 }, calls, hooks);
    expect(calls.map(([hook]) => hook)).to.deep.equal([
      'createMultipartUpload',
      'signPart',
      'signPart',
      'signPart',
      'completeMultipartUpload',
    ]);
    expect(calls[0][1]).to.deep.include({
      fileName: 'movie.bin',
      fileSize: file.size,
      partSize: 8 * MiB,
    });
    expect(calls[1][1]).to.deep.equal({
      uploadId: 'U1',
      key: 'dir/movie.bin',
      partNumber: 1,
      size: PART,
    });
    expect(t.requests.every((r) => r.method === 'PUT' && !r.auth)).to.equal(true);
    expect(t.requests[0].headers).to.deep.equal({ 'x-amz-meta-a': '1' });
    expect(t.requests[2].bodySize).to.equal(5);
    expect(calls[4][1]).to.deep.equal({
      uploadId: 'U1',
      key: 'dir/movie.bin',
      parts: [
        { PartNumber: 1, ETag: '"etag-movie.bin"' },
        { PartNumber: 2, ETag: '"etag-movie.bin"' },
        { PartNumber: 3, ETag: '"etag-movie.bin"' },
      ],
    });
    expect(run.result).to.deep.equal({ location: 'https://s3.example.test/dir/movie.bin' });
  });

  it('on resume asks listParts, re-signs, sends only the missing parts; 403 re-signs once', async () => {
    const file = patternFile(PART * 3);
    const store = createMemoryStore();
    const record = storedRecord(file, { api: 's3', uploadId: 'U2', key: 'k' });
    await store.put(record);
    const calls: Array<[string, unknown]> = [];
    // Counted per part: part 3 is signed ahead while part 1 is on the wire.
    const signed = new Map<number, number>();
    const sign = (n: number) => signed.set(n, (signed.get(n) ?? 0) + 1).get(n);
    const t = new ScriptedTransport([{ status: 403 }, partOk, partOk]);
    const hooks: Hooks = {
      [S3_HOOKS.list]: () => [{ PartNumber: 2, ETag: '"e2"', Size: PART }],
      [S3_HOOKS.sign]: (a) =>
        `https://s3.example.test/k/${a.partNumber}?s=${sign(a.partNumber as number)}`,
      [S3_HOOKS.complete]: (a) => a.parts,
    };
    const run = await runDirect(
      t,
      file,
      { urls: { s3: 'backend' }, concurrency: 1, store },
      calls,
      hooks,
    );
    expect(t.requests.map((r) => r.url)).to.deep.equal([
      'https://s3.example.test/k/1?s=1',
      'https://s3.example.test/k/1?s=2',
      'https://s3.example.test/k/3?s=1',
    ]);
    // The held part 2 is never signed.
    expect(calls.filter(([hook]) => hook === S3_HOOKS.sign).length).to.equal(3);
    expect(run.result).to.deep.equal([
      { PartNumber: 1, ETag: '"etag-1"' },
      { PartNumber: 2, ETag: '"e2"' },
      { PartNumber: 3, ETag: '"etag-3"' },
    ]);
  });

  it('listParts answering null means the upload is gone: one new upload', async () => {
    const file = patternFile(10);
    const store = createMemoryStore();
    await store.put(storedRecord(file, { api: 's3', uploadId: 'OLD', key: 'k' }));
    const calls: Array<[string, unknown]> = [];
    const t = new ScriptedTransport([partOk]);
    const run = await runDirect(t, file, { urls: { s3: 'backend' }, store }, calls, {
      [S3_HOOKS.list]: () => null,
      [S3_HOOKS.create]: () => ({ uploadId: 'NEW', key: 'k' }),
      [S3_HOOKS.sign]: () => 'https://s3.example.test/k?n=1',
      [S3_HOOKS.complete]: () => 'ok',
    });
    expect(calls.map(([h]) => h)).to.deep.equal([
      'listParts',
      'createMultipartUpload',
      'signPart',
      'completeMultipartUpload',
    ]);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
  });

  it('speaks Uppy Companion-style URLs when urls.s3 is a base URL', async () => {
    const file = patternFile(PART + 1);
    const base = 'https://app.example.test/s3/multipart';
    // Answered by URL: part 2 is signed ahead while part 1 is on the wire, so the order of
    // part 2's signature and part 1's PUT is the scheduler's.
    const companionAnswer = (r: RecordedRequest): ScriptedAnswer => {
      if (r.method === 'PUT') return partOk(r);
      if (r.method === 'POST' && r.url === base) {
        return { status: 200, body: { uploadId: 'U/3', key: 'a b.bin', partSize: PART } };
      }
      const signed = /\/U%2F3\/(\d)\?/.exec(r.url);
      if (signed) return { status: 200, body: { url: `https://s3.example.test/p${signed[1]}` } };
      if (r.url.includes('/complete')) {
        return { status: 200, body: { location: 'https://s3.example.test/a%20b.bin' } };
      }
      return { status: 204 };
    };
    const t = new ScriptedTransport(Array.from({ length: 7 }, () => companionAnswer));
    const run = await runDirect(t, file, { urls: { s3: base }, concurrency: 1 }, [], {});
    const sent = t.requests.map((r) => `${r.method} ${r.url} ${r.auth}`);
    expect([...sent].sort()).to.deep.equal(
      [
        `POST ${base} true`,
        `GET ${base}/U%2F3/1?key=a%20b.bin true`,
        'PUT https://s3.example.test/p1 false',
        `GET ${base}/U%2F3/2?key=a%20b.bin true`,
        'PUT https://s3.example.test/p2 false',
        `POST ${base}/U%2F3/complete?key=a%20b.bin true`,
      ].sort(),
    );
    expect(sent[0]).to.equal(`POST ${base} true`);
    expect(sent.indexOf('PUT https://s3.example.test/p2 false')).to.be.above(
      sent.indexOf(`GET ${base}/U%2F3/2?key=a%20b.bin true`),
    );
    expect(sent[5]).to.equal(`POST ${base}/U%2F3/complete?key=a%20b.bin true`);
    expect(JSON.parse(t.requests[5].body as string)).to.deep.equal({
      parts: [
        { PartNumber: 1, ETag: '"etag-p1"' },
        { PartNumber: 2, ETag: '"etag-p2"' },
      ],
    });
    expect(run.result).to.deep.equal({ location: 'https://s3.example.test/a%20b.bin' });
    await multipart.abort!(contextFor(t, { urls: { s3: base } }), {
      api: 's3',
      uploadId: 'U/3',
      key: 'a b.bin',
    });
    expect(t.requests.at(-1)).to.include({
      method: 'DELETE',
      url: `${base}/U%2F3?key=a%20b.bin`,
      auth: true,
    });
  });
});

// ---------------------------------------------------------------------------

/** A transport answering by handler (not by order), for parts that run concurrently. */
class RoutedTransport implements HttpTransport {
  readonly requests: RecordedRequest[] = [];
  constructor(
    private readonly handler: (
      r: RecordedRequest,
    ) => Promise<{ status: number; headers?: Record<string, string>; body?: unknown }>,
  ) {}
  async send(request: HttpRequest): Promise<HttpResponse> {
    const body = typeof request.body === 'string' ? request.body : null;
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      body,
      bodySize: request.body instanceof Blob ? request.body.size : (body?.length ?? 0),
      auth: request.auth !== false,
    };
    this.requests.push(recorded);
    const answer = await this.handler(recorded);
    const headers = new Headers(answer.headers);
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    return { status: answer.status, header: (name) => headers.get(name), body: text };
  }
}

function storedRecord(file: File, handle: MultipartHandle): StoredSession {
  const info = infoOf(file);
  return {
    key: sessionKey('multipart', ENDPOINT, info),
    protocol: 'multipart',
    endpoint: ENDPOINT,
    file: info,
    handle,
    chunkSize: PART,
    bytesConfirmed: 0,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    expiresAt: Date.now() + 60_000,
  };
}

function contextFor(http: HttpTransport, options: ProtocolOptions) {
  return {
    http,
    endpoint: ENDPOINT,
    options,
    signal: new AbortController().signal,
    callPage: async () => undefined,
  };
}

/** What the adapter passes to a page hook: the fields these tests read. */
interface HookArgs {
  partNumber: number;
  parts: unknown;
}
type Hooks = Record<string, (args: HookArgs) => unknown>;

/** The real loop with page hooks (plain S3 mode): `calls` records every hook call. */
async function runDirect(
  http: HttpTransport,
  file: File,
  options: ProtocolOptions & { store?: SessionStore },
  calls: Array<[string, unknown]>,
  hooks: Hooks,
) {
  const store = options.store ?? createMemoryStore();
  const info = infoOf(file);
  const notices: Array<{ error: { code: string } }> = [];
  const result = await runUpload({
    file,
    info,
    key: sessionKey('multipart', ENDPOINT, info),
    adapter: multipart,
    store,
    signal: new AbortController().signal,
    retryPolicy: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    context: {
      http,
      endpoint: ENDPOINT,
      options,
      async callPage(hook, args) {
        calls.push([hook, structuredClone(args)]);
        const fn = hooks[hook];
        if (!fn) throw new Error(`no page hook ${hook}`);
        return fn(args as HookArgs);
      },
    },
    reporter: { progress: () => {}, notice: (error) => notices.push({ error }) },
  });
  return { result, notices };
}
