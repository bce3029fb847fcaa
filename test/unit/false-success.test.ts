import { expect } from '@open-wc/testing';
import { KiB, type ProtocolAdapter, type ProtocolName } from '../../src/core/adapter.js';
import type { UploadError } from '../../src/core/errors.js';
import { createMemoryStore, sessionKey, type SessionStore } from '../../src/core/session-store.js';
import { chunkedSession } from '../../src/protocols/chunked-session.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { multipart, S3_HOOKS } from '../../src/protocols/multipart/index.js';
import { segments } from '../../src/protocols/segments.js';
import { tus } from '../../src/protocols/tus.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

/**
 * Success is verified, never assumed: a server that says "finished" while it cannot
 * hold every byte ends the upload with `incomplete`, and the session is kept so a
 * retry asks the server again. One protocol per block, each on its own false success.
 */

const ENDPOINT = 'https://api.example.test/upload';
const SESSION = 'https://api.example.test/session/abc';
const CHUNK = 256 * KiB;

/** The run's final error, and whether the session record is still stored. */
async function failedRun<H>(
  adapter: ProtocolAdapter<H>,
  t: ScriptedTransport,
  file: File,
  options: Parameters<typeof runScripted>[3] = {},
): Promise<{ error: UploadError; kept: boolean }> {
  const store: SessionStore = options.store ?? createMemoryStore();
  const error = await runScripted(adapter, t, file, { endpoint: ENDPOINT, ...options, store }).then(
    (run) => {
      throw new Error(`The upload succeeded with ${JSON.stringify(run.result)}`);
    },
    (e: unknown) => e as UploadError,
  );
  const record = await store.get(sessionKey(adapter.protocol, ENDPOINT, infoOf(file)));
  return { error, kept: record !== undefined };
}

async function storedSession(
  file: File,
  protocol: ProtocolName,
  handle: unknown,
  chunkSize: number,
) {
  const store = createMemoryStore();
  const info = infoOf(file);
  await store.put({
    key: sessionKey(protocol, ENDPOINT, info),
    protocol,
    endpoint: ENDPOINT,
    file: info,
    handle,
    chunkSize,
    bytesConfirmed: 0,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    expiresAt: Date.now() + 60_000,
  });
  return store;
}

describe('success is verified: content-range', () => {
  it('a status query answered 200 {"size": "0"} for a non-empty file is incomplete, not success', async () => {
    // The first finding: the status query after a 503 answered 200 {"size":"0"} and was taken as done.
    const file = patternFile(3 * CHUNK);
    const t = new ScriptedTransport([
      { status: 200, headers: { Location: SESSION } }, // GCS
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 503 },
      { status: 200, body: { kind: 'storage#object', size: '0' } },
    ]);
    const { error, kept } = await failedRun(contentRange, t, file, { chunkSize: CHUNK });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.equal(
      `The server says the upload is finished but holds 0 of ${file.size} bytes.`,
    );
    expect(error.retryable).to.equal(false);
    expect(kept, 'the session is kept').to.equal(true);
    expect(t.requests.at(-1)!.headers['Content-Range']).to.equal(`bytes */${file.size}`);
  });

  it('a resumed session whose status query answers 200 with fewer bytes is incomplete', async () => {
    const file = patternFile(2 * CHUNK);
    const store = await storedSession(file, 'content-range', { url: SESSION }, CHUNK);
    const t = new ScriptedTransport([{ status: 200, body: { size: String(CHUNK) } }]);
    const { error, kept } = await failedRun(contentRange, t, file, { chunkSize: CHUNK, store });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain(`holds ${CHUNK} of ${file.size} bytes`);
    expect(kept).to.equal(true);
  });

  it('a 200 to a mid-file chunk of a session that answered 308 is incomplete, not "stored"', async () => {
    // The second finding: such a 200 was read as Redivis's "chunk stored" and the upload went on.
    const file = patternFile(3 * CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 200, body: '' },
    ]);
    const { error, kept } = await failedRun(contentRange, t, file, { chunkSize: CHUNK });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.equal(
      `The server says the upload is finished, but only the first ${2 * CHUNK} of ${file.size} bytes were sent to it.`,
    );
    expect(kept).to.equal(true);
    expect(t.remaining).to.equal(0);
  });

  it('a status query answered 200 without a size, before the last bytes were sent, is incomplete', async () => {
    const file = patternFile(3 * CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 0, networkError: true },
      { status: 200, body: '' },
    ]);
    const { error, kept } = await failedRun(contentRange, t, file, { chunkSize: CHUNK });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain(`only the first ${2 * CHUNK} of ${file.size} bytes`);
    expect(kept).to.equal(true);
  });

  it('a 200 to a mid-file chunk naming a size short of the file is incomplete, even on a first chunk', async () => {
    const file = patternFile(2 * CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 200, body: { size: String(CHUNK) } },
    ]);
    const { error } = await failedRun(contentRange, t, file, { chunkSize: CHUNK });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain(`holds ${CHUNK} of ${file.size} bytes`);
  });

  it('the last chunk answered with a size short of the file is incomplete', async () => {
    const file = patternFile(CHUNK + 10);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 200, body: { size: String(CHUNK) } },
    ]);
    const { error, kept } = await failedRun(contentRange, t, file, { chunkSize: CHUNK });
    expect(error.code).to.equal('incomplete');
    expect(kept).to.equal(true);
  });

  it('a final size written as a string (GCS) that is the file size is success', async () => {
    const file = patternFile(CHUNK + 10);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 200, body: { name: 'movie.bin', size: String(file.size) } },
    ]);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK });
    expect(run.result).to.deep.equal({ name: 'movie.bin', size: String(file.size) });
  });
});

