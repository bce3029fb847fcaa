import { S3Client } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { startCorruptingProxy, type CorruptingProxy } from '../helpers/corrupting-proxy.js';
import { partMd5s, sdkS3Backend } from '../helpers/s3-backend.js';
import { startSwift, swiftUnavailable, SWIFT_BUCKET, type TestSwift } from '../helpers/swift.js';
import { expect, fileInput, randomFile, test, uploadOutcome } from './fixtures.js';
import { exposeBackend, mountS3, type Wiring } from './page-backend.js';

const MiB = 1024 * 1024;
/** The element's part size in the S3 modes (docs/protocols/multipart.md). */
const PART_SIZE = 8 * MiB;

/**
 * Plain S3 with the element's `checksum`, against the real OpenStack Swift s3api (Debian's
 * swift 2.30, test/helpers/swift.ts), through a bad link: a proxy in front of Swift that
 * passes everything through and flips one byte of the part PUTs it is told to
 * (test/helpers/corrupting-proxy.ts). The page's backend presigns for the proxy's address
 * and signs each part's checksum with its URL. What Swift does with each header is in
 * docs/protocols/multipart.md ("What real S3 servers do with the checksums").
 */
let swift: TestSwift | undefined;
let proxy: CorruptingProxy | undefined;
let client: S3Client | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const unavailable = swiftUnavailable();
  test.skip(unavailable !== undefined, `OpenStack Swift cannot be installed: ${unavailable}`);
  swift = await startSwift();
  proxy = await startCorruptingProxy(swift.endpoint);
  client = new S3Client({ ...swift.s3Config, endpoint: proxy.url });
});

test.afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await swift?.close();
});

/** The page wired to Swift through the proxy; the upload's part PUTs seen from here on. */
async function openThroughProxy(page: Page, pagesUrl: string, corsOnErrors = false) {
  proxy!.corsOnErrors = corsOnErrors;
  proxy!.corruptParts(0);
  const wiring = await exposeBackend(page, sdkS3Backend(client!, proxy!.url, SWIFT_BUCKET));
  await page.goto(`${pagesUrl}/index.html`);
  const since = proxy!.requests.length;
  const partPuts = () =>
    proxy!.requests.slice(since).filter((r) => r.method === 'PUT' && r.partNumber);
  return { wiring, partPuts };
}

const hooks = (wiring: Wiring) => wiring.calls.map((c) => c.hook);

