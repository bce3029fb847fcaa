import { createHash, randomBytes } from 'node:crypto';
import { JoiningHash } from '../../server/joining-hash.js';
import type { ReferenceServer } from '../../server/reference-server.js';
import { expect, test } from './fixtures.js';

/**
 * The SHA-256 a finished upload's answer names, driven from Node without a page: kept as
 * the bytes arrive, in order or not (no read-back of the whole file before the answer),
 * read back whole after a byte was written twice, and right either way.
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

/** A JoiningHash over `disk`, a file held in memory, as the storage gives it: writes land there. */
function overDisk(size: number) {
  const disk = new Uint8Array(size);
  const hash = new JoiningHash(async function* (start, end) {
    yield disk.slice(start, end);
  });
  const write = (position: number, bytes: Uint8Array) => {
    hash.begin(position);
    disk.set(bytes, position);
    hash.wrote(position, bytes);
  };
  return { disk, hash, write };
}

test.describe('JoiningHash', () => {
  test('in-order writes give the whole file’s SHA-256, and only once it is whole', async () => {
    const bytes = randomBytes(10_000);
    const { hash, write } = overDisk(10_100);
    for (const [start, end] of [
      [0, 4096],
      [4096, 4096],
      [4096, 10_000],
    ]) {
      hash.begin(start);
      expect(await hash.digestOf(end), 'a write under way').toBeUndefined();
      hash.wrote(start, bytes.subarray(start, end));
    }
    expect(await hash.digestOf(9_999)).toBeUndefined();
    expect(await hash.digestOf(10_000)).toBe(sha256(bytes));
    // Asking does not end it: more bytes go on from there.
    const more = randomBytes(100);
    write(10_000, more);
    expect(await hash.digestOf(10_100)).toBe(sha256(Buffer.concat([bytes, more])));
  });

  test('writes in any order join up: those past the hashed bytes are read back once they join', async () => {
    const bytes = randomBytes(10_000);
    const part = (n: number) => [n * 2500, bytes.subarray(n * 2500, (n + 1) * 2500)] as const;
    const { hash, write } = overDisk(bytes.length);
    // Parts 3 and 1 wait; part 0 is hashed from its bytes and 1 joins it; 2 joins 3 behind it.
    for (const n of [3, 1, 0]) write(...part(n));
    expect(await hash.digestOf(bytes.length)).toBeUndefined();
    write(...part(2));
    expect(await hash.digestOf(bytes.length)).toBe(sha256(bytes));
  });

  test('a byte written twice, or under way while it was hashed, gives it up', async () => {
    const cases: Array<[string, (t: ReturnType<typeof overDisk>) => void]> = [
      ['a rewrite of hashed bytes', ({ write }) => write(50, randomBytes(10))],
      [
        'a write under way while the bytes before it were hashed',
        ({ hash, write }) => {
          hash.begin(150);
          write(100, randomBytes(100));
          hash.wrote(150, randomBytes(10));
        },
      ],
      [
        'a failed write over hashed bytes',
        ({ hash }) => {
          hash.begin(90);
          hash.failed(90);
        },
      ],
      ['a cut into hashed bytes', ({ hash }) => hash.truncated(60)],
    ];
    for (const [name, breakIt] of cases) {
      const disk = overDisk(200);
      disk.write(0, randomBytes(100));
      breakIt(disk);
      // Whatever comes next, the hash no longer names the file.
      disk.write(100, randomBytes(100));
      expect(await disk.hash.digestOf(200), name).toBeUndefined();
    }
  });

  test('a read-back that fails gives it up', async () => {
    const hash = new JoiningHash(async function* () {
      yield* [];
      throw new Error('EIO');
    });
    const write = (position: number, bytes: Uint8Array) => {
      hash.begin(position);
      hash.wrote(position, bytes);
    };
    write(100, randomBytes(100));
    write(0, randomBytes(100));
    expect(await hash.digestOf(200)).toBeUndefined();
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

  test('multipart: parts stored out of order are hashed as they join, never read back whole', async ({
    api,
  }) => {
    const PART = 64 * KiB;
    const bytes = randomBytes(3 * PART + 500);
    const started = await fetch(`${api.url}/multipart/uploads/multipart?partSize=${PART}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'parts.bin', fileSize: bytes.length }),
    });
    const { result } = (await started.json()) as {
      result: {
        requestKey: string;
        presignedUrls: Array<{ partNumber: number; presignedUrl: string }>;
      };
    };
    let answer: { sha256: string; fileId: string } | undefined;
    const reads = await readBacks(api, async () => {
      const eTags = new Map<number, string>();
      for (const n of [3, 2, 4, 1]) {
        const { presignedUrl } = result.presignedUrls.find((p) => p.partNumber === n)!;
        const response = await fetch(presignedUrl, {
          method: 'PUT',
          body: Uint8Array.from(bytes.subarray((n - 1) * PART, n * PART)),
        });
        expect(response.status).toBe(200);
        eTags.set(n, response.headers.get('ETag')!);
      }
      const completed = await fetch(`${api.url}/multipart/uploads/multipart-complete`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          requestKey: result.requestKey,
          parts: [1, 2, 3, 4].map((partNumber) => ({ partNumber, eTag: eTags.get(partNumber) })),
        }),
      });
      expect(completed.status).toBe(200);
      answer = ((await completed.json()) as { resultInfo: typeof answer }).resultInfo;
    });
    expect(reads).toBe(0);
    expect(answer!.sha256).toBe(sha256(bytes));
    expect(await api.storage.sha256(answer!.fileId)).toBe(sha256(bytes));
  });
});