describe('success is verified: tus', () => {
  it('a PATCH reaching the file size while Upload-Length says more is incomplete', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      { status: 201, headers: { Location: SESSION } },
      { status: 204, headers: { 'Upload-Offset': '100', 'Upload-Length': '400' } },
    ]);
    const { error, kept } = await failedRun(tus, t, file, { chunkSize: 64 * KiB });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain('holds 100 bytes');
    expect(error.message).to.contain('400 bytes long');
    expect(kept).to.equal(true);
  });

  it('a PATCH answered with less than the file size is not done: the rest is sent', async () => {
    const file = patternFile(100);
    const t = new ScriptedTransport([
      { status: 201, headers: { Location: SESSION } },
      { status: 204, headers: { 'Upload-Offset': '60' } },
      { status: 204, headers: { 'Upload-Offset': '100', 'Upload-Length': '100' } },
    ]);
    const run = await runScripted(tus, t, file, { endpoint: ENDPOINT, chunkSize: 64 * KiB });
    expect(t.requests[2].headers['Upload-Offset']).to.equal('60');
    expect(t.requests[2].bodySize).to.equal(40);
    expect(run.result).to.deep.equal({ url: SESSION });
  });
});

describe('success is verified: chunked-session', () => {
  const LOCATION = 'https://docspace.example.test/ChunkedUploader.ashx?uid=s-1';
  const info = (uploaded: number, total: number) => ({
    success: true,
    data: { id: 's-1', location: LOCATION, bytes_uploaded: uploaded, bytes_total: total },
  });

  it('a 201 whose bytes_uploaded falls short of the file is incomplete', async () => {
    const file = patternFile(2048);
    const t = new ScriptedTransport([
      { status: 200, body: info(0, file.size) },
      { status: 200, body: info(1024, file.size) },
      { status: 201, body: { success: true, data: { id: 7, bytes_uploaded: 1024 } } },
    ]);
    const { error, kept } = await failedRun(chunkedSession, t, file, { chunkSize: 1024 });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.equal(
      'The server says the upload is finished but holds 1024 of 2048 bytes.',
    );
    expect(kept).to.equal(true);
  });

  it('a 201 to a chunk that ends before the file does is incomplete', async () => {
    const file = patternFile(3072);
    const t = new ScriptedTransport([
      { status: 200, body: info(0, file.size) },
      { status: 201, body: { success: true, data: { id: 7, uploaded: true } } },
    ]);
    const { error, kept } = await failedRun(chunkedSession, t, file, { chunkSize: 1024 });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain('only the first 1024 of 3072 bytes were sent to it');
    expect(kept).to.equal(true);
  });
});

