import { expect } from '@open-wc/testing';
import {
  BackgroundRefusal,
  MiB,
  type AdapterContext,
  type BackgroundPlan,
  type ServerState,
} from '../../src/core/adapter.js';
import { neededLifetimeMs, urlExpiresAt } from '../../src/core/background-plan.js';
import { chunkedSession } from '../../src/protocols/chunked-session.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { multipart } from '../../src/protocols/multipart/index.js';
import { tus } from '../../src/protocols/tus.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile } from '../helpers/run-job.js';

/**
 * What each adapter hands a Background Fetch: the requests for exactly what the server
 * lacks, from the status answer, and the refusals that keep an upload in the page.
 * The fetch itself runs end to end in Chromium (test/e2e/background.spec.ts).
 */

const ENDPOINT = 'https://api.example.test/uploads/multipart';

function ctxOf(transport = new ScriptedTransport([])): AdapterContext {
  return {
    http: transport,
    endpoint: ENDPOINT,
    options: {},
    signal: new AbortController().signal,
    callPage: async () => {
      throw new Error('no page here');
    },
  };
}

const remainder = (file: File, state: ServerState, extra: object = {}) => ({
  file,
  info: infoOf(file),
  state,
  chunkSize: 1024,
  now: Date.now(),
  bytesPerSecond: 0,
  ...extra,
});

async function refusal(plan: Promise<BackgroundPlan>): Promise<BackgroundRefusal> {
  try {
    await plan;
  } catch (error) {
    expect(error).to.be.instanceOf(BackgroundRefusal);
    return error as BackgroundRefusal;
  }
  throw new Error('the hand-off was not refused');
}

