import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import { base64, hex, type HashAlgorithm, type SavedHashState } from '../../src/core/checksum.js';
import { ChunkReader } from '../../src/core/checksum-chunks.js';
import { hashKit } from '../../src/core/checksum-wasm.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';

/**
 * The whole-file hash's state kept with the confirmed offset (checksum-chunks.ts,
 * `keepState`): a resume from that offset goes on from it without reading the prefix
 * again; a state at another offset, of another algorithm or unreadable is dropped and the
 * prefix is read and hashed as before. And a chunk read in pieces hashes as one.
 */

const CHUNK = 256 * KiB;
const SESSION = 'https://api.example.test/session/abc';
const ENDPOINT = 'https://api.example.test/upload';

async function digestOf(algorithm: HashAlgorithm, blob: Blob): Promise<string> {
  const hasher = await hashKit.create(algorithm);
  hasher.init();
  hasher.update(new Uint8Array(await blob.arrayBuffer()));
  return hex(hasher.digest());
}

/** `file` with every `slice` it is asked for written down as `start-end`. */
function watched(file: File): { file: File; slices: string[] } {
  const slices: string[] = [];
  const slice = file.slice.bind(file);
  file.slice = (start?: number, end?: number, type?: string) => {
    slices.push(`${start}-${end}`);
    return slice(start, end, type);
  };
  return { file, slices };
}

const setting = (algorithm: HashAlgorithm) => ({ algorithm, kit: hashKit });

