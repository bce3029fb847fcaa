import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Page } from '@playwright/test';
import { readBody, type Route } from '../../server/http-kit.js';
import { startStaticServer } from '../../server/static.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import {
  addMemoryFiles,
  finalEvents,
  halfWritten,
  pageEvents,
  sessionRecords,
  uploadsOf,
} from '../soak/page-checks.js';
import { expect, mountOn, test as base, waitForEvent } from './fixtures.js';

/**
 * Bad inputs (issue 8): each ends in a clear error event and message, or a
 * clean upload where the protocol allows it, and leaves nothing half-written:
 * no upload stuck "uploading", no IndexedDB record missing what a resume needs.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const KiB = 1024;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}
type Script = (call: { method: string; path: string; n: number; base: string }) => Answer;

/**
 * A server that answers what the test scripts, at `/rogue/{scenario}/…`: the
 * broken answers real servers and proxies give (no JSON, HTML pages, missing
 * headers, impossible ranges). `n` counts the scenario's requests from 0.
 */
const scripts = new Map<string, Script>();
const counts = new Map<string, number>();
const rogueRoute: Route = {
  prefix: '/rogue',
  protocol: 'rogue',
  async handle(req: IncomingMessage, res, url, ctx) {
    await readBody(req);
    const [, , scenario, ...rest] = url.pathname.split('/');
    const script = scripts.get(scenario);
    const n = counts.get(scenario) ?? 0;
    counts.set(scenario, n + 1);
    const answer: Answer = script
      ? script({
          method: req.method ?? '',
          path: `/${rest.join('/')}`,
          n,
          base: `${ctx.baseUrl()}/rogue/${scenario}`,
        })
      : { status: 404, body: { message: 'no script' } };
    const body =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    const json = typeof answer.body === 'object';
    res.writeHead(answer.status, {
      ...(body ? { 'Content-Type': json ? 'application/json' : 'text/html; charset=utf-8' } : {}),
      'Content-Length': Buffer.byteLength(body),
      ...answer.headers,
    });
    res.end(body);
  },
};

const test = base.extend<{ tusServer: TestTusServer }>({
  tusServer: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
});
test.use({ apiOptions: { extraRoutes: [rogueRoute] } });

const HTML_LOGIN = '<!doctype html><html><body><h1>Sign in</h1><form>…</form></body></html>';
const HTML_ERROR = (status: number, title: string) =>
  `<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>`;
const session = (base: string) => ({ kind: 'resumableUpload', id: 's1', url: `${base}/session` });

interface Scenario {
  name: string;
  protocol: string;
  /** Path after `/rogue/{name}` the element's endpoint points at. */
  endpoint?: string;
  attrs?: Record<string, string>;
  size?: number;
  script: Script;
  code: string;
  status?: number;
  message: RegExp;
  /** The failure comes after the session exists: a complete record may stay for Retry. */
  afterCreate?: boolean;
}

const CHUNK = 256 * KiB;

