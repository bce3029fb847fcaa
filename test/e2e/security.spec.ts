import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page, Request } from '@playwright/test';
import type { Route } from '../../server/http-kit.js';
import type { ReferenceServer } from '../../server/reference-server.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import {
  addMemoryFiles,
  allIndexedDb,
  finalEvents,
  pageEvents,
  sessionRecords,
} from '../soak/page-checks.js';
import {
  expect,
  fileInput,
  mountOn,
  randomFile,
  test as base,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

/**
 * Security (issue 8): no secret ever reaches IndexedDB, cookies go only with
 * `with-credentials` (and never to presigned URLs), names are only text, the
 * element and its worker run under a strict CSP with Trusted Types required,
 * and a session's record goes on success and on cancel.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const KiB = 1024;
const MiB = 1024 * KiB;
const BEARER = 'sEcReT-bearer-9d1f6a3c2b';
const COOKIE = { name: 'asc_auth_key', value: 'sEcReT-cookie-5e8a7b0c41' };
const TUS_SECRET = 'sEcReT-tus-token-77aa';
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self'; require-trusted-types-for 'script'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Static files from the upload API's own origin, each answer carrying the
 * strict CSP: `default-src 'self'` also governs `connect-src`, so the page and
 * the API must share an origin (a worker's CSP is the one its script came with).
 */
function staticRoute(prefix: string, dir: string): Route {
  return {
    prefix,
    protocol: 'static',
    async handle(_req, res, url) {
      const root = resolve(dir);
      const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
      try {
        if (!file.startsWith(root)) throw new Error('outside');
        const body = await readFile(file);
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': STRICT_CSP,
          'Cache-Control': 'no-store',
        });
        res.end(body);
      } catch {
        res.writeHead(404, { 'Content-Security-Policy': STRICT_CSP });
        res.end();
      }
    },
  };
}

const test = base.extend<{ tusServer: TestTusServer }>({
  tusServer: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
});
test.use({
  apiOptions: {
    bearerToken: BEARER,
    authCookie: `${COOKIE.name}=${COOKIE.value}`,
    extraRoutes: [
      staticRoute('/dist', join(ROOT, 'dist')),
      staticRoute('/pages', join(ROOT, 'test/e2e/pages')),
    ],
  },
});

const PROTOCOLS = ['content-range', 'segments', 'multipart', 'chunked-session', 'tus'] as const;
type Protocol = (typeof PROTOCOLS)[number];

function attrsFor(protocol: Protocol, api: string, tus: string): Record<string, string | boolean> {
  const common = { protocol, 'auto-start': true, 'with-credentials': true };
  switch (protocol) {
    case 'content-range':
      return { ...common, endpoint: `${api}/content-range`, 'chunk-size': String(256 * KiB) };
    case 'segments':
      return { ...common, endpoint: `${api}/ccadmin/v1/files`, 'chunk-size': String(256 * KiB) };
    case 'multipart':
      // One part at a time, so a reload still finds the upload running.
      return {
        ...common,
        endpoint: `${api}/multipart/uploads/multipart?partSize=${512 * KiB}`,
        concurrency: '1',
      };
    case 'chunked-session':
      return {
        ...common,
        endpoint: `${api}/api/2.0/files/3/upload/create_session`,
        'chunk-size': String(256 * KiB),
      };
    case 'tus':
      return { ...common, endpoint: tus, 'chunk-size': String(256 * KiB) };
  }
}

/**
 * Mount with the page's secrets: a bearer token, from a function (asked before
 * each request) for some protocols and as a plain object (handed to the worker
 * with the upload) for the others, so both paths are checked.
 */
async function mountWithSecrets(page: Page, attrs: Record<string, string | boolean>) {
  await mountOn(page, attrs);
  await page.evaluate(
    ([bearer, tusSecret]) => {
      const element = document.querySelector('resumable-upload') as unknown as {
        headers: unknown;
        protocol: string;
      };
      const headers = {
        Authorization: `Bearer ${element.protocol === 'tus' ? tusSecret : bearer}`,
      };
      const asObject = ['multipart', 'chunked-session'].includes(element.protocol);
      element.headers = asObject ? headers : async () => headers;
    },
    [BEARER, TUS_SECRET],
  );
}

/** Everything IndexedDB holds, as text, and the secrets that must not be in it. */
async function expectNoSecretStored(page: Page) {
  const everything = JSON.stringify(await allIndexedDb(page));
  for (const secret of [
    BEARER,
    COOKIE.value,
    TUS_SECRET,
    'Bearer ',
    'signature=',
    'asc_auth_key',
  ]) {
    expect(everything, `IndexedDB holds "${secret}"`).not.toContain(secret);
  }
  return everything;
}

