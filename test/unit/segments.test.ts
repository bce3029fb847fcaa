import { expect } from '@open-wc/testing';
import {
  DEFAULT_SEGMENT_SIZE,
  encodeBase64,
  encodeBase64Fallback,
  segmentUrl,
  segments,
  type SegmentsHandle,
} from '../../src/protocols/segments.js';
import type { Chunk } from '../../src/core/adapter.js';
import { LinkMeter } from '../../src/core/link-meter.js';
import { createMemoryStore, sessionKey, type StoredSession } from '../../src/core/session-store.js';
import { createFetchTransport, type HttpRequest, type HttpResponse } from '../../src/core/http.js';
import { runUpload } from '../../src/core/upload-loop.js';
import {
  ScriptedTransport,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

const ENDPOINT = 'https://shop.example.test/ccadmin/v1/files';
const TOKEN = 'a668d885784_74';
const SEG = 1000;

interface SegmentBody {
  filename: string;
  file: string;
  index: number;
  token?: string;
  uploadType?: string;
}

const json = (r: RecordedRequest) => JSON.parse(r.body as string) as Record<string, unknown>;
const segmentBody = (r: RecordedRequest) => json(r) as unknown as SegmentBody;
const isSegment = (r: RecordedRequest) => r.method === 'POST';
const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * A tiny in-test OCC: answers start, resume and segments from what it has
 * received, so request order under concurrency does not matter. The segment
 * that completes the set gets `result`.
 */
function fakeOcc(count: number, options: { token?: string; have?: number[] } = {}) {
  const token = options.token ?? TOKEN;
  const received = new Set<number>(options.have ?? []);
  const needed = () => [...Array(count).keys()].filter((i) => !received.has(i));
  return (request: RecordedRequest): ScriptedAnswer => {
    if (request.method === 'PUT') return { status: 200, body: { token, segmentsNeeded: needed() } };
    received.add(segmentBody(request).index);
    return received.size === count
      ? { status: 200, body: { success: true, result: { id: 'file-1', segments: count } } }
      : { status: 200, body: { success: true } };
  };
}

const repeat = <T>(n: number, answer: T): T[] => Array.from({ length: n }, () => answer);

/** Answers after a delay and counts requests in flight, to see segments overlap. */
class DelayedTransport extends ScriptedTransport {
  inFlight = 0;
  maxInFlight = 0;
  /** Requests in flight as each answer came back, in order. */
  inFlightAtAnswers: number[] = [];
  constructor(
    script: ConstructorParameters<typeof ScriptedTransport>[0],
    private readonly delayMs: number,
  ) {
    super(script);
  }
  override async send(request: HttpRequest): Promise<HttpResponse> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // The request is taken (its body read: a Blob read is a task of its own) before the
      // delay, so the answer reaches the loop in the task its timer fires in.
      const answer = super.send(request);
      await Promise.all([answer, new Promise((resolve) => setTimeout(resolve, this.delayMs))]);
      this.inFlightAtAnswers.push(this.inFlight);
      return await answer;
    } finally {
      this.inFlight--;
    }
  }
}

function errorModel(errorCode: string, message: string, status = 400): ScriptedAnswer {
  return {
    status,
    body: { errorCode, message, status: String(status), type: 'https://example.test/http-status' },
  };
}

