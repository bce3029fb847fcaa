import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { Route } from '../../server/http-kit.js';
import { startReferenceServer, type ReferenceServer } from '../../server/reference-server.js';
import { fileRoute, proxyRoute, staticRoute } from '../helpers/same-origin-routes.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { events, expect, mountOn, test as base, waitForEvent } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The bytes each request to the probe's upload URL carried (test/e2e/pages/probe). */
export const probeUploads: number[] = [];
const probeUpload: Route = {
  prefix: '/pages/probe/put',
  protocol: 'probe',
  handle: (req, res) =>
    new Promise<void>((done) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        probeUploads.push(bytes);
        res.writeHead(200);
        res.end();
        done();
      });
    }),
};

/**
 * The site the background-upload tests run on. Background Fetch sends no CORS
 * preflight, so the page, the service worker and the upload servers share one origin
 * here: the reference server, with the built package, the test pages and the real
 * @tus/server (proxied) on it.
 */
export const test = base.extend<{ tusServer: TestTusServer }, { site: ReferenceServer }>({
  site: [
    async ({}, use) => {
      const server = await startReferenceServer({
        extraRoutes: [
          probeUpload,
          staticRoute('/dist', join(ROOT, 'dist')),
          staticRoute('/pages', join(ROOT, 'test/e2e/pages')),
          fileRoute('/resumable-upload.sw.js', join(ROOT, 'dist/resumable-upload.sw.js')),
          proxyRoute('/files', () => tusTarget),
        ],
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  tusServer: async ({}, use) => {
    const server = await startTestTusServer();
    tusTarget = server.url;
    await use(server);
    tusTarget = undefined;
    await server.close();
  },
});
let tusTarget: string | undefined;

/** The test page, its service worker in control, and the element on it. */
export async function openPage(
  page: Page,
  site: ReferenceServer,
  attrs: Record<string, string | boolean>,
) {
  await page.goto(`${site.url}/pages/background.html`);
  await page.evaluate(
    () => (window as unknown as { serviceWorkerReady: Promise<unknown> }).serviceWorkerReady,
  );
  await mountOn(page, attrs);
}

/** Files the server held before this test: each test checks only its own. */
let earlier = new Set<string>();

/** Before each test: no faults left armed, and the files already stored set aside. */
export function freshSite(site: ReferenceServer) {
  site.faults.clear();
  earlier = new Set(site.storage.list().map((f) => f.id));
}

/** The one file this test stored with this protocol. */
export function storedFile(site: ReferenceServer, protocol: string, size: number) {
  const files = site.storage
    .list()
    .filter((f) => !earlier.has(f.id) && f.protocol === protocol && f.size === size);
  expect(files).toHaveLength(1);
  return files[0];
}

/**
 * Wait until the server holds this test's file, every byte `received` (the session may
 * be finished later, on the next visit) or `complete`; check it byte for byte, each once.
 */
export async function expectStoredWhole(
  site: ReferenceServer,
  protocol: string,
  file: { size: number; sha256: string },
  until: 'received' | 'complete' = 'complete',
) {
  await expect
    .poll(
      () => {
        const stored = storedFile(site, protocol, file.size);
        return until === 'complete' ? stored.complete : stored.received === file.size;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const stored = storedFile(site, protocol, file.size);
  expect(await site.storage.sha256(stored.id)).toBe(file.sha256);
  expect(site.storage.overlaps(stored.id)).toEqual([]);
  expect(stored.received).toBe(file.size);
  return stored;
}

/** The next visit finds the upload the fetch carried, finishes it, and forgets it. */
export async function nextVisit(
  page: Page,
  site: ReferenceServer,
  attrs: Record<string, string | boolean>,
): Promise<unknown> {
  await openPage(page, site, attrs);
  const success = await waitForEvent(page, 'upload-success', 60_000);
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  // Nothing is left to restore: the stored session went with the success.
  await page.reload();
  await page.evaluate(
    () => (window as unknown as { serviceWorkerReady: Promise<unknown> }).serviceWorkerReady,
  );
  await mountOn(page, attrs);
  expect(await events(page, 'upload-restored')).toEqual([]);
  return success.detail.result;
}

/**
 * Wait until the one tus upload this test's PATCHes went to holds the file; check it
 * byte for byte, each byte received once. Gives its URL path and the last PATCH's offset.
 */
export async function expectTusStoredWhole(
  tusServer: TestTusServer,
  file: { size: number; sha256: string },
): Promise<{ path: string; lastPatchFrom: number }> {
  const patches = () => tusServer.requests.filter((r) => r.method === 'PATCH');
  const paths = new Set(patches().map((r) => r.path));
  expect(paths.size).toBe(1);
  const [path] = paths;
  await expect
    .poll(async () => (await tusServer.upload(path))?.offset, { timeout: 60_000 })
    .toBe(file.size);
  expect(await tusServer.sha256(path)).toBe(file.sha256);
  expect(tusServer.received.get(tusServer.idOf(path))).toBe(file.size);
  return { path, lastPatchFrom: Number(patches().at(-1)!.offset) };
}
