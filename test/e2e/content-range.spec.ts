import type { Page } from '@playwright/test';
import type { ReferenceServer } from '../../server/reference-server.js';
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

/** What the reference server stored for the upload that just succeeded. */
async function storedFor(
  api: {
    storage: {
      get(id: string): unknown;
      sha256(id: string): Promise<string>;
      overlaps(id: string): unknown[];
    };
  },
  result: unknown,
) {
  const id = (result as { id: string }).id;
  return { sha256: await api.storage.sha256(id), overlaps: api.storage.overlaps(id) };
}

/**
 * Start an upload of `path`, reload the page once `afterBytes` are confirmed
 * (every chunk slowed a little so the reload lands mid-upload), and put the
 * element back on the fresh page.
 */
async function reloadMidUpload(
  page: Page,
  api: ReferenceServer,
  openUploader: (attributes: Record<string, string | boolean>) => Promise<void>,
  path: string,
  afterBytes: number,
) {
  api.faults.arm({
    kind: 'delay',
    protocol: 'content-range',
    phase: 'chunk',
    ms: 400,
    times: 1000,
  });
  const attrs = {
    protocol: 'content-range',
    endpoint: `${api.url}/content-range`,
    'auto-start': true,
    // Chunks confirmed along the way (without it the whole file is one request).
    'chunk-size': String(8 * MiB),
  };
  await openUploader(attrs);
  await page.setInputFiles(fileInput, path);
  await waitForProgress(page, afterBytes);
  await page.reload();
  api.faults.clear();
  await mountOn(page, attrs);
}

test.describe('content-range end to end', () => {
  test('a 64 MiB file from disk arrives with the same SHA-256', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(64 * MiB);
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const stored = await storedFor(api, success.detail.result);
    expect(stored.sha256).toBe(file.sha256);
    expect(stored.overlaps).toEqual([]);
    const progress = await events(page, 'upload-progress');
    expect(progress.at(-1)?.detail.bytesSent).toBe(64 * MiB);
    // The UI ends in a final state with the bar full.
    const bar = page.locator('resumable-upload [role=progressbar]');
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  });

  test('a connection cut mid-chunk resumes from the server offset', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(24 * MiB);
    // The whole file goes in one request: cut it after 11 MiB + 5 bytes of its body.
    api.faults.arm({
      kind: 'drop',
      protocol: 'content-range',
      phase: 'chunk',
      nth: 1,
      bytes: 11 * MiB + 5,
    });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const stored = await storedFor(api, success.detail.result);
    const id = (success.detail.result as { id: string }).id;
    expect(stored.sha256).toBe(file.sha256);
    expect(stored.overlaps).toEqual([]);
    const ranges = (api.storage.get(id) as { ranges: Array<[number, number]> }).ranges;
    // The server kept what the cut request brought; the next request starts right after it.
    expect(ranges).toContainEqual([0, 11 * MiB + 5]);
    expect(ranges.some(([start]) => start === 11 * MiB + 5)).toBe(true);
    const retried = await events(page, 'upload-error');
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((e) => e.detail.willRetry === true)).toBe(true);
  });

  test('after a reload the interrupted upload is listed and resumes without re-sending', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(48 * MiB);
    await reloadMidUpload(page, api, openUploader, file.path, 16 * MiB);
    const restored = await waitForEvent(page, 'upload-restored');
    expect(restored.detail.name).toBe(file.path.split('/').at(-1));
    expect(Number(restored.detail.bytesSent)).toBeGreaterThanOrEqual(16 * MiB);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Interrupted');
    await page.setInputFiles(fileInput, file.path);
    const start = await waitForEvent(page, 'upload-start');
    expect(Number(start.detail.resumedFrom)).toBeGreaterThanOrEqual(16 * MiB);
    const success = await waitForEvent(page, 'upload-success');
    const stored = await storedFor(api, success.detail.result);
    expect(stored.sha256).toBe(file.sha256);
    expect(stored.overlaps).toEqual([]);
    // The record is gone once the upload is done.
    const left = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const open = indexedDB.open('resumable-upload');
          open.onsuccess = () => {
            const tx = open.result.transaction('sessions', 'readonly');
            const count = tx.objectStore('sessions').count();
            count.onsuccess = () => done(count.result);
          };
        }),
    );
    expect(left).toBe(0);
  });

  test('a different file picked for the interrupted upload is refused with a message', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(32 * MiB);
    const other = await randomFile(1 * MiB, 'other');
    await reloadMidUpload(page, api, openUploader, file.path, 8 * MiB);
    await waitForEvent(page, 'upload-restored');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page
      .getByRole('button', { name: /^Choose file / })
      .click({ noWaitAfter: true })
      .catch(() => {});
    // The row's button opened the picker for that upload; hand it the wrong file.
    await page.setInputFiles(fileInput, other.path);
    const refused = await waitForEvent(page, 'upload-error');
    expect(refused.detail.code).toBe('file-mismatch');
    expect(String(refused.detail.message)).toContain('is not');
    await expect(page.locator('resumable-upload [part=message]')).toContainText('is not');
    expect(requests.filter((u) => u.startsWith(api.url))).toEqual([]);
  });

  test('two 503 answers are retried and the upload completes', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(16 * MiB);
    api.faults.arm({
      kind: 'status',
      protocol: 'content-range',
      phase: 'chunk',
      status: 503,
      retryAfter: 0,
      times: 2,
    });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    expect((await storedFor(api, success.detail.result)).sha256).toBe(file.sha256);
    const errors = await events(page, 'upload-error');
    expect(errors.map((e) => [e.detail.status, e.detail.willRetry])).toEqual([
      [503, true],
      [503, true],
    ]);
  });

  test('an expired session (404) is replaced by a new one, and the user is told', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(16 * MiB);
    // The first request on the session (the whole file goes in one) finds it expired.
    api.faults.arm({ kind: 'expire', protocol: 'content-range', phase: 'any', nth: 1 });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    expect((await storedFor(api, success.detail.result)).sha256).toBe(file.sha256);
    const errors = await events(page, 'upload-error');
    expect(errors.map((e) => e.detail.code)).toEqual(['session-gone']);
    expect(errors[0].detail.willRetry).toBe(true);
    expect(String(errors[0].detail.message)).toMatch(/new session/);
  });

  test('headers come from a function asked before every request; a relative endpoint resolves against the page', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(2 * MiB, 'headers');
    await openUploader({});
    const apiRequests: string[] = [];
    page.context().on('request', (r) => {
      if (r.url().startsWith(api.url) && r.method() !== 'OPTIONS') apiRequests.push(r.method());
    });
    await page.evaluate((base) => {
      // The page's base URL points at the API: a relative endpoint must resolve against it,
      // not against the worker script's URL.
      const baseTag = document.createElement('base');
      baseTag.href = `${base}/`;
      document.head.prepend(baseTag);
      const el = document.querySelector('resumable-upload')!;
      let calls = 0;
      Object.assign(el, {
        headers: async () => ({ 'X-Call': String(++calls) }),
        chunkSize: 512 * 1024,
        autoStart: true,
        endpoint: 'content-range',
      });
      (window as unknown as { headerCalls: () => number }).headerCalls = () => calls;
    }, api.url);
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    expect((await storedFor(api, success.detail.result)).sha256).toBe(file.sha256);
    const calls = await page.evaluate(() =>
      (window as unknown as { headerCalls: () => number }).headerCalls(),
    );
    // One POST and four 512 KiB chunks: five requests, five fresh asks.
    expect(apiRequests).toEqual(['POST', 'PUT', 'PUT', 'PUT', 'PUT']);
    expect(calls).toBe(5);
  });
});