describe('segments adapter: request sequence', () => {
  it('starts with PUT {endpoint}, posts base64 segments to {endpoint}/{token}, ends on result', async () => {
    const file = patternFile(SEG * 2 + 500, 'sampleFile.png');
    const occ = fakeOcc(3);
    const t = new ScriptedTransport(repeat(4, occ));
    const run = await runScripted(segments, t, file, {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      concurrency: 1,
    });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `PUT ${ENDPOINT}`,
      `POST ${ENDPOINT}/${TOKEN}`,
      `POST ${ENDPOINT}/${TOKEN}`,
      `POST ${ENDPOINT}/${TOKEN}`,
    ]);
    expect(t.requests.every((r) => r.headers['Content-Type'] === 'application/json')).to.equal(
      true,
    );
    expect(json(t.requests[0])).to.deep.equal({ filename: 'sampleFile.png', segments: 3 });
    const bodies = t.requests.slice(1).map(segmentBody);
    expect(bodies.map((b) => b.index)).to.deep.equal([0, 1, 2]);
    expect(bodies.every((b) => b.filename === 'sampleFile.png' && b.token === TOKEN)).to.equal(
      true,
    );
    expect(bodies.every((b) => b.uploadType === undefined)).to.equal(true);
    for (const b of bodies) {
      const start = b.index * SEG;
      expect(decode(b.file)).to.deep.equal(await bytesOf(file.slice(start, start + SEG)));
    }
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 3 });
    expect(run.progress.at(-1)).to.equal(file.size);
    const key = sessionKey('segments', ENDPOINT, infoOf(file));
    expect(await run.store.get(key)).to.equal(undefined);
  });

  it('sends uploadType from metadata on start and on every segment', async () => {
    const file = patternFile(SEG + 1);
    const t = new ScriptedTransport(repeat(3, fakeOcc(2)));
    await runScripted(segments, t, file, {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      metadata: { uploadType: 'bulkImport' },
    });
    expect(json(t.requests[0])).to.deep.equal({
      filename: 'movie.bin',
      segments: 2,
      uploadType: 'bulkImport',
    });
    expect(t.requests.filter(isSegment).map((r) => segmentBody(r).uploadType)).to.deep.equal([
      'bulkImport',
      'bulkImport',
    ]);
  });

  it('uses metadata.filename as the target filename everywhere', async () => {
    const t = new ScriptedTransport(repeat(2, fakeOcc(1)));
    await runScripted(segments, t, patternFile(10), {
      endpoint: ENDPOINT,
      metadata: { filename: 'catalog.csv' },
    });
    expect(json(t.requests[0]).filename).to.equal('catalog.csv');
    expect(segmentBody(t.requests[1]).filename).to.equal('catalog.csv');
  });

  it('posts segments to urls.segments when set (OCC agent path)', async () => {
    const agent = 'https://shop.example.test/ccagent/v1/files';
    const t = new ScriptedTransport(repeat(3, fakeOcc(2)));
    await runScripted(segments, t, patternFile(SEG * 2), {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      urls: { segments: agent },
    });
    expect(t.requests[0].url).to.equal(ENDPOINT);
    expect(t.requests.filter(isSegment).map((r) => r.url)).to.deep.equal([
      `${agent}/${TOKEN}`,
      `${agent}/${TOKEN}`,
    ]);
  });

  it('builds segment URLs: trailing slash, query kept, {token} placeholder', () => {
    expect(segmentUrl(`${ENDPOINT}/`, undefined, 'a b')).to.equal(`${ENDPOINT}/a%20b`);
    expect(segmentUrl(`${ENDPOINT}?site=s1`, undefined, 't')).to.equal(`${ENDPOINT}/t?site=s1`);
    expect(segmentUrl(ENDPOINT, 'https://x.test/agent/{token}/segments', 't1')).to.equal(
      'https://x.test/agent/t1/segments',
    );
    // A relative override lands on the endpoint's server (the worker's own URL is elsewhere).
    expect(segmentUrl(ENDPOINT, '/ccagent/v1/files/', 't')).to.equal(
      'https://shop.example.test/ccagent/v1/files/t',
    );
  });

  it('a zero-byte file is one empty segment', async () => {
    const t = new ScriptedTransport(repeat(2, fakeOcc(1)));
    const run = await runScripted(segments, t, patternFile(0), { endpoint: ENDPOINT });
    expect(json(t.requests[0]).segments).to.equal(1);
    expect(segmentBody(t.requests[1])).to.include({ index: 0, file: '' });
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 1 });
  });

  it('defaults to 8 MiB segments', () => {
    expect(DEFAULT_SEGMENT_SIZE).to.equal(8 * 1024 * 1024);
    expect(segments.chunkSize(infoOf(patternFile(1)), {})).to.equal(DEFAULT_SEGMENT_SIZE);
  });
});