test.describe('no secret is ever written to IndexedDB', () => {
  for (const protocol of PROTOCOLS) {
    test(`${protocol}: mid-upload, after a reload and after success`, async ({
      page,
      context,
      api,
      pages,
      tusServer,
    }) => {
      const file = await randomFile(3 * MiB, `secrets-${protocol}`);
      await context.addCookies([{ ...COOKIE, url: api.url }]);
      const delay = protocol === 'multipart' ? 400 : 120;
      api.faults.arm({ kind: 'delay', protocol, phase: 'chunk', ms: delay, times: 1000 });
      tusServer.patchDelayMs = delay;
      const attrs = attrsFor(protocol, api.url, tusServer.url);
      await page.goto(`${pages.url}/index.html`);
      await mountWithSecrets(page, attrs);
      await page.setInputFiles(fileInput, file.path);
      await waitForProgress(page, 512 * KiB);
      const during = await expectNoSecretStored(page);
      // The record really is there (the check above read something).
      expect(during).toContain('"sessions"');
      await page.reload();
      await mountWithSecrets(page, attrs);
      await waitForEvent(page, 'upload-restored');
      await expectNoSecretStored(page);
      await page.setInputFiles(fileInput, file.path);
      const [last] = await finalEvents(page);
      expect(last.type, String(last.detail.message)).toBe('upload-success');
      await expectNoSecretStored(page);
      expect(await sessionRecords(page)).toEqual([]);
    });
  }
});

test.describe('cookies go only with with-credentials, and never with a presigned URL', () => {
  /** The cookie and Authorization each request to the API carried, by URL path. */
  function recordCredentials(page: Page, api: string) {
    const seen: Array<{ path: string; cookie: boolean; auth: boolean }> = [];
    page.on('requestfinished', async (request: Request) => {
      if (!request.url().startsWith(api) || request.method() === 'OPTIONS') return;
      const headers = await request.allHeaders();
      seen.push({
        path: new URL(request.url()).pathname,
        cookie: (headers.cookie ?? '').includes(COOKIE.value),
        auth: 'authorization' in headers,
      });
    });
    return seen;
  }

  test('without with-credentials no cookie is sent and the 401 says so', async ({
    page,
    context,
    api,
    pages,
  }) => {
    await context.addCookies([{ ...COOKIE, url: api.url }]);
    const seen = recordCredentials(page, api.url);
    await page.goto(`${pages.url}/index.html`);
    const attrs = attrsFor('chunked-session', api.url, '');
    await mountWithSecrets(page, { ...attrs, 'with-credentials': false });
    await addMemoryFiles(page, [{ name: 'a.bin', size: 1000 }]);
    const [last] = await finalEvents(page);
    expect(last.detail).toMatchObject({ code: 'auth', status: 401, willRetry: false });
    expect(String(last.detail.message)).toMatch(/401 Unauthorized.*cookie/);
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.cookie)).toEqual([]);
  });

  test('with with-credentials the cookie goes to the API, never to part URLs', async ({
    page,
    context,
    api,
    pages,
  }) => {
    await context.addCookies([{ ...COOKIE, url: api.url }]);
    const seen = recordCredentials(page, api.url);
    await page.goto(`${pages.url}/index.html`);
    await mountWithSecrets(page, attrsFor('multipart', api.url, ''));
    await addMemoryFiles(page, [{ name: 'parts.bin', size: 1536 * KiB }]);
    const [last] = await finalEvents(page);
    expect(last.type, String(last.detail.message)).toBe('upload-success');
    await expect.poll(() => seen.filter((r) => r.path.includes('/part/')).length).toBe(3);
    const parts = seen.filter((r) => r.path.includes('/part/'));
    const calls = seen.filter((r) => !r.path.includes('/part/'));
    // The URL is the grant: no cookie, no Authorization (it would break S3's signature).
    expect(parts.every((r) => !r.cookie && !r.auth)).toBe(true);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((r) => r.cookie && r.auth)).toBe(true);
  });
});

test('file names are only ever text: list, messages and announcements', async ({
  page,
  api,
  pages,
}) => {
  const names = [
    '<img src=x onerror="window.__pwned=1">.bin',
    '<script>window.__pwned=2</script>.bin',
    '"><svg onload="window.__pwned=3">.bin',
  ];
  await page.goto(`${pages.url}/index.html`);
  // Segments refuses such names (20306): the refusal quotes the name, so it is shown too.
  await mountWithSecrets(page, { ...attrsFor('segments', api.url, ''), multiple: true });
  await addMemoryFiles(
    page,
    names.map((name) => ({ name, size: 100 })),
  );
  const finals = await finalEvents(page, names.length);
  expect(finals.every((e) => e.detail.code === 'invalid-filename')).toBe(true);
  await expect(page.locator('resumable-upload [part=name]')).toHaveText(names);
  for (const [i, name] of names.entries()) {
    await expect(page.locator('resumable-upload [part=message]').nth(i)).toContainText(name);
  }
  const shadow = await page.evaluate(() => {
    const root = document.querySelector('resumable-upload')!.shadowRoot!;
    return {
      // The element's own icons are fine; nothing from a name may have become an element.
      elements: root.querySelectorAll('img, script, [onerror], [onload]').length,
      pwned: (window as { __pwned?: unknown }).__pwned,
    };
  });
  expect(shadow).toEqual({ elements: 0, pwned: undefined });
});

