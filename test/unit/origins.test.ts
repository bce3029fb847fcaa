import { expect } from '@open-wc/testing';
import { BlockedError, ConfigError, NetworkError } from '../../src/core/errors.js';
import { createFetchTransport } from '../../src/core/http.js';
import {
  OriginWatch,
  corsSettings,
  credentialScope,
  missingHeaderError,
} from '../../src/core/origins.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { CORS_NEEDS, corsNeeds } from '../../src/protocols/cors.js';
import { tus } from '../../src/protocols/tus.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * Where the page's credentials go (by the request URL's origin) and when an origin that
 * never answers is taken as blocked rather than flaky: the decisions, and the fetch
 * transport that applies them.
 */
const ENDPOINT = 'https://app.example.test/api/uploads';
const STORAGE = 'https://storage.example.test';

describe('credentialScope', () => {
  it("sends credentials to the endpoint's origin only", () => {
    const allowed = credentialScope(ENDPOINT);
    expect(allowed('https://app.example.test/api/uploads/sessions/1')).to.equal(true);
    expect(allowed('https://app.example.test/other/path?x=1')).to.equal(true);
    expect(allowed(`${STORAGE}/bucket/obj?sig=1`)).to.equal(false);
    // Another port, another scheme, a subdomain: each is another origin.
    expect(allowed('https://app.example.test:8443/api')).to.equal(false);
    expect(allowed('http://app.example.test/api')).to.equal(false);
    expect(allowed('https://eu.app.example.test/api')).to.equal(false);
  });

  it('the origins of the URLs the page set in `urls` are home too, read against the endpoint', () => {
    const allowed = credentialScope(ENDPOINT, {
      segments: 'https://agent.example.test/ccagent/v1/files',
      parts: '/relative/{requestKey}/parts',
      s3: 'backend',
    });
    expect(allowed('https://agent.example.test/ccagent/v1/files/t1')).to.equal(true);
    expect(allowed('https://app.example.test/relative/k/parts')).to.equal(true);
    expect(allowed(`${STORAGE}/x`)).to.equal(false);
  });

  it('credentials-to adds origins, and * sends them everywhere', () => {
    const listed = credentialScope(ENDPOINT, {}, [STORAGE, 'http://127.0.0.1:9000']);
    expect(listed(`${STORAGE}/bucket/obj`)).to.equal(true);
    expect(listed('http://127.0.0.1:9000/files/abc')).to.equal(true);
    expect(listed('http://127.0.0.1:9001/files/abc')).to.equal(false);
    expect(credentialScope(ENDPOINT, {}, ['*'])('https://anywhere.example.test/')).to.equal(true);
  });

  it('refuses a credentials-to entry that is not an origin, before any request', () => {
    for (const entry of ['storage.example.test', `${STORAGE}/bucket`, 'https://', '/files']) {
      expect(() => credentialScope(ENDPOINT, {}, [entry]), entry)
        .to.throw(ConfigError)
        .with.property('message')
        .that.contains(entry);
    }
    // A trailing slash is still an origin.
    expect(credentialScope(ENDPOINT, {}, [`${STORAGE}/`])(`${STORAGE}/a`)).to.equal(true);
  });
});

describe('OriginWatch', () => {
  function clocked() {
    const clock = { now: 0 };
    return { clock, watch: new OriginWatch(() => clock.now) };
  }

  it('takes an origin that never answered as blocked after 3 failures over a second', () => {
    const { clock, watch } = clocked();
    expect(watch.failed(STORAGE, true)).to.equal(false);
    clock.now = 400;
    expect(watch.failed(STORAGE, true)).to.equal(false);
    clock.now = 1100;
    expect(watch.failed(STORAGE, true)).to.equal(true);
  });

  it('parallel requests failing together are one moment, not three failures', () => {
    const { clock, watch } = clocked();
    for (let i = 0; i < 4; i++) expect(watch.failed(STORAGE, true)).to.equal(false);
    clock.now = 500;
    expect(watch.failed(STORAGE, true)).to.equal(false);
    clock.now = 1000;
    expect(watch.failed(STORAGE, true)).to.equal(true);
  });

  it('an origin that answered once is never taken as blocked: its failures are a flaky network', () => {
    const { clock, watch } = clocked();
    watch.answered(STORAGE);
    for (let i = 0; i < 20; i++) {
      clock.now += 700;
      expect(watch.failed(STORAGE, true)).to.equal(false);
    }
    expect(watch.failures(STORAGE)).to.equal(0);
  });

  it('an answer clears the failures counted so far', () => {
    const { clock, watch } = clocked();
    watch.failed(STORAGE, true);
    clock.now = 600;
    watch.failed(STORAGE, true);
    watch.answered(STORAGE);
    clock.now = 1500;
    expect(watch.failed(STORAGE, true)).to.equal(false);
  });

  it('failures while the browser is offline do not count', () => {
    const { clock, watch } = clocked();
    for (let i = 0; i < 5; i++) {
      clock.now += 600;
      expect(watch.failed(STORAGE, false)).to.equal(false);
    }
    expect(watch.failures(STORAGE)).to.equal(0);
  });

  it('failures spread over more than ten seconds are not a pattern', () => {
    const { clock, watch } = clocked();
    for (let i = 0; i < 5; i++) {
      expect(watch.failed(STORAGE, true)).to.equal(false);
      clock.now += 6000;
    }
  });

  it('each origin is judged on its own', () => {
    const { clock, watch } = clocked();
    watch.answered('https://app.example.test');
    for (const at of [0, 500, 1200]) {
      clock.now = at;
      expect(watch.failed('https://app.example.test', true)).to.equal(false);
    }
    expect(watch.failed(STORAGE, true)).to.equal(false);
  });
});

describe('corsSettings', () => {
  it("names the upload host's methods, headers and exposed headers for each protocol", () => {
    const tus = corsSettings(CORS_NEEDS.tus, STORAGE, 'https://app.example.test');
    expect(tus).to.contain(
      `A tus upload needs ${STORAGE} to answer with Access-Control-Allow-Origin: ${location.origin}`,
    );
    expect(tus).to.contain('the methods PATCH, HEAD, DELETE');
    expect(tus).to.contain('the headers Tus-Resumable, Upload-Offset, Content-Type');
    expect(tus).to.contain('expose Upload-Offset, Upload-Length, Upload-Expires');
    const parts = corsSettings(CORS_NEEDS.multipart, STORAGE, 'https://app.example.test');
    expect(parts).to.contain('the methods PUT').and.contain('expose ETag');
  });

  it("on the endpoint's origin adds the endpoint's needs, the page's header names and cookies", () => {
    const text = corsSettings(
      CORS_NEEDS['content-range'],
      'https://app.example.test',
      'https://app.example.test',
      ['Authorization'],
      true,
    );
    expect(text).to.contain('Access-Control-Allow-Credentials: true');
    expect(text).to.contain('the methods PUT, DELETE, POST');
    expect(text).to.contain('the headers Content-Range, Authorization');
    expect(text).to.contain('expose Range, Location');
  });

  it('with a checksum names the header it travels in (and tus its OPTIONS and answers)', () => {
    const app = 'https://app.example.test';
    expect(corsSettings(corsNeeds('multipart', 'crc32c'), STORAGE, app)).to.contain(
      'the headers x-amz-checksum-crc32c',
    );
    expect(corsSettings(corsNeeds('multipart', 'md5'), STORAGE, app)).to.contain(
      'the headers Content-MD5',
    );
    expect(corsSettings(corsNeeds('content-range', 'crc32c'), STORAGE, app)).to.contain(
      'the headers Content-Range, X-Goog-Hash',
    );
    const tus = corsSettings(corsNeeds('tus', 'sha256'), app, app);
    expect(tus).to.contain('OPTIONS').and.contain('Upload-Checksum');
    expect(tus).to.contain('Tus-Extension, Tus-Checksum-Algorithm');
    // Without a checksum nothing is added.
    expect(corsNeeds('tus', 'none')).to.equal(CORS_NEEDS.tus);
    expect(corsSettings(corsNeeds('multipart'), STORAGE, app)).not.to.contain('checksum');
  });

  it('also names a refused checksum, whose error may come without CORS headers', () => {
    const app = 'https://app.example.test';
    const withChecksum = corsSettings(corsNeeds('multipart', 'md5'), STORAGE, app);
    expect(withChecksum).to.contain('Or the server refused a checksum');
    expect(withChecksum.indexOf('Or the server')).to.be.greaterThan(
      withChecksum.indexOf('Access-Control-Allow-Origin'),
    );
    expect(corsSettings(corsNeeds('multipart', 'none'), STORAGE, app)).not.to.contain(
      'refused a checksum',
    );
  });
});

describe('missingHeaderError', () => {
  it("is blocked from another origin than the page's, a protocol error from its own", () => {
    const away = missingHeaderError(`${STORAGE}/part/1?sig=s`, 'no ETag', 200);
    expect(away).to.be.instanceOf(BlockedError);
    expect(away.code).to.equal('blocked');
    expect((away as BlockedError).origin).to.equal(STORAGE);
    expect(missingHeaderError(`${location.origin}/part/1`, 'no ETag', 200).code).to.equal(
      'protocol',
    );
  });
});

describe('createFetchTransport: credentials by origin', () => {
  function recording() {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(url), init: init! });
      return new Response('', { status: 200 });
    }) as typeof globalThis.fetch;
    return { seen, fetch };
  }
  const auth = (init: RequestInit) => (init.headers as Record<string, string>).Authorization;

  it("sends the page's headers and cookies to the endpoint's origin, none elsewhere", async () => {
    const { seen, fetch } = recording();
    let asked = 0;
    const http = createFetchTransport({
      fetch,
      withCredentials: true,
      getHeaders: async () => (asked++, { Authorization: 'Bearer secret' }),
      credentialsFor: credentialScope(ENDPOINT),
    });
    await http.send({ method: 'POST', url: ENDPOINT });
    await http.send({
      method: 'PUT',
      url: `${STORAGE}/session/1`,
      headers: { 'Content-Range': 'bytes */1' },
    });
    await http.send({ method: 'PUT', url: `${ENDPOINT}/part/1?sig=s`, auth: false });
    expect(seen.map((s) => auth(s.init))).to.deep.equal(['Bearer secret', undefined, undefined]);
    expect(seen.map((s) => s.init.credentials)).to.deep.equal(['include', 'omit', 'omit']);
    expect((seen[1].init.headers as Record<string, string>)['Content-Range']).to.equal('bytes */1');
    // The page is not even asked for headers that would not be sent.
    expect(asked).to.equal(1);
  });

  it('with credentials-to the listed origin gets them too, but a presigned URL never does', async () => {
    const { seen, fetch } = recording();
    const http = createFetchTransport({
      fetch,
      withCredentials: true,
      getHeaders: async () => ({ Authorization: 'Bearer secret' }),
      credentialsFor: credentialScope(ENDPOINT, {}, [STORAGE]),
    });
    await http.send({ method: 'PATCH', url: `${STORAGE}/files/1` });
    await http.send({ method: 'PUT', url: `${STORAGE}/part/1?sig=s`, auth: false });
    expect(seen.map((s) => auth(s.init))).to.deep.equal(['Bearer secret', undefined]);
    expect(seen.map((s) => s.init.credentials)).to.deep.equal(['include', 'omit']);
  });

  it('without with-credentials the home origin keeps the fetch default, same-origin', async () => {
    const { seen, fetch } = recording();
    const http = createFetchTransport({ fetch, credentialsFor: credentialScope(ENDPOINT) });
    await http.send({ method: 'POST', url: ENDPOINT });
    await http.send({ method: 'PUT', url: `${STORAGE}/s` });
    expect(seen.map((s) => s.init.credentials)).to.deep.equal(['same-origin', 'omit']);
  });
});