describe('segments adapter: parallel segments', () => {
  it('starts with 3 segments in flight by default, and tunes within 8', async () => {
    const file = patternFile(SEG * 8);
    // Answers 100 ms later, long beside making three small bodies one after another even in
    // WebKitGTK on a loaded machine (at 20 ms it once saw the first answer with 2 in flight).
    const t = new DelayedTransport(repeat(9, fakeOcc(8)), 100);
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG });
    // The start request answers alone; the first segment answers with the first wave in flight.
    expect(t.inFlightAtAnswers.slice(0, 2)).to.deep.equal([1, 3]);
    expect(t.maxInFlight).to.be.within(3, 8);
    const sent = t.requests.filter(isSegment).map((r) => segmentBody(r).index);
    expect([...sent].sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 8 });
  });

  it('honours concurrency 4', async () => {
    const t = new DelayedTransport(repeat(9, fakeOcc(8)), 100);
    await runScripted(segments, t, patternFile(SEG * 8), {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      concurrency: 4,
    });
    expect(t.maxInFlight).to.equal(4);
  });

  it('returns the result even when the completing segment is not the last index', async () => {
    // Segment 0 is slow, so segment 2 arrives first and 0 completes the file.
    const file = patternFile(SEG * 3);
    const occ = fakeOcc(3);
    const t = new (class extends ScriptedTransport {
      override async send(request: HttpRequest): Promise<HttpResponse> {
        const text = request.body instanceof Blob ? await request.body.text() : '';
        if (request.method === 'POST' && text.includes('"index":0,')) {
          await new Promise((resolve) => setTimeout(resolve, 60));
        }
        return super.send(request);
      }
    })(repeat(4, occ));
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG });
    expect(segmentBody(t.requests.at(-1)!).index).to.equal(0);
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 3 });
  });
});

