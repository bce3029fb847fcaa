import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { startStaticServer, type StaticServer } from '../server/static.js';
import { resolve } from 'node:path';

/**
 * What every benchmark shares: Debian's Chromium, a page server, and two ways
 * to time an upload of a file from disk: the element (from `upload-start` to
 * `upload-success`) and one plain `fetch` PUT of the same File (the limit).
 * Main-thread cost comes from the page itself: long tasks (> 50 ms) seen by a
 * PerformanceObserver, and busy time from CDP's `TaskDuration`.
 */
const ROOT = resolve(import.meta.dirname, '..');
export const MiB = 1024 * 1024;

export interface Measurement {
  seconds: number;
  mibPerSecond: number;
  longTasks: number;
  mainThreadBusyMs: number;
}

export interface BenchContext {
  browser: Browser;
  pages: StaticServer;
  close(): Promise<void>;
}

export async function openBench(): Promise<BenchContext> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const pages = await startStaticServer({
    '/dist': resolve(ROOT, 'dist'),
    '/pages': resolve(ROOT, 'test/e2e/pages'),
  });
  return {
    browser,
    pages,
    async close() {
      await browser.close();
      await pages.close();
    },
  };
}

async function freshPage(ctx: BenchContext): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ctx.pages.url}/pages/bench.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    ([a, b]) =>
      (window as unknown as { longTasks: Array<{ start: number }> }).longTasks.filter(
        (t) => t.start >= a && t.start <= b,
      ).length,
    [from, to],
  );
}

/** One plain `fetch` PUT of the whole file: no chunks, no protocol. */
export async function measurePlainPut(
  ctx: BenchContext,
  filePath: string,
  url: string,
): Promise<Measurement> {
  const { page, cdp } = await freshPage(ctx);
  try {
    await page.setInputFiles('#plain', filePath);
    const busyBefore = await taskDurationMs(cdp);
    const timing = await page.evaluate(async (target) => {
      const file = (document.querySelector('#plain') as HTMLInputElement).files![0];
      const start = performance.now();
      const response = await fetch(target, { method: 'PUT', body: file });
      await response.text();
      if (!response.ok) throw new Error(`PUT answered ${response.status}`);
      return { start, end: performance.now(), size: file.size };
    }, url);
    const busy = (await taskDurationMs(cdp)) - busyBefore;
    const seconds = (timing.end - timing.start) / 1000;
    return {
      seconds,
      mibPerSecond: timing.size / MiB / seconds,
      longTasks: await longTasksBetween(page, timing.start, timing.end),
      mainThreadBusyMs: busy,
    };
  } finally {
    await page.context().close();
  }
}

/** The element uploading the file with these attributes (and optional properties). */
export async function measureElement(
  ctx: BenchContext,
  filePath: string,
  attributes: Record<string, string>,
  properties: Record<string, unknown> = {},
): Promise<Measurement> {
  const { page, cdp } = await freshPage(ctx);
  try {
    await page.evaluate(
      async ([attrs, props]) => {
        await customElements.whenDefined('resumable-upload');
        const element = document.createElement('resumable-upload');
        for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
        element.setAttribute('auto-start', '');
        Object.assign(element, props);
        document.querySelector('#root')!.append(element);
        await (element as unknown as { restored: Promise<unknown> }).restored;
      },
      [attributes, properties] as const,
    );
    const busyBefore = await taskDurationMs(cdp);
    await page.setInputFiles('resumable-upload input[type=file]', filePath);
    await page.waitForFunction(
      () =>
        (window as unknown as { uploadEvents: Array<{ type: string }> }).uploadEvents.some(
          (e) =>
            e.type === 'upload-success' ||
            (e.type === 'upload-error' &&
              !(e as never as { detail: { willRetry: boolean } }).detail.willRetry),
        ),
      undefined,
      { timeout: 15 * 60_000, polling: 250 },
    );
    const busy = (await taskDurationMs(cdp)) - busyBefore;
    const recorded = await page.evaluate(
      () =>
        (
          window as unknown as {
            uploadEvents: Array<{ type: string; at: number; detail: Record<string, unknown> }>;
          }
        ).uploadEvents,
    );
    const failed = recorded.find((e) => e.type === 'upload-error' && !e.detail.willRetry);
    if (failed) throw new Error(`upload failed: ${String(failed.detail.message)}`);
    const start = recorded.find((e) => e.type === 'upload-start')!;
    const end = recorded.find((e) => e.type === 'upload-success')!;
    const size = Number(recorded.find((e) => e.type === 'upload-added')!.detail.size);
    const seconds = (end.at - start.at) / 1000;
    return {
      seconds,
      mibPerSecond: size / MiB / seconds,
      longTasks: await longTasksBetween(page, start.at, end.at),
      mainThreadBusyMs: busy,
    };
  } finally {
    await page.context().close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
