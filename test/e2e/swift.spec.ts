import { createHash } from 'node:crypto';
import {
  startSwift,
  startSwiftTusServer,
  swiftUnavailable,
  SWIFT_BUCKET,
  SWIFT_TUS_BUCKET,
  type TestSwift,
} from '../helpers/swift.js';
import { partMd5s } from '../helpers/s3-backend.js';
import { expect, fileInput, mountOn, randomFile, test, waitForEvent } from './fixtures.js';
import { exposeBackend, mountS3, reloadMidUpload } from './page-backend.js';

const MiB = 1024 * 1024;
/** The element's part size in the S3 modes (docs/protocols/multipart.md). */
const PART_SIZE = 8 * MiB;
/**
 * A second, independent S3: OpenStack Swift's s3api (Debian's packages, a
 * single node on 127.0.0.1 started by test/helpers/swift.ts), doing what
 * s3.spec.ts does against s3rver. The page's backend (Node, through
 * `page.exposeFunction`, presigning with the AWS SDK) creates, signs, lists
 * and completes; the worker PUTs the parts straight to Swift across origins.
 * And tus through @tus/server + @tus/s3-store storing into the same Swift.
 * One Swift for the file: it starts in a few seconds, not per test.
 */
let swift: TestSwift | undefined;

test.beforeAll(async () => {
  // Room for apt-get when Debian's packages still have to be installed.
  test.setTimeout(300_000);
  const unavailable = swiftUnavailable();
  if (unavailable) console.log(`swift.spec.ts skipped: ${unavailable}`);
  test.skip(unavailable !== undefined, `OpenStack Swift cannot be installed: ${unavailable}`);
  swift = await startSwift();
  console.log(`Swift (s3api) ready on ${swift.endpoint} in ${swift.startupMs} ms`);
});

test.afterAll(async () => {
  await swift?.close();
  swift = undefined;
});

/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-N`. */
const multipartEtag = (md5s: string[]) =>
  `"${createHash('md5')
    .update(Buffer.concat(md5s.map((md5) => Buffer.from(md5, 'hex'))))
    .digest('hex')}-${md5s.length}"`;

/** Part numbers PUT to Swift for this upload (from the proxy's access log), ascending. */
const partPuts = (uploadId: string, since = 0) =>
  swift!.requests
    .filter(
      (r) =>
        r.method === 'PUT' &&
        r.uploadId === uploadId &&
        r.partNumber !== undefined &&
        r.startedAt >= since,
    )
    .map((r) => r.partNumber!)
    .sort((a, b) => a - b);

test.describe("OpenStack Swift's s3api end to end (Debian's swift, single node)", () => {
  test('plain S3 through the page backend: 32 MiB in 4 parts, SHA-256 and multipart ETag match', async ({
    page,
    pages,
  }) => {
    const s3 = swift!;
    // The CORS metadata docs/backends.md asks for, on the bucket and where s3api keeps parts.
    for (const container of [SWIFT_BUCKET, `${SWIFT_BUCKET}+segments`]) {
      const headers = await s3.containerHeaders(container);
      expect(headers.get('x-container-meta-access-control-allow-origin')).toBe('*');
      expect(headers.get('x-container-meta-access-control-expose-headers')).toContain('ETag');
    }
    const file = await randomFile(32 * MiB);
    const wiring = await exposeBackend(page, s3.backend());
    await page.goto(`${pages.url}/index.html`);
    await mountS3(page, `${s3.endpoint}/${SWIFT_BUCKET}`);
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const { key, location, etag } = success.detail.result as {
      key: string;
      location: string;
      etag: string;
    };
    expect(location).toContain(key);
    expect(await s3.objectSha256(key)).toBe(file.sha256);

    const md5s = await partMd5s(file.path, PART_SIZE);
    expect(md5s).toHaveLength(4);
    const complete = wiring.calls.at(-1)!.args as {
      uploadId: string;
      parts: Array<{ PartNumber: number; ETag: string }>;
    };
    // Each part's ETag as Swift answered it (CORS let the worker read it), then S3's final ETag.
    expect(complete.parts).toEqual(md5s.map((md5, i) => ({ PartNumber: i + 1, ETag: `"${md5}"` })));
    expect(etag).toBe(multipartEtag(md5s));
    expect(await s3.objectEtag(key)).toBe(multipartEtag(md5s));
    expect(partPuts(complete.uploadId)).toEqual([1, 2, 3, 4]);
    expect(wiring.calls.map((c) => c.hook).filter((h) => h !== 'signPart')).toEqual([
      'createMultipartUpload',
      'completeMultipartUpload',
    ]);
  });

  test('a reload mid-upload asks listParts and sends only the parts Swift lacks', async ({
    page,
    pages,
  }) => {
    const s3 = swift!;
    const file = await randomFile(48 * MiB);
    const endpoint = `${s3.endpoint}/${SWIFT_BUCKET}`;
    const upload = await reloadMidUpload(page, pages.url, s3.backend(), endpoint, file.path);
    const { wiring, created, held } = upload;
    expect(held.length).toBeGreaterThanOrEqual(2);
    const resumedAt = Date.now();
    const callsBefore = wiring.calls.length;

    const success = await upload.resume();
    const result = success.detail.result as { key: string; etag: string };
    expect(result.key).toBe(created.key);
    expect(await s3.objectSha256(created.key)).toBe(file.sha256);
    const md5s = await partMd5s(file.path, PART_SIZE);
    expect(result.etag).toBe(multipartEtag(md5s));
    expect(wiring.calls[callsBefore].hook).toBe('listParts');
    expect(partPuts(created.uploadId, resumedAt)).toEqual(
      [1, 2, 3, 4, 5, 6].filter((n) => !held.includes(n)),
    );
  });

  test('tus through @tus/server + @tus/s3-store into Swift arrives byte for byte', async ({
    page,
    pages,
  }) => {
    const s3 = swift!;
    const tus = await startSwiftTusServer(s3);
    try {
      const file = await randomFile(24 * MiB);
      await page.goto(`${pages.url}/index.html`);
      await mountOn(page, { protocol: 'tus', endpoint: tus.url, 'auto-start': true });
      await page.setInputFiles(fileInput, file.path);
      const success = await waitForEvent(page, 'upload-success');
      const { url } = success.detail.result as { url: string };
      expect(url.startsWith(tus.url)).toBe(true);
      const id = new URL(url).pathname.split('/').pop()!;
      expect(await s3.objectSha256(id, SWIFT_TUS_BUCKET)).toBe(file.sha256);
      // @tus/s3-store wrote it as an S3 multipart upload into Swift.
      const parts = s3.requests.filter(
        (r) => r.method === 'PUT' && r.path === `/${SWIFT_TUS_BUCKET}/${id}` && r.partNumber,
      );
      expect(parts.length).toBeGreaterThanOrEqual(3);
      expect(parts.every((r) => r.status === 200)).toBe(true);
    } finally {
      await tus.close();
    }
  });
});