const scenarios: Scenario[] = [
  {
    name: 'cr-malformed-json',
    protocol: 'content-range',
    script: () => ({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"kind":"resumableUpload","url":',
    }),
    code: 'protocol',
    message: /not JSON/,
  },
  {
    name: 'cr-html-login-page',
    protocol: 'content-range',
    script: () => ({ status: 200, body: HTML_LOGIN }),
    code: 'protocol',
    message: /not JSON/,
  },
  {
    name: 'cr-html-error-page',
    protocol: 'content-range',
    script: () => ({ status: 404, body: HTML_ERROR(404, 'Not Found') }),
    code: 'http',
    status: 404,
    message: /answered 404/,
  },
  {
    name: 'cr-no-location',
    protocol: 'content-range',
    script: () => ({ status: 200 }),
    code: 'protocol',
    message: /Location/,
  },
  {
    name: 'cr-308-no-range-ever',
    protocol: 'content-range',
    script: ({ n, base }) => (n === 0 ? { status: 200, body: session(base) } : { status: 308 }),
    code: 'protocol',
    message: /without storing/,
    afterCreate: true,
  },
  {
    name: 'cr-308-beyond-sent',
    protocol: 'content-range',
    script: ({ n, base }) =>
      n === 0
        ? { status: 200, body: session(base) }
        : { status: 308, headers: { Range: `bytes=0-${CHUNK + 999}` } },
    code: 'protocol',
    message: /outside/,
    afterCreate: true,
  },
  {
    name: 'cr-413',
    protocol: 'content-range',
    script: ({ n, base }) =>
      n === 0
        ? { status: 200, body: session(base) }
        : { status: 413, body: HTML_ERROR(413, 'Request Entity Too Large') },
    code: 'http',
    status: 413,
    message: /413 Content Too Large/,
    afterCreate: true,
  },
  {
    name: 'cr-401',
    protocol: 'content-range',
    script: () => ({ status: 401, body: { message: 'The access token expired' } }),
    code: 'auth',
    status: 401,
    message: /401.*access token expired/,
  },
  {
    name: 'tus-no-location',
    protocol: 'tus',
    script: () => ({ status: 201, headers: { 'Tus-Resumable': '1.0.0' } }),
    // The API is another origin than the page: a Location it did not send and one its CORS
    // hides read the same, and the hidden one is what a tus server's CORS usually gets wrong.
    code: 'blocked',
    message: /Location.*Access-Control-Expose-Headers/,
  },
  {
    name: 'tus-no-upload-offset',
    protocol: 'tus',
    script: ({ n, base }): Answer =>
      n === 0
        ? { status: 201, headers: { Location: `${base}/files/1`, 'Tus-Resumable': '1.0.0' } }
        : { status: 204, headers: { 'Tus-Resumable': '1.0.0' } },
    code: 'blocked',
    message: /Upload-Offset.*Access-Control-Expose-Headers/,
    afterCreate: true,
  },
  {
    name: 'mp-malformed-json',
    protocol: 'multipart',
    script: () => ({ status: 200, body: '{"success":true,"result":{' }),
    code: 'protocol',
    message: /not JSON/,
  },
  {
    name: 'mp-no-etag',
    protocol: 'multipart',
    // Parts of 256 KiB by the server's choice; each part PUT answers 200 with no ETag.
    script: ({ path, base }) =>
      path.startsWith('/part/')
        ? { status: 200 }
        : {
            status: 200,
            body: {
              success: true,
              errors: [],
              messages: [],
              result: {
                requestKey: 'k1',
                uploadId: 'u1',
                partSize: CHUNK,
                presignedUrls: [1, 2, 3].map((partNumber) => ({
                  partNumber,
                  presignedUrl: `${base}/part/${partNumber}?signature=s`,
                })),
              },
              resultInfo: null,
              statusCode: 200,
            },
          },
    // The part host is another origin than the page: an ETag it did not send and one its
    // CORS hides read the same, and the hidden one is what a bucket's CORS usually gets wrong.
    code: 'blocked',
    message: /ETag/,
    afterCreate: true,
  },
  {
    name: 'seg-html-400',
    protocol: 'segments',
    script: () => ({ status: 400, body: HTML_ERROR(400, 'Bad Request') }),
    code: 'http',
    status: 400,
    message: /answered 400/,
  },
  {
    name: 'cs-no-location',
    protocol: 'chunked-session',
    script: () => ({
      status: 200,
      body: { success: true, data: { id: 'x', bytes_uploaded: 0, bytes_total: 1 } },
    }),
    code: 'protocol',
    message: /location/,
  },
  {
    name: 'cs-chunk-not-json',
    protocol: 'chunked-session',
    attrs: { 'chunk-size': String(CHUNK) },
    script: ({ n, base }) =>
      n === 0
        ? {
            status: 200,
            body: { success: true, data: { id: 'x', location: `${base}/loc`, bytes_uploaded: 0 } },
          }
        : { status: 200, body: HTML_LOGIN },
    code: 'protocol',
    message: /not JSON/,
    afterCreate: true,
  },
];

async function expectCleanFailure(page: Page, scenario: Scenario) {
  const [last] = await finalEvents(page);
  expect(last.type).toBe('upload-error');
  const { code, message, status } = last.detail;
  expect(code).toBe(scenario.code);
  if (scenario.status) expect(status).toBe(scenario.status);
  expect(String(message)).toMatch(scenario.message);
  // Written for people: no markup from an HTML error page, no grant from a URL.
  expect(String(message)).not.toMatch(/<|signature=/);
  // Nothing stuck: the upload is failed, says why, and nothing still spins.
  const uploads = await uploadsOf(page);
  expect(uploads.map((u) => u.status)).toEqual(['error']);
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Failed');
  await expect(page.locator('resumable-upload [part=message]')).toHaveText(String(message));
  const records = await sessionRecords(page);
  expect(halfWritten(records)).toEqual([]);
  if (!scenario.afterCreate) expect(records).toEqual([]);
}

