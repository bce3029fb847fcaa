import type { BrowserContext, Page, Request } from '@playwright/test';
import { startSecondOrigin, type SecondOrigin } from '../helpers/second-origin.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { finalEvents, pageEvents } from '../soak/page-checks.js';
import {
  expect,
  fileInput,
  mountOn,
  randomFile,
  test as base,
  waitForProgress,
} from './fixtures.js';

/**
 * Where the page's credentials go, and what happens when a host never answers.
 * The upload host is a second origin (another port of 127.0.0.1, in front of the real
 * server): it refuses any request that brings the page's Authorization header or
 * cookie, so a leak fails the upload. The page's headers and cookies go to the
 * endpoint's origin, and elsewhere only with `credentials-to`. A host that answers
 * without CORS stops the upload within seconds with code `blocked`, naming it; a host
 * that answered once and then cuts connections is retried as a flaky network.
 */

const KiB = 1024;
const CHUNK = 256 * KiB;
const BEARER = 'sEcReT-origins-bearer-51c9';
const COOKIE = { name: 'app_session', value: 'sEcReT-origins-cookie-0b7e' };

const test = base.extend<{ tus: TestTusServer; storage: SecondOrigin; tusStorage: SecondOrigin }>({
  tus: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
  storage: async ({ api }, use) => {
    const origin = await startSecondOrigin(api.url);
    await use(origin);
    await origin.close();
  },
  tusStorage: async ({ tus }, use) => {
    const origin = await startSecondOrigin(new URL(tus.url).origin);
    tus.uploadBase = origin.url;
    await use(origin);
    await origin.close();
  },
});

type Protocol = 'content-range' | 'multipart' | 'chunked-session' | 'tus';

/** Attributes that put each protocol's uploads on `upload` while its endpoint stays on the API. */
function attrsFor(protocol: Protocol, api: string, tus: string, upload: string) {
  const base = encodeURIComponent(upload);
  const common = { protocol, 'auto-start': true, 'with-credentials': true };
  switch (protocol) {
    case 'content-range':
      return {
        ...common,
        endpoint: `${api}/content-range?style=gcs&uploadBase=${base}`,
        'chunk-size': String(CHUNK),
      };
    case 'multipart':
      return {
        ...common,
        endpoint: `${api}/multipart/uploads/multipart?partSize=${2 * CHUNK}&uploadBase=${base}`,
      };
    case 'chunked-session':
      return {
        ...common,
        endpoint: `${api}/api/2.0/files/3/upload/create_session?uploadBase=${base}`,
        'chunk-size': String(CHUNK),
      };
    case 'tus':
      return { ...common, endpoint: tus, 'chunk-size': String(CHUNK) };
  }
}

/** Mount with the page's secrets: a bearer token from a function, and a cookie for the API. */
async function mountWithSecrets(page: Page, attrs: Record<string, string | boolean>) {
  await mountOn(page, attrs);
  await page.evaluate((bearer) => {
    const element = document.querySelector('resumable-upload') as unknown as { headers: unknown };
    element.headers = async () => ({ Authorization: `Bearer ${bearer}` });
  }, BEARER);
}

/**
 * With the API's cookie in the browser and the page's bearer token set, upload `path`
 * and expect it to succeed. Returns the upload's result.
 */
async function uploadWithSecrets(
  {
    page,
    context,
    api,
    pages,
  }: { page: Page; context: BrowserContext; api: { url: string }; pages: { url: string } },
  attrs: Record<string, string | boolean>,
  path: string,
) {
  await context.addCookies([{ ...COOKIE, url: api.url }]);
  await page.goto(`${pages.url}/index.html`);
  await mountWithSecrets(page, attrs);
  await page.setInputFiles(fileInput, path);
  const [last] = await finalEvents(page);
  expect(last.type, String(last.detail.message)).toBe('upload-success');
  return last.detail.result as Record<string, unknown>;
}

/** What credentials each request to `origin` carried (CORS preflights left out). */
function credentialsSeen(page: Page, origin: string) {
  const seen: Array<{ path: string; auth: boolean; cookie: boolean }> = [];
  page.on('requestfinished', async (request: Request) => {
    if (new URL(request.url()).origin !== origin || request.method() === 'OPTIONS') return;
    const headers = await request.allHeaders();
    seen.push({
      path: new URL(request.url()).pathname,
      auth: headers.authorization === `Bearer ${BEARER}`,
      cookie: (headers.cookie ?? '').includes(COOKIE.value),
    });
  });
  return seen;
}

