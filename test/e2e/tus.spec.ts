import { basename } from 'node:path';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import {
  events,
  expect,
  fileInput,
  mountOn,
  randomFile,
  test as base,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

const MiB = 1024 * 1024;

/**
 * tus against the real @tus/server + @tus/file-store on 127.0.0.1, a fresh one
 * per test, allowing only the page's origin (so CORS is exercised).
 */
const test = base.extend<{ tusServer: TestTusServer }>({
  tusServer: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
});

/** The upload paths the element used, from the server's log of HEAD/PATCH/DELETE requests. */
function uploadPaths(server: TestTusServer): string[] {
  const onUpload = server.requests.filter((r) => ['HEAD', 'PATCH', 'DELETE'].includes(r.method));
  return [...new Set(onUpload.map((r) => r.path))];
}

test.describe('tus end to end (real @tus/server)', () => {
  test('a 64 MiB file from disk arrives byte for byte', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const file = await randomFile(64 * MiB);
    await openUploader({ protocol: 'tus', endpoint: tusServer.url, 'auto-start': true });
    await page.evaluate(() => {
      const element = document.querySelector('resumable-upload') as unknown as { metadata: object };
      element.metadata = { project: 'Été ✓' };
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const { url } = success.detail.result as { url: string };
    expect(url.startsWith(tusServer.url)).toBe(true);
    expect(await tusServer.sha256(url)).toBe(file.sha256);
    const stored = await tusServer.upload(url);
    expect(stored?.offset).toBe(64 * MiB);
    expect(stored?.metadata).toMatchObject({ filename: basename(file.path), project: 'Été ✓' });
    // One request: the creation POST carried the whole file (creation-with-upload), which
    // @tus/server stores and answers with its Upload-Offset; no PATCH followed.
    expect(tusServer.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(tusServer.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(tusServer.received.get(tusServer.idOf(url))).toBe(64 * MiB);
    const progress = await events(page, 'upload-progress');
    expect(progress.at(-1)?.detail.bytesSent).toBe(64 * MiB);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  });

  test('after a reload the upload resumes from the offset the server reports', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const file = await randomFile(48 * MiB);
    // Small chunks, each held a little by the server, so the reload lands mid-upload.
    tusServer.patchDelayMs = 300;
    const attrs = {
      protocol: 'tus',
      endpoint: tusServer.url,
      'auto-start': true,
      'chunk-size': String(4 * MiB),
    };
    await openUploader(attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 12 * MiB);
    await page.reload();
    const [path] = uploadPaths(tusServer);
    // The server's own record is the truth the element must resume from.
    const serverOffset = (await tusServer.settledUpload(path, tusServer.patchDelayMs + 500))!
      .offset;
    expect(serverOffset).toBeGreaterThanOrEqual(12 * MiB);
    tusServer.patchDelayMs = 0;
    const before = tusServer.requests.length;

    await mountOn(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    expect(restored.detail.name).toBe(basename(file.path));
    await page.setInputFiles(fileInput, file.path);
    const start = await waitForEvent(page, 'upload-start');
    // `resumedFrom` is the element's stored hint, sent before the worker asks the server;
    // a PATCH cut by the reload may have left the server holding more.
    expect(Number(start.detail.resumedFrom)).toBeGreaterThanOrEqual(12 * MiB);
    expect(Number(start.detail.resumedFrom)).toBeLessThanOrEqual(serverOffset);
    const success = await waitForEvent(page, 'upload-success');
    expect((success.detail.result as { url: string }).url).toContain(path);
    expect(await tusServer.sha256(path)).toBe(file.sha256);

    // After the reload: a HEAD, then PATCHes from the server's offset on; no new upload.
    // (Preflights left out: whether Chromium asks one again is its cache's business.)
    const after = tusServer.requests.slice(before).filter((r) => r.method !== 'OPTIONS');
    expect(after.filter((r) => r.method === 'POST')).toEqual([]);
    expect(after[0]).toMatchObject({ method: 'HEAD', path });
    expect(after.find((r) => r.method === 'PATCH')?.offset).toBe(serverOffset);
    expect(uploadPaths(tusServer)).toEqual([path]);
    // The first progress the element reports after the reload is the server's offset.
    const progress = (await events(page, 'upload-progress')).map((e) =>
      Number(e.detail.bytesConfirmed),
    );
    expect(progress[0]).toBe(serverOffset);
  });

  test('cancel terminates the upload on the server', async ({ page, tusServer, openUploader }) => {
    const file = await randomFile(32 * MiB);
    tusServer.patchDelayMs = 300;
    await openUploader({
      protocol: 'tus',
      endpoint: tusServer.url,
      'auto-start': true,
      'chunk-size': String(4 * MiB),
    });
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 8 * MiB);
    const [path] = uploadPaths(tusServer);
    expect(await tusServer.exists(path)).toBe(true);
    await page.getByRole('button', { name: /^Cancel / }).click();
    await waitForEvent(page, 'upload-cancelled');
    await expect.poll(() => tusServer.exists(path)).toBe(false);
    expect(tusServer.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      path,
    ]);
    expect(await events(page, 'upload-success')).toEqual([]);
  });

  test('an empty file is created with Upload-Length 0 and succeeds without a PATCH', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const file = await randomFile(0, 'empty');
    await openUploader({ protocol: 'tus', endpoint: tusServer.url, 'auto-start': true });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const stored = await tusServer.upload((success.detail.result as { url: string }).url);
    expect(stored).toMatchObject({ offset: 0, size: 0 });
    expect(tusServer.requests.map((r) => r.method).filter((m) => m !== 'OPTIONS')).toEqual([
      'POST',
    ]);
  });
});
