import { S3Client } from '@aws-sdk/client-s3';
import { startCorruptingProxy, type CorruptingProxy } from '../helpers/corrupting-proxy.js';
import { sdkS3Backend } from '../helpers/s3-backend.js';
import { startS3BackendServer } from '../helpers/s3rver.js';
import { startSwift, swiftUnavailable, SWIFT_BUCKET, type TestSwift } from '../helpers/swift.js';
import { expect, test } from './fixtures.js';
import { addFile, finalEvents, mount, pageState, seededBytes, sha256Of } from './page-side.js';

const MiB = 1024 * 1024;

/**
 * Plain S3 with `checksum="md5"` against the real OpenStack Swift s3api in Chromium,
 * Firefox ESR and WebKitGTK: a part changed on its way (a proxy in front of Swift flips a
 * byte, test/helpers/corrupting-proxy.ts) is refused by Swift and sent again, and the
 * stored object is the file. How an engine reports Swift's BadDigest depends on CORS:
 * Swift sends none on errors, so the worker sees a failed request (`network`); with CORS
 * added on errors it reads BadDigest (`checksum`). test/e2e/swift-checksums.spec.ts holds
 * the rest (every part corrupted, crc32c and sha256) in Chromium.
 */
let swift: TestSwift | undefined;
let proxy: CorruptingProxy | undefined;
let client: S3Client | undefined;
let companion: Awaited<ReturnType<typeof startS3BackendServer>> | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const unavailable = swiftUnavailable();
  test.skip(unavailable !== undefined, `OpenStack Swift cannot be installed: ${unavailable}`);
  swift = await startSwift();
  proxy = await startCorruptingProxy(swift.endpoint);
  client = new S3Client({ ...swift.s3Config, endpoint: proxy.url });
  // Companion-style backend over HTTP: the engines' drivers cannot relay page hooks to Node.
  companion = await startS3BackendServer(sdkS3Backend(client, proxy.url, SWIFT_BUCKET));
});

test.afterAll(async () => {
  await companion?.close();
  client?.destroy();
  await proxy?.close();
  await swift?.close();
});

for (const corsOnErrors of [false, true]) {
  const code = corsOnErrors ? 'checksum' : 'network';
  test(`md5 on Swift: a part corrupted on the way is refused, reported as ${code}, sent again; the object is the file`, async ({
    driver,
    servers,
  }) => {
    const spec = {
      name: `swift-md5-${code}.bin`,
      size: 10 * MiB + 333,
      seed: corsOnErrors ? 17 : 71,
      lastModified: Date.UTC(2024, 4, 1),
    };
    proxy!.corsOnErrors = corsOnErrors;
    proxy!.corruptParts(1, 1000);
    const since = proxy!.requests.length;
    await driver.goto(`${servers.pages.url}/pages/index.html`);
    await driver.evaluate(mount, {
      protocol: 'multipart',
      endpoint: `${proxy!.url}/${SWIFT_BUCKET}`,
      checksum: 'md5',
      concurrency: '1',
      'auto-start': true,
    });
    await driver.evaluate((base: string) => {
      (document.querySelector('resumable-upload') as unknown as { urls: object }).urls = {
        s3: base,
      };
    }, companion!.url);
    await driver.evaluate(addFile, spec, seededBytes);
    const [last] = await driver.waitFor({ timeout: 60_000, what: 'the end' }, finalEvents, 1);
    expect(last.type, String(last.detail.message)).toBe('upload-success');
    const { key } = last.detail.result as { key: string };
    expect(await swift!.objectSha256(key)).toBe(sha256Of(spec));

    const { events } = await driver.evaluate(pageState);
    const errors = events.filter((e) => e.type === 'upload-error').map((e) => e.detail);
    expect(errors.map((e) => [e.code, e.willRetry])).toEqual([[code, true]]);
    const puts = proxy!.requests.slice(since).filter((r) => r.method === 'PUT' && r.partNumber);
    expect(puts.map((r) => [r.partNumber, r.corrupted, r.status, r.errorCode])).toEqual([
      [1, true, 400, 'BadDigest'],
      [1, false, 200, undefined],
      [2, false, 200, undefined],
    ]);
    expect(puts.every((r) => r.checksumHeaders['content-md5'])).toBe(true);
  });
}