describe('success is verified: multipart', () => {
  const PART = 1024;

  it('a listed part shorter than planned, or listed without its size, is sent again', async () => {
    const file = patternFile(3 * PART);
    const store = await storedSession(
      file,
      'multipart',
      { api: 's3', uploadId: 'U', key: 'k' },
      PART,
    );
    const calls: Array<[string, unknown]> = [];
    const pages: Record<string, (args: { partNumber: number; parts: unknown }) => unknown> = {
      // Sizes as a backend passing S3's XML through gives them: strings, or none at all.
      [S3_HOOKS.list]: () => [
        { PartNumber: 1, ETag: '"e1"', Size: String(PART) },
        { PartNumber: 2, ETag: '"e2-short"', Size: '1000' },
        { PartNumber: 3, ETag: '"e3-unknown"' },
      ],
      [S3_HOOKS.sign]: (a) => `https://s3.example.test/k/${a.partNumber}`,
      [S3_HOOKS.complete]: (a) => a.parts,
    };
    const t = new ScriptedTransport([
      (r: RecordedRequest) => ({ status: 200, headers: { ETag: `"new-${r.url.at(-1)}"` } }),
      (r: RecordedRequest) => ({ status: 200, headers: { ETag: `"new-${r.url.at(-1)}"` } }),
    ]);
    const run = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      store,
      urls: { s3: 'backend' },
      concurrency: 1,
      callPage: async (hook, args) => {
        calls.push([hook, args]);
        return pages[hook](args as { partNumber: number; parts: unknown });
      },
    });
    expect(t.requests.map((r) => `${r.method} ${r.url} ${r.bodySize}`)).to.deep.equal([
      `PUT https://s3.example.test/k/2 ${PART}`,
      `PUT https://s3.example.test/k/3 ${PART}`,
    ]);
    expect(run.result).to.deep.equal([
      { PartNumber: 1, ETag: '"e1"' },
      { PartNumber: 2, ETag: '"new-2"' },
      { PartNumber: 3, ETag: '"new-3"' },
    ]);
  });

  it('the complete call is never made with parts that do not match the plan', async () => {
    const file = patternFile(2 * PART);
    const calls: string[] = [];
    // An adapter that reports its second part one byte short: the loop must not finish.
    const shortPart: typeof multipart = {
      ...multipart,
      forUpload: undefined,
      async sendChunk(ctx, handle, chunk, info) {
        const answer = await multipart.sendChunk(ctx, handle, chunk, info);
        if (answer.kind !== 'part' || answer.part.index !== 1) return answer;
        return { kind: 'part', part: { ...answer.part, size: answer.part.size - 1 } };
      },
    };
    const t = new ScriptedTransport([
      { status: 200, headers: { ETag: '"p1"' } },
      { status: 200, headers: { ETag: '"p2"' } },
    ]);
    const { error, kept } = await failedRun(shortPart, t, file, {
      urls: { s3: 'backend' },
      concurrency: 1,
      callPage: async (hook, args) => {
        calls.push(hook);
        if (hook === S3_HOOKS.create) return { uploadId: 'U', key: 'k', partSize: PART };
        if (hook === S3_HOOKS.sign)
          return `https://s3.example.test/k/${(args as { partNumber: number }).partNumber}`;
        throw new Error(`unexpected ${hook}`);
      },
    });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain(`Only 1 of 2 parts (${PART} of ${2 * PART} bytes)`);
    expect(calls).to.not.include(S3_HOOKS.complete);
    expect(kept).to.equal(true);
  });
});

describe('success is verified: segments', () => {
  const SEG = 1000;
  const TOKEN = 'tok';
  /** Two segments, each answered `success: true` without a result, then this resume answer. */
  const bothConfirmedThen = (resumed: object) =>
    new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1] } },
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true } },
      { status: 200, body: resumed },
    ]);

  it('a completing answer naming fewer bytes than the file is incomplete', async () => {
    const file = patternFile(2 * SEG);
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1] } },
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true, result: { id: 'f', size: SEG } } },
    ]);
    const { error, kept } = await failedRun(segments, t, file, { chunkSize: SEG, concurrency: 1 });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.equal(
      `The server says the upload is finished but holds ${SEG} of ${2 * SEG} bytes.`,
    );
    expect(kept).to.equal(true);
  });

  it('a completing answer naming fewer segments than were planned is incomplete', async () => {
    const file = patternFile(3 * SEG);
    const t = new ScriptedTransport([
      { status: 200, body: { token: TOKEN, segmentsNeeded: [0, 1, 2] } },
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true } },
      { status: 200, body: { success: true, result: { id: 'f', segments: 2 } } },
    ]);
    const { error } = await failedRun(segments, t, file, { chunkSize: SEG, concurrency: 1 });
    expect(error.code).to.equal('incomplete');
    expect(error.message).to.contain('finished with 2 segments, but the file was sent as 3');
  });

  it('every segment confirmed but none said finished: the resume call decides', async () => {
    const file = patternFile(2 * SEG);
    const t = bothConfirmedThen({ token: TOKEN, segmentsNeeded: [], result: { id: 'f' } });
    const run = await runScripted(segments, t, file, {
      endpoint: ENDPOINT,
      chunkSize: SEG,
      concurrency: 1,
    });
    expect(t.requests.at(-1)!.method, 'the resume call').to.equal('PUT');
    expect(run.result).to.deep.equal({ id: 'f' });
  });

  it('every segment confirmed while the resume call still lists one missing is a final error', async () => {
    const file = patternFile(2 * SEG);
    const t = bothConfirmedThen({ token: TOKEN, segmentsNeeded: [1] });
    const { error, kept } = await failedRun(segments, t, file, { chunkSize: SEG, concurrency: 1 });
    expect(error.code).to.equal('protocol');
    expect(error.message).to.contain('holds 1 of the 2 parts');
    expect(kept).to.equal(true);
  });
});
