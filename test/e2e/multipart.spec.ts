import type { Page } from '@playwright/test';
import type { Route } from '../../server/http-kit.js';
import { multipartRoute, multipartUpload } from '../../server/protocols/multipart.js';
import {
  events,
  expect,
  fileInput,
  mountOn,
  randomFile,
  test,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

const MiB = 1024 * 1024;
const TOKEN = 'multipart-e2e-token';

/** Every multipart call the reference server received, logged in front of the real route. */
interface Logged {
  method: string;
  path: string;
  /** Part number, for presigned part PUTs. */
  part?: number;
  requestKey?: string;
  authorization?: string;
  status?: number;
}
const log: Logged[] = [];
const flight = { now: 0, max: 0 };

const loggingRoute: Route = {
  prefix: '/multipart',
  protocol: 'multipart',
  async handle(req, res, url, ctx) {
    const part = /^\/multipart\/part\/([\w-]+)\/(\d+)$/.exec(url.pathname);
    const entry: Logged = {
      method: req.method ?? '',
      path: url.pathname,
      part: part ? Number(part[2]) : undefined,
      requestKey: part?.[1],
      authorization: req.headers.authorization,
    };
    log.push(entry);
    if (part && req.method === 'PUT') {
      flight.max = Math.max(flight.max, ++flight.now);
      res.once('close', () => flight.now--);
    }
    res.once('finish', () => (entry.status = res.statusCode));
    await multipartRoute.handle(req, res, url, ctx);
  },
};

/**
 * Sinks for the raw `fetch` PUT the throughput ratios are taken against:
 * `/sink` only counts bytes; `/sink?store=1` writes them to the reference
 * server's storage in 8 MiB pieces, as the multipart route does with parts.
 */
const sinkRoute: Route = {
  prefix: '/sink',
  protocol: 'sink',
  async handle(req, res, url, ctx) {
    const store = url.searchParams.get('store') === '1';
    const file = store ? await ctx.storage.createFile('sink', 'raw', null) : undefined;
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!file || !pendingBytes) return;
      await ctx.storage.write(file.id, bytes - pendingBytes, Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    for await (const piece of req as AsyncIterable<Buffer>) {
      bytes += piece.length;
      if (!file) continue;
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= 8 * MiB) await flush();
    }
    await flush();
    if (file) await ctx.storage.remove(file.id);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(String(bytes));
  },
};

test.use({ apiOptions: { bearerToken: TOKEN, extraRoutes: [loggingRoute, sinkRoute] } });

test.beforeEach(() => {
  log.length = 0;
  flight.now = 0;
  flight.max = 0;
});

const partPuts = () => log.filter((e) => e.part !== undefined && e.method === 'PUT');
const calls = (method: string, suffix: string) =>
  log.filter((e) => e.method === method && e.path.endsWith(suffix));

async function mount(page: Page, attrs: Record<string, string | boolean>) {
  await mountOn(page, attrs);
  await page.evaluate((token) => {
    const element = document.querySelector('resumable-upload') as unknown as { headers: object };
    element.headers = { Authorization: `Bearer ${token}` };
  }, TOKEN);
}

async function open(page: Page, pagesUrl: string, attrs: Record<string, string | boolean>) {
  await page.goto(`${pagesUrl}/index.html`);
  await mount(page, attrs);
}

/** What the server answered at the end: `{requestKey, uploadId, result, resultInfo}`. */
interface Finished {
  requestKey: string;
  result: unknown;
  resultInfo: { fileId: string; sha256: string; size: number };
}

async function sessionRecords(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done) => {
        const request = indexedDB.open('resumable-upload');
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('sessions')) return done(0);
          const count = db.transaction('sessions', 'readonly').objectStore('sessions').count();
          count.onsuccess = () => done(count.result);
        };
      }),
  );
}

