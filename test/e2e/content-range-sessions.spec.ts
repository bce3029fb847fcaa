import type { Page } from '@playwright/test';
import { sessionRecords } from '../soak/page-checks.js';
import { expect, fileInput, mountOn, randomFile, test } from './fixtures.js';
import { waitForEvent, waitForProgress } from './fixtures.js';

/**
 * Where a content-range session comes from: the page's own backend
 * (`backend.createSession`), which here opens it on the reference server the way a
 * backend opens a GCS session, naming the object; or the element's
 * `POST {endpoint}?size=N`, whose answer must show the page its session URL.
 */

const MiB = 1024 * 1024;

interface Created {
  name: string;
  size: number;
  type: string;
  lastModified: number;
  metadata: Record<string, unknown>;
}

/**
 * Give the element a `backend.createSession` that asks the reference server for a
 * session itself, naming the object and its type as GCS's initiation does. Its calls
 * are kept in `window.createSessionCalls`.
 */
async function giveBackend(page: Page, apiUrl: string) {
  await page.evaluate((base) => {
    const calls: unknown[] = [];
    Object.assign(window, { createSessionCalls: calls });
    const element = document.querySelector('resumable-upload') as unknown as {
      backend: Record<string, (args: Created) => Promise<unknown>>;
    };
    element.backend = {
      async createSession(args) {
        calls.push(args);
        const response = await fetch(`${base}/content-range?size=${args.size}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: `uploads/${args.name}`, contentType: args.type }),
        });
        if (!response.ok)
          throw new Error(`The backend could not open a session (${response.status})`);
        return { url: ((await response.json()) as { url: string }).url };
      },
    };
  }, apiUrl);
}

const createSessionCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { createSessionCalls: Created[] }).createSessionCalls);

/** Session creations the reference server saw since `from` (an index into its request log). */
const creations = (requests: Array<{ method: string; path: string }>, from: number) =>
  requests.slice(from).filter((r) => r.method === 'POST' && r.path === '/content-range');

test.describe('content-range: a session made by the page backend', () => {
  test('backend.createSession opens the session, and the file arrives byte for byte', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(20 * MiB, 'backend');
    const name = file.path.split('/').at(-1)!;
    const before = api.requests.length;
    const endpoint = `${api.url}/content-range`;
    await openUploader({ protocol: 'content-range', endpoint, 'auto-start': true });
    await page.evaluate(() => {
      const element = document.querySelector('resumable-upload') as unknown as {
        metadata: Record<string, unknown>;
      };
      element.metadata = { project: 'p-7' };
    });
    await giveBackend(page, api.url);
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const result = success.detail.result as { id: string; name: string; contentType: string };
    expect(await api.storage.sha256(result.id)).toBe(file.sha256);
    expect(api.storage.overlaps(result.id)).toEqual([]);
    expect(result.name).toBe(`uploads/${name}`);
    expect(result.contentType).toBe('application/octet-stream');
    const calls = await createSessionCalls(page);
    expect(calls).toEqual([
      {
        name,
        size: 20 * MiB,
        type: 'application/octet-stream',
        lastModified: calls[0].lastModified,
        metadata: { project: 'p-7' },
      },
    ]);
    // One session, opened by the page's backend: the element POSTed nothing to its endpoint.
    const posts = creations(api.requests, before);
    expect(posts).toHaveLength(1);
    const fromWorker = await page.evaluate(
      () =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/content-range?size=')).length,
    );
    expect(fromWorker, 'the page, not the worker, made the one POST').toBe(1);
  });

  test('after a reload the upload resumes against the stored session URL, without a new session', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(24 * MiB, 'backend-reload');
    const before = api.requests.length;
    // Every chunk slowed a little, so the reload lands mid-upload.
    const slowly = { ms: 300, times: 1e4 };
    api.faults.arm({ kind: 'delay', protocol: 'content-range', phase: 'chunk', ...slowly });
    const attrs = {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(2 * MiB),
    };
    await openUploader(attrs);
    await giveBackend(page, api.url);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 6 * MiB);
    expect(await createSessionCalls(page)).toHaveLength(1);
    await page.reload();
    await mountOn(page, attrs);
    await giveBackend(page, api.url);
    const restored = await waitForEvent(page, 'upload-restored');
    const confirmed = Number(restored.detail.bytesSent);
    expect(confirmed).toBeGreaterThanOrEqual(6 * MiB);
    const [record] = await sessionRecords(page);
    const sessionUrl = (record.handle as { url: string }).url;
    expect(sessionUrl).toMatch(new RegExp(`^${api.url}/content-range/sessions/[\\w-]+$`));
    api.faults.clear();

    const statusQueries: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.headers()['content-range']?.startsWith('bytes */')) {
        statusQueries.push(r.url());
      }
    });
    await page.getByRole('button', { name: /^Resume backend-reload/ }).click();
    const start = await waitForEvent(page, 'upload-start');
    expect(Number(start.detail.resumedFrom)).toBe(confirmed);
    const success = await waitForEvent(page, 'upload-success');
    const id = (success.detail.result as { id: string }).id;
    expect(sessionUrl).toBe(`${api.url}/content-range/sessions/${id}`);
    expect(await api.storage.sha256(id)).toBe(file.sha256);
    expect(api.storage.overlaps(id)).toEqual([]);
    expect(statusQueries[0], 'the resume asked the stored session first').toBe(sessionUrl);
    expect(await createSessionCalls(page), 'no createSession after the reload').toEqual([]);
    expect(creations(api.requests, before)).toHaveLength(1);
    expect(await sessionRecords(page)).toEqual([]);
  });
});

test.describe('content-range: a session URL the page cannot read', () => {
  test('a Location header hidden by CORS is named as the reason', async ({
    page,
    api,
    openUploader,
  }) => {
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range?style=gcs&exposeLocation=0`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, (await randomFile(1 * MiB, 'hidden-location')).path);
    const failed = await waitForEvent(page, 'upload-error');
    expect(failed.detail.code).toBe('protocol');
    expect(failed.detail.willRetry).toBe(false);
    expect(String(failed.detail.message)).toContain('may be hidden by CORS');
    expect(String(failed.detail.message)).toContain('Access-Control-Expose-Headers: Location');
    await expect(page.locator('resumable-upload [part=message]')).toContainText(
      'Access-Control-Expose-Headers: Location',
    );
  });
});
