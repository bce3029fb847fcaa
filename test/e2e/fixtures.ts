import { test as base, expect, type Page } from '@playwright/test';
import { join, resolve } from 'node:path';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../server/reference-server.js';
import { startStaticServer, type StaticServer } from '../../server/static.js';

/**
 * Shared end-to-end fixtures: a reference server (the upload API's origin), a
 * static server for the page and the built bundle (another origin), a way to
 * mount the element, and large random files on disk with their SHA-256.
 */

const ROOT = resolve(import.meta.dirname, '../..');

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown> & { id: string; name: string };
}

export interface Fixtures {
  api: ReferenceServer;
  pages: StaticServer;
  /** Open the test page and put a `<resumable-upload>` with these attributes on it. */
  openUploader: (attributes: Record<string, string | boolean>, page?: Page) => Promise<void>;
  /**
   * `openUploader` with `auto-start`, choose the file at `path`, and wait for the upload's
   * end (`uploadOutcome`).
   */
  uploadToEnd: (attributes: Record<string, string | boolean>, path: string) => Promise<Outcome>;
}

export interface WorkerFixtures {
  apiOptions: ReferenceServerOptions;
  workerApi: ReferenceServer;
  workerPages: StaticServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  apiOptions: [{}, { scope: 'worker', option: true }],
  workerApi: [
    async ({ apiOptions }, use) => {
      const server = await startReferenceServer(apiOptions);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  workerPages: [
    async ({}, use) => {
      const server = await startStaticServer({
        '/dist': join(ROOT, 'dist'),
        '/pages': join(ROOT, 'test/e2e/pages'),
        '/': join(ROOT, 'test/e2e/pages'),
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  api: async ({ workerApi }, use) => {
    workerApi.faults.clear();
    await use(workerApi);
    workerApi.faults.clear();
  },
  pages: async ({ workerPages }, use) => use(workerPages),
  openUploader: async ({ page, pages }, use) => {
    await use(async (attributes, target = page) => {
      await target.goto(`${pages.url}/index.html`);
      await mountOn(target, attributes);
    });
  },
  uploadToEnd: async ({ page, openUploader }, use) => {
    await use(async (attributes, path) => {
      await openUploader({ 'auto-start': true, ...attributes });
      await page.setInputFiles(fileInput, path);
      return uploadOutcome(page);
    });
  },
});

/** Put the element on an already open test page. */
export async function mountOn(page: Page, attributes: Record<string, string | boolean>) {
  await page.evaluate(async (attrs) => {
    await customElements.whenDefined('resumable-upload');
    const element = document.createElement('resumable-upload');
    for (const [key, value] of Object.entries(attrs)) {
      if (value === false) continue;
      element.setAttribute(key, value === true ? '' : value);
    }
    document.querySelector('#root')!.append(element);
    await (element as unknown as { restored: Promise<unknown> }).restored;
  }, attributes);
}

export { expect };

export { randomFile, sha256File } from '../helpers/random-file.js';

/** Events recorded on the page so far, optionally of one type. */
export async function events(page: Page, type?: string): Promise<RecordedEvent[]> {
  const all =
    (await page.evaluate(
      () => (window as unknown as { uploadEvents: RecordedEvent[] }).uploadEvents,
    )) ?? [];
  return type ? all.filter((e) => e.type === type) : all;
}

/** Wait for the first event of this type (recorded since the page loaded). */
export async function waitForEvent(
  page: Page,
  type: string,
  timeout = 90_000,
): Promise<RecordedEvent> {
  await page.waitForFunction(
    (t) =>
      (window as unknown as { uploadEvents: RecordedEvent[] }).uploadEvents.some(
        (e) => e.type === t,
      ),
    type,
    // An interval, not every animation frame: polling must not load the page's main thread.
    { timeout, polling: 100 },
  );
  return (await events(page, type))[0];
}

/** Wait until the server has confirmed at least `bytes` of the upload. */
export async function waitForProgress(page: Page, bytes: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    (min) =>
      (window as unknown as { uploadEvents: RecordedEvent[] }).uploadEvents.some(
        (e) => e.type === 'upload-progress' && Number(e.detail.bytesConfirmed) >= min,
      ),
    bytes,
    { timeout, polling: 100 },
  );
}

export const fileInput = 'resumable-upload input[type=file]';

/**
 * Wait for the upload's end, the success or the final error (`willRetry: false`), and
 * return both with every error on the way (in order).
 */
export interface Outcome {
  success?: RecordedEvent;
  errors: RecordedEvent['detail'][];
}

export async function uploadOutcome(page: Page, timeout = 120_000): Promise<Outcome> {
  await page.waitForFunction(
    () =>
      (window as unknown as { uploadEvents: RecordedEvent[] }).uploadEvents.some(
        (e) => e.type === 'upload-success' || (e.type === 'upload-error' && !e.detail.willRetry),
      ),
    undefined,
    { timeout, polling: 100 },
  );
  const all = await events(page);
  return {
    success: all.find((e) => e.type === 'upload-success'),
    errors: all.filter((e) => e.type === 'upload-error').map((e) => e.detail),
  };
}
