import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import type { UploadError } from '../../src/core/errors.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { contentRange, CREATE_SESSION_HOOK } from '../../src/protocols/content-range.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

/**
 * content-range's session: made by the page's `backend.createSession()` when it has one,
 * else by `POST {endpoint}?size=N`, whose answer must name the session URL where the page
 * can read it.
 */

const ENDPOINT = 'https://api.example.test/upload';
const SESSION = 'https://storage.example.test/upload/session-1';
const CHUNK = 256 * KiB;

/** The run's final error; a run that succeeds fails the test. */
function failure(run: Promise<unknown>): Promise<UploadError> {
  return run.then(
    (result) => {
      throw new Error(`The upload succeeded with ${JSON.stringify(result)}`);
    },
    (e: unknown) => e as UploadError,
  );
}

describe('content-range: a session made by the page backend', () => {
  it('createSession makes the session, its URL is stored, and a reload resumes against it', async () => {
    const file = patternFile(3 * CHUNK, 'clip.mov');
    const store = createMemoryStore();
    const calls: Array<[string, unknown]> = [];
    const first = new ScriptedTransport([
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 400, body: { message: 'A proxy refused the chunk' } },
    ]);
    const failed = await runScripted(contentRange, first, file, {
      endpoint: ENDPOINT,
      chunkSize: CHUNK,
      metadata: { project: 'p1' },
      backend: [CREATE_SESSION_HOOK],
      store,
      callPage: async (hook, args) => {
        calls.push([hook, args]);
        return { url: SESSION };
      },
    }).catch((e: unknown) => e as Error);
    expect(failed).to.be.instanceOf(Error);
    expect(calls).to.deep.equal([
      [
        CREATE_SESSION_HOOK,
        {
          name: 'clip.mov',
          size: file.size,
          type: 'application/octet-stream',
          lastModified: file.lastModified,
          metadata: { project: 'p1' },
        },
      ],
    ]);
    // No POST to the endpoint: the first request is the first chunk, to the page's session.
    expect(first.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      `PUT ${SESSION}`,
      `PUT ${SESSION}`,
    ]);
    const key = sessionKey('content-range', ENDPOINT, infoOf(file));
    const record = await store.get(key);
    expect(record?.handle).to.deep.equal({ url: SESSION });
    expect(record?.bytesConfirmed).to.equal(CHUNK);

    // After a reload: the stored session URL is asked, and createSession is not called again.
    const second = new ScriptedTransport([
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 308, headers: { Range: `bytes=0-${2 * CHUNK - 1}` } },
      { status: 200, body: { name: 'clip.mov', size: String(file.size) } },
    ]);
    const run = await runScripted(contentRange, second, file, {
      endpoint: ENDPOINT,
      chunkSize: CHUNK,
      backend: [CREATE_SESSION_HOOK],
      store,
      callPage: async (hook) => {
        throw new Error(`${hook} must not be called on resume`);
      },
    });
    expect(second.requests.map((r) => [r.url, r.headers['Content-Range']])).to.deep.equal([
      [SESSION, `bytes */${file.size}`],
      [SESSION, `bytes ${CHUNK}-${2 * CHUNK - 1}/${file.size}`],
      [SESSION, `bytes ${2 * CHUNK}-${file.size - 1}/${file.size}`],
    ]);
    expect(run.result).to.deep.equal({ name: 'clip.mov', size: String(file.size) });
    expect(await store.get(key)).to.equal(undefined);
  });

  it('takes the URL as a string, read against the endpoint when relative', async () => {
    const file = patternFile(10);
    const t = new ScriptedTransport([{ status: 201, body: '' }]);
    await runScripted(contentRange, t, file, {
      endpoint: ENDPOINT,
      chunkSize: CHUNK,
      backend: ['signPart', CREATE_SESSION_HOOK],
      callPage: async () => 'sessions/s2?upload_id=x',
    });
    expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
      'PUT https://api.example.test/sessions/s2?upload_id=x',
    ]);
  });

  it('an answer without a session URL is a final protocol error naming the function', async () => {
    const t = new ScriptedTransport([]);
    const error = await failure(
      runScripted(contentRange, t, patternFile(10), {
        endpoint: ENDPOINT,
        chunkSize: CHUNK,
        backend: [CREATE_SESSION_HOOK],
        callPage: async () => ({ id: 'no-url' }),
      }),
    );
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('backend.createSession() gave no session URL');
    expect(error.message).to.contain('{"id":"no-url"}');
    expect(t.requests).to.have.length(0);
  });

  it('a page without createSession POSTs to the endpoint as before', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 200, body: '' },
    ]);
    await runScripted(contentRange, t, patternFile(10), {
      endpoint: ENDPOINT,
      chunkSize: CHUNK,
      backend: ['signPart'],
    });
    expect(t.requests[0].method).to.equal('POST');
    expect(t.requests[0].url).to.equal(`${ENDPOINT}?size=10`);
  });
});

describe('content-range: a creation answer without a readable session URL', () => {
  for (const answer of [
    // GCS style: an empty body and the URL in a Location header that CORS did not expose.
    { status: 200, body: '' },
    { status: 201, body: 'Created' },
  ]) {
    it(`${answer.status} ${JSON.stringify(answer.body)} from another origin: the Location header may be hidden by CORS`, async () => {
      const t = new ScriptedTransport([answer]);
      const error = await failure(
        runScripted(contentRange, t, patternFile(10), { endpoint: ENDPOINT, chunkSize: CHUNK }),
      );
      expect(error.code).to.equal('protocol');
      expect(error.status).to.equal(answer.status);
      expect(error.message).to.contain('Location header, if it sent one, may be hidden by CORS');
      expect(error.message).to.contain('Access-Control-Expose-Headers: Location');
      expect(error.message).to.not.contain('answer was not JSON');
    });
  }

  it('says when the body is not JSON, beside the CORS explanation', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: '<!doctype html><title>Sign in</title>' },
    ]);
    const error = await failure(
      runScripted(contentRange, t, patternFile(10), { endpoint: ENDPOINT, chunkSize: CHUNK }),
    );
    expect(error.message).to.contain(
      'no JSON "url" (its body is not JSON), and its Location header',
    );
  });

  it('from the page origin, says neither a Location header nor a JSON "url" came', async () => {
    const t = new ScriptedTransport([{ status: 200, body: { kind: 'resumableUpload' } }]);
    const error = await failure(
      runScripted(contentRange, t, patternFile(10), {
        endpoint: `${location.origin}/upload`,
        chunkSize: CHUNK,
      }),
    );
    expect(error.message).to.equal(
      'The server created no upload session: its 200 answer had neither a Location header nor a JSON "url".',
    );
  });
});
