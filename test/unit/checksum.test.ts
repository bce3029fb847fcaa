import { expect } from '@open-wc/testing';
import { base64, hex, type HashAlgorithm } from '../../src/core/checksum.js';
import { ChunkReader } from '../../src/core/checksum-chunks.js';
import { hashKit } from '../../src/core/checksum-wasm.js';
import { S3_HOOKS, multipart } from '../../src/protocols/multipart/index.js';
import { patternFile, runScripted } from '../helpers/run-job.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';

const ENDPOINT = 'https://api.example.test/uploads/multipart';
const PART = 1024;
let keys = 0;

const ascii = (text: string) => new TextEncoder().encode(text);
async function digestOf(algorithm: HashAlgorithm, bytes: Uint8Array): Promise<Uint8Array> {
  const hasher = await hashKit.create(algorithm);
  hasher.init();
  hasher.update(bytes);
  return hasher.digest();
}
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
/** SHA-256 by the browser's own code, not the one under test. */
const webSha256 = async (blob: Blob) =>
  hex(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())));

describe('checksum: the hashing code (hash-wasm)', () => {
  it('computes the standard check values of CRC32C, MD5 and SHA-256', async () => {
    expect(hex(await digestOf('crc32c', ascii('123456789')))).to.equal('e3069283');
    expect(hex(await digestOf('md5', ascii('abc')))).to.equal('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(await digestOf('sha256', ascii('abc')))).to.equal(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // S3's x-amz-checksum-crc32c is the big-endian CRC in base64.
    expect(base64(await digestOf('crc32c', ascii('123456789')))).to.equal('4waSgw==');
  });

  it('goes on from a saved state (hash-wasm save/load)', async () => {
    const first = await hashKit.create('sha256');
    first.init();
    first.update(ascii('ab'));
    const state = first.save();
    const second = await hashKit.create('sha256');
    second.init();
    second.load(state);
    second.update(ascii('c'));
    expect(hex(second.digest())).to.equal(hex(await digestOf('sha256', ascii('abc'))));
  });
});

describe('checksum: ChunkReader', () => {
  it('without a checksum hands out slices and reads nothing', async () => {
    const file = patternFile(3000);
    const reader = await ChunkReader.open(file, { algorithm: 'none' }, 'chunk');
    const chunk = await reader.chunk(0, 0, 1000);
    expect(chunk.checksum).to.equal(undefined);
    expect(chunk.blob.size).to.equal(1000);
  });

  it('hashes only what the protocol carries: the whole file for GCS, nothing for a protocol without a field', async () => {
    const file = patternFile(3000);
    const gcs = await ChunkReader.open(file, { algorithm: 'crc32c', kit: hashKit }, 'file');
    const first = await gcs.chunk(0, 0, 2000);
    expect(first.checksum).to.equal(undefined);
    expect(first.fileChecksum).to.equal(undefined);
    const last = await gcs.chunk(1, 2000, 3000);
    expect(last.fileChecksum!.bytes).to.deep.equal(await digestOf('crc32c', await bytesOf(file)));
    const segments = await ChunkReader.open(file, { algorithm: 'crc32c', kit: hashKit }, undefined);
    expect(segments.algorithm).to.equal(undefined);
    expect((await segments.chunk(0, 0, 3000)).checksum).to.equal(undefined);
  });

  it('reads each chunk once, hashes it, and hashes the whole file in order across resends, overlaps and a gap', async () => {
    const file = patternFile(10_000);
    let whole: string | undefined;
    const reader = await ChunkReader.open(
      file,
      { algorithm: 'sha256', kit: hashKit, onWholeFile: (digest) => (whole = hex(digest.bytes)) },
      'chunk',
    );
    // A resumed upload starts at 2000 (the gap is read for the whole-file hash only).
    const first = await reader.chunk(0, 2000, 5000);
    expect(await bytesOf(first.blob)).to.deep.equal(await bytesOf(file.slice(2000, 5000)));
    expect(first.checksum!.bytes).to.deep.equal(
      await digestOf('sha256', await bytesOf(file.slice(2000, 5000))),
    );
    // The same range again (a resend) is the same object: not read twice.
    expect((await reader.chunk(0, 2000, 5000)).blob).to.equal(first.blob);
    // The server kept less than was sent: the next chunk overlaps what was hashed.
    await reader.chunk(1, 4000, 8000);
    expect(whole).to.equal(undefined);
    const last = await reader.chunk(2, 8000, 10_000);
    expect(whole).to.equal(await webSha256(file));
    expect(hex(last.fileChecksum!.bytes)).to.equal(whole);
  });
});

const envelope = (result: unknown) => ({ success: true, errors: [], result, statusCode: 200 });
const started = (key: string, parts: number) =>
  envelope({
    requestKey: key,
    uploadId: `up-${key}`,
    partSize: PART,
    presignedUrls: Array.from({ length: parts }, (_, i) => ({
      partNumber: i + 1,
      presignedUrl: `https://bucket.example.test/${key}/${i + 1}?sig=1`,
    })),
  });
const partNumberOf = (r: RecordedRequest) => Number(new URL(r.url).pathname.split('/').pop());
const badDigest = {
  status: 400,
  body: '<Error><Code>BadDigest</Code><Message>The CRC32C you specified did not match the calculated checksum.</Message></Error>',
};

describe('checksum: multipart (the multipart API)', () => {
  it('announces CRC32C at creation, sends each part with x-amz-checksum-crc32c, and every checksum in the complete call', async () => {
    const key = `ck-${++keys}`;
    const file = patternFile(PART * 2 + 100);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 3) },
      (r) => ({ status: 200, headers: { ETag: `"e${partNumberOf(r)}"` } }),
      (r) => ({ status: 200, headers: { ETag: `"e${partNumberOf(r)}"` } }),
      (r) => ({ status: 200, headers: { ETag: `"e${partNumberOf(r)}"` } }),
      { status: 200, body: envelope(true) },
    ]);
    await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      concurrency: 1,
      checksum: 'crc32c',
    });
    expect(JSON.parse(t.requests[0].body as string)).to.deep.include({
      checksumAlgorithm: 'CRC32C',
    });
    const expected: string[] = [];
    for (let i = 0; i < 3; i++) {
      const slice = file.slice(i * PART, Math.min((i + 1) * PART, file.size));
      expected.push(base64(await digestOf('crc32c', await bytesOf(slice))));
      expect(t.requests[i + 1].headers['x-amz-checksum-crc32c']).to.equal(expected[i]);
      expect(t.requests[i + 1].body).to.equal(await slice.text());
    }
    expect(JSON.parse(t.requests[4].body as string).parts).to.deep.equal(
      expected.map((sum, i) => ({ partNumber: i + 1, eTag: `"e${i + 1}"`, checksumCRC32C: sum })),
    );
  });

  it('a part the storage refuses with BadDigest is sent again, and only then completed', async () => {
    const key = `ck-${++keys}`;
    const file = patternFile(PART * 2);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 2) },
      badDigest,
      { status: 200, headers: { ETag: '"a"' } },
      { status: 200, headers: { ETag: '"b"' } },
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      concurrency: 1,
      checksum: 'crc32c',
    });
    expect(t.requests.map((r) => `${r.method} ${partNumberOf(r) || ''}`)).to.deep.equal([
      'POST ',
      'PUT 1',
      'PUT 1',
      'PUT 2',
      'PUT ',
    ]);
    expect(t.requests[1].headers['x-amz-checksum-crc32c']).to.equal(
      t.requests[2].headers['x-amz-checksum-crc32c'],
    );
    expect(run.notices.map((n) => [n.error.code, n.willRetry])).to.deep.equal([['checksum', true]]);
  });

  it('a part refused every time fails the upload with code checksum and never completes it', async () => {
    const key = `ck-${++keys}`;
    const file = patternFile(PART);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 1) },
      badDigest,
      badDigest,
      badDigest,
    ]);
    const failure = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      checksum: 'crc32c',
    }).catch((error: unknown) => error);
    expect(failure).to.have.property('code', 'checksum');
    expect(t.requests.filter((r) => r.url.includes('-complete'))).to.have.length(0);
    expect(t.remaining).to.equal(0);
  });

  it('md5: sends Content-MD5, and a part whose eTag (the plain MD5) is not ours is sent again', async () => {
    const key = `ck-${++keys}`;
    const file = patternFile(PART);
    const md5 = hex(await digestOf('md5', await bytesOf(file)));
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 1) },
      { status: 200, headers: { ETag: '"00000000000000000000000000000000"' } },
      { status: 200, headers: { ETag: `"${md5}"` } },
      { status: 200, body: envelope(true) },
    ]);
    await runScripted(multipart, t, file, { endpoint: ENDPOINT, checksum: 'md5' });
    expect(t.requests[1].headers['Content-MD5']).to.equal(
      base64(await digestOf('md5', await bytesOf(file))),
    );
    expect(JSON.parse(t.requests[0].body as string)).not.to.have.property('checksumAlgorithm');
    expect(JSON.parse(t.requests[3].body as string).parts).to.deep.equal([
      { partNumber: 1, eTag: `"${md5}"` },
    ]);
  });

  it('none: no checksum header, and the part goes as the slice, unread', async () => {
    const key = `ck-${++keys}`;
    const file = patternFile(PART);
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 1) },
      { status: 200, headers: { ETag: '"a"' } },
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, t, file, { endpoint: ENDPOINT, checksum: 'none' });
    expect(Object.keys(t.requests[1].headers)).to.deep.equal([]);
    expect(run.wholeFile).to.equal(undefined);
  });
});