describe('segments adapter: resume', () => {
  async function storedSession(
    file: File,
    handle = { token: TOKEN, filename: file.name, segments: 4 },
  ) {
    const store = createMemoryStore();
    const info = infoOf(file);
    const record: StoredSession = {
      key: sessionKey('segments', ENDPOINT, info),
      protocol: 'segments',
      endpoint: ENDPOINT,
      file: info,
      handle,
      chunkSize: SEG,
      bytesConfirmed: SEG, // a stale hint: the server's segmentsNeeded wins
      parts: [{ index: 0, size: SEG }],
      createdAt: Date.now(),
      updatedAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    };
    await store.put(record);
    return store;
  }

  it('asks PUT {endpoint}/{token} and sends only segmentsNeeded', async () => {
    const file = patternFile(SEG * 3 + 10);
    const store = await storedSession(file);
    const occ = fakeOcc(4, { have: [0, 2] });
    const t = new ScriptedTransport(repeat(3, occ));
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG, store });
    expect(t.requests[0].method).to.equal('PUT');
    expect(t.requests[0].url).to.equal(`${ENDPOINT}/${TOKEN}`);
    expect(json(t.requests[0])).to.deep.equal({ filename: file.name, token: TOKEN, segments: 4 });
    const sent = t.requests.filter(isSegment).map((r) => segmentBody(r).index);
    expect(sent.sort()).to.deep.equal([1, 3]);
    const last = t.requests.filter(isSegment).find((r) => segmentBody(r).index === 3)!;
    expect(decode(segmentBody(last).file)).to.deep.equal(await bytesOf(file.slice(3 * SEG)));
    // Progress starts from what the server holds: segments 0 and 2.
    expect(run.progress[0]).to.equal(2 * SEG);
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 4 });
  });

  it('a start that already lists fewer segments sends only those', async () => {
    const file = patternFile(SEG * 3);
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [2] } },
      { status: 200, body: { success: true, result: { id: 'x' } } },
    ]);
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG });
    expect(t.requests.filter(isSegment).map((r) => segmentBody(r).index)).to.deep.equal([2]);
    expect(run.result).to.deep.equal({ id: 'x' });
  });

  it('an empty segmentsNeeded on resume finishes without sending a byte', async () => {
    const file = patternFile(SEG * 3 + 10);
    const store = await storedSession(file);
    const t = new ScriptedTransport([{ status: 200, body: { token: TOKEN, segmentsNeeded: [] } }]);
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG, store });
    expect(t.requests).to.have.length(1);
    expect(run.result).to.equal(null);
  });

  it('segmentsNeeded outside the plan is a protocol error', async () => {
    const file = patternFile(SEG * 3 + 10);
    const store = await storedSession(file);
    const t = new ScriptedTransport([{ status: 200, body: { token: TOKEN, segmentsNeeded: [4] } }]);
    const error = await runScripted(segments, t, file, {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      store,
    }).catch((e) => e);
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('segmentsNeeded');
  });

  it('13006 on resume starts one fresh upload and says so', async () => {
    const file = patternFile(SEG * 3 + 10);
    const store = await storedSession(file);
    const t = new ScriptedTransport([
      errorModel('13006', 'The token value for this upload is no longer valid.'),
      ...repeat(5, fakeOcc(4, { token: 'fresh' })),
    ]);
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG, store });
    expect(`${t.requests[1].method} ${t.requests[1].url}`).to.equal(`PUT ${ENDPOINT}`);
    expect(t.requests.filter(isSegment)).to.have.length(4);
    expect(t.requests.filter(isSegment).every((r) => r.url === `${ENDPOINT}/fresh`)).to.equal(true);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
    expect(run.notices[0].error.message).to.contain('13006');
    expect(run.notices[0].error.message).to.contain('new session');
  });
});