describe('checksum: the whole-file hash state kept for resume', function () {
  // Files of a few MiB made and hashed in JavaScript: slow on a busy machine.
  this.timeout(30_000);
  async function stateAfter(file: File, algorithm: HashAlgorithm, ends: number[]) {
    const reader = await ChunkReader.open(file, setting(algorithm), 'file');
    let start = 0;
    for (const end of ends) {
      await reader.prepare({ index: 0, start, end, blob: file.slice(start, end) });
      start = end;
    }
    const record: { hashState?: SavedHashState } = {};
    reader.keepState(record, start);
    return record;
  }

  it('is kept at the end of a hashed chunk, and taken out for an offset it did not reach', async () => {
    const file = patternFile(3 * CHUNK);
    const record = await stateAfter(file, 'crc32c', [CHUNK, 2 * CHUNK]);
    expect(record.hashState).to.include({ algorithm: 'crc32c', offset: 2 * CHUNK });
    const reader = await ChunkReader.open(file, setting('crc32c'), 'file');
    reader.keepState(record, CHUNK);
    expect(record).not.to.have.property('hashState');
  });

  it('a reader resumed from it at that offset reads only what follows, and digests the whole file', async () => {
    const { hashState } = await stateAfter(patternFile(3 * CHUNK), 'sha256', [CHUNK, 2 * CHUNK]);
    const { file, slices } = watched(patternFile(3 * CHUNK));
    const reader = await ChunkReader.open(file, setting('sha256'), 'file', {
      offset: 2 * CHUNK,
      saved: hashState,
    });
    const last = await reader.prepare({
      index: 2,
      start: 2 * CHUNK,
      end: 3 * CHUNK,
      blob: file.slice(2 * CHUNK, 3 * CHUNK),
    });
    expect(hex(last.fileChecksum!.bytes)).to.equal(await digestOf('sha256', file));
    expect(slices.filter((s) => !s.startsWith(`${2 * CHUNK}-`))).to.deep.equal([]);
  });

  for (const [what, change] of [
    ['at another offset', (s: SavedHashState) => ({ ...s, offset: CHUNK })],
    ['of another algorithm', (s: SavedHashState) => ({ ...s, algorithm: 'md5' as const })],
    ['unreadable', (s: SavedHashState) => ({ ...s, state: new Uint8Array(7) })],
  ] as const) {
    it(`one ${what} is dropped: the prefix is read and hashed again`, async () => {
      const { hashState } = await stateAfter(patternFile(3 * CHUNK), 'sha256', [2 * CHUNK]);
      const { file, slices } = watched(patternFile(3 * CHUNK));
      const reader = await ChunkReader.open(file, setting('sha256'), 'file', {
        offset: 2 * CHUNK,
        saved: change(hashState!),
      });
      const last = await reader.prepare({
        index: 2,
        start: 2 * CHUNK,
        end: 3 * CHUNK,
        blob: file.slice(2 * CHUNK, 3 * CHUNK),
      });
      expect(hex(last.fileChecksum!.bytes)).to.equal(await digestOf('sha256', file));
      expect(slices).to.include(`0-${2 * CHUNK}`);
    });
  }

  it('a chunk read in several pieces is sent as the same bytes, with the digest of them all', async () => {
    const { file, slices } = watched(patternFile(2 * CHUNK + 1000));
    const reader = await ChunkReader.open(file, setting('crc32c'), 'chunk', undefined, CHUNK);
    const chunk = await reader.prepare({ index: 0, start: 0, end: file.size, blob: file });
    expect(slices).to.deep.equal([
      `0-${CHUNK}`,
      `${CHUNK}-${2 * CHUNK}`,
      `${2 * CHUNK}-${file.size}`,
    ]);
    expect(hex(chunk.checksum!.bytes)).to.equal(await digestOf('crc32c', file));
    expect(chunk.blob.size).to.equal(file.size);
    expect(await digestOf('sha256', chunk.blob)).to.equal(await digestOf('sha256', file));
  });

  it("a part's SHA-256 is the same from crypto.subtle and, where a page has none (not a secure context), from hash-wasm", async () => {
    const file = patternFile(CHUNK + 5);
    const expected = await digestOf('sha256', file);
    const partDigest = async () => {
      const reader = await ChunkReader.open(file, setting('sha256'), 'chunk');
      const part = await reader.prepare({ index: 0, start: 0, end: file.size, blob: file });
      return hex(part.checksum!.bytes);
    };
    expect(await partDigest()).to.equal(expected);
    const own = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(globalThis.crypto).to.equal(undefined);
      expect(await partDigest()).to.equal(expected);
    } finally {
      if (own) Object.defineProperty(globalThis, 'crypto', own);
      else delete (globalThis as { crypto?: Crypto }).crypto;
    }
    expect(globalThis.crypto.subtle).to.be.instanceOf(SubtleCrypto);
  });

  it('content-range: a reload resumes the object hash from the stored state, not from byte 0', async () => {
    const store = createMemoryStore();
    const first = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 400, body: { message: 'A proxy refused the chunk' } },
    ]);
    const options = { endpoint: ENDPOINT, chunkSize: CHUNK, checksum: 'crc32c' as const, store };
    const failed = await runScripted(contentRange, first, patternFile(3 * CHUNK), options).catch(
      (e: unknown) => e,
    );
    expect(failed).to.have.property('status', 400);
    const key = sessionKey('content-range', ENDPOINT, infoOf(patternFile(3 * CHUNK)));
    expect((await store.get(key))?.hashState).to.include({ algorithm: 'crc32c', offset: CHUNK });

    const { file, slices } = watched(patternFile(3 * CHUNK));
    const crc = base64(
      Uint8Array.from((await digestOf('crc32c', file)).match(/../g)!, (h) => parseInt(h, 16)),
    );
    const second = new ScriptedTransport([
      { status: 308, headers: { Range: `bytes=0-${CHUNK - 1}` } },
      { status: 308, headers: { Range: `bytes=0-${2 * CHUNK - 1}` } },
      { status: 200, body: { size: String(file.size), crc32c: crc } },
    ]);
    const run = await runScripted(contentRange, second, file, options);
    expect(second.requests[2].headers['X-Goog-Hash']).to.equal(`crc32c=${crc}`);
    expect(run.result).to.deep.include({ crc32c: crc });
    // Only the fingerprint's small samples come before the confirmed offset.
    expect(slices.filter((s) => Number(s.split('-')[0]) < CHUNK)).to.deep.equal([`0-${64 * KiB}`]);
  });
});
