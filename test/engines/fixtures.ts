import { test as base, expect } from '@playwright/test';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Route } from '../../server/http-kit.js';
import { startReferenceServer, type ReferenceServer } from '../../server/reference-server.js';
import { startStaticServer, type StaticServer } from '../../server/static.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { launchEngine, type Engine, type EngineBrowser, type EngineDriver } from './driver.js';

/**
 * Fixtures for the engine slice: per worker (one per engine project) the
 * engine's browser, the reference server (which also serves the strict-CSP
 * page from its own origin), the real @tus/server and a static server for the
 * ordinary test page; per test a fresh page with its own storage.
 */

const ROOT = resolve(import.meta.dirname, '../..');

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; require-trusted-types-for 'script'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/**
 * test/e2e/pages and dist from the API's own origin, every answer with the
 * strict CSP (as in test/e2e/security.spec.ts). The CSP page gets one more
 * same-origin script first in its head, which records CSP violations from the
 * start in engines whose driver has no init script (WebKitGTK).
 */
function strictRoute(prefix: string, dir: string): Route {
  return {
    prefix,
    protocol: 'static',
    async handle(_req, res, url) {
      const root = resolve(dir);
      const path = decodeURIComponent(url.pathname.slice(prefix.length));
      const headers = { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' };
      if (prefix === '/pages' && path === '/record-violations.js') {
        res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js'] });
        return void res.end(
          'window.violations = [];\n' +
            "document.addEventListener('securitypolicyviolation', (e) =>\n" +
            '  window.violations.push(`${e.effectiveDirective} ${e.blockedURI}`),\n);\n',
        );
      }
      const file = normalize(join(root, path));
      try {
        if (!file.startsWith(root)) throw new Error('outside');
        let body: Buffer | string = await readFile(file);
        if (prefix === '/pages' && path === '/csp.html') {
          body = body
            .toString('utf8')
            .replace('<head>', '<head>\n    <script src="/pages/record-violations.js"></script>');
        }
        res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'text/plain' });
        res.end(body);
      } catch {
        res.writeHead(404, headers);
        res.end();
      }
    },
  };
}

/** Where each upload's sessions and bytes are counted on the servers. */
export interface Servers {
  api: ReferenceServer;
  tus: TestTusServer;
  pages: StaticServer;
}

/** What the servers held when a test began, to tell what the test added. */
export interface ServerMark {
  files: Set<string>;
  tusUploads: Set<string>;
  apiRequests: number;
  tusRequests: number;
}

export async function markServers({ api, tus }: Servers): Promise<ServerMark> {
  return {
    files: new Set(api.storage.list().map((f) => f.id)),
    tusUploads: new Set(await tusUploadIds(tus)),
    apiRequests: api.requests.length,
    tusRequests: tus.requests.length,
  };
}

/** The ids of the uploads the tus FileStore holds (one data file and one `.json` each). */
export async function tusUploadIds(tus: TestTusServer): Promise<string[]> {
  const names = await readdir(tus.dir).catch(() => [] as string[]);
  return names.filter((name) => !name.endsWith('.json'));
}

/** Resolve once neither server has seen a request for `quietMs`. */
export async function serversQuiet({ api, tus }: Servers, quietMs = 400, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const all = [...api.requests, ...tus.requests];
    const last = Math.max(0, ...all.map((r) => r.endedAt ?? r.startedAt));
    const pending = all.some((r) => r.endedAt === undefined);
    if (!pending && performance.now() - last >= quietMs) return;
    if (Date.now() > deadline) {
      const open = all.filter((r) => r.endedAt === undefined).map((r) => `${r.method} ${r.path}`);
      throw new Error(
        `The servers were not quiet for ${quietMs} ms; still open: ${open.join(', ')}`,
      );
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

export interface EngineFixtures {
  driver: EngineDriver;
  servers: Servers;
}

export interface EngineWorkerFixtures {
  engine: Engine;
  engineBrowser: EngineBrowser;
  workerServers: Servers;
}

export const test = base.extend<EngineFixtures, EngineWorkerFixtures>({
  engine: ['chromium', { scope: 'worker', option: true }],
  engineBrowser: [
    async ({ engine }, use) => {
      const browser = await launchEngine(engine);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  workerServers: [
    async ({}, use) => {
      const api = await startReferenceServer({
        extraRoutes: [
          strictRoute('/dist', join(ROOT, 'dist')),
          strictRoute('/pages', join(ROOT, 'test/e2e/pages')),
        ],
      });
      const pages = await startStaticServer({
        '/dist': join(ROOT, 'dist'),
        '/pages': join(ROOT, 'test/e2e/pages'),
      });
      const tus = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
      await use({ api, tus, pages });
      await Promise.all([api.close(), tus.close(), pages.close()]);
    },
    { scope: 'worker' },
  ],
  servers: async ({ workerServers }, use) => {
    workerServers.api.faults.clear();
    workerServers.tus.patchDelayMs = 0;
    await use(workerServers);
    workerServers.api.faults.clear();
    workerServers.tus.patchDelayMs = 0;
  },
  driver: async ({ engineBrowser }, use, testInfo) => {
    const driver = await engineBrowser.newDriver();
    await use(driver);
    if (driver.problems.length) {
      await testInfo.attach('page problems', { body: driver.problems.join('\n') });
    }
    await driver.close();
  },
});

export { expect };