describe('segments adapter: errors', () => {
  it('13006 on a segment stops sending and starts one fresh upload', async () => {
    const file = patternFile(SEG * 4);
    let starts = 0;
    const fresh = fakeOcc(4, { token: 'fresh' });
    const answer = (request: RecordedRequest): ScriptedAnswer => {
      if (request.method === 'PUT' && starts++ === 0) {
        return { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1, 2, 3] } };
      }
      if (request.url === `${ENDPOINT}/${TOKEN}`) {
        return errorModel('13006', 'The token value for this upload is no longer valid.');
      }
      return fresh(request);
    };
    const t = new DelayedTransport(repeat(20, answer), 5);
    const run = await runScripted(segments, t, file, { endpoint: ENDPOINT, chunkSize: SEG });
    expect(t.requests.filter((r) => r.method === 'PUT')).to.have.length(2);
    const freshSegments = t.requests
      .filter((r) => r.url === `${ENDPOINT}/fresh`)
      .map((r) => segmentBody(r).index);
    expect(freshSegments.sort()).to.deep.equal([0, 1, 2, 3]);
    // At most the segments already in flight went to the revoked token, none after it.
    expect(t.requests.filter((r) => r.url === `${ENDPOINT}/${TOKEN}`).length).to.be.at.most(3);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
    expect(run.result).to.deep.equal({ id: 'file-1', segments: 4 });
  });

  it('a second 13006 is final, not a loop', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { token: 'a', segmentsNeeded: [0] } },
      errorModel('13006', 'no longer valid'),
      { status: 200, body: { token: 'b', segmentsNeeded: [0] } },
      errorModel('13006', 'no longer valid'),
    ]);
    const error = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('session-gone');
    expect(t.remaining).to.equal(0);
  });

  const cases: Array<[string, number, string, string[]]> = [
    ['413', 413, 'file-too-large', ['too large', '1 GB']],
    ['13004', 400, 'protocol', ['no upload token', '13004']],
    ['13005', 400, 'protocol', ['no upload started', '13005']],
    ['13014', 400, 'protocol', ['required property (filename)', '13014']],
    ['20306', 400, 'invalid-filename', ['does not accept the file name "movie.bin"', 'Rename']],
  ];
  for (const [code, status, errorCode, phrases] of cases) {
    it(`errorModel ${code} on start is final with a clear message and no segment sent`, async () => {
      const t = new ScriptedTransport([
        errorModel(
          code,
          code === '13014' ? 'Missing required property: filename' : `OCC says ${code}`,
          status,
        ),
      ]);
      const error = await runScripted(segments, t, patternFile(SEG * 2), {
        endpoint: ENDPOINT,
        chunkSize: SEG,
      }).catch((e) => e);
      expect(error.code).to.equal(errorCode);
      expect(error.status).to.equal(status);
      for (const phrase of phrases) expect(error.message).to.contain(phrase);
      expect(t.requests).to.have.length(1);
      expect(t.requests.filter(isSegment)).to.have.length(0);
    });
  }

  it('an errorModel code arriving as a number, with HTTP 500, is still mapped', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0] } },
      { status: 500, body: { errorCode: 13006, message: 'gone' } },
      ...repeat(2, fakeOcc(1, { token: 'fresh' })),
    ]);
    const run = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT });
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['session-gone']);
  });

  it('an errorModel inside an HTTP 200 is an error, not a success', async () => {
    const t = new ScriptedTransport([errorModel('20306', 'The filename is invalid', 200)]);
    const error = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('invalid-filename');
  });

  it('a code only in errors[] is found', async () => {
    const t = new ScriptedTransport([
      {
        status: 400,
        body: {
          message: 'Bad request',
          errors: [{ errorCode: '20306', message: 'The filename is invalid' }],
        },
      },
    ]);
    const error = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('invalid-filename');
    expect(error.message).to.contain('The filename is invalid');
  });

  it('an unknown errorCode keeps the server message and the code', async () => {
    const t = new ScriptedTransport([errorModel('99999', 'Something odd')]);
    const error = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.status).to.equal(400);
    expect(error.message).to.contain('Something odd');
    expect(error.message).to.contain('OCC 99999');
  });

  it('retries a 503 and a dropped connection on a segment, resending the same bytes', async () => {
    const file = patternFile(SEG + 7);
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1] } },
      { status: 503, headers: { 'Retry-After': '0' }, body: { message: 'Injected 503' } },
      // Both failures are uncertain: the resume call (status) is asked before each re-send.
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1] } },
      { status: 0, networkError: true },
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1] } },
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true, result: { id: 'r' } } },
    ]);
    const run = await runScripted(segments, t, file, {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      concurrency: 1,
    });
    const posts = t.requests.filter(isSegment).map(segmentBody);
    expect(posts.map((b) => b.index)).to.deep.equal([0, 0, 0, 1]);
    expect(posts[0].file).to.equal(posts[2].file);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['http', 'network']);
    expect(run.result).to.deep.equal({ id: 'r' });
  });

  it('"success": false on a segment is retried', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0] } },
      { status: 200, body: { success: false } },
      { status: 200, body: { success: true, result: { id: 'r' } } },
    ]);
    const run = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT });
    expect(run.notices).to.have.length(1);
    expect(run.notices[0].error.message).to.contain('"success": false');
    expect(run.result).to.deep.equal({ id: 'r' });
  });

  it('a start answer without a token is a protocol error', async () => {
    const t = new ScriptedTransport([{ status: 200, body: { segmentsNeeded: [0] } }]);
    const error = await runScripted(segments, t, patternFile(10), { endpoint: ENDPOINT }).catch(
      (e) => e,
    );
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('token');
  });

  for (const chunkSize of [0, -1, 1.5, Number.NaN, 512 * 1024 * 1024]) {
    it(`refuses chunk-size ${chunkSize} before any request`, async () => {
      const t = new ScriptedTransport([]);
      const error = await runScripted(segments, t, patternFile(10), {
        endpoint: ENDPOINT,
        chunkSize,
      }).catch((e) => e);
      expect(error.code).to.equal('config');
      expect(error.message).to.contain('chunk-size');
      expect(t.requests).to.have.length(0);
    });
  }

  it('refuses a non-string uploadType before any request', async () => {
    const t = new ScriptedTransport([]);
    const error = await runScripted(segments, t, patternFile(10), {
      endpoint: ENDPOINT,
      metadata: { uploadType: 7 },
    }).catch((e) => e);
    expect(error.code).to.equal('config');
    expect(error.message).to.contain('uploadType');
    expect(t.requests).to.have.length(0);
  });
});