/** The stored bytes' SHA-256 for a finished upload, from the server that holds them. */
async function storedSha256(
  protocol: Protocol,
  result: Record<string, unknown>,
  { api, tus }: { api: { storage: { sha256(id: string): Promise<string> } }; tus: TestTusServer },
) {
  if (protocol === 'tus') return tus.sha256(String(result.url));
  if (protocol === 'multipart') {
    return api.storage.sha256(String((result.resultInfo as { fileId: string }).fileId));
  }
  return api.storage.sha256(String(result.id));
}

test.describe("the page's credentials stay on the endpoint's origin", () => {
  for (const protocol of ['content-range', 'tus', 'multipart', 'chunked-session'] as const) {
    test(`${protocol}: upload URLs on a second origin get neither the page's headers nor its cookie`, async ({
      page,
      context,
      api,
      pages,
      tus,
      storage,
      tusStorage,
    }) => {
      const host = protocol === 'tus' ? tusStorage : storage;
      const file = await randomFile(5 * CHUNK + 1234, `origins-${protocol}`);
      const home = credentialsSeen(page, new URL(protocol === 'tus' ? tus.url : api.url).origin);
      const attrs = attrsFor(protocol, api.url, tus.url, host.url);
      const result = await uploadWithSecrets({ page, context, api, pages }, attrs, file.path);
      expect(await storedSha256(protocol, result, { api, tus })).toBe(file.sha256);

      const uploads = host.seen.filter((r) => r.method !== 'OPTIONS');
      expect(uploads.length, 'requests that reached the second origin').toBeGreaterThan(0);
      expect(uploads.filter((r) => r.authorization || r.cookie)).toEqual([]);
      // The endpoint's own origin still gets both (tus: the header; its cookie is the API's).
      await expect.poll(() => home.length).toBeGreaterThan(0);
      expect(home.every((r) => r.auth)).toBe(true);
      if (protocol !== 'tus') expect(home.every((r) => r.cookie)).toBe(true);
    });
  }

  test('credentials-to names the second origin: it gets the headers and the cookie too', async ({
    page,
    context,
    api,
    pages,
    tus,
    storage,
  }) => {
    storage.refuseCredentials = false;
    const file = await randomFile(3 * CHUNK + 7, 'origins-opt-in');
    const attrs = {
      ...attrsFor('content-range', api.url, tus.url, storage.url),
      'credentials-to': `https://elsewhere.example ${storage.url}`,
    };
    await uploadWithSecrets({ page, context, api, pages }, attrs, file.path);
    const puts = storage.seen.filter((r) => r.method === 'PUT');
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.every((r) => r.authorization === `Bearer ${BEARER}`)).toBe(true);
    expect(puts.every((r) => (r.cookie ?? '').includes(COOKIE.value))).toBe(true);
  });

  test('credentials-to that is not a list of origins fails before any request', async ({
    page,
    api,
    pages,
    tus,
    storage,
  }) => {
    const file = await randomFile(CHUNK, 'origins-bad-opt-in');
    await page.goto(`${pages.url}/index.html`);
    const attrs = attrsFor('content-range', api.url, tus.url, storage.url);
    await mountWithSecrets(page, { ...attrs, 'credentials-to': `${storage.url}/bucket` });
    const before = api.requests.length;
    await page.setInputFiles(fileInput, file.path);
    const [last] = await finalEvents(page);
    expect(last.detail).toMatchObject({ code: 'config', willRetry: false });
    expect(String(last.detail.message)).toContain(`"${storage.url}/bucket"`);
    expect(api.requests.slice(before).filter((r) => r.path.startsWith('/content-range'))).toEqual(
      [],
    );
  });
});

/**
 * Upload a file with these attributes and expect the upload to end `blocked`, within
 * seconds of the file being added, naming `origin` and each of `needs`.
 */