test.describe('bad server answers end in a clear error and nothing half-written', () => {
  for (const scenario of scenarios) {
    test(`${scenario.protocol}: ${scenario.name}`, async ({ page, api, pages }) => {
      scripts.set(scenario.name, scenario.script);
      counts.set(scenario.name, 0);
      await page.goto(`${pages.url}/index.html`);
      await mountOn(page, {
        protocol: scenario.protocol,
        endpoint: `${api.url}/rogue/${scenario.name}${scenario.endpoint ?? '/files'}`,
        'auto-start': true,
        ...(scenario.protocol === 'content-range' || scenario.protocol === 'tus'
          ? { 'chunk-size': String(CHUNK) }
          : {}),
        ...scenario.attrs,
      });
      await addMemoryFiles(page, [{ name: 'report.pdf', size: scenario.size ?? 2 * CHUNK + 100 }]);
      await expectCleanFailure(page, scenario);
    });
  }

  test('an HTML error page mid-upload is retried and never shown as markup', async ({
    page,
    api,
    pages,
  }) => {
    scripts.set('cr-502-once', ({ n, base }) => {
      if (n === 0) return { status: 200, body: session(base) };
      if (n === 1) return { status: 502, body: HTML_ERROR(502, 'Bad Gateway') };
      return { status: 200, body: { id: 'done' } };
    });
    await page.goto(`${pages.url}/index.html`);
    await mountOn(page, {
      protocol: 'content-range',
      endpoint: `${api.url}/rogue/cr-502-once/files`,
      'auto-start': true,
    });
    await addMemoryFiles(page, [{ name: 'small.bin', size: 1000 }]);
    const [last] = await finalEvents(page);
    expect(last.type).toBe('upload-success');
    const notices = await pageEvents(page, 'upload-error');
    expect(notices.map((e) => [e.detail.status, e.detail.willRetry])).toEqual([[502, true]]);
    expect(String(notices[0].detail.message)).not.toContain('<');
    expect(await sessionRecords(page)).toEqual([]);
  });
});

