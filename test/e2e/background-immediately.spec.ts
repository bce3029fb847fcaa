import type { Page } from '@playwright/test';
import {
  expectStoredWhole,
  expectTusStoredWhole,
  freshSite,
  nextVisit,
  openPage,
  storedFile,
  test,
} from './background-site.js';
import { events, expect, fileInput, randomFile, waitForEvent } from './fixtures.js';

const MiB = 1024 * 1024;

/**
 * `background="immediately"`: each upload goes to the Background Fetch as soon as its
 * session exists on the server, with no call, no button and no hidden page, so a visible
 * tab closed right after loses nothing. The server ends with the file byte for byte,
 * every byte once, and the session completes (by the service worker, or on the next visit).
 */

test.beforeEach(({ site }) => freshSite(site));

/** Choose the file on a visible page, wait for the hand-off the element makes alone, close. */
async function startAndClose(page: Page, path: string, size: number): Promise<number> {
  await page.setInputFiles(fileInput, path);
  const handed = await waitForEvent(page, 'upload-background', 30_000);
  const from = Number(handed.detail.bytesSent);
  expect(from).toBeLessThan(size);
  // Nobody hid the page or asked for the background: the element did it at once.
  expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
  await page.close();
  return from;
}

const immediately = (protocol: string, endpoint: string, extra: Record<string, string> = {}) => ({
  protocol,
  endpoint,
  'auto-start': true,
  background: 'immediately',
  ...extra,
});

const siteProtocols = [
  {
    protocol: 'content-range',
    size: 24 * MiB,
    attrs: (url: string) =>
      immediately('content-range', `${url}/content-range?fault=delay:150`, {
        'chunk-size': String(MiB),
      }),
    sha256: (result: unknown) => (result as { sha256: string }).sha256,
  },
  {
    protocol: 'chunked-session',
    size: 24 * MiB,
    attrs: (url: string) =>
      immediately(
        'chunked-session',
        `${url}/api/2.0/files/1841/upload/create_session?fault=delay:150`,
        {
          'chunk-size': String(MiB),
        },
      ),
    sha256: (result: unknown) => (result as { sha256: string }).sha256,
  },
  {
    protocol: 'multipart',
    size: 40 * MiB,
    attrs: (url: string) =>
      immediately('multipart', `${url}/multipart/uploads/multipart?fault=delay:300`, {
        concurrency: '1',
      }),
    sha256: (result: unknown) => (result as { resultInfo: { sha256: string } }).resultInfo.sha256,
  },
];

test.describe('background="immediately" (Background Fetch, Chromium)', () => {
  for (const { protocol, size, attrs: attrsOn, sha256 } of siteProtocols) {
    test(`${protocol}: handed off as soon as the session exists; a visible tab closed then loses nothing`, async ({
      page,
      site,
    }) => {
      const file = await randomFile(size);
      const attrs = attrsOn(site.url);
      await openPage(page, site, attrs);
      const context = page.context();
      await startAndClose(page, file.path, file.size);

      await expectStoredWhole(site, protocol, file, 'received');
      const result = await nextVisit(await context.newPage(), site, attrs);
      expect(sha256(result)).toBe(file.sha256);
      const stored = storedFile(site, protocol, file.size);
      expect(stored.complete).toBe(true);
      // Every byte reached the server once: the fetch began where the page's chunks ended.
      expect(stored.received).toBe(file.size);
      expect(site.storage.overlaps(stored.id)).toEqual([]);
    });
  }

  test('tus: one PATCH from the server offset, handed off at once; a visible tab closed then', async ({
    page,
    site,
    tusServer,
  }) => {
    const file = await randomFile(24 * MiB);
    tusServer.patchDelayMs = 150;
    const attrs = immediately('tus', `${site.url}/files/`, { 'chunk-size': String(MiB) });
    await openPage(page, site, attrs);
    const context = page.context();
    const from = await startAndClose(page, file.path, file.size);
    tusServer.patchDelayMs = 0;

    const { path, lastPatchFrom } = await expectTusStoredWhole(tusServer, file);
    expect(lastPatchFrom).toBe(from);

    const result = (await nextVisit(await context.newPage(), site, attrs)) as { url: string };
    expect(result.url).toContain(path);
  });
});

test('chunked-session over 256 MiB: refused while one last chunk cannot hold the rest, handed off once it can', async ({
  page,
  site,
}) => {
  const file = await randomFile(300 * MiB);
  const attrs = immediately(
    'chunked-session',
    `${site.url}/api/2.0/files/1841/upload/create_session?fault=delay:150`,
    { 'chunk-size': String(8 * MiB) },
  );
  await openPage(page, site, attrs);
  const context = page.context();
  await page.setInputFiles(fileInput, file.path);
  const handed = await waitForEvent(page, 'upload-background', 60_000);
  const from = Number(handed.detail.bytesSent);
  // Refused at first (said once), handed off once the rest fits one last chunk.
  const said = await events(page, 'background-unavailable');
  expect(said.map((e) => e.detail.reason)).toEqual(['remainder-too-large']);
  expect(from).toBeGreaterThanOrEqual(file.size - 256 * MiB);
  await page.close();

  await expectStoredWhole(site, 'chunked-session', file, 'received');
  const result = await nextVisit(await context.newPage(), site, attrs);
  expect((result as { sha256: string }).sha256).toBe(file.sha256);
  const stored = storedFile(site, 'chunked-session', file.size);
  expect(stored.complete).toBe(true);
  expect(stored.received).toBe(file.size);
  expect(site.storage.overlaps(stored.id)).toEqual([]);
});

test('an endpoint on another origin: refused once (`cross-origin`), the upload finishes in the page', async ({
  page,
  site,
  api,
}) => {
  const file = await randomFile(6 * MiB);
  const before = new Set(api.storage.list().map((f) => f.id));
  await openPage(
    page,
    site,
    immediately('content-range', `${api.url}/content-range`, { 'chunk-size': String(MiB) }),
  );
  await page.setInputFiles(fileInput, file.path);
  const success = await waitForEvent(page, 'upload-success', 60_000);
  expect((success.detail.result as { sha256: string }).sha256).toBe(file.sha256);
  const said = await events(page, 'background-unavailable');
  expect(said.map((e) => e.detail.reason)).toEqual(['cross-origin']);
  expect(await events(page, 'upload-background')).toEqual([]);
  const [stored] = api.storage.list().filter((f) => !before.has(f.id) && f.size === file.size);
  expect(await api.storage.sha256(stored.id)).toBe(file.sha256);
  expect(stored.received).toBe(file.size);
});
