import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { Route } from '../../server/http-kit.js';
import { startReferenceServer, type ReferenceServer } from '../../server/reference-server.js';
import { fileRoute, proxyRoute, staticRoute } from '../helpers/same-origin-routes.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { mountOn, test as base } from './fixtures.js';

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
