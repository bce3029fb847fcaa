import type { Page } from '@playwright/test';
import type { S3Backend } from '../helpers/s3-backend.js';
import { fileInput, mountOn, waitForEvent, waitForProgress } from './fixtures.js';

/**
 * The element's plain S3 mode wired to a Node-side backend (test/helpers/s3-backend.ts):
 * the page's `backend` hooks call Node through `page.exposeFunction`, where the AWS SDK
 * creates, presigns, lists, completes and aborts; the worker PUTs the parts straight to
 * the S3 across origins. Shared by s3.spec.ts (s3rver) and swift.spec.ts (Swift's s3api).
 */

/** The plain-S3 page hooks, as named in src/protocols/multipart/page-hooks.ts. */
const HOOKS = [
  'createMultipartUpload',
  'signPart',
  'listParts',
  'completeMultipartUpload',
  'abortMultipartUpload',
] as const;

export interface Wiring {
  /** Hook calls the page made, in order. */
  calls: Array<{ hook: string; args: Record<string, unknown> }>;
  /** Milliseconds signPart waits (a slow backend), so a test can act mid-upload. */
  signDelayMs: number;
}

/** Relay the element's `backend` hooks to the Node-side backend. Survives reloads. */
export async function exposeBackend(page: Page, backend: S3Backend): Promise<Wiring> {
  const wiring: Wiring = { calls: [], signDelayMs: 0 };
  await page.exposeFunction('s3Backend', async (hook: (typeof HOOKS)[number], args: never) => {
    wiring.calls.push({ hook, args });
    if (hook === 'signPart' && wiring.signDelayMs) {
      await new Promise((resolve) => setTimeout(resolve, wiring.signDelayMs));
    }
    return (backend[hook] as (a: never) => Promise<unknown>)(args);
  });
  return wiring;
}

/** Mount a multipart element whose `urls.s3 = 'backend'` hooks go to the exposed backend. */
export async function mountS3(page: Page, endpoint: string, extra: Record<string, string> = {}) {
  await mountOn(page, { protocol: 'multipart', endpoint, 'auto-start': true, ...extra });
  await page.evaluate(
    ({ hooks }) => {
      const element = document.querySelector('resumable-upload') as unknown as {
        urls: Record<string, string>;
        backend: Record<string, (args: unknown) => Promise<unknown>>;
      };
      const relay = (
        window as unknown as { s3Backend: (h: string, a: unknown) => Promise<unknown> }
      ).s3Backend;
      element.urls = { s3: 'backend' };
      element.backend = Object.fromEntries(
        hooks.map((hook) => [hook, (args: unknown) => relay(hook, args)]),
      );
    },
    { hooks: [...HOOKS] },
  );
}

/**
 * Open the test page with `backend` wired, upload `path` (48 MiB) two parts at a time
 * through a slow backend and reload once 16 MiB are sent; then, half a second on, read
 * what the S3 holds of that upload. The backend is quick again afterwards; `resume()`
 * mounts again, chooses the file again and waits for the upload's success.
 */
export async function reloadMidUpload(
  page: Page,
  pagesUrl: string,
  backend: S3Backend,
  endpoint: string,
  path: string,
) {
  const wiring = await exposeBackend(page, backend);
  await page.goto(`${pagesUrl}/index.html`);
  wiring.signDelayMs = 400;
  await mountS3(page, endpoint, { concurrency: '2' });
  await page.setInputFiles(fileInput, path);
  await waitForProgress(page, 16 * 1024 * 1024);
  await page.reload();
  const created = wiring.calls.find((c) => c.hook === 'signPart')!.args as {
    uploadId: string;
    key: string;
  };
  await page.waitForTimeout(500);
  const held = (await backend.listParts(created))!.map((p) => p.PartNumber);
  wiring.signDelayMs = 0;
  const resume = async () => {
    await mountS3(page, endpoint, { concurrency: '2' });
    await waitForEvent(page, 'upload-restored');
    await page.setInputFiles(fileInput, path);
    return waitForEvent(page, 'upload-success');
  };
  return { wiring, created, held, resume };
}
