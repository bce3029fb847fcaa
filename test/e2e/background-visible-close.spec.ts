import { chromium, type Browser, type Page } from '@playwright/test';
import type { ReferenceServer } from '../../server/reference-server.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { openPage, probeUploads, test } from './background-site.js';
import { expect, fileInput, randomFile, waitForEvent, waitForProgress } from './fixtures.js';

const MiB = 1024 * 1024;

/**
 * Closing a visible tab (its close button: no `visibilitychange` first) mid-upload.
 * The page's worker, and its requests, end with it, before the server can be asked
 * what it holds. The way around it that the page could take, posting the file to the
 * service worker on `pagehide` and letting the service worker ask the server and
 * register the Background Fetch, Chromium refuses: the first tests show where. Nor can
 * the page register it itself in `pagehide`: a picked file's bytes never go. So the
 * element keeps the behaviour it has without `background`: the upload resumes on the
 * next visit from the server's offset, and nothing is left half handed off.
 */

test.beforeEach(({ site }) => site.faults.clear());

/**
 * The probe (test/e2e/pages/probe): the page posts its picked file to its service
 * worker on `pagehide` and closes; the service worker reports each step as a request.
 */
async function probe(page: Page, site: ReferenceServer, size: number, steps: number) {
  const file = await randomFile(size);
  const mark = site.requests.length;
  const reports = () =>
    site.requests
      .slice(mark)
      .map((r) => r.path)
      .filter((path) => path.startsWith('/pages/probe/report/'))
      .map((path) => decodeURIComponent(path.slice('/pages/probe/report/'.length)));
  await page.goto(`${site.url}/pages/probe/index.html`);
  await page.evaluate(
    () => (window as unknown as { serviceWorkerReady: Promise<unknown> }).serviceWorkerReady,
  );
  await page.setInputFiles('input[type=file]', file.path);
  await page.close();
  await expect.poll(() => reports().length, { timeout: 30_000 }).toBe(steps);
  return { file, reports: reports() };
}

test('Chromium refuses a Background Fetch that a service worker registers for a closed page', async ({
  page,
  site,
}) => {
  const { file, reports } = await probe(page, site, 8 * MiB, 4);
  // What works: the message arrives, the file stays readable with no page left, and the
  // server answers. What does not: the registration itself.
  expect(reports).toEqual([
    'windows 0',
    `read ${file.size} of ${file.size}`,
    'server answered 200',
    "refused NotAllowedError: Failed to execute 'fetch' on 'BackgroundFetchManager': backgroundFetch.fetch() is not allowed in service worker environments.",
  ]);
  expect(site.requests.filter((r) => r.path === '/pages/probe/put')).toEqual([]);
});

test('with the restriction switched off (not what users have), the fetch is taken and sends nothing', async ({
  site,
}) => {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, '--disable-features=RestrictBackgroundFetchFromServiceWorker'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const { file, reports } = await probe(page, site, 8 * MiB, 5);
    expect(reports).toEqual([
      'windows 0',
      `read ${file.size} of ${file.size}`,
      'server answered 200',
      'registered',
      "after 10 s: uploaded 0, result ''",
    ]);
    expect(site.requests.filter((r) => r.path === '/pages/probe/put')).toEqual([]);
  } finally {
    await browser.close();
  }
});

