import { randomBytes } from 'node:crypto';
import { mkdtemp, open, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import {
  events,
  expect,
  fileInput,
  mountOn,
  test as base,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

/**
 * The sampled fingerprint a session keeps (src/core/fingerprint.ts), end to end: an
 * upload is interrupted by a reload, the file is changed in place on disk while its
 * name, size and modification time stay the same, and picked again. The worker refuses
 * it before a single request (no HEAD, no PATCH reaches the real @tus/server), with code
 * `file-changed` and a message that says why.
 */

const MiB = 1024 * 1024;

const test = base.extend<{ tusServer: TestTusServer }>({
  tusServer: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
});

test('resume refuses a file whose content changed under the same name, size and date', async ({
  page,
  tusServer,
  openUploader,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'resumable-upload-changed-'));
  const path = join(dir, 'report.bin');
  const size = 8 * MiB;
  await writeFile(path, randomBytes(size));
  const date = new Date('2026-01-02T03:04:05Z');
  await utimes(path, date, date);

  tusServer.patchDelayMs = 300;
  const attrs = {
    protocol: 'tus',
    endpoint: tusServer.url,
    'auto-start': true,
    'chunk-size': String(1 * MiB),
    // Nothing kept: after the reload the user picks the file again, the changed one.
    'keep-files': 'none',
  };
  await openUploader(attrs);
  await page.setInputFiles(fileInput, path);
  await waitForProgress(page, 2 * MiB);
  await page.reload();
  const [post] = tusServer.requests.filter((r) => r.method === 'POST');
  expect(post).toBeDefined();
  const uploadPath = tusServer.requests.find((r) => r.method === 'PATCH')!.path;
  const held = (await tusServer.settledUpload(uploadPath, tusServer.patchDelayMs + 500))!.offset;
  tusServer.patchDelayMs = 0;

  // Change bytes inside the last 64 KiB sample; put the date back.
  const handle = await open(path, 'r+');
  await handle.write(randomBytes(32), 0, 32, size - 1000);
  await handle.close();
  await utimes(path, date, date);
  const after = await stat(path);
  expect(after.size).toBe(size);
  expect(after.mtime.getTime()).toBe(date.getTime());

  const before = tusServer.requests.length;
  await mountOn(page, attrs);
  await waitForEvent(page, 'upload-restored');
  await page.setInputFiles(fileInput, path);
  const error = await waitForEvent(page, 'upload-error');
  expect(error.detail).toMatchObject({ code: 'file-changed', willRetry: false });
  expect(error.detail.message).toContain('its content differs');
  expect(error.detail.message).toContain('Nothing was sent');
  await expect(page.locator('resumable-upload [part=message]')).toContainText('content differs');
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Failed');

  // Not one request to the server after the reload, and it holds what it held.
  await page.waitForTimeout(500);
  const sent = tusServer.requests.slice(before).filter((r) => r.method !== 'OPTIONS');
  expect(sent).toEqual([]);
  expect((await tusServer.upload(uploadPath))!.offset).toBe(held);
  expect(await events(page, 'upload-success')).toEqual([]);
});
