import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { startStaticServer, type StaticServer } from '../server/static.js';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  /** Peak JS heap of the page plus its workers during the upload, in bytes (when sampled). */
  peakHeapBytes?: number;
  /**
   * The longest time without a progress update, start and end included (when the client has
   * them). For the element, what a user sees: from the file's pick (`upload-added`) to the
   * bar's first movement, between reports that moved bytes, and to `upload-success`.
   */
  progressGapMs?: number;
  progressGapAt?: 'start' | 'middle' | 'end';
  /**
   * The element's time left against the truth (the time the upload really took from each
   * report on), the largest relative error once 10% of the file has left, over the
   * reports whose truth is at least MIN_TRUTH_S (see timeLeftError).
   */
  timeLeftError?: number;
}

/** A link emulated inside Chromium (DevTools network throttling), where the bytes really leave slowly. */
export interface BrowserThrottle {
  latencyMs: number;
  uploadBytesPerSecond: number;
}

let throttle: BrowserThrottle | undefined;

/**
 * Measure the next uploads through Chromium's own throttling (CDP
 * `Network.emulateNetworkConditions` on each fresh page), or not (undefined). It holds
 * the bytes in the browser's network stack, so upload progress shows them leaving at
 * the link's pace; it reaches a page's dedicated workers too (measured: a 1 MiB XHR from
 * a worker took 4.5 s at 250 kB/s and 300 ms, as from the page). A server-side link
 * cannot show that: loopback socket buffers take megabytes at once.
 */
export function throttleBrowser(next: BrowserThrottle | undefined): void {
  throttle = next;
}

/** Time left shorter than this is not judged: a second's rounding or the last answer's round trip dominate it. */
export const MIN_TRUTH_S = 2;

/**
 * The largest relative error of the time left the page was told, against the time the
 * upload really took from then, over the reports after the first 10% of the file.
 */
export function timeLeftError(
  reports: Array<{ at: number; bytesSent: number; secondsLeft: number }>,
  total: number,
  endAt: number,
): number | undefined {
  let worst: number | undefined;
  for (const r of reports) {
    const truth = (endAt - r.at) / 1000;
    if (r.bytesSent < total / 10 || truth < MIN_TRUTH_S) continue;
    const error = Number.isFinite(r.secondsLeft) ? Math.abs(r.secondsLeft - truth) / truth : 1;
    worst = Math.max(worst ?? 0, error);
  }
  return worst;
}

/** The longest gap between successive times (ms). */
export function longestGap(times: number[]): number {
  return times.slice(1).reduce((gap, t, i) => Math.max(gap, t - times[i]), 0);
}

/**
 * Where the longest gap is: before the first update (`start`: the session's creation),
 * after the last (`end`: the last answer, the finishing call), or between (`middle`).
 */
export function longestGapAt(times: number[]): 'start' | 'middle' | 'end' {
  let at = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] > times[at + 1] - times[at]) at = i - 1;
  }
  return at === 0 ? 'start' : at === times.length - 2 ? 'end' : 'middle';
}

/**
 * Samples the JS heap of the page (CDP `Performance.getMetrics`) and of every
 * worker (`Runtime.getHeapUsage` through the browser's target API) until stopped.
 */
export async function sampleHeap(ctx: BenchContext, page: Page, cdp: CDPSession) {
  const browserCdp = await ctx.browser.newBrowserCDPSession();
  const workers = new Map<string, string>();
  let messageId = 1;
  const pending = new Map<number, (value: number) => void>();
  browserCdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) pending.get(message.id)?.(message.result?.usedSize ?? 0);
  });
  const workerHeap = async (): Promise<number> => {
    const { targetInfos } = await browserCdp.send('Target.getTargets');
    for (const info of targetInfos) {
      if (info.type !== 'worker' || workers.has(info.targetId)) continue;
      const { sessionId } = await browserCdp.send('Target.attachToTarget', {
        targetId: info.targetId,
        flatten: false,
      });
      workers.set(info.targetId, sessionId);
    }
    let total = 0;
    for (const [targetId, sessionId] of workers) {
      if (!targetInfos.some((t) => t.targetId === targetId)) continue;
      const id = messageId++;
      const used = new Promise<number>((done) => {
        pending.set(id, done);
        setTimeout(() => done(0), 1000);
      });
      await browserCdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => {});
      total += await used;
    }
    return total;
  };
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const pageHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peak = Math.max(peak, pageHeap + (await workerHeap().catch(() => 0)));
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  void page;
  return async () => {
    running = false;
    await loop;
    await browserCdp.detach().catch(() => {});
    return peak;
  };
}

export interface BenchContext {
  browser: Browser;
  pages: StaticServer;
  close(): Promise<void>;
}