test.describe("checksums against OpenStack Swift's s3api (a corrupting proxy in front)", () => {
  test('md5: each part carries a signed Content-MD5 that Swift checks; the file arrives whole', async ({
    page,
    pages,
  }) => {
    const file = await randomFile(20 * MiB);
    const { wiring, partPuts } = await openThroughProxy(page, pages.url);
    await mountS3(page, `${proxy!.url}/${SWIFT_BUCKET}`, { checksum: 'md5' });
    await page.setInputFiles(fileInput, file.path);
    const { success, errors } = await uploadOutcome(page);
    expect(errors).toEqual([]);
    const { key } = success!.detail.result as { key: string };
    expect(await swift!.objectSha256(key)).toBe(file.sha256);

    const md5s = await partMd5s(file.path, PART_SIZE, 'base64');
    // signPart received each part's checksum, and the PUT carried it as signed.
    const signed = wiring.calls
      .filter((c) => c.hook === 'signPart')
      .map((c) => c.args as { partNumber: number; checksum: unknown })
      .sort((a, b) => a.partNumber - b.partNumber);
    expect(signed.map((s) => [s.partNumber, s.checksum])).toEqual(
      md5s.map((value, i) => [i + 1, { header: 'Content-MD5', algorithm: 'MD5', value }]),
    );
    // Swift checked each URL's signature, Content-MD5 in it, then the bytes against it.
    const puts = partPuts().sort((a, b) => a.partNumber! - b.partNumber!);
    expect(
      puts.map((r) => [r.partNumber, r.signedHeaders, r.checksumHeaders['content-md5'], r.status]),
    ).toEqual(md5s.map((value, i) => [i + 1, 'content-md5;host', value, 200]));
    // Content-MD5 only: no algorithm at creation, no checksum in the complete call.
    const create = wiring.calls.find((c) => c.hook === 'createMultipartUpload')!.args;
    expect(create.checksumAlgorithm).toBeUndefined();
    const complete = wiring.calls.find((c) => c.hook === 'completeMultipartUpload')!.args as {
      parts: Array<Record<string, unknown>>;
    };
    expect(complete.parts.every((p) => Object.keys(p).join() === 'PartNumber,ETag')).toBe(true);
  });

  // Swift answers BadDigest without CORS headers: the page cannot read it and sees a request
  // that failed before any answer (`network`): it asks listParts what Swift holds and sends
  // the part again; failing every time, it stops as `blocked`. With CORS on the error
  // answers (as a deployment adds in front of Swift), the page reads BadDigest: `checksum`.
  for (const corsOnErrors of [false, true]) {
    const how = corsOnErrors ? 'read as BadDigest' : 'unreadable (no CORS on errors)';
    const [retried, final] = corsOnErrors ? ['checksum', 'checksum'] : ['network', 'blocked'];

    test(`md5: a part corrupted on the way is refused by Swift, ${how}, sent again; the file arrives whole`, async ({
      page,
      pages,
    }) => {
      const file = await randomFile(20 * MiB);
      const { wiring, partPuts } = await openThroughProxy(page, pages.url, corsOnErrors);
      proxy!.corruptParts(1, 4096);
      await mountS3(page, `${proxy!.url}/${SWIFT_BUCKET}`, { checksum: 'md5', concurrency: '1' });
      await page.setInputFiles(fileInput, file.path);
      const { success, errors } = await uploadOutcome(page);
      expect(errors.map((e) => [e.code, e.willRetry])).toEqual([[retried, true]]);
      const { key } = success!.detail.result as { key: string };
      expect(await swift!.objectSha256(key)).toBe(file.sha256);
      expect(partPuts().map((r) => [r.partNumber, r.corrupted, r.status, r.errorCode])).toEqual([
        [1, true, 400, 'BadDigest'],
        [1, false, 200, undefined],
        [2, false, 200, undefined],
        [3, false, 200, undefined],
      ]);
      expect(hooks(wiring).filter((h) => h !== 'signPart')).toEqual([
        'createMultipartUpload',
        ...(corsOnErrors ? [] : ['listParts']),
        'completeMultipartUpload',
      ]);
    });

    test(`md5: a part corrupted every time, ${how}: a final error, never completed, no success`, async ({
      page,
      pages,
    }) => {
      const file = await randomFile(6 * MiB);
      const { wiring, partPuts } = await openThroughProxy(page, pages.url, corsOnErrors);
      proxy!.corruptParts(100);
      await mountS3(page, `${proxy!.url}/${SWIFT_BUCKET}`, { checksum: 'md5' });
      await page.setInputFiles(fileInput, file.path);
      const { success, errors } = await uploadOutcome(page);
      expect(success).toBeUndefined();
      expect(errors.at(-1)).toMatchObject({ code: final, willRetry: false });
      expect(errors.slice(0, -1).every((e) => e.code === retried && e.willRetry)).toBe(true);
      if (corsOnErrors) {
        // The final word says what happened, and promises no further send.
        expect(errors.at(-1)!.message).toBe(
          'The storage refused part 1: its bytes did not match their md5 (BadDigest).',
        );
      } else {
        // Unreadable, it looks like a CORS rule that is wrong: the message names both causes.
        expect(errors.at(-1)!.message).toContain('Access-Control-Allow-Origin');
        expect(errors.at(-1)!.message).toContain('Or the server refused a checksum');
      }
      expect(partPuts().length).toBeGreaterThanOrEqual(2);
      expect(partPuts().every((r) => r.corrupted && r.errorCode === 'BadDigest')).toBe(true);
      expect(hooks(wiring)).not.toContain('completeMultipartUpload');
    });
  }

  for (const [checksum, header, field] of [
    ['crc32c', 'x-amz-checksum-crc32c', 'ChecksumCRC32C'],
    ['sha256', 'x-amz-checksum-sha256', 'ChecksumSHA256'],
  ] as const) {
    test(`${checksum}: Swift stores a corrupted part unchecked, then refuses the complete call's ${field}: an error, never a success`, async ({
      page,
      pages,
    }) => {
      const file = await randomFile(12 * MiB);
      const { wiring, partPuts } = await openThroughProxy(page, pages.url);
      proxy!.corruptParts(1);
      await mountS3(page, `${proxy!.url}/${SWIFT_BUCKET}`, { checksum, concurrency: '1' });
      await page.setInputFiles(fileInput, file.path);
      const { success, errors } = await uploadOutcome(page);
      expect(success).toBeUndefined();
      // The backend's CompleteMultipartUpload failed (Swift: 400 MalformedXML): its message.
      expect(errors).toEqual([
        expect.objectContaining({
          code: 'page',
          willRetry: false,
          message: expect.stringContaining('not well-formed'),
        }),
      ]);
      // The algorithm at creation and the header on each PUT went out; Swift ignored both.
      const create = wiring.calls.find((c) => c.hook === 'createMultipartUpload')!.args;
      expect(create.checksumAlgorithm).toBe(checksum.toUpperCase());
      const puts = partPuts();
      expect(puts.map((r) => [r.partNumber, r.corrupted, r.status])).toEqual([
        [1, true, 200],
        [2, false, 200],
      ]);
      // Each PUT carried the header its URL was signed with (Swift checked the signature).
      expect(puts.every((r) => r.checksumHeaders[header])).toBe(true);
      expect(puts.every((r) => r.signedHeaders === `host;${header}`)).toBe(true);
      const complete = wiring.calls.find((c) => c.hook === 'completeMultipartUpload')!.args as {
        parts: Array<Record<string, unknown>>;
      };
      expect(complete.parts.every((p) => typeof p[field] === 'string')).toBe(true);
    });
  }
});