describe('segments adapter: auth stays out of storage', () => {
  it('sends the page Authorization header on every request and never stores it', async () => {
    const bearer = 'Bearer s3cr3t-token-value';
    const file = patternFile(SEG * 3);
    const occ = fakeOcc(3);
    const seen: Array<{ url: string; auth: string | null }> = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), auth: headers.get('Authorization') });
      const recorded = {
        method: init?.method ?? 'GET',
        url: String(input),
        headers: {},
        body: init?.body instanceof Blob ? await init.body.text() : (init?.body as string),
        bodySize: 0,
        auth: true,
      };
      const answer = occ(recorded);
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }) as typeof fetch;
    const inner = createMemoryStore();
    const written: string[] = [];
    const store = {
      ...inner,
      put: async (record: StoredSession) => {
        written.push(JSON.stringify(record));
        await inner.put(record);
      },
    };
    const info = infoOf(file);
    await runUpload({
      file,
      info,
      key: sessionKey('segments', ENDPOINT, info),
      adapter: segments,
      store,
      signal: new AbortController().signal,
      context: {
        http: createFetchTransport({
          getHeaders: async () => ({ Authorization: bearer }),
          fetch: fakeFetch,
        }),
        endpoint: ENDPOINT,
        options: { chunkSize: SEG },
        callPage: async () => undefined,
      },
      reporter: { progress: () => {}, notice: () => {} },
    });
    expect(seen).to.have.length(4);
    expect(seen.every((s) => s.auth === bearer)).to.equal(true);
    expect(written.length).to.be.greaterThan(1);
    for (const record of written) {
      expect(record).not.to.contain('s3cr3t');
      expect(record).not.to.contain('Authorization');
      expect(record).to.contain(TOKEN); // the upload token is the session handle, not a secret
    }
  });
});

describe('segments adapter: base64', () => {
  it('native and fallback encoders agree with btoa for every length and byte value', () => {
    const all = Uint8Array.from({ length: 256 * 3 + 2 }, (_, i) => (i * 7 + (i >> 8)) & 255);
    for (let length = 0; length <= 9; length++) {
      const bytes = all.subarray(0, length);
      const expected = btoa(String.fromCharCode(...bytes));
      expect(encodeBase64Fallback(bytes)).to.equal(expected);
      expect(encodeBase64(bytes)).to.equal(expected);
    }
    const expected = btoa(String.fromCharCode(...all));
    expect(encodeBase64Fallback(all)).to.equal(expected);
    expect(encodeBase64(all)).to.equal(expected);
  });

  it('the fallback handles a multi-MiB segment quickly enough', () => {
    const bytes = new Uint8Array(4 * 1024 * 1024);
    crypto.getRandomValues(bytes.subarray(0, 65536));
    const started = performance.now();
    const text = encodeBase64Fallback(bytes);
    const elapsed = performance.now() - started;
    expect(text.length).to.equal(Math.ceil(bytes.length / 3) * 4);
    expect(decode(text.slice(0, 1000))).to.deep.equal(bytes.subarray(0, 750));
    // About 200 MiB/s on this machine; a generous bound so a busy CI box passes.
    expect(elapsed).to.be.below(1000);
  });

  it('this Chromium has the native Uint8Array.prototype.toBase64', () => {
    expect(typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64).to.equal('function');
  });
});