describe('createFetchTransport: an origin that never answers', () => {
  const refused = (async () => {
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;

  function transport(fetch: typeof globalThis.fetch, clock: { now: number }) {
    return createFetchTransport({
      fetch,
      now: () => clock.now,
      getHeaders: async () => ({ Authorization: 'Bearer secret' }),
      credentialsFor: credentialScope(ENDPOINT),
      blocked: { advice: CORS_NEEDS['content-range'], endpoint: ENDPOINT },
    });
  }

  it('fails with code blocked on the third failure over a second, naming the origin and its CORS', async () => {
    const clock = { now: 0 };
    const http = transport(refused, clock);
    const request = { method: 'PUT', url: `${STORAGE}/upload/sessions/1?upload_id=secret` };
    const errors: unknown[] = [];
    for (const at of [0, 400, 1200]) {
      clock.now = at;
      errors.push(await http.send(request).catch((e: unknown) => e));
    }
    expect(errors[0]).to.be.instanceOf(NetworkError);
    expect(errors[1]).to.be.instanceOf(NetworkError);
    const blocked = errors[2] as BlockedError;
    expect(blocked).to.be.instanceOf(BlockedError);
    expect(blocked.code).to.equal('blocked');
    expect(blocked.retryable).to.equal(false);
    expect(blocked.origin).to.equal(STORAGE);
    expect(blocked.message).to.contain(`${STORAGE} never answered`);
    expect(blocked.message).to.contain('the methods PUT, DELETE and the headers Content-Range');
    expect(blocked.message).to.contain('expose Range');
    // The session URL's query string can be a grant: never in a message.
    expect(blocked.message).not.to.contain('upload_id=secret');
    // The storage origin gets no page headers, so none are named as needed there.
    expect(blocked.message).not.to.contain('Authorization');
  });

  it('names Authorization among the headers when the blocked origin is the one that gets them', async () => {
    const clock = { now: 0 };
    const http = transport(refused, clock);
    let error: unknown;
    for (const at of [0, 500, 1500]) {
      clock.now = at;
      error = await http.send({ method: 'POST', url: ENDPOINT }).catch((e: unknown) => e);
    }
    expect((error as BlockedError).message).to.contain('the headers Content-Range, Authorization');
  });

  it('an origin that answered once only ever gets network errors, which are retried', async () => {
    const clock = { now: 0 };
    let calls = 0;
    const flaky = (async () => {
      if (calls++ === 0) return new Response('', { status: 308 });
      throw new TypeError('NetworkError when attempting to fetch resource.');
    }) as typeof fetch;
    const http = transport(flaky, clock);
    const request = { method: 'PUT', url: `${STORAGE}/upload/sessions/1` };
    expect((await http.send(request)).status).to.equal(308);
    for (let i = 0; i < 8; i++) {
      clock.now += 600;
      const error = await http.send(request).catch((e: unknown) => e);
      expect(error, `failure ${i + 1}`).to.be.instanceOf(NetworkError);
    }
  });

  it('without the protocol advice the transport never decides blocked', async () => {
    const clock = { now: 0 };
    const http = createFetchTransport({ fetch: refused, now: () => clock.now });
    for (const at of [0, 500, 1500, 3000]) {
      clock.now = at;
      const error = await http.send({ method: 'PUT', url: `${STORAGE}/s` }).catch((e) => e);
      expect(error).to.be.instanceOf(NetworkError);
    }
  });
});

describe('the upload loop over a transport that watches origins', () => {
  /** A fetch where each request takes `stepMs` of the transport's clock. */
  function scripted(answers: Array<(url: string) => Response>, stepMs: number) {
    const clock = { now: 0 };
    const urls: string[] = [];
    const fetch = (async (url: RequestInfo | URL) => {
      clock.now += stepMs;
      urls.push(String(url));
      const answer = answers[Math.min(urls.length - 1, answers.length - 1)];
      return answer(String(url));
    }) as typeof globalThis.fetch;
    return { clock, urls, fetch };
  }
  const refuse = (): Response => {
    throw new TypeError('Failed to fetch');
  };

  it('stops at the third attempt with a final `blocked`, not after nine', async () => {
    const { clock, urls, fetch } = scripted([refuse], 600);
    const http = createFetchTransport({
      fetch,
      now: () => clock.now,
      blocked: { advice: CORS_NEEDS.tus, endpoint: ENDPOINT },
    });
    const error = await runScripted(tus, http, patternFile(1000), { endpoint: ENDPOINT }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(BlockedError);
    expect((error as BlockedError).message).to.contain('https://app.example.test never answered');
    expect(urls).to.have.length(3);
  });

  it('a session host that answered and then keeps cutting connections is retried to the end', async () => {
    const session = `${STORAGE}/session/1`;
    const { clock, urls, fetch } = scripted(
      [
        () => new Response(JSON.stringify({ url: session }), { status: 200 }),
        () => new Response(null, { status: 308, headers: { Range: 'bytes=0-0' } }),
        refuse,
      ],
      600,
    );
    const http = createFetchTransport({
      fetch,
      now: () => clock.now,
      blocked: { advice: CORS_NEEDS['content-range'], endpoint: ENDPOINT },
    });
    const error = await runScripted(contentRange, http, patternFile(300 * 1024), {
      endpoint: ENDPOINT,
      chunkSize: 256 * 1024,
    }).catch((e: unknown) => e);
    // runScripted allows 3 retries: every failure was an ordinary, retried network error.
    expect((error as Error).message).to.contain('Gave up after 4 attempts');
    expect(urls.filter((u) => u === session).length).to.be.greaterThan(4);
  });
});
