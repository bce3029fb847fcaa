import { createHash, randomBytes } from 'node:crypto';
import { PrefixHash } from '../../server/prefix-hash.js';
import type { ReferenceServer } from '../../server/reference-server.js';
import { expect, test } from './fixtures.js';

/**
 * The SHA-256 a finished upload's answer names, driven from Node without a page: kept as
 * the bytes arrive in order (no read-back before the answer), read back from disk
 * whenever they did not, and right either way.
 */

const KiB = 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Count the reference server's reads of whole files back from disk while `run` runs. */
async function readBacks(api: ReferenceServer, run: () => Promise<void>): Promise<number> {
  const original = api.storage.sha256.bind(api.storage);
  let reads = 0;
  api.storage.sha256 = (id) => {
    reads++;
    return original(id);
  };
  try {
    await run();
  } finally {
    api.storage.sha256 = original;
  }
  return reads;
}

test.describe('PrefixHash', () => {
  test('in-order appends give the whole file’s SHA-256, and only once it is whole', () => {
    const bytes = randomBytes(10_000);
    const prefix = new PrefixHash();
    for (const [start, end] of [
      [0, 4096],
      [4096, 4096],
      [4096, 10_000],
    ]) {
      expect(prefix.begin(start)).toBe(true);
      expect(prefix.digestOf(end)).toBeUndefined(); // a write under way
      prefix.wrote(bytes.subarray(start, end));
    }
    expect(prefix.digestOf(9_999)).toBeUndefined();
    expect(prefix.digestOf(10_000)).toBe(sha256(bytes));
    // Asking does not end it: more bytes go on from there.
    const more = randomBytes(100);
    expect(prefix.begin(10_000)).toBe(true);
    prefix.wrote(more);
    expect(prefix.digestOf(10_100)).toBe(sha256(Buffer.concat([bytes, more])));
  });

  test('a write below or past the end, two at once, a failed write or a cut give it up', () => {
    const cases: Array<[string, (prefix: PrefixHash) => void]> = [
      ['a rewrite', (p) => p.begin(50)],
      ['a gap', (p) => p.begin(101)],
      [
        'two at once',
        (p) => {
          p.begin(100);
          p.begin(100);
        },
      ],
      [
        'a failed write',
        (p) => {
          p.begin(100);
          p.failed();
        },
      ],
      ['a cut', (p) => p.truncated(60)],
    ];
    for (const [name, breakIt] of cases) {
      const prefix = new PrefixHash();
      prefix.begin(0);
      prefix.wrote(randomBytes(100));
      breakIt(prefix);
      // Whatever comes next, the prefix no longer names the file.
      if (prefix.begin(100)) prefix.wrote(randomBytes(10));
      expect(prefix.digestOf(100), name).toBeUndefined();
      expect(prefix.digestOf(110), name).toBeUndefined();
    }
  });
});

test.describe('a finished upload names its SHA-256', () => {
  test('content-range: chunks in order are hashed as they arrive, never read back', async ({
    api,
  }) => {
    const bytes = randomBytes(512 * KiB + 1000);
    const created = await fetch(`${api.url}/content-range?size=${bytes.length}`, {
      method: 'POST',
    });
    const { url } = (await created.json()) as { url: string };
    let answer: { id: string; sha256: string } | undefined;
    const reads = await readBacks(api, async () => {
      for (const [start, end] of [
        [0, 256 * KiB],
        [256 * KiB, bytes.length],
      ]) {
        const response = await fetch(url, {
          method: 'PUT',
          headers: { 'Content-Range': `bytes ${start}-${end - 1}/${bytes.length}` },
          body: Uint8Array.from(bytes.subarray(start, end)),
        });
        expect(response.status).toBe(end < bytes.length ? 308 : 200);
        if (end === bytes.length) answer = (await response.json()) as typeof answer;
        else await response.arrayBuffer();
      }
    });
    expect(reads).toBe(0);
    expect(answer!.sha256).toBe(sha256(bytes));
    expect(await api.storage.sha256(answer!.id)).toBe(sha256(bytes));
  });

  test('chunked-session: after a cut chunk the file is read back, and the answer is right', async ({
    api,
  }) => {
    const BOUNDARY = '----answer-hash-0123456789';
    const form = (data: Uint8Array) =>
      Uint8Array.from(
        Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          data,
          Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
        ]),
      );
    const post = async (location: string, data: Uint8Array) => {
      try {
        const response = await fetch(location, {
          method: 'POST',
          headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
          body: form(data),
        });
        return { status: response.status, body: await response.text() };
      } catch {
        return { status: 'cut' as const, body: '' };
      }
    };
    const bytes = randomBytes(128 * KiB + 700);
    const first = bytes.subarray(0, 64 * KiB);
    const created = await fetch(`${api.url}/api/2.0/files/9/upload/create_session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'hashed.bin', fileSize: bytes.length }),
    });
    const { data } = (await created.json()) as { data: { location: string } };

    let finished: { status: number | 'cut'; body: string } | undefined;
    const reads = await readBacks(api, async () => {
      // Other bytes, cut mid-body after reaching the disk: the chunk is no chunk.
      api.faults.arm({ kind: 'drop', protocol: 'chunked-session', phase: 'chunk', bytes: 40_000 });
      expect((await post(data.location, randomBytes(64 * KiB))).status).toBe('cut');
      await expect
        .poll(async () => (await (await fetch(data.location)).json()).data.bytes_uploaded)
        .toBe(0);
      expect((await post(data.location, first)).status).toBe(200);
      finished = await post(data.location, bytes.subarray(64 * KiB));
    });
    expect(finished!.status).toBe(201);
    expect(reads).toBe(1);
    const info = (JSON.parse(finished!.body) as { data: { sha256: string } }).data;
    expect(info.sha256).toBe(sha256(bytes));
  });
});