test.describe('files the element must turn away or carry as they are', () => {
  test('a file over max-file-size is refused before any request, with its reason', async ({
    page,
    api,
    pages,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${pages.url}/index.html`);
    await mountOn(page, {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'max-file-size': '1000',
    });
    await addMemoryFiles(page, [{ name: 'too-big.bin', size: 1001 }]);
    const refused = await waitForEvent(page, 'upload-error');
    expect(refused.detail).toMatchObject({
      code: 'file-too-large',
      name: 'too-big.bin',
      willRetry: false,
    });
    expect(String(refused.detail.message)).toMatch(/too-big\.bin.*larger than/);
    await expect(page.locator('resumable-upload [part=message]')).toHaveText(
      String(refused.detail.message),
    );
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Failed');
    expect(requests.filter((u) => u.startsWith(api.url))).toEqual([]);
    expect(await sessionRecords(page)).toEqual([]);
  });

  for (const protocol of ['content-range', 'segments', 'multipart', 'chunked-session', 'tus']) {
    test(`a 0-byte file uploads with ${protocol}`, async ({ page, api, pages, tusServer }) => {
      const endpoints: Record<string, string> = {
        'content-range': `${api.url}/content-range`,
        segments: `${api.url}/ccadmin/v1/files`,
        multipart: `${api.url}/multipart/uploads/multipart`,
        'chunked-session': `${api.url}/api/2.0/files/1841/upload/create_session`,
        tus: tusServer.url,
      };
      await page.goto(`${pages.url}/index.html`);
      await mountOn(page, { protocol, endpoint: endpoints[protocol], 'auto-start': true });
      await addMemoryFiles(page, [{ name: 'empty.txt', size: 0, type: 'text/plain' }]);
      const [last] = await finalEvents(page);
      expect(last.detail.message ?? '').toBe('');
      expect(last.type).toBe('upload-success');
      const result = last.detail.result as Record<string, unknown>;
      const stored =
        protocol === 'tus'
          ? await tusServer.sha256(String(result.url))
          : await api.storage.sha256(
              String(
                protocol === 'multipart'
                  ? (result.resultInfo as { fileId: string }).fileId
                  : result.id,
              ),
            );
      expect(stored).toBe(EMPTY_SHA256);
      await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
      await expect(page.locator('resumable-upload [role=progressbar]')).toHaveAttribute(
        'aria-valuenow',
        '100',
      );
      expect(await sessionRecords(page)).toEqual([]);
    });
  }
});

/** Names that break naive code: paths, markup, bidi overrides, emoji, more than 255 bytes. */
const NASTY_NAMES = [
  '../../etc/passwd',
  '<img src=x onerror="window.__pwned=1">.txt',
  'invoice\u202Egnp.exe',
  '\u200Fשלום עולם.txt',
  '📦🚀 report 🧪.bin',
  `${'é'.repeat(130)}.bin`,
  `${'a'.repeat(300)}.bin`,
];

/** What OCC refuses (20306): `..` parts, `< > " …`, more than 255 characters. */
const segmentsRefuses = (name: string) =>
  name.length > 255 || /[\\:*?"<>|]/.test(name) || name.split('/').some((p) => p === '..');

test.describe('file names are carried intact or refused clearly, and shown only as text', () => {
  for (const protocol of ['content-range', 'segments', 'multipart', 'chunked-session', 'tus']) {
    test(`${protocol}`, async ({ page, api, pages, tusServer }) => {
      const endpoints: Record<string, string> = {
        'content-range': `${api.url}/content-range`,
        segments: `${api.url}/ccadmin/v1/files`,
        multipart: `${api.url}/multipart/uploads/multipart`,
        'chunked-session': `${api.url}/api/2.0/files/1841/upload/create_session`,
        tus: tusServer.url,
      };
      await page.goto(`${pages.url}/index.html`);
      await mountOn(page, {
        protocol,
        endpoint: endpoints[protocol],
        'auto-start': true,
        multiple: true,
        'parallel-uploads': '3',
      });
      await addMemoryFiles(
        page,
        NASTY_NAMES.map((name) => ({ name, size: 1000 })),
      );
      const finals = await finalEvents(page, NASTY_NAMES.length);
      for (const name of NASTY_NAMES) {
        const last = finals.find((e) => e.detail.name === name);
        expect(last, name).toBeTruthy();
        const item = page.locator(`resumable-upload li[data-id="${last!.detail.id}"]`);
        await expect(item.locator('[part=name]')).toHaveText(name);
        if (protocol === 'segments' && segmentsRefuses(name)) {
          expect(last!.type, name).toBe('upload-error');
          expect(last!.detail.code).toBe('invalid-filename');
          expect(String(last!.detail.message)).toContain(name);
          await expect(item.locator('[part=message]')).toHaveText(String(last!.detail.message));
          continue;
        }
        expect(last!.type, `${name}: ${String(last!.detail.message)}`).toBe('upload-success');
        const result = last!.detail.result as Record<string, unknown>;
        if (protocol === 'tus') {
          expect((await tusServer.upload(String(result.url)))?.metadata.filename).toBe(name);
        } else if (protocol === 'multipart') {
          const id = (result.resultInfo as { fileId: string }).fileId;
          expect(api.storage.get(id)?.name).toBe(name);
        } else if (protocol === 'segments') {
          expect(result.filename).toBe(name);
        } else if (protocol === 'chunked-session') {
          expect(result.title).toBe(name);
        }
      }
      // Markup in a name stays text: nothing was parsed, nothing ran.
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      const injected = await page.evaluate(
        () =>
          document.querySelector('resumable-upload')!.shadowRoot!.querySelectorAll('img').length,
      );
      expect(injected).toBe(0);
    });
  }
});

test.describe('IndexedDB unusable: the upload works for the life of the page and says so', () => {
  /** Ends the upload, checking on the way that the UI says a reload will start over. */
  async function uploadWithoutPersistence(
    page: Page,
    api: { url: string },
    check: () => Promise<void>,
  ) {
    await mountOn(page, {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(CHUNK),
    });
    await addMemoryFiles(page, [{ name: 'no-storage.bin', size: 8 * CHUNK + 5 }]);
    await check();
    const [last] = await finalEvents(page);
    expect(last.type).toBe('upload-success');
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  }

  test('IndexedDB full (quota exceeded on every write)', async ({ page, api, pages, context }) => {
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 150,
      times: 100,
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send(
      'Storage.overrideQuotaForOrigin' as never,
      {
        origin: pages.url,
        quotaSize: 1,
      } as never,
    );
    await page.goto(`${pages.url}/index.html`);
    await uploadWithoutPersistence(page, api, async () => {
      await expect(page.locator('resumable-upload [part=message]')).toHaveText(
        'This browser cannot store upload progress: a reload will start over.',
      );
      expect((await uploadsOf(page))[0].persistent).toBe(false);
    });
    expect(await sessionRecords(page)).toEqual([]);
  });

  test('IndexedDB unavailable (refused in the worker)', async ({ page, api }) => {
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 150,
      times: 100,
    });
    // A copy of the bundle whose worker finds storage blocked: touching indexedDB throws,
    // as in a browser whose settings block site data.
    const dist = await mkdtemp(join(tmpdir(), 'no-idb-dist-'));
    await cp(join(ROOT, 'dist'), dist, { recursive: true });
    const worker = join(dist, 'assets/upload.worker.js');
    const blocked =
      "Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get() { throw new DOMException('Storage is blocked', 'SecurityError'); } });\n";
    await writeFile(worker, blocked + (await readFile(worker, 'utf8')));
    const pages = await startStaticServer({
      '/dist': dist,
      '/pages': join(ROOT, 'test/e2e/pages'),
    });
    try {
      await page.goto(`${pages.url}/pages/index.html`);
      await uploadWithoutPersistence(page, api, async () => {
        await expect(page.locator('resumable-upload [part=message]')).toHaveText(
          'This browser cannot store upload progress: a reload will start over.',
        );
        expect((await uploadsOf(page))[0].persistent).toBe(false);
      });
      expect(await sessionRecords(page)).toEqual([]);
    } finally {
      await pages.close();
      await rm(dist, { recursive: true, force: true });
    }
  });
});
