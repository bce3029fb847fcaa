import type { Page } from '@playwright/test';
import {
  expect,
  fileInput,
  randomFile,
  test,
  waitForEvent,
  waitForProgress,
  events,
} from './fixtures.js';

/**
 * Two tabs of one origin, one upload: a Web Lock per upload lets only one
 * tab send; the other shows the upload as running elsewhere with live
 * progress (BroadcastChannel), and carries on from the server's offset when
 * the first tab closes.
 */

const MiB = 1024 * 1024;

const progressOf = (page: Page) =>
  page.locator('resumable-upload [part=progress]').getAttribute('aria-valuenow').then(Number);

test('two tabs: only one uploads, the other shows its progress and takes over when it closes', async ({
  page,
  api,
  openUploader,
}) => {
  const file = await randomFile(24 * MiB, 'two-tabs');
  api.faults.arm({ kind: 'delay', protocol: 'content-range', phase: 'chunk', ms: 250, times: 1e4 });
  const attrs = {
    protocol: 'content-range',
    endpoint: `${api.url}/content-range`,
    'auto-start': true,
    'chunk-size': String(1 * MiB),
  };
  const first = page;
  await openUploader(attrs, first);
  await first.setInputFiles(fileInput, file.path);
  await waitForProgress(first, 2 * MiB);

  const second = await first.context().newPage();
  const fromSecond: string[] = [];
  second.on('request', (r) => {
    if (r.url().startsWith(api.url)) fromSecond.push(`${r.method()} ${r.url()}`);
  });
  await openUploader(attrs, second);
  const restored = await waitForEvent(second, 'upload-restored');
  expect(restored.detail.elsewhere).toBe(true);
  const status = second.locator('resumable-upload [part=status]');
  await expect(status).toHaveText('Uploading in another tab');
  await expect(second.locator('resumable-upload [part=message]')).toHaveText(
    'Another tab is sending this file. This tab carries on if that one closes.',
  );
  // Live progress from the first tab, while the second sends nothing.
  const seen = await progressOf(second);
  await expect.poll(() => progressOf(second), { timeout: 20_000 }).toBeGreaterThan(seen);
  expect(
    await second
      .getByRole('button')
      .filter({ hasText: /Pause|Resume|Cancel/ })
      .count(),
  ).toBe(0);
  expect(fromSecond).toEqual([]);
  expect(await events(second, 'upload-start')).toEqual([]);

  await first.close();
  api.faults.clear();
  const start = await waitForEvent(second, 'upload-start');
  expect(Number(start.detail.resumedFrom)).toBeGreaterThanOrEqual(2 * MiB);
  await expect(status).toHaveText(/^(Uploading|Done)$/);
  const success = await waitForEvent(second, 'upload-success');
  const id = (success.detail.result as { id: string }).id;
  expect(await api.storage.sha256(id)).toBe(file.sha256);
  expect(api.storage.overlaps(id)).toEqual([]);
  expect(fromSecond.length).toBeGreaterThan(0);
  await expect(status).toHaveText('Done');
});

test('two tabs: the upload finishing in one shows as done in the other', async ({
  page,
  api,
  openUploader,
}) => {
  const file = await randomFile(8 * MiB, 'two-tabs-done');
  api.faults.arm({ kind: 'delay', protocol: 'content-range', phase: 'chunk', ms: 250, times: 1e4 });
  const attrs = {
    protocol: 'content-range',
    endpoint: `${api.url}/content-range`,
    'auto-start': true,
    'chunk-size': String(1 * MiB),
  };
  await openUploader(attrs, page);
  await page.setInputFiles(fileInput, file.path);
  await waitForProgress(page, 1 * MiB);
  const second = await page.context().newPage();
  await openUploader(attrs, second);
  await expect(second.locator('resumable-upload [part=status]')).toHaveText(
    'Uploading in another tab',
  );
  api.faults.clear();
  await waitForEvent(page, 'upload-success');
  await expect(second.locator('resumable-upload [part=status]')).toHaveText('Done in another tab');
  await expect(second.locator('resumable-upload [part=result]')).toBeVisible();
  await second.close();
});
