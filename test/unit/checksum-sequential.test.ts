import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import { base64, hex, type HashAlgorithm } from '../../src/core/checksum.js';
import { hashKit } from '../../src/core/checksum-wasm.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { tus } from '../../src/protocols/tus.js';
import { patternFile, runScripted } from '../helpers/run-job.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';

/** Checksums of the sequential protocols over a scripted transport: GCS's X-Goog-Hash, tus's Upload-Checksum. */

const CHUNK = 256 * KiB;
const SESSION = 'https://api.example.test/session/abc';

async function digestOf(algorithm: HashAlgorithm, blob: Blob): Promise<Uint8Array> {
  const hasher = await hashKit.create(algorithm);
  hasher.init();
  hasher.update(new Uint8Array(await blob.arrayBuffer()));
  return hasher.digest();
}

describe('checksum: content-range (GCS X-Goog-Hash)', () => {
  const script = (finalBody: object) => [
    { status: 200, body: { url: SESSION } },
    { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
    { status: 200, body: finalBody },
  ];

  it("sends the object's CRC32C on the final request only, and accepts an answer with the same crc32c", async () => {
    const file = patternFile(CHUNK + 100);
    const crc = base64(await digestOf('crc32c', file));
    const t = new ScriptedTransport(script({ size: String(file.size), crc32c: crc }));
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK, checksum: 'crc32c' });
    expect(t.requests[1].headers).not.to.have.property('X-Goog-Hash');
    expect(t.requests[2].headers['X-Goog-Hash']).to.equal(`crc32c=${crc}`);
    expect(t.requests[2].body).to.equal(await file.slice(CHUNK).text());
    expect(run.result).to.deep.include({ crc32c: crc });
  });

  it('md5: X-Goog-Hash md5=…; an answer whose md5Hash differs fails with code checksum, not re-sent', async () => {
    const file = patternFile(CHUNK + 100);
    const md5 = base64(await digestOf('md5', file));
    const t = new ScriptedTransport(script({ size: String(file.size), md5Hash: 'AAAA' }));
    const failure = await runScripted(contentRange, t, file, {
      chunkSize: CHUNK,
      checksum: 'md5',
    }).catch((error: unknown) => error);
    expect(t.requests[2].headers['X-Goog-Hash']).to.equal(`md5=${md5}`);
    expect(failure).to.have.property('code', 'checksum');
    expect(t.requests).to.have.length(3);
  });

  it('a 400 refusing the hash fails with code checksum', async () => {
    const file = patternFile(CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 400, body: 'Provided CRC32C "AAAAAA==" doesn\'t match calculated CRC32C' },
    ]);
    const failure = await runScripted(contentRange, t, file, {
      chunkSize: CHUNK,
      checksum: 'crc32c',
    }).catch((error: unknown) => error);
    expect(failure).to.have.property('code', 'checksum');
  });
});

describe('checksum: tus (Upload-Checksum)', () => {
  let endpoints = 0;
  const options = (checksum: HashAlgorithm, endpoint: string) => ({
    endpoint,
    chunkSize: 64 * KiB,
    checksum,
  });
  const created = { status: 201, headers: { Location: 'https://api.example.test/files/f1' } };
  const patched = (offset: number) => ({
    status: 204,
    headers: { 'Upload-Offset': String(offset) },
  });
  const line = (r: RecordedRequest) => `${r.method} ${r.headers['Upload-Checksum'] ?? ''}`;

  it('asks OPTIONS once, then sends Upload-Checksum on each PATCH; a 460 re-sends that chunk', async () => {
    const endpoint = `https://api.example.test/files-${++endpoints}/`;
    const file = patternFile(64 * KiB + 10);
    const sums = [
      base64(await digestOf('sha256', file.slice(0, 64 * KiB))),
      base64(await digestOf('sha256', file.slice(64 * KiB))),
    ];
    const t = new ScriptedTransport([
      created,
      {
        status: 204,
        headers: { 'Tus-Extension': 'creation,checksum', 'Tus-Checksum-Algorithm': 'md5,sha256' },
      },
      patched(64 * KiB),
      { status: 460, body: 'Checksum Mismatch' },
      patched(file.size),
    ]);
    const run = await runScripted(tus, t, file, options('sha256', endpoint));
    expect(t.requests.map(line)).to.deep.equal([
      'POST ',
      'OPTIONS ',
      `PATCH sha256 ${sums[0]}`,
      `PATCH sha256 ${sums[1]}`,
      `PATCH sha256 ${sums[1]}`,
    ]);
    expect(run.notices.map((n) => n.error.code)).to.deep.equal(['checksum']);
    expect(hex(run.wholeFile!.bytes)).to.equal(hex(await digestOf('sha256', file)));
  });

  it('a server without the checksum extension gets no Upload-Checksum', async () => {
    const endpoint = `https://api.example.test/files-${++endpoints}/`;
    const file = patternFile(100);
    const t = new ScriptedTransport([
      created,
      { status: 204, headers: { 'Tus-Extension': 'creation,termination' } },
      patched(100),
    ]);
    await runScripted(tus, t, file, options('crc32c', endpoint));
    expect(t.requests.map(line)).to.deep.equal(['POST ', 'OPTIONS ', 'PATCH ']);
  });

  it('an algorithm the server does not list is not sent', async () => {
    const endpoint = `https://api.example.test/files-${++endpoints}/`;
    const file = patternFile(100);
    const t = new ScriptedTransport([
      created,
      { status: 204, headers: { 'Tus-Extension': 'checksum', 'Tus-Checksum-Algorithm': 'sha1' } },
      patched(100),
    ]);
    await runScripted(tus, t, file, options('crc32c', endpoint));
    expect(t.requests.map(line)).to.deep.equal(['POST ', 'OPTIONS ', 'PATCH ']);
  });

  it('a 460 every time fails with code checksum', async () => {
    const endpoint = `https://api.example.test/files-${++endpoints}/`;
    const file = patternFile(100);
    const t = new ScriptedTransport([
      created,
      { status: 204, headers: { 'Tus-Extension': 'checksum', 'Tus-Checksum-Algorithm': 'md5' } },
      { status: 460 },
      { status: 460 },
      { status: 460 },
    ]);
    const failure = await runScripted(tus, t, file, options('md5', endpoint)).catch(
      (error: unknown) => error,
    );
    expect(failure).to.have.property('code', 'checksum');
    expect(t.remaining).to.equal(0);
  });
});