export async function openBench(): Promise<BenchContext> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  // A snapshot of dist/: a build started elsewhere (an e2e run) empties it midway.
  const snapshot = await mkdtemp(join(tmpdir(), 'bench-dist-'));
  await cp(resolve(ROOT, 'dist'), snapshot, { recursive: true });
  const pages = await startStaticServer({
    '/dist': snapshot,
    '/pages': resolve(ROOT, 'test/e2e/pages'),
    '/vendor/upchunk': resolve(ROOT, 'node_modules/@mux/upchunk/dist'),
    '/vendor/tus': resolve(ROOT, 'node_modules/tus-js-client/dist'),
  });
  return {
    browser,
    pages,
    async close() {
      await browser.close();
      await pages.close();
      await rm(snapshot, { recursive: true, force: true });
    },
  };
}

async function freshPage(ctx: BenchContext): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ctx.pages.url}/pages/bench.html`);
  // Playwright compiles its injected script into the page on the first waitForFunction:
  // 50-70 ms on the main thread, which would otherwise land inside the first measured
  // upload and be counted as the element's long task.
  await page.waitForFunction(() => true);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (throttle) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: throttle.latencyMs,
      downloadThroughput: -1,
      uploadThroughput: throttle.uploadBytesPerSecond,
    });
  }
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

/** Time one upload done by code in the page; `upload` returns page timestamps and the file size. */
async function measureInPage(
  ctx: BenchContext,
  filePath: string,
  upload: (
    page: Page,
  ) => Promise<{ start: number; end: number; size: number; progress?: number[] }>,
  before: (page: Page) => Promise<unknown> = async () => {},
): Promise<Measurement> {
  const { page, cdp } = await freshPage(ctx);
  try {
    await before(page);
    await page.setInputFiles('#plain', filePath);
    const busyBefore = await taskDurationMs(cdp);
    const timing = await upload(page);
    const busy = (await taskDurationMs(cdp)) - busyBefore;
    const seconds = (timing.end - timing.start) / 1000;
    return {
      seconds,
      mibPerSecond: timing.size / MiB / seconds,
      longTasks: await longTasksBetween(page, timing.start, timing.end),
      mainThreadBusyMs: busy,
      progressGapMs: timing.progress && longestGap([timing.start, ...timing.progress, timing.end]),
    };
  } finally {
    await page.context().close();
  }
}

/** Put a `<resumable-upload>` with these attributes and properties on the bench page. */
function mountElement(page: Page, attributes: Record<string, string>, properties = {}) {
  return page.evaluate(
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
}

/** One plain `fetch` PUT of the whole file: no chunks, no protocol. */
export function measurePlainPut(ctx: BenchContext, filePath: string, url: string) {
  return measureInPage(ctx, filePath, (page) =>
    page.evaluate(async (target) => {
      const file = (document.querySelector('#plain') as HTMLInputElement).files![0];
      const start = performance.now();
      const response = await fetch(target, { method: 'PUT', body: file });
      await response.text();
      if (!response.ok) throw new Error(`PUT answered ${response.status}`);
      return { start, end: performance.now(), size: file.size };
    }, url),
  );
}

/** The element uploading the file with these attributes (and optional properties). */
export async function measureElement(
  ctx: BenchContext,
  filePath: string,
  attributes: Record<string, string>,
  properties: Record<string, unknown> = {},
  options: { heap?: boolean } = {},
): Promise<Measurement> {
  const { page, cdp } = await freshPage(ctx);
  try {
    await mountElement(page, attributes, properties);
    const busyBefore = await taskDurationMs(cdp);
    const stopHeap = options.heap ? await sampleHeap(ctx, page, cdp) : undefined;
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
    const peakHeapBytes = await stopHeap?.();
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
    const reports = recorded.filter(
      (e) => e.type === 'upload-progress' && e.at >= start.at && e.at <= end.at,
    );
    // Only reports that moved the bar or the confirmed count: the new session's [0, 0]
    // tells the user nothing. From the pick: the row appears with `upload-added`.
    let sentBefore = 0;
    let confirmedBefore = 0;
    const moving = reports.filter((e) => {
      const sent = Number(e.detail.bytesSent);
      const confirmed = Number(e.detail.bytesConfirmed);
      const moved = sent > sentBefore || confirmed > confirmedBefore;
      sentBefore = Math.max(sentBefore, sent);
      confirmedBefore = Math.max(confirmedBefore, confirmed);
      return moved;
    });
    const picked = recorded.find((e) => e.type === 'upload-added')!.at;
    const seen = [picked, ...moving.map((e) => e.at), end.at];
    const told = reports.map((e) => ({
      at: e.at,
      bytesSent: Number(e.detail.bytesSent),
      // JSON has no Infinity: an unknown time left was recorded as null.
      secondsLeft: e.detail.secondsLeft === null ? Infinity : Number(e.detail.secondsLeft),
    }));
    return {
      seconds,
      mibPerSecond: size / MiB / seconds,
      longTasks: await longTasksBetween(page, start.at, end.at),
      mainThreadBusyMs: busy,
      peakHeapBytes,
      progressGapMs: longestGap(seen),
      progressGapAt: longestGapAt(seen),
      timeLeftError: timeLeftError(told, size, end.at),
    };
  } finally {
    await page.context().close();
  }
}

/**
 * Mux's UpChunk (its own browser build) uploading the file to a content-range
 * session URL created beforehand: the closest peer of the content-range adapter.
 */
export function measureUpChunk(
  ctx: BenchContext,
  filePath: string,
  sessionUrl: string,
  /** Undefined: UpChunk's own default (30 MiB). */
  chunkSize?: number,
): Promise<Measurement> {
  return measureInPage(
    ctx,
    filePath,
    (page) =>
      page.evaluate(
        ([endpoint, kib]) =>
          new Promise<{ start: number; end: number; size: number; progress: number[] }>(
            (done, fail) => {
              const file = (document.querySelector('#plain') as HTMLInputElement).files![0];
              const start = performance.now();
              const progress: number[] = [];
              const upload = (
                window as unknown as {
                  UpChunk: {
                    createUpload(o: object): { on(e: string, f: (e: CustomEvent) => void): void };
                  };
                }
              ).UpChunk.createUpload({
                endpoint,
                file,
                dynamicChunkSize: false,
                ...(kib ? { chunkSize: kib } : {}),
              });
              upload.on('progress', () => progress.push(performance.now()));
              upload.on('success', () =>
                done({ start, end: performance.now(), size: file.size, progress }),
              );
              upload.on('error', (e) => fail(new Error(String(e.detail?.message ?? e.detail))));
            },
          ),
        [sessionUrl, chunkSize && chunkSize / 1024] as const,
      ),
    (page) => page.addScriptTag({ url: '/vendor/upchunk/upchunk.js' }),
  );
}

/**
 * tus-js-client (its own browser build) at its defaults (one PATCH for the whole file),
 * or with `parallelUploads` (partial uploads joined by the concatenation extension).
 */
export function measureTusJs(
  ctx: BenchContext,
  filePath: string,
  endpoint: string,
  options: { parallelUploads?: number } = {},
): Promise<Measurement> {
  return measureInPage(
    ctx,
    filePath,
    (page) =>
      page.evaluate(
        ([url, parallelUploads]) =>
          new Promise<{ start: number; end: number; size: number; progress: number[] }>(
            (done, fail) => {
              const file = (document.querySelector('#plain') as HTMLInputElement).files![0];
              const start = performance.now();
              const progress: number[] = [];
              const tus = (
                window as unknown as {
                  tus: {
                    Upload: new (
                      file: File,
                      options: object,
                    ) => { start(): void; options: Record<string, unknown> };
                  };
                }
              ).tus;
              const upload = new tus.Upload(file, {
                endpoint: url,
                metadata: { filename: file.name },
                ...(parallelUploads ? { parallelUploads } : {}),
              });
              // Set after the literal: tsx names a literal's arrow functions with a helper
              // (`__name`) that does not exist in the page.
              upload.options.onProgress = () => progress.push(performance.now());
              upload.options.onSuccess = () =>
                done({ start, end: performance.now(), size: file.size, progress });
              upload.options.onError = (error: unknown) => fail(new Error(String(error)));
              upload.start();
            },
          ),
        [endpoint, options.parallelUploads] as const,
      ),
    (page) => page.addScriptTag({ url: '/vendor/tus/tus.min.js' }),
  );
}

/**
 * Resume latency: start an upload, reload mid-way, hand the same file to the
 * restored element, and time from that moment to the first resumed chunk
 * arriving at the server (`firstChunkAt` reports the server's clock).
 */
export async function measureResume(
  ctx: BenchContext,
  filePath: string,
  attributes: Record<string, string>,
  afterBytes: number,
  firstChunkAfter: (since: number) => Promise<number>,
): Promise<number> {
  const { page } = await freshPage(ctx);
  const mount = () => mountElement(page, attributes);
  try {
    await mount();
    await page.setInputFiles('resumable-upload input[type=file]', filePath);
    await page.waitForFunction(
      (min) =>
        (
          window as unknown as {
            uploadEvents: Array<{ type: string; detail: { bytesConfirmed?: number } }>;
          }
        ).uploadEvents.some(
          (e) => e.type === 'upload-progress' && Number(e.detail.bytesConfirmed) >= min,
        ),
      afterBytes,
      { polling: 50, timeout: 120_000 },
    );
    await page.reload();
    await mount();
    const since = Date.now();
    await page.setInputFiles('resumable-upload input[type=file]', filePath);
    const at = await firstChunkAfter(since);
    await page.waitForFunction(
      () =>
        (window as unknown as { uploadEvents: Array<{ type: string }> }).uploadEvents.some(
          (e) => e.type === 'upload-success',
        ),
      undefined,
      { polling: 250, timeout: 15 * 60_000 },
    );
    return at - since;
  } finally {
    await page.context().close();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
