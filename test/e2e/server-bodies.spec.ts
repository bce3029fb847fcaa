import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FormFieldStream } from '../../server/protocols/chunked-session.js';
import { multipartUpload } from '../../server/protocols/multipart.js';
import type { ReferenceServer } from '../../server/reference-server.js';
import { expect, test } from './fixtures.js';

/**
 * The reference server's chunk bodies, streamed to disk as they arrive
 * (multipart parts, chunked-session forms), driven from Node without a page:
 * what a cut, a malformed or a wrong-sized body leaves behind, and that a
 * form split anywhere parses the same.
 */

const KiB = 1024;
const BOUNDARY = '----formdata-undici-0123456789';

/** A multipart/form-data body with an extra field before `file`, as some clients send. */
function form(data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    data,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** Bytes with near-delimiters in them: CRLF, dashes and most of the boundary. */
const tricky = Buffer.concat([
  Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n-\r\r\n--`),
  randomBytes(300),
  Buffer.from(`\r\n--${BOUNDARY.slice(0, 12)}`),
]);

function parse(pieces: Buffer[]): { data: Buffer; problem: string | undefined } {
  const stream = new FormFieldStream(BOUNDARY, 'file');
  const out = pieces.flatMap((piece) => stream.push(piece));
  return { data: Buffer.concat(out), problem: stream.end() };
}

/** What the request got: its status, or `cut` when the connection failed. */
async function send(
  url: string,
  method: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<number | 'cut'> {
  try {
    const response = await fetch(url, { method, headers, body: Uint8Array.from(body) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'cut';
  }
}

test.describe('FormFieldStream: multipart/form-data parsed as it arrives', () => {
  test('a form split at any byte gives the field’s bytes whole', () => {
    const body = form(tricky);
    for (let at = 0; at <= body.length; at++) {
      const { data, problem } = parse([body.subarray(0, at), body.subarray(at)]);
      expect(problem, `split at ${at}`).toBeUndefined();
      expect(data.equals(tricky), `split at ${at}`).toBe(true);
    }
    const bytes = Array.from(body, (b) => Buffer.from([b]));
    expect(parse(bytes).data.equals(tricky)).toBe(true);
  });

  test('a preamble, transport padding, an empty part and an epilogue are read past', () => {
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${BOUNDARY}  \t\r\n\r\nno headers\r\n--${BOUNDARY}\r\n`),
      Buffer.from('Content-Disposition: form-data; name="file"\r\n\r\n'),
      tricky,
      Buffer.from(`\r\n--${BOUNDARY}--\r\nepilogue`),
    ]);
    const { data, problem } = parse([body]);
    expect(problem).toBeUndefined();
    expect(data.equals(tricky)).toBe(true);
  });

  test('what is not a whole form with the field says why', () => {
    const body = form(tricky);
    const cut = (n: number) => parse([body.subarray(0, n)]).problem;
    expect(cut(body.length - 5)).toBe('The multipart body is incomplete (no closing boundary).');
    expect(cut(60)).toBe('A multipart part has no end of headers.');
    expect(parse([Buffer.from('no form here')]).problem).toBe(
      'The multipart body has no boundary line.',
    );
    expect(parse([Buffer.from(`--${BOUNDARY}-x\r\n`)]).problem).toBe(
      'The multipart body is malformed.',
    );
    const other = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--${BOUNDARY}--`,
    );
    expect(parse([other]).problem).toBe('The form has no field "file".');
  });
});

test.describe('chunked-session chunks stream to disk, counted only when whole', () => {
  async function session(api: ReferenceServer, size: number) {
    const response = await fetch(`${api.url}/api/2.0/files/9/upload/create_session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'streamed.bin', fileSize: size }),
    });
    const { data } = (await response.json()) as { data: { id: string; location: string } };
    return data;
  }
  const post = (location: string, body: Buffer) =>
    send(location, 'POST', body, { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` });
  const uploaded = async (location: string) =>
    ((await (await fetch(location)).json()) as { data: { bytes_uploaded: number } }).data
      .bytes_uploaded;

  test('a cut, a malformed and an oversized chunk store nothing; whole ones land once', async ({
    api,
  }) => {
    const bytes = randomBytes(96 * KiB + 100);
    const first = bytes.subarray(0, 64 * KiB);
    const { location } = await session(api, bytes.length);
    const file = api.storage.list().find((f) => f.name === 'streamed.bin')!;

    api.faults.arm({ kind: 'drop', protocol: 'chunked-session', phase: 'chunk', bytes: 20_000 });
    expect(await post(location, form(first))).toBe('cut');
    expect(await uploaded(location)).toBe(0);
    // No closing boundary: refused, though its bytes reached the disk.
    const open = form(first).subarray(0, form(first).length - 10);
    expect(await post(location, open)).toBe(400);
    // A 97 KiB chunk into a 96 KiB + 100 B file: refused, nothing written past the file's end.
    expect(await post(location, form(randomBytes(97 * KiB)))).toBe(400);
    expect(await uploaded(location)).toBe(0);
    expect(file.ranges).toEqual([]);
    expect((await readFile(api.storage.path(file.id))).length).toBe(bytes.length);

    expect(await post(location, form(first))).toBe(200);
    expect(await post(location, form(bytes.subarray(64 * KiB)))).toBe(201);
    expect(file.ranges).toEqual([
      [0, 64 * KiB],
      [64 * KiB, bytes.length],
    ]);
    expect(file.complete).toBe(true);
    expect((await readFile(api.storage.path(file.id))).equals(bytes)).toBe(true);
  });
});

test.describe('multipart parts stream to their place, listed only when whole', () => {
  const PART = 64 * KiB;

  test('a cut or wrong-sized part is not stored; a cut resend leaves the stored part intact', async ({
    api,
  }) => {
    const bytes = randomBytes(3 * PART - 100);
    const start = await fetch(`${api.url}/multipart/uploads/multipart?partSize=${PART}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileName: 'parts.bin', fileSize: bytes.length }),
    });
    const { result } = (await start.json()) as {
      result: { requestKey: string; presignedUrls: Array<{ presignedUrl: string }> };
    };
    const urls = result.presignedUrls.map((u) => u.presignedUrl);
    const upload = () => multipartUpload(result.requestKey)!;
    const partOf = (n: number) => bytes.subarray((n - 1) * PART, n * PART);
    const put = (n: number, body: Buffer) => send(urls[n - 1], 'PUT', body);
    const dropNext = () =>
      api.faults.arm({ kind: 'drop', protocol: 'multipart', phase: 'chunk', bytes: 10_000 });
    // The client sees a cut before the server has closed the part's file: let it settle,
    // or the next copy of the part is held in memory (beside one still arriving).
    const settled = () => expect.poll(() => upload().arriving.size).toBe(0);

    const onDisk = async () => (await readFile(api.storage.path(upload().fileId))).length;
    dropNext();
    expect(await put(2, partOf(2))).toBe('cut');
    await settled();
    // One byte too many: refused, and nothing spills into part 3's bytes.
    expect(await put(2, Buffer.concat([partOf(2), Buffer.from([7])]))).toBe(400);
    expect(await onDisk()).toBe(2 * PART);
    expect(await put(3, partOf(3).subarray(1))).toBe(400);
    expect([...upload().parts.keys()]).toEqual([]);
    expect(api.storage.get(upload().fileId)!.ranges).toEqual([]);

    const eTags: string[] = [];
    for (const n of [3, 1, 2]) {
      const response = await fetch(urls[n - 1], {
        method: 'PUT',
        body: Uint8Array.from(partOf(n)),
      });
      expect(response.status).toBe(200);
      const md5 = createHash('md5').update(partOf(n)).digest('hex');
      expect(response.headers.get('etag')).toBe(`"${md5}"`);
      eTags[n - 1] = `"${md5}"`;
    }
    // Part 2 again, other bytes, cut mid-body: the stored part 2 is untouched.
    dropNext();
    expect(await put(2, randomBytes(PART))).toBe('cut');
    expect(upload().parts.get(2)!.eTag).toBe(eTags[1]);

    const complete = await fetch(`${api.url}/multipart/uploads/multipart-complete`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        requestKey: result.requestKey,
        parts: eTags.map((eTag, i) => ({ partNumber: i + 1, eTag })),
      }),
    });
    expect(complete.status).toBe(200);
    const info = api.storage.get(upload().fileId)!;
    expect(api.storage.overlaps(info.id)).toEqual([]);
    expect(info.ranges).toHaveLength(3);
    expect((await readFile(api.storage.path(info.id))).equals(bytes)).toBe(true);
  });
});
