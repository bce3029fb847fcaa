import { readFile } from 'node:fs/promises';
import { createCRC32 } from 'hash-wasm';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { expect, randomFile, test } from './fixtures.js';

/**
 * Checksums end to end: real bytes from Chromium's worker to the reference servers, which
 * check every checksum as the real services do, and the `corrupt` fault knob, which changes
 * a byte on its way in. The element must send the chunk again, or fail with code
 * `checksum`; never report a success the stored bytes do not match.
 */

const MiB = 1024 * 1024;

const crc32cBase64 = async (path: string) => {
  const crc = await createCRC32(0x82f63b78);
  crc.init();
  crc.update(await readFile(path));
  return Buffer.from(crc.digest('binary')).toString('base64');
};

interface MultipartFinished {
  resultInfo: { fileId: string; sha256: string };
}

test.describe('checksums: multipart (the multipart API on the reference server)', () => {
  /** The multipart API with 5 MiB parts and this checksum, and a `?fault=` if given. */
  const multipart = (api: string, checksum: string, fault = '', extra = {}) => ({
    protocol: 'multipart',
    endpoint: `${api}/multipart/uploads/multipart?partSize=${5 * MiB}${fault && `&fault=${fault}`}`,
    checksum,
    ...extra,
  });

  test('crc32c: a part corrupted on the way is refused (BadDigest), sent again, and the file arrives whole', async ({
    api,
    uploadToEnd,
  }) => {
    const file = await randomFile(12 * MiB);
    const { success, errors } = await uploadToEnd(
      multipart(api.url, 'crc32c', 'corrupt:1'),
      file.path,
    );
    expect(errors.map((e) => [e.code, e.willRetry])).toEqual([['checksum', true]]);
    const finished = success!.detail.result as MultipartFinished;
    expect(await api.storage.sha256(finished.resultInfo.fileId)).toBe(file.sha256);
    expect(success!.detail.sha256).toBeUndefined();
  });

  test('sha256: upload-success carries the SHA-256 the worker computed, equal to the stored file', async ({
    api,
    uploadToEnd,
  }) => {
    const file = await randomFile(12 * MiB);
    const { success, errors } = await uploadToEnd(multipart(api.url, 'sha256'), file.path);
    expect(errors).toEqual([]);
    const finished = success!.detail.result as MultipartFinished;
    expect(success!.detail.sha256).toBe(file.sha256);
    expect(await api.storage.sha256(finished.resultInfo.fileId)).toBe(file.sha256);
  });

  test('a part corrupted every time: code checksum, final, no success', async ({
    page,
    api,
    uploadToEnd,
  }) => {
    const file = await randomFile(6 * MiB);
    const { success, errors } = await uploadToEnd(
      multipart(api.url, 'md5', 'corrupt:50', { concurrency: '1' }),
      file.path,
    );
    expect(success).toBeUndefined();
    expect(errors.at(-1)).toMatchObject({ code: 'checksum', willRetry: false });
    expect(errors.every((e) => e.code === 'checksum')).toBe(true);
    const status = await page.evaluate(
      () =>
        (
          document.querySelector('resumable-upload') as unknown as {
            uploads: Array<{ status: string }>;
          }
        ).uploads[0].status,
    );
    expect(status).toBe('error');
  });
});

test.describe('checksums: content-range (X-Goog-Hash on the reference server)', () => {
  /** content-range in 4 MiB chunks with this checksum, and a `?fault=` if given. */
  const contentRange = (api: string, checksum: string, fault = '') => ({
    protocol: 'content-range',
    endpoint: `${api}/content-range${fault && `?fault=${fault}`}`,
    'chunk-size': String(4 * MiB),
    checksum,
  });

  test("crc32c: the final request names the object's CRC32C and the answer's crc32c is the file's", async ({
    api,
    uploadToEnd,
  }) => {
    const file = await randomFile(9 * MiB);
    const { success, errors } = await uploadToEnd(contentRange(api.url, 'crc32c'), file.path);
    expect(errors).toEqual([]);
    const result = success!.detail.result as { crc32c: string; sha256: string };
    expect(result.sha256).toBe(file.sha256);
    expect(result.crc32c).toBe(await crc32cBase64(file.path));
  });

  test('a chunk corrupted on the way: the object is refused (400), code checksum, no success', async ({
    api,
    uploadToEnd,
  }) => {
    const file = await randomFile(9 * MiB);
    const { success, errors } = await uploadToEnd(
      contentRange(api.url, 'md5', 'corrupt:1'),
      file.path,
    );
    expect(success).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({ code: 'checksum', status: 400, willRetry: false }),
    ]);
  });
});

test.describe('checksums: tus (Upload-Checksum through the checksum layer in front of @tus/server)', () => {
  let tusServer: TestTusServer;
  test.beforeAll(async ({ pages }) => {
    tusServer = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
  });
  test.afterAll(async () => {
    await tusServer?.close();
  });
  const tus = (checksum: string, extra = {}) => ({
    protocol: 'tus',
    endpoint: tusServer.url,
    checksum,
    ...extra,
  });

  test('md5: a chunk corrupted on the way is answered 460 and sent again; the file arrives whole', async ({
    uploadToEnd,
  }) => {
    const file = await randomFile(12 * MiB);
    tusServer.server.checksums.corruptNext = 1;
    const before = tusServer.server.checksums.mismatches;
    const { success, errors } = await uploadToEnd(
      tus('md5', { 'chunk-size': String(4 * MiB) }),
      file.path,
    );
    expect(tusServer.server.checksums.mismatches - before).toBe(1);
    expect(errors.map((e) => [e.code, e.status, e.willRetry])).toEqual([['checksum', 460, true]]);
    const url = (success!.detail.result as { url: string }).url;
    expect(await tusServer.sha256(url)).toBe(file.sha256);
    // Every PATCH carried its checksum.
    const patches = tusServer.requests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThanOrEqual(4);
  });

  test('sha256 every time corrupted: code checksum, final, no success', async ({ uploadToEnd }) => {
    const file = await randomFile(2 * MiB);
    tusServer.server.checksums.corruptNext = 100;
    const { success, errors } = await uploadToEnd(tus('sha256'), file.path);
    tusServer.server.checksums.corruptNext = 0;
    expect(success).toBeUndefined();
    expect(errors.at(-1)).toMatchObject({ code: 'checksum', status: 460, willRetry: false });
  });
});

test('a checksum name the element does not know: one final config error, nothing sent', async ({
  api,
  uploadToEnd,
}) => {
  const file = await randomFile(1 * MiB);
  const { success, errors } = await uploadToEnd(
    {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      checksum: 'sha1',
    },
    file.path,
  );
  expect(success).toBeUndefined();
  expect(errors).toEqual([
    expect.objectContaining({
      code: 'config',
      willRetry: false,
      message: expect.stringContaining('none, crc32c, md5, sha256'),
    }),
  ]);
});