describe('segments adapter: lanes tuned to the link, bodies made ahead', () => {
  /**
   * Each answer moves a scripted clock on: by 100 ms shared among as many segments as
   * have been in flight at once (a link whose throughput grows with lanes; counting
   * the most so far keeps the model free of the order answers happen to come in), or
   * by 100 ms whatever runs.
   */
  class ClockedTransport extends DelayedTransport {
    time = 0;
    readonly log: string[] = [];
    constructor(
      script: ConstructorParameters<typeof ScriptedTransport>[0],
      private readonly shared: boolean,
    ) {
      // Answers 40 ms later: long beside the work between parts, so lanes overlap (10 ms
      // was too short in WebKitGTK beside two other engines on a loaded machine: 4 lanes).
      super(script, 40);
    }
    override async send(request: HttpRequest): Promise<HttpResponse> {
      const answer = await super.send(request);
      this.time += this.shared ? 100 / this.maxInFlight : 100;
      if (request.method === 'POST') this.log.push('answer');
      return answer;
    }
  }

  async function run(shared: boolean, options: { concurrency?: number } = {}) {
    const count = 60;
    const t = new ClockedTransport(repeat(count + 1, fakeOcc(count)), shared);
    const prepared: number[] = [];
    /** Bodies being made at once now, and the most ever. */
    const making = { now: 0, most: 0 };
    const adapter = {
      ...segments,
      prepareBody: async (chunk: Chunk, handle: SegmentsHandle) => {
        prepared.push(chunk.index);
        t.log.push(`prepare ${chunk.index}`);
        making.most = Math.max(making.most, ++making.now);
        try {
          return await segments.prepareBody!(chunk, handle);
        } finally {
          making.now--;
        }
      },
    };
    const result = await runScripted(adapter, t, patternFile(SEG * count), {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      link: new LinkMeter(() => t.time),
      ...options,
    });
    expect(result.result).to.deep.equal({ id: 'file-1', segments: count });
    return { t, prepared, making };
  }

  it('adds lanes while the link carries more with them, within 8', async () => {
    const { t } = await run(true);
    expect(t.inFlightAtAnswers[1]).to.equal(3);
    // Lanes overlap only as far as real timers let them, so the climb may stop short of
    // 8; it goes past the default and the one lane the flat link below may keep.
    expect(t.maxInFlight).to.be.within(5, 8);
  });

  it('stays at 3 when another lane brings nothing', async () => {
    const { t } = await run(false);
    // Answers arrive in bursts, so a window may read a little fast: one lane may be
    // kept on that noise, but the climb stops (the shared link above reaches 7-8).
    expect(t.maxInFlight).to.be.at.most(5);
  });

  it('a pinned concurrency is never tuned', async () => {
    const { t } = await run(true, { concurrency: 2 });
    expect(t.maxInFlight).to.equal(2);
  });

  it('makes the next segment’s body while the first ones are on the wire, each once', async () => {
    const { t, prepared } = await run(false);
    expect([...prepared].sort((a, b) => a - b)).to.deep.equal([...Array(60).keys()]);
    expect(t.log.indexOf('prepare 3')).to.be.lessThan(t.log.indexOf('answer'));
  });

  it('makes one body at a time, in segment order, so the first segment leaves first', async () => {
    const { t, prepared, making } = await run(true);
    expect(making.most).to.equal(1);
    expect(prepared).to.deep.equal([...Array(60).keys()]);
    // The first segment request carries segment 0.
    const first = t.requests.find(isSegment)!;
    expect(segmentBody(first).index).to.equal(0);
  });
});