describe('checksum: multipart (plain S3 through the page backend)', () => {
  it('passes the algorithm to createMultipartUpload and the checksum to signPart; the complete call carries ChecksumSHA256', async () => {
    const file = patternFile(PART * 2);
    const calls: Array<[string, Record<string, unknown>]> = [];
    const t = new ScriptedTransport([
      { status: 200, headers: { ETag: '"1"' } },
      { status: 200, headers: { ETag: '"2"' } },
    ]);
    const answers: Record<string, (args: Record<string, unknown>) => unknown> = {
      [S3_HOOKS.create]: () => ({ uploadId: 'U', key: 'k', partSize: PART }),
      [S3_HOOKS.sign]: (a) => ({
        url: `https://s3.example.test/k?partNumber=${String(a.partNumber)}`,
      }),
      [S3_HOOKS.complete]: () => ({ location: 'https://s3.example.test/k' }),
    };
    const run = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      urls: { s3: 'backend' },
      concurrency: 1,
      checksum: 'sha256',
      callPage: async (hook, args) => {
        calls.push([hook, args as Record<string, unknown>]);
        return answers[hook](args as Record<string, unknown>);
      },
    });
    const sums = [
      base64(await digestOf('sha256', await bytesOf(file.slice(0, PART)))),
      base64(await digestOf('sha256', await bytesOf(file.slice(PART)))),
    ];
    expect(calls[0][1]).to.deep.include({ checksumAlgorithm: 'SHA256' });
    expect(calls[1][1].checksum).to.deep.equal({
      header: 'x-amz-checksum-sha256',
      algorithm: 'SHA256',
      value: sums[0],
    });
    expect(t.requests[0].headers).to.deep.equal({ 'x-amz-checksum-sha256': sums[0] });
    expect(calls.at(-1)![1].parts).to.deep.equal([
      { PartNumber: 1, ETag: '"1"', ChecksumSHA256: sums[0] },
      { PartNumber: 2, ETag: '"2"', ChecksumSHA256: sums[1] },
    ]);
    // The whole file's SHA-256 for upload-success, over the bytes as they were sent.
    expect(hex(run.wholeFile!.bytes)).to.equal(await webSha256(file));
  });

  it('a part whose echoed checksum differs from ours is sent again', async () => {
    const file = patternFile(PART);
    const ours = base64(await digestOf('crc32c', await bytesOf(file)));
    const t = new ScriptedTransport([
      { status: 200, headers: { ETag: '"1"', 'x-amz-checksum-crc32c': 'AAAAAA==' } },
      { status: 200, headers: { ETag: '"1"', 'x-amz-checksum-crc32c': ours } },
    ]);
    await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      urls: { s3: 'backend' },
      checksum: 'crc32c',
      callPage: async (hook) =>
        hook === S3_HOOKS.create
          ? { uploadId: 'U', key: 'k', partSize: PART }
          : hook === S3_HOOKS.sign
            ? 'https://s3.example.test/k?partNumber=1'
            : { ok: true },
    });
    expect(t.requests).to.have.length(2);
    expect(t.remaining).to.equal(0);
  });
});
