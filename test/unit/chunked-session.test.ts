import { expect } from '@open-wc/testing';
import {
  chunkedSession,
  DEFAULT_CHUNK_SIZE,
  parseVendorDate,
} from '../../src/protocols/chunked-session.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { createFetchTransport } from '../../src/core/http.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const CHUNK = 1024; // two 512-byte blocks: small, and valid for the vendor
const ENDPOINT = 'https://docspace.example.test/api/2.0/files/1841/upload/create_session';
const LOCATION = 'https://docspace.example.test/ChunkedUploader.ashx?uid=s-1';
const EXPIRED = '2099-04-10T06:30:00.0000000+04:00';

function session(uploaded: number, total: number, location = LOCATION) {
  return {
    success: true,
    data: { id: 's-1', location, bytes_uploaded: uploaded, bytes_total: total, expired: EXPIRED },
  };
}

/** The `file` part of a recorded multipart chunk, as a File. */
function filePart(request: RecordedRequest): File {
  expect(request.body).to.be.instanceOf(FormData);
  const part = (request.body as FormData).get('file');
  expect(part).to.be.instanceOf(File);
  return part as File;
}

describe('chunked-session adapter: request sequence', () => {
  it('creates with JSON, posts multipart chunks in order, finishes on 201 with the file info', async () => {
    const file = patternFile(CHUNK * 2 + 452, 'report.docx');
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 200, body: session(2 * CHUNK, file.size) },
      {
        status: 201,
        body: { success: true, data: { id: 77, title: 'report.docx', uploaded: true } },
      },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });

    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `POST ${ENDPOINT}`,
      `POST ${LOCATION}`,
      `POST ${LOCATION}`,
      `POST ${LOCATION}`,
    ]);
    expect(t.requests[0].headers['Content-Type']).to.equal('application/json');
    expect(JSON.parse(t.requests[0].body as string)).to.deep.equal({
      fileName: 'report.docx',
      fileSize: file.size,
    });
    const expected = [
      [0, CHUNK],
      [CHUNK, 2 * CHUNK],
      [2 * CHUNK, file.size],
    ];
    for (const [i, [start, end]] of expected.entries()) {
      const request = t.requests[i + 1];
      // The browser must write the multipart boundary itself.
      expect(request.headers['Content-Type']).to.equal(undefined);
      const part = filePart(request);
      expect(part.name).to.equal('report.docx');
      expect(part.size).to.equal(end - start);
      expect(new Uint8Array(await part.arrayBuffer())).to.deep.equal(
        new Uint8Array(await file.slice(start, end).arrayBuffer()),
      );
    }
    expect(run.result).to.deep.equal({ id: 77, title: 'report.docx', uploaded: true });
    // Confirmed offsets, then the whole file once the server says done.
    expect(run.progress).to.deep.equal([0, CHUNK, 2 * CHUNK, file.size]);
    expect(t.requests.every((r) => r.auth)).to.equal(true);
    expect(await run.store.get(sessionKey('chunked-session', ENDPOINT, infoOf(file)))).to.equal(
      undefined,
    );
  });

  it('accepts the session wrapped in {response: …}, and bare, and a relative location', async () => {
    const file = patternFile(CHUNK + 10);
    const wrapped = new ScriptedTransport([
      { status: 200, body: { response: session(0, file.size), status: 0, statusCode: 200 } },
      { status: 200, body: { response: session(CHUNK, file.size) } },
      { status: 201, body: { response: { success: true, data: { id: 5 } } } },
    ]);
    const a = await runScripted(chunkedSession, wrapped, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(wrapped.requests[1].url).to.equal(LOCATION);
    expect(a.result).to.deep.equal({ id: 5 });

    const bare = new ScriptedTransport([
      {
        status: 200,
        body: { id: 's-2', location: '/ChunkedUploader.ashx?uid=s-2', bytes_uploaded: 0 },
      },
      { status: 200, body: { bytes_uploaded: CHUNK } },
      { status: 201, body: { id: 6 } },
    ]);
    const b = await runScripted(chunkedSession, bare, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(bare.requests[1].url).to.equal(
      'https://docspace.example.test/ChunkedUploader.ashx?uid=s-2',
    );
    expect(b.result).to.deep.equal({ id: 6 });
  });

  it('sends relativePath, createOn, encrypted and createNewIfExist from metadata, nothing else', async () => {
    const file = patternFile(10);
    const createOn = { utcTime: '2008-04-10T06:30:00.0000000+04:00', timeZoneOffset: '00:00:00' };
    const t = new ScriptedTransport([
      { status: 200, body: session(0, 10) },
      { status: 201, body: { success: true, data: { id: 1 } } },
    ]);
    await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
      metadata: {
        relativePath: 'a/b',
        createOn,
        encrypted: false,
        createNewIfExist: true,
        secretNote: 'not for the wire',
      },
    });
    expect(JSON.parse(t.requests[0].body as string)).to.deep.equal({
      fileName: 'movie.bin',
      fileSize: 10,
      relativePath: 'a/b',
      createOn,
      encrypted: false,
      createNewIfExist: true,
    });
  });

  it('stores expiresAt from `expired`, reading .NET seven-digit fractions', async () => {
    expect(parseVendorDate(EXPIRED)).to.equal(Date.parse('2099-04-10T06:30:00.000+04:00'));
    expect(parseVendorDate('2030-01-01T00:00:00Z')).to.equal(Date.UTC(2030, 0, 1));
    expect(parseVendorDate('soon')).to.equal(undefined);
    const start = await chunkedSession.create(
      {
        http: new ScriptedTransport([{ status: 200, body: session(0, 10) }]),
        endpoint: ENDPOINT,
        options: {},
        signal: new AbortController().signal,
        callPage: async () => undefined,
      },
      infoOf(patternFile(10)),
      CHUNK,
    );
    expect(start.expiresAt).to.equal(Date.parse('2099-04-10T06:30:00.000+04:00'));
    expect(start.handle).to.deep.equal({ id: 's-1', location: LOCATION });
  });

  it('after a lost connection asks GET {location} and resends from bytes_uploaded', async () => {
    const file = patternFile(CHUNK * 3);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 0, networkError: true }, // second chunk: did it arrive?
      { status: 200, body: session(CHUNK, file.size) }, // the status query: no
      { status: 200, body: session(2 * CHUNK, file.size) },
      { status: 201, body: { success: true, data: { id: 9 } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(t.requests.map((r) => r.method)).to.deep.equal([
      'POST',
      'POST',
      'POST',
      'GET',
      'POST',
      'POST',
    ]);
    expect(t.requests[3].url).to.equal(LOCATION);
    expect(t.requests[3].body).to.equal(null);
    const resent = filePart(t.requests[4]);
    expect(await resent.text()).to.equal(await file.slice(CHUNK, 2 * CHUNK).text());
    expect(run.result).to.deep.equal({ id: 9 });
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['network']);
  });

  it('a lost chunk the server did store is not sent again', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 0, networkError: true },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 201, body: { success: true, data: { id: 2 } } },
    ]);
    await runScripted(chunkedSession, t, file, { chunkSize: CHUNK, endpoint: ENDPOINT });
    expect(await filePart(t.requests[3]).text()).to.equal(await file.slice(CHUNK).text());
  });

  it('resumes a stored session from GET {location}, not from the stored hint', async () => {
    const file = patternFile(CHUNK * 3);
    const store = createMemoryStore();
    const info = infoOf(file);
    await store.put({
      key: sessionKey('chunked-session', ENDPOINT, info),
      protocol: 'chunked-session',
      endpoint: ENDPOINT,
      file: info,
      handle: { id: 's-1', location: LOCATION },
      chunkSize: CHUNK,
      bytesConfirmed: 0, // stale: the server has more
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    const t = new ScriptedTransport([
      { status: 200, body: { response: session(2 * CHUNK, file.size) } },
      { status: 201, body: { success: true, data: { id: 3 } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
      store,
    });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `GET ${LOCATION}`,
      `POST ${LOCATION}`,
    ]);
    expect(await filePart(t.requests[1]).text()).to.equal(await file.slice(2 * CHUNK).text());
    expect(run.progress[0]).to.equal(2 * CHUNK);
  });

  it('a status answer of 201 means the upload already finished', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 503 }, // uncertain: the server may have taken it
      { status: 201, body: { success: true, data: { id: 4, title: 'movie.bin' } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(t.requests.map((r) => r.method)).to.deep.equal(['POST', 'POST', 'POST', 'GET']);
    expect(run.result).to.deep.equal({ id: 4, title: 'movie.bin' });
  });

  for (const status of [405, 404]) {
    it(`a server answering the status query ${status} gets a new session, not a chunk twice`, async () => {
      const file = patternFile(CHUNK * 2);
      const second = 'https://docspace.example.test/ChunkedUploader.ashx?uid=s-2';
      const t = new ScriptedTransport([
        { status: 200, body: session(0, file.size) },
        { status: 0, networkError: true },
        { status, body: status === 405 ? '' : '<html>Not Found</html>' },
        { status: 200, body: session(0, file.size, second) },
        { status: 200, body: session(CHUNK, file.size, second) },
        { status: 201, body: { success: true, data: { id: 8 } } },
      ]);
      const run = await runScripted(chunkedSession, t, file, {
        chunkSize: CHUNK,
        endpoint: ENDPOINT,
      });
      expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
        `POST ${ENDPOINT}`,
        `POST ${LOCATION}`,
        `GET ${LOCATION}`,
        `POST ${ENDPOINT}`,
        `POST ${second}`,
        `POST ${second}`,
      ]);
      expect(await filePart(t.requests[4]).text()).to.equal(await file.slice(0, CHUNK).text());
      const restart = run.notices.find((n) => n.error.code === 'session-gone')!;
      expect(restart.error.status).to.equal(status);
      expect(restart.error.message).to.contain('Starting the upload again with a new session');
      if (status === 405) {
        expect(restart.error.message).to.contain('cannot say how much of the upload it holds');
      } else {
        expect(restart.error.message).to.contain(
          'either the session has expired or this server has no status query',
        );
      }
    });
  }

  it('an expired session (404 with the server’s words) says so, and restarts once', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 404, body: { success: false, message: 'The upload session has expired.' } },
      { status: 200, body: session(0, file.size) },
      { status: 404, body: { success: false, message: 'The upload session has expired.' } },
    ]);
    const error = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(error.code).to.equal('session-gone');
    expect(error.message).to.contain('The upload session has expired.');
    expect(t.remaining).to.equal(0);
  });

  it('DocSpace’s own answer to a GET (200, success=false) restarts instead of guessing', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 502 },
      { status: 200, body: { success: false, data: null, message: 'HttpRequest.Files is empty' } },
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 201, body: { success: true, data: { id: 11 } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(t.requests.map((r) => r.method)).to.deep.equal([
      'POST',
      'POST',
      'GET',
      'POST',
      'POST',
      'POST',
    ]);
    const restart = run.notices.find((n) => n.error.code === 'session-gone')!;
    expect(restart.error.message).to.contain('HttpRequest.Files is empty');
    expect(restart.error.message).to.contain('no status query');
    expect(run.result).to.deep.equal({ id: 11 });
  });

  it('DocSpace’s expired-session answer to a chunk (200, success=false) restarts once', async () => {
    const file = patternFile(CHUNK * 2);
    const vendorExpired = {
      success: false,
      data: null,
      message:
        "Can't authorize given initiate session request or session with specified upload id already expired",
    };
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 200, body: vendorExpired },
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK, file.size) },
      { status: 201, body: { success: true, data: { id: 12 } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    });
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
    expect(run.notices[0].error.message).to.contain('already expired');
    expect(run.result).to.deep.equal({ id: 12 });
  });

  it('any other success=false to a chunk is final, with the server’s words', async () => {
    const file = patternFile(CHUNK * 2);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: { success: false, data: null, message: 'Storage quota exceeded' } },
    ]);
    const error = await runScripted(chunkedSession, t, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('Storage quota exceeded');
    expect(t.remaining).to.equal(0);
  });

  it('refuses a chunk size that is not a multiple of 512 before any request', async () => {
    for (const chunkSize of [1000, 0, -512, 512.5]) {
      const t = new ScriptedTransport([]);
      const error = await runScripted(chunkedSession, t, patternFile(10), { chunkSize }).catch(
        (e) => e,
      );
      expect(error.code).to.equal('config');
      expect(error.message).to.contain('multiple of 512 bytes');
      expect(error.message).to.contain(String(chunkSize));
      expect(t.requests).to.have.length(0);
    }
  });

  it('defaults to chunks of exactly 10 MiB', () => {
    expect(DEFAULT_CHUNK_SIZE).to.equal(10 * 1024 * 1024);
    expect(chunkedSession.chunkSize(infoOf(patternFile(1)), {})).to.equal(10 * 1024 * 1024);
  });

  it('a 401 is final, with the status and the server’s words', async () => {
    const t = new ScriptedTransport([
      { status: 401, body: '{"message":"Cookie asc_auth_key missing"}' },
    ]);
    const error = await runScripted(chunkedSession, t, patternFile(10), {
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(error.code).to.equal('auth');
    expect(error.status).to.equal(401);
    expect(error.message).to.contain('asc_auth_key');
    expect(t.requests).to.have.length(1);
  });

  it('success=false and an impossible bytes_uploaded are protocol errors', async () => {
    const refused = new ScriptedTransport([
      { status: 200, body: { success: false, message: 'Quota exceeded' } },
    ]);
    const a = await runScripted(chunkedSession, refused, patternFile(10), {
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(a.code).to.equal('protocol');
    expect(a.message).to.contain('Quota exceeded');

    const file = patternFile(CHUNK * 2);
    const liar = new ScriptedTransport([
      { status: 200, body: session(0, file.size) },
      { status: 200, body: session(CHUNK + 1, file.size) },
    ]);
    const b = await runScripted(chunkedSession, liar, file, {
      chunkSize: CHUNK,
      endpoint: ENDPOINT,
    }).catch((e) => e);
    expect(b.code).to.equal('protocol');
  });

  it('an empty file is one empty chunk', async () => {
    const file = patternFile(0);
    const t = new ScriptedTransport([
      { status: 200, body: session(0, 0) },
      { status: 201, body: { success: true, data: { id: 10 } } },
    ]);
    const run = await runScripted(chunkedSession, t, file, { endpoint: ENDPOINT });
    expect(filePart(t.requests[1]).size).to.equal(0);
    expect(run.result).to.deep.equal({ id: 10 });
  });
});

describe('chunked-session: cookie auth', () => {
  it('with withCredentials the fetch transport sends credentials: include on create and chunks', async () => {
    const seen: RequestInit[] = [];
    const fakeFetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init!);
      const first = seen.length === 1;
      return new Response(
        JSON.stringify(first ? session(0, 10) : { success: true, data: { id: 1 } }),
        { status: first ? 200 : 201 },
      );
    }) as typeof fetch;
    const http = createFetchTransport({ withCredentials: true, fetch: fakeFetch });
    const ctx = {
      http,
      endpoint: ENDPOINT,
      options: {},
      signal: new AbortController().signal,
      callPage: async () => undefined,
    };
    const file = patternFile(10);
    const start = await chunkedSession.create(ctx, infoOf(file), CHUNK);
    await chunkedSession.sendChunk(
      ctx,
      start.handle,
      { index: 0, start: 0, end: 10, blob: file },
      infoOf(file),
    );
    expect(seen.map((init) => init.credentials)).to.deep.equal(['include', 'include']);
    expect(seen[1].body).to.be.instanceOf(FormData);

    seen.length = 0;
    const plain = createFetchTransport({ fetch: fakeFetch });
    await chunkedSession.create({ ...ctx, http: plain }, infoOf(file), CHUNK);
    expect(seen[0].credentials).to.equal('same-origin');
  });
});