test.describe('multipart end to end (reference server)', () => {
  test('64 MiB with 4 lanes of parts in flight arrives with the same SHA-256', async ({
    page,
    api,
    pages,
  }) => {
    const file = await randomFile(64 * MiB);
    const endpoint = `${api.url}/multipart/uploads/multipart`;
    await open(page, pages.url, { protocol: 'multipart', endpoint, 'auto-start': true });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const finished = success.detail.result as Finished;
    expect(finished.result).toBe(true);
    expect(finished.resultInfo.sha256).toBe(file.sha256);
    expect(await api.storage.sha256(finished.resultInfo.fileId)).toBe(file.sha256);
    expect(api.storage.overlaps(finished.resultInfo.fileId)).toEqual([]);
    // 8 parts of 8 MiB: 4 lanes, and one part started when another's body had left but
    // before its answer (parts-loop.ts, PARTS_AHEAD): at most 5 on the wire at once.
    expect(
      partPuts()
        .map((e) => e.part)
        .sort((a, b) => a! - b!),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(flight.max).toBeGreaterThanOrEqual(4);
    expect(flight.max).toBeLessThanOrEqual(5);
    // Bearer on the API calls, never on the presigned part URLs.
    expect(partPuts().every((e) => e.authorization === undefined)).toBe(true);
    expect(
      log.filter((e) => e.part === undefined).every((e) => e.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
    expect(calls('PUT', '/uploads/multipart-complete')).toHaveLength(1);
    const progress = await events(page, 'upload-progress');
    expect(progress.at(-1)?.detail.bytesSent).toBe(64 * MiB);
    expect(await sessionRecords(page)).toBe(0);
  });

  test('a reload mid-upload lists the stored parts and sends only the missing ones', async ({
    page,
    api,
    pages,
  }) => {
    const file = await randomFile(48 * MiB);
    const endpoint = `${api.url}/multipart/uploads/multipart`;
    const attrs = { protocol: 'multipart', endpoint, 'auto-start': true, concurrency: '2' };
    // Slow every part so the reload lands mid-upload.
    api.faults.arm({ kind: 'delay', protocol: 'multipart', phase: 'chunk', ms: 500, times: 1000 });
    await open(page, pages.url, attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 16 * MiB);
    await page.reload();
    api.faults.clear();
    const requestKey = partPuts()[0].requestKey!;
    // Let a part cut by the reload settle on the server before reading what it holds.
    await page.waitForTimeout(700);
    const held = [...multipartUpload(requestKey)!.parts.keys()].sort((a, b) => a - b);
    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(held.length).toBeLessThan(6);
    const beforeResume = log.length;

    await mount(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    expect(Number(restored.detail.bytesSent)).toBeGreaterThanOrEqual(16 * MiB);
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const finished = success.detail.result as Finished;
    expect(finished.requestKey).toBe(requestKey);
    expect(finished.resultInfo.sha256).toBe(file.sha256);
    expect(api.storage.overlaps(finished.resultInfo.fileId)).toEqual([]);

    const after = log.slice(beforeResume);
    // The parts listing, then fresh URLs (presigned URLs are never stored), then only the missing parts.
    expect(after[0]).toMatchObject({
      method: 'GET',
      path: `/multipart/uploads/multipart/${requestKey}/parts`,
    });
    expect(after[1]).toMatchObject({ method: 'POST', path: '/multipart/uploads/multipart-resume' });
    const sent = after
      .filter((e) => e.part !== undefined)
      .map((e) => e.part!)
      .sort((a, b) => a - b);
    expect(sent).toEqual([1, 2, 3, 4, 5, 6].filter((n) => !held.includes(n)));
    expect(await sessionRecords(page)).toBe(0);
  });

  test('expired presigned URLs are renewed through the resume call and the upload completes', async ({
    page,
    api,
    pages,
  }) => {
    const file = await randomFile(40 * MiB);
    // The second part request finds every URL handed out so far expired (403).
    api.faults.arm({ kind: 'expire-urls', protocol: 'multipart', phase: 'chunk', nth: 2 });
    const endpoint = `${api.url}/multipart/uploads/multipart`;
    await open(page, pages.url, { protocol: 'multipart', endpoint, 'auto-start': true });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const finished = success.detail.result as Finished;
    expect(finished.resultInfo.sha256).toBe(file.sha256);
    const refused = partPuts().filter((e) => e.status === 403);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // Parts refused together share one resume call.
    expect(calls('POST', '/uploads/multipart-resume')).toHaveLength(1);
    // Each refused part was sent again and stored.
    for (const { part } of refused) {
      expect(partPuts().some((e) => e.part === part && e.status === 200)).toBe(true);
    }
    expect(await events(page, 'upload-error')).toEqual([]);
  });

  test('cancel calls abort and leaves no IndexedDB record', async ({ page, api, pages }) => {
    const file = await randomFile(48 * MiB);
    api.faults.arm({ kind: 'delay', protocol: 'multipart', phase: 'chunk', ms: 400, times: 1000 });
    const endpoint = `${api.url}/multipart/uploads/multipart`;
    await open(page, pages.url, { protocol: 'multipart', endpoint, 'auto-start': true });
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 8 * MiB);
    expect(await sessionRecords(page)).toBe(1);
    const requestKey = partPuts()[0].requestKey!;
    const fileId = multipartUpload(requestKey)!.fileId;
    await page.evaluate(() =>
      (document.querySelector('resumable-upload') as unknown as { cancel(): void }).cancel(),
    );
    await waitForEvent(page, 'upload-cancelled');
    const aborts = calls('DELETE', `/uploads/multipart/${requestKey}`);
    expect(aborts).toHaveLength(1);
    expect(aborts[0].authorization).toBe(`Bearer ${TOKEN}`);
    expect(aborts[0].status).toBe(200);
    expect(multipartUpload(requestKey)).toBeUndefined();
    expect(api.storage.get(fileId)).toBeUndefined();
    expect(await sessionRecords(page)).toBe(0);
    expect(await events(page, 'upload-success')).toEqual([]);
  });

  test('a storage that hides ETag from CORS fails at once naming Access-Control-Expose-Headers: ETag', async ({
    page,
    api,
    pages,
  }) => {
    const file = await randomFile(12 * MiB, 'small');
    const endpoint = `${api.url}/multipart/uploads/multipart?exposeEtag=0`;
    await open(page, pages.url, { protocol: 'multipart', endpoint, 'auto-start': true });
    await page.setInputFiles(fileInput, file.path);
    const error = await waitForEvent(page, 'upload-error');
    expect(error.detail.code).toBe('blocked');
    expect(error.detail.willRetry).toBe(false);
    expect(String(error.detail.message)).toContain('Access-Control-Expose-Headers: ETag');
    // Parts go in parallel: whichever answered first names itself.
    expect(String(error.detail.message)).toMatch(
      new RegExp(`^Part \\d+ was sent to ${api.url} but`),
    );
    expect(calls('PUT', '/uploads/multipart-complete')).toEqual([]);
  });
});