test.describe('records go on success and on cancel', () => {
  for (const protocol of PROTOCOLS) {
    test(`${protocol}`, async ({ page, context, api, pages, tusServer }) => {
      const file = await randomFile(3 * MiB, `records-${protocol}`);
      await context.addCookies([{ ...COOKIE, url: api.url }]);
      api.faults.arm({ kind: 'delay', protocol, phase: 'chunk', ms: 150, times: 1000 });
      tusServer.patchDelayMs = 150;
      await page.goto(`${pages.url}/index.html`);
      await mountWithSecrets(page, attrsFor(protocol, api.url, tusServer.url));
      await page.setInputFiles(fileInput, file.path);
      await waitForProgress(page, 256 * KiB);
      expect(await sessionRecords(page)).toHaveLength(1);
      await page.evaluate(() =>
        (document.querySelector('resumable-upload') as unknown as { cancel(): void }).cancel(),
      );
      await waitForEvent(page, 'upload-cancelled');
      expect(await sessionRecords(page)).toEqual([]);
      const kept = (await allIndexedDb(page)).filter((r) => r.db !== 'resumable-upload');
      expect(kept, 'a kept copy of the file outlived its cancelled upload').toEqual([]);
      // And a new upload of the same file ends with nothing left either.
      await page.setInputFiles(fileInput, file.path);
      await expect
        .poll(async () => (await pageEvents(page, 'upload-success')).length, { timeout: 60_000 })
        .toBe(1);
      expect(await sessionRecords(page)).toEqual([]);
      expect((await allIndexedDb(page)).filter((r) => r.db !== 'resumable-upload')).toEqual([]);
    });
  }
});

/**
 * Open the page served with the strict CSP (Trusted Types required) and upload
 * a file through the element and its worker. Returns every CSP violation and
 * console error seen on the way.
 */
async function uploadUnderStrictCsp(page: Page, api: ReferenceServer) {
  const file = await randomFile(1 * MiB + 7, 'csp');
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser asks every origin for a favicon; this one has none.
    if (message.location().url.endsWith('/favicon.ico')) return;
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  // Registered before any page script, outside the page's CSP (a DevTools script).
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  const answer = await page.goto(`${api.url}/pages/csp.html`);
  expect(answer?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await page.evaluate(async (bearer) => {
    await customElements.whenDefined('resumable-upload');
    const element = document.querySelector('resumable-upload') as unknown as {
      headers: unknown;
      restored: Promise<unknown>;
    };
    await element.restored;
    element.headers = { Authorization: `Bearer ${bearer}` };
  }, BEARER);
  await page.setInputFiles(fileInput, file.path);
  const [last] = await finalEvents(page);
  expect(last.type, String(last.detail.message)).toBe('upload-success');
  const id = (last.detail.result as { id: string }).id;
  expect(await api.storage.sha256(id)).toBe(file.sha256);
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  const violations = await page.evaluate(
    () => (window as unknown as { violations: string[] }).violations,
  );
  return { violations, problems };
}

/** Inline style attributes (`style="width: …"`) blocked by the CSP's style-src. */
const isInlineStyle = (text: string) =>
  /^style-src-attr /.test(text) || /Applying inline style violates/.test(text);

test.describe('strict CSP with Trusted Types required', () => {
  test('the element and its worker upload on a page that allows only its own origin', async ({
    page,
    api,
  }) => {
    const { violations, problems } = await uploadUnderStrictCsp(page, api);
    // No script, worker, Trusted Types or connection was blocked.
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the progress bar fills under the same CSP', async ({ page, api }) => {
    const { violations } = await uploadUnderStrictCsp(page, api);
    const fill = await page.evaluate(() => {
      const root = document.querySelector('resumable-upload')!.shadowRoot!;
      const track = root.querySelector('[part=progress]')!.getBoundingClientRect().width;
      const bar = root.querySelector('[part=progress-bar]')!.getBoundingClientRect().width;
      return bar / track;
    });
    expect(violations.filter(isInlineStyle)).toEqual([]);
    expect(fill).toBeCloseTo(1, 2);
  });
});