describe('Background Fetch remainders', () => {
  it('content-range: one PUT of the rest with its Content-Range, no auth header', async () => {
    const file = patternFile(3000);
    const handle = { url: 'https://api.example.test/sessions/s1' };
    const plan = await contentRange.remainderRequests!(
      ctxOf(),
      handle,
      remainder(file, { kind: 'offset', offset: 1024 }),
    );
    expect(plan.bytesHeld).to.equal(1024);
    expect(plan.requests).to.have.length(1);
    const [put] = plan.requests;
    expect(put).to.include({ url: handle.url, method: 'PUT', start: 1024, end: 3000 });
    expect(put.headers).to.deep.equal({ 'Content-Range': 'bytes 1024-2999/3000' });
    expect(await put.body.text()).to.equal(await file.slice(1024).text());
    const done = await refusal(
      contentRange.remainderRequests!(
        ctxOf(),
        handle,
        remainder(file, { kind: 'complete', result: {} }),
      ),
    );
    expect(done.reason).to.equal('finished');
  });

  it('tus: one PATCH from the server offset', async () => {
    const file = patternFile(5000);
    const plan = await tus.remainderRequests!(
      ctxOf(),
      { url: 'https://tus.example.test/files/abc' },
      remainder(file, { kind: 'offset', offset: 4096 }),
    );
    const [patch] = plan.requests;
    expect(patch).to.include({ method: 'PATCH', start: 4096, end: 5000 });
    expect(patch.headers).to.deep.equal({
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '4096',
      'Content-Type': 'application/offset+octet-stream',
    });
    expect(patch.body.size).to.equal(904);
  });

  it('chunked-session: the rest as one last chunk, a form a browser would write', async () => {
    const file = patternFile(2048, 'a "quoted" name.bin');
    const plan = await chunkedSession.remainderRequests!(
      ctxOf(),
      { id: 's', location: 'https://docs.example.test/chunked?uid=s' },
      remainder(file, { kind: 'offset', offset: 1536 }),
    );
    const [post] = plan.requests;
    expect(post).to.include({ method: 'POST', start: 1536, end: 2048 });
    const boundary = /boundary=(.+)$/.exec(post.headers['Content-Type'])![1];
    const text = await post.body.text();
    const expected =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a %22quoted%22 name.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${await file.slice(1536).text()}\r\n--${boundary}--\r\n`;
    expect(text).to.equal(expected);
  });

  it('chunked-session: a remainder over 256 MiB stays in the page', async () => {
    const file = patternFile(10);
    const info = { ...infoOf(file), size: 300 * MiB };
    const refused = await refusal(
      chunkedSession.remainderRequests!(
        ctxOf(),
        { id: 's', location: 'https://docs.example.test/chunked?uid=s' },
        { ...remainder(file, { kind: 'offset', offset: 10 * MiB }), info },
      ),
    );
    expect(refused.reason).to.equal('remainder-too-large');
    // Refused for now: the page asks again once one last chunk can hold the rest.
    expect(refused.askAgainAtBytesLeft).to.equal(256 * MiB);
  });

  describe('multipart (the multipart API)', () => {
    const handle = { api: 'seed' as const, requestKey: 'rk-bg', firstPartNumber: 1 };
    const resumed = (expires: number) => ({
      status: 200,
      body: {
        success: true,
        result: {
          presignedUrls: [1, 2, 3].map((n) => ({
            partNumber: n,
            presignedUrl: `https://api.example.test/part/rk-bg/${n}?expires=${expires}&signature=x`,
          })),
        },
      },
    });
    const held: ServerState = { kind: 'parts', parts: [{ index: 0, size: 1024, etag: '"e1"' }] };

    it('PUTs each missing part to a fresh presigned URL; the complete call names every part', async () => {
      const file = patternFile(2500);
      const t = new ScriptedTransport([resumed(Date.now() + 2 * 60 * 60 * 1000)]);
      const plan = await multipart.forUpload!().remainderRequests!(
        ctxOf(t),
        handle,
        remainder(file, held),
      );
      expect(t.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal([
        `POST ${ENDPOINT}-resume`,
      ]);
      expect(plan.bytesHeld).to.equal(1024);
      expect(
        plan.requests.map((r) => [r.part, r.start, r.end, new URL(r.url).pathname, r.auth]),
      ).to.deep.equal([
        [1, 1024, 2048, '/part/rk-bg/2', false],
        [2, 2048, 2500, '/part/rk-bg/3', false],
      ]);
      expect(plan.completion).to.deep.include({
        url: `${ENDPOINT}-complete`,
        method: 'PUT',
        requestKey: 'rk-bg',
        parts: [
          { index: 0, partNumber: 1, eTag: '"e1"' },
          { index: 1, partNumber: 2, eTag: null },
          { index: 2, partNumber: 3, eTag: null },
        ],
      });
    });

    it('stays in the page when a part URL would expire before the fetch could end', async () => {
      const file = patternFile(2500);
      // Ten minutes of life; at 1 byte per second the 1476 bytes left need far longer.
      const t = new ScriptedTransport([resumed(Date.now() + 10 * 60 * 1000)]);
      const refused = await refusal(
        multipart.forUpload!().remainderRequests!(
          ctxOf(t),
          handle,
          remainder(file, held, { bytesPerSecond: 1 }),
        ),
      );
      expect(refused.reason).to.equal('urls-expire');
    });
  });

  it('reads when a presigned URL expires, and how long one must live', () => {
    const s3 =
      'https://b.s3.example.test/k?X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-Signature=x';
    expect(urlExpiresAt(s3)).to.equal(Date.UTC(2026, 0, 1, 1));
    expect(urlExpiresAt('https://x.test/p?expires=1767225600')).to.equal(1767225600 * 1000);
    expect(urlExpiresAt('https://x.test/p?expires=1767225600000')).to.equal(1767225600000);
    expect(urlExpiresAt('https://x.test/p?sig=1')).to.equal(undefined);
    expect(neededLifetimeMs(1000 * MiB, MiB)).to.equal(2000 * 1000);
    expect(neededLifetimeMs(MiB, MiB)).to.equal(10 * 60 * 1000);
    expect(neededLifetimeMs(MiB, 0)).to.equal(30 * 60 * 1000);
  });
});
