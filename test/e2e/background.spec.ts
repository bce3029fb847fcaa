import type { Page } from '@playwright/test';
import type { ReferenceServer } from '../../server/reference-server.js';
import {
  expectStoredWhole,
  expectTusStoredWhole,
  freshSite,
  nextVisit,
  openPage,
  storedFile,
  test,
} from './background-site.js';
import {
  events,
  expect,
  fileInput,
  randomFile,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

const MiB = 1024 * 1024;

/**
 * Uploads that go on after the page closes: the element hands what the server lacks to
 * Chromium's Background Fetch through the shipped service worker (on the user's
 * "Continue in background", the row's button or the app's call), the page closes, and
 * the server ends up holding the file byte for byte, every byte once; the next visit
 * finishes the upload. Closing a visible tab: background-visible-close.spec.ts.
 */

test.beforeEach(({ site }) => freshSite(site));

/**
 * The user's "continue in background" (the row's button, or the app's call of
 * `continueInBackground()`), then the tab closes once the browser holds the bytes.
 */
async function handOffAndClose(
  page: Page,
  size: number,
  how: 'button' | 'method' = 'method',
): Promise<number> {
  if (how === 'button') {
    const button = page.getByRole('button', { name: /^Continue in background / });
    await button.focus();
    await page.keyboard.press('Enter');
  } else {
    await page.evaluate(() =>
      (
        document.querySelector('resumable-upload') as unknown as {
          continueInBackground(): Promise<void>;
        }
      ).continueInBackground(),
    );
  }
  const handed = await waitForEvent(page, 'upload-background', 30_000);
  const from = Number(handed.detail.bytesSent);
  // Mid-upload: the page had sent some, the fetch sends the rest.
  expect(from).toBeGreaterThan(0);
  expect(from).toBeLessThan(size);
  await page.close();
  return from;
}

/** A background-capable element's attributes: auto-start, `background`, and `extra`. */
function backgroundAttrs(
  protocol: string,
  endpoint: string,
  extra: Record<string, string>,
): Record<string, string | boolean> {
  return { protocol, endpoint, 'auto-start': true, background: true, ...extra };
}

/** Small chunks, so the page has sent several before it hands the rest off. */
const SMALL_CHUNKS = { 'chunk-size': String(MiB) };

/** content-range on the site, each request a little slow, so a hand-off comes mid-upload. */
const slowContentRange = (site: ReferenceServer) =>
  backgroundAttrs('content-range', `${site.url}/content-range?fault=delay:150`, SMALL_CHUNKS);

/** The multipart API on the site, one part at a time, each request a little slow. */
const slowMultipart = (site: ReferenceServer) =>
  backgroundAttrs('multipart', `${site.url}/multipart/uploads/multipart?fault=delay:300`, {
    concurrency: '1',
  });

/** Open the page, choose `path`, and wait until the server confirmed `bytes` of it. */
async function startUpload(
  page: Page,
  site: ReferenceServer,
  attrs: Record<string, string | boolean>,
  path: string,
  bytes: number,
) {
  await openPage(page, site, attrs);
  await page.setInputFiles(fileInput, path);
  await waitForProgress(page, bytes);
}

test.describe('background uploads (Background Fetch, Chromium)', () => {
  test('content-range: one PUT of the rest with its Content-Range, after the tab closed', async ({
    page,
    site,
  }) => {
    const file = await randomFile(32 * MiB);
    const attrs = slowContentRange(site);
    await startUpload(page, site, attrs, file.path, 4 * MiB);
    const context = page.context();
    const from = await handOffAndClose(page, file.size);

    const stored = await expectStoredWhole(site, 'content-range', file);
    // The rest went as one request, from the server's offset to the end.
    const puts = site.requests.filter((r) => r.method === 'PUT' && r.path.includes('/sessions/'));
    expect(stored.ranges.at(-1)).toEqual([stored.ranges.at(-1)![0], file.size]);
    expect(stored.ranges.at(-1)![0]).toBeGreaterThanOrEqual(from);
    expect(puts.at(-1)?.status).toBe(200);

    const result = (await nextVisit(await context.newPage(), site, attrs)) as { sha256: string };
    expect(result.sha256).toBe(file.sha256);
  });

  test('tus: one PATCH from the server offset, after the tab closed', async ({
    page,
    site,
    tusServer,
  }) => {
    const file = await randomFile(32 * MiB);
    tusServer.patchDelayMs = 150;
    const attrs = backgroundAttrs('tus', `${site.url}/files/`, SMALL_CHUNKS);
    await startUpload(page, site, attrs, file.path, 4 * MiB);
    const context = page.context();
    const from = await handOffAndClose(page, file.size, 'button');
    tusServer.patchDelayMs = 0;

    // Every byte reached the store once: what the cut PATCH delivered was kept, not sent again.
    const { path, lastPatchFrom } = await expectTusStoredWhole(tusServer, file);
    expect(lastPatchFrom).toBeGreaterThanOrEqual(from);

    const result = (await nextVisit(await context.newPage(), site, attrs)) as { url: string };
    expect(result.url).toContain(path);
  });

  test('chunked-session: the rest as the last chunk, after the tab closed', async ({
    page,
    site,
  }) => {
    const file = await randomFile(24 * MiB);
    const attrs = backgroundAttrs(
      'chunked-session',
      `${site.url}/api/2.0/files/1841/upload/create_session?fault=delay:150`,
      SMALL_CHUNKS,
    );
    await startUpload(page, site, attrs, file.path, 4 * MiB);
    const context = page.context();
    await handOffAndClose(page, file.size, 'button');

    await expectStoredWhole(site, 'chunked-session', file);

    const result = (await nextVisit(await context.newPage(), site, attrs)) as { sha256: string };
    expect(result.sha256).toBe(file.sha256);
  });

  test('multipart: the missing parts as one fetch, completed by the service worker', async ({
    page,
    site,
  }) => {
    const file = await randomFile(40 * MiB);
    const attrs = slowMultipart(site);
    await startUpload(page, site, attrs, file.path, 8 * MiB);
    const context = page.context();
    await handOffAndClose(page, file.size);

    // Completed with no page open: the service worker read each ETag and made the call.
    await expectStoredWhole(site, 'multipart', file);

    const result = (await nextVisit(await context.newPage(), site, attrs)) as {
      resultInfo: { sha256: string };
    };
    expect(result.resultInfo.sha256).toBe(file.sha256);
  });

  test('multipart with page headers: the fetch sends the parts, the next visit completes', async ({
    page,
    site,
  }) => {
    const file = await randomFile(36 * MiB);
    const mark = site.requests.length;
    const completes = () => site.requests.slice(mark).filter((r) => r.path.endsWith('-complete'));
    const attrs = slowMultipart(site);
    // Headers are never stored: the complete call, which takes them, waits for a page.
    const withHeaders = (p: Page) =>
      p.evaluate(() => {
        (document.querySelector('resumable-upload') as unknown as { headers: object }).headers = {
          'X-Page': 'kept in memory only',
        };
      });
    await openPage(page, site, attrs);
    await withHeaders(page);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 8 * MiB);
    const context = page.context();
    await handOffAndClose(page, file.size);

    // Every part arrives without the page, once; nobody completes it yet.
    await expect
      .poll(() => storedFile(site, 'multipart', file.size).received, { timeout: 60_000 })
      .toBe(file.size);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(storedFile(site, 'multipart', file.size).complete).toBe(false);
    expect(completes()).toEqual([]);

    const again = await context.newPage();
    await openPage(again, site, attrs);
    await withHeaders(again);
    const success = await waitForEvent(again, 'upload-success', 60_000);
    const result = success.detail.result as { resultInfo: { sha256: string } };
    expect(result.resultInfo.sha256).toBe(file.sha256);
    const stored = storedFile(site, 'multipart', file.size);
    expect(stored.complete).toBe(true);
    expect(site.storage.overlaps(stored.id)).toEqual([]);
    expect(completes()).toHaveLength(1);
  });

  test('a page opened while the fetch runs shows its progress, then finishes', async ({
    page,
    site,
  }) => {
    const file = await randomFile(20 * MiB);
    const attrs = slowContentRange(site);
    await startUpload(page, site, attrs, file.path, 4 * MiB);
    // From now on the server reads chunk bodies at 2 MiB/s: the fetch runs for seconds.
    site.faults.arm({
      kind: 'slow',
      phase: 'chunk',
      protocol: 'content-range',
      bytesPerSecond: 2 * MiB,
      times: 1e9,
    });
    const context = page.context();
    const from = await handOffAndClose(page, file.size);

    const again = await context.newPage();
    await openPage(again, site, attrs);
    const restored = await waitForEvent(again, 'upload-restored');
    expect(Number(restored.detail.bytesSent)).toBe(from);
    await expect(again.locator('resumable-upload [part=status]')).toHaveText(/Uploading/);
    // Progress from the fetch's `uploaded`, while the server has not finished yet.
    await again.waitForFunction(
      (start) =>
        (
          window as unknown as {
            uploadEvents: Array<{ type: string; detail: { bytesSent: number } }>;
          }
        ).uploadEvents.some((e) => e.type === 'upload-progress' && e.detail.bytesSent > start),
      from,
      { timeout: 30_000, polling: 100 },
    );
    const seen = (await events(again, 'upload-progress')).map((e) => Number(e.detail.bytesSent));
    expect(Math.min(...seen)).toBeLessThan(file.size);
    expect(storedFile(site, 'content-range', file.size).complete).toBe(false);
    site.faults.clear();

    const success = await waitForEvent(again, 'upload-success', 60_000);
    expect((success.detail.result as { sha256: string }).sha256).toBe(file.sha256);
    const stored = storedFile(site, 'content-range', file.size);
    expect(site.storage.overlaps(stored.id)).toEqual([]);
  });

  test('a failed background fetch falls back to the page, from the server offset', async ({
    page,
    site,
  }) => {
    const file = await randomFile(28 * MiB);
    const attrs = slowContentRange(site);
    await startUpload(page, site, attrs, file.path, 4 * MiB);
    // Every chunk is refused until the fetch has failed.
    site.faults.arm({
      kind: 'status',
      status: 500,
      protocol: 'content-range',
      phase: 'chunk',
      times: 1e9,
    });
    const before = site.requests.length;
    await page.evaluate(() =>
      (
        document.querySelector('resumable-upload') as unknown as {
          continueInBackground(): Promise<void>;
        }
      ).continueInBackground(),
    );
    await waitForEvent(page, 'upload-background', 30_000);
    const refusedRest = () =>
      site.requests
        .slice(before)
        .some((r) => r.method === 'PUT' && r.status === 500 && r.path.includes('/sessions/'));
    await expect.poll(refusedRest, { timeout: 30_000 }).toBe(true);
    site.faults.clear();

    const success = await waitForEvent(page, 'upload-success', 60_000);
    expect((success.detail.result as { sha256: string }).sha256).toBe(file.sha256);
    const stored = storedFile(site, 'content-range', file.size);
    expect(await site.storage.sha256(stored.id)).toBe(file.sha256);
    expect(site.storage.overlaps(stored.id)).toEqual([]);
  });
});