async function expectBlocked(
  page: Page,
  pagesUrl: string,
  attrs: Record<string, string | boolean>,
  origin: string,
  needs: string[],
) {
  await page.goto(`${pagesUrl}/index.html`);
  await mountOn(page, { ...attrs, 'auto-start': true });
  await page.setInputFiles(fileInput, (await randomFile(6 * CHUNK, 'blocked')).path);
  const [last] = await finalEvents(page, 1, 30_000);
  const [added] = await pageEvents(page, 'upload-added');
  expect(last.detail).toMatchObject({ code: 'blocked', willRetry: false });
  const message = String(last.detail.message);
  for (const text of [`${origin} never answered`, ...needs]) expect(message).toContain(text);
  expect(last.at - added.at, 'from the file added to the final error').toBeLessThan(6000);
  // The retries before it were ordinary network errors, nothing else.
  const notices = (await pageEvents(page, 'upload-error')).filter((e) => e.detail.willRetry);
  expect(notices.every((e) => e.detail.code === 'network')).toBe(true);
}

test.describe('a host that never answers is named, and not retried for minutes', () => {
  test('content-range: an endpoint answering without CORS headers ends blocked within seconds', async ({
    page,
    api,
    pages,
  }) => {
    const closed = await startSecondOrigin(api.url);
    try {
      closed.cors = false;
      const attrs = { protocol: 'content-range', endpoint: `${closed.url}/content-range` };
      await expectBlocked(page, pages.url, attrs, closed.url, [
        `Access-Control-Allow-Origin: ${pages.url}`,
        'the methods PUT, DELETE, POST',
        'the headers Content-Range',
        'expose Range, Location',
      ]);
      expect(closed.seen.filter((r) => r.method === 'POST').length).toBeLessThanOrEqual(4);
    } finally {
      await closed.close();
    }
  });

  test('tus: upload URLs on a host without CORS end blocked, naming it and what tus needs', async ({
    page,
    pages,
    tus,
    tusStorage,
  }) => {
    tusStorage.cors = false;
    // Chunks pinned below the file's size: a file one request carries goes in the creation
    // POST to the endpoint (creation-with-upload) and never reaches the upload URL's host.
    const attrs = { protocol: 'tus', endpoint: tus.url, 'chunk-size': String(CHUNK) };
    await expectBlocked(page, pages.url, attrs, tusStorage.url, [
      'the methods PATCH, HEAD, DELETE',
      'the headers Tus-Resumable, Upload-Offset, Content-Type',
      'expose Upload-Offset, Upload-Length',
    ]);
  });

  test('multipart: presigned parts on a host without CORS end blocked, naming it and ETag', async ({
    page,
    api,
    pages,
    storage,
  }) => {
    storage.cors = false;
    const base = encodeURIComponent(storage.url);
    const attrs = {
      protocol: 'multipart',
      endpoint: `${api.url}/multipart/uploads/multipart?partSize=${2 * CHUNK}&uploadBase=${base}`,
    };
    await expectBlocked(page, pages.url, attrs, storage.url, ['the methods PUT', 'expose ETag']);
  });

  test('a session host that answered and then cuts connections is retried, and completes', async ({
    page,
    api,
    pages,
    tus,
    storage,
  }) => {
    const file = await randomFile(8 * CHUNK + 99, 'flaky-session-host');
    // Slow chunks, so the cuts land mid-upload.
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 150,
      times: 1e6,
    });
    await page.goto(`${pages.url}/index.html`);
    const { 'with-credentials': _, ...attrs } = attrsFor(
      'content-range',
      api.url,
      tus.url,
      storage.url,
    );
    await mountOn(page, attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, CHUNK);
    // Four requests in a row (chunks and the status queries between them) get no answer.
    storage.cut = 4;
    const [last] = await finalEvents(page, 1, 90_000);
    expect(last.type, String(last.detail.message)).toBe('upload-success');
    expect(storage.cut).toBe(0);
    const errors = await pageEvents(page, 'upload-error');
    expect(errors.filter((e) => e.detail.code === 'network').length).toBeGreaterThanOrEqual(4);
    expect(errors.every((e) => e.detail.willRetry)).toBe(true);
    expect(await api.storage.sha256(String((last.detail.result as { id: string }).id))).toBe(
      file.sha256,
    );
  });
});