/** The probe with the page registering the fetch in `pagehide`: the bytes each run's PUT carried. */
async function registerInPagehide(
  browser: Browser,
  site: ReferenceServer,
  path: string,
  body: 'picked' | 'memory',
  runs: number,
): Promise<number[][]> {
  const seen: number[][] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/pages/probe/index.html?via=page&body=${body}`);
    await page.evaluate(
      () => (window as unknown as { serviceWorkerReady: Promise<unknown> }).serviceWorkerReady,
    );
    await page.setInputFiles('input[type=file]', path);
    if (body === 'memory') await page.waitForFunction(() => 'copied' in window);
    const before = probeUploads.length;
    await page.close();
    // The fetch's request arrives within a second or two when the browser took it.
    await expect
      .poll(() => probeUploads.length > before, { timeout: 5000 })
      .toBe(true)
      .catch(() => {});
    // A request on its way ends before the next run counts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    seen.push(probeUploads.slice(before));
    await context.close();
  }
  return seen;
}

test('a page that registers the fetch in `pagehide` itself never sends a picked file', async ({
  browser,
  site,
}) => {
  const file = await randomFile(16 * MiB);
  // The probe sees a fetch that works: the same bytes in a Blob the page made go, in
  // most runs (9 in 10 measured), when the browser registers it in time.
  const memory = await registerInPagehide(browser, site, file.path, 'memory', 4);
  expect(memory.flat()).toContain(file.size);
  // The picked file's bytes never go: an empty PUT, or none.
  const picked = await registerInPagehide(browser, site, file.path, 'picked', 3);
  expect(picked.flat().filter((bytes) => bytes > 0)).toEqual([]);
});

/** The protocols whose uploads the site stores itself (tus, the real @tus/server's: below). */
const visibleCloses = [
  {
    protocol: 'content-range',
    size: 24 * MiB,
    attrs: (url: string) => ({
      endpoint: `${url}/content-range?fault=delay:150`,
      'chunk-size': String(MiB),
    }),
  },
  {
    protocol: 'chunked-session',
    size: 24 * MiB,
    attrs: (url: string) => ({
      endpoint: `${url}/api/2.0/files/1841/upload/create_session?fault=delay:150`,
      'chunk-size': String(MiB),
    }),
  },
  {
    protocol: 'multipart',
    size: 40 * MiB,
    attrs: (url: string) => ({
      endpoint: `${url}/multipart/uploads/multipart?fault=delay:300`,
      concurrency: '1',
    }),
  },
];

for (const { protocol, size, attrs: endpointAttrs } of visibleCloses) {
  test(`${protocol}: a visible tab closed mid-upload with \`background\`: no hand-off, the next visit resumes from the server offset`, async ({
    page,
    site,
  }) => {
    const file = await randomFile(size);
    const earlier = new Set(site.storage.list().map((f) => f.id));
    const attrs = {
      protocol,
      ...endpointAttrs(site.url),
      'auto-start': true,
      background: true,
    };
    await openPage(page, site, attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 8 * MiB);
    // The row offers the hand-off; the user closes the tab instead.
    await expect(page.getByRole('button', { name: /^Continue in background / })).toBeVisible();
    const context = page.context();
    await page.close();

    // The request on the wire when the tab closed ends (delivered, or cut) first.
    await expect.poll(() => site.requests.every((r) => r.endedAt !== undefined)).toBe(true);
    const stored = () =>
      site.storage
        .list()
        .filter((f) => !earlier.has(f.id) && f.protocol === protocol && f.size === file.size);
    expect(stored()).toHaveLength(1);
    // What the server kept (a part or form chunk cut short is not kept), and all it got.
    const kept = () => stored()[0].ranges.reduce((sum, [start, end]) => sum + end - start, 0);
    const held = kept();
    const receivedAtClose = stored()[0].received;
    expect(held).toBeLessThan(file.size);
    // Nothing goes on without the page: no Background Fetch was registered.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(stored()[0].received).toBe(receivedAtClose);

    const again = await context.newPage();
    await openPage(again, site, attrs);
    expect(
      await again.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        const manager = (
          registration as unknown as { backgroundFetch: { getIds(): Promise<string[]> } }
        ).backgroundFetch;
        return manager.getIds();
      }),
    ).toEqual([]);
    // The row is this page's to resume (no fetch owns it), from what the server holds.
    const restored = await waitForEvent(again, 'upload-restored');
    await expect(again.locator('resumable-upload [part=status]')).toHaveText('Interrupted');
    await again.getByRole('button', { name: /^Resume / }).click();
    await waitForEvent(again, 'upload-success', 60_000);
    const [done] = stored();
    expect(done.complete).toBe(true);
    expect(Number(restored.detail.bytesSent)).toBeLessThanOrEqual(held);
    expect(await site.storage.sha256(done.id)).toBe(file.sha256);
    expect(site.storage.overlaps(done.id)).toEqual([]);
    // The next visit sent exactly what the server had not kept: nothing kept went twice.
    expect(done.received - receivedAtClose).toBe(file.size - held);
  });
}

test('tus: a visible tab closed mid-upload with `background`: no hand-off, the next visit resumes from the server offset', async ({
  page,
  site,
  tusServer,
}) => {
  const file = await randomFile(24 * MiB);
  tusServer.patchDelayMs = 150;
  const attrs = {
    protocol: 'tus',
    endpoint: `${site.url}/files/`,
    'auto-start': true,
    background: true,
    'chunk-size': String(MiB),
  };
  await openPage(page, site, attrs);
  await page.setInputFiles(fileInput, file.path);
  await waitForProgress(page, 4 * MiB);
  await expect(page.getByRole('button', { name: /^Continue in background / })).toBeVisible();
  const context = page.context();
  await page.close();
  tusServer.patchDelayMs = 0;

  const [path] = [
    ...new Set(tusServer.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)),
  ];
  // A PATCH cut by the close may still be written: the offset the server settles on.
  const held = (await tusServer.settledUpload(path))!.offset;
  const receivedAtClose = tusServer.received.get(tusServer.idOf(path))!;
  expect(held).toBeLessThan(file.size);
  // Nothing goes on without the page: no Background Fetch was registered.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect((await tusServer.upload(path))!.offset).toBe(held);

  const again = await context.newPage();
  await openPage(again, site, attrs);
  const restored = await waitForEvent(again, 'upload-restored');
  await expect(again.locator('resumable-upload [part=status]')).toHaveText('Interrupted');
  await again.getByRole('button', { name: /^Resume / }).click();
  const success = await waitForEvent(again, 'upload-success', 60_000);
  expect((success.detail.result as { url: string }).url).toContain(path);
  expect(Number(restored.detail.bytesSent)).toBeLessThanOrEqual(held);
  expect(await tusServer.sha256(path)).toBe(file.sha256);
  // The next visit sent exactly what the server had not kept: a cut PATCH's bytes stay.
  expect(tusServer.received.get(tusServer.idOf(path))! - receivedAtClose).toBe(file.size - held);
});
