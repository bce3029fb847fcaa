import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright';
import type { Fault } from '../../server/faults.js';
import { startReferenceServer, type ReferenceServer } from '../../server/reference-server.js';
import { startStaticServer, type StaticServer } from '../../server/static.js';
import { randomFile } from '../helpers/random-file.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

/**
 * The fault matrix (issue 8): every protocol against every fault, one run at a
 * time in a fresh browser context of one shared browser. A run passes when the
 * upload ends done in the UI, the stored file's SHA-256 is the source's, the
 * server received no byte range twice (reference server: `storage.overlaps`;
 * tus: no PATCH started below an offset tus had already answered), the fault
 * really fired, and IndexedDB holds no record afterwards. `scripts/soak.ts`
 * runs it N times per cell; `test/e2e/faults.spec.ts` runs a fixed slice once.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const KiB = 1024;
const MiB = 1024 * KiB;

export const PROTOCOLS = [
  'content-range',
  'segments',
  'multipart',
  'chunked-session',
  'tus',
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const FAULTS = {
  cut: 'connection cut mid-chunk',
  'http-500': '500',
  'http-503': '503 + Retry-After',
  'no-range': '308 without Range',
  offline: 'offline 5 s',
  reload: 'reload mid-upload',
  'close-tab': 'tab closed, reopened',
  expired: 'session expired',
  revoked: 'token revoked',
  'urls-expired': 'presigned URLs expired',
  'two-tabs': 'same upload in two tabs',
} as const;
export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/**
 * Why a cell does not run: the fault does not exist for the protocol (`n/a`),
 * or the element under test lacks the feature (`blocked`).
 */
export function skipReason(
  protocol: Protocol,
  fault: FaultName,
  features: { twoTabs: boolean },
): string | undefined {
  if (fault === 'no-range' && protocol !== 'content-range') return 'n/a';
  if (fault === 'revoked' && protocol !== 'segments') return 'n/a';
  if (fault === 'urls-expired' && protocol !== 'multipart') return 'n/a';
  if (fault === 'two-tabs' && !features.twoTabs) return 'blocked';
  return undefined;
}

/** Whether a built bundle coordinates tabs (issue 7: a Web Lock per upload + BroadcastChannel). */
export function bundleHasTwoTabs(dist: string): boolean {
  const bundle = readFileSync(resolve(dist, 'resumable-upload.bundle.js'), 'utf8');
  return /\.locks\b/.test(bundle) && bundle.includes('BroadcastChannel');
}

const BEARER = 'soak-bearer-7f3a9c1e';
const COOKIE = { name: 'asc_auth_key', value: 'soak-cookie-41d2e8b6' };
/** Small runs: 12 chunks of 256 KiB (multipart: 6 parts of 512 KiB). */
const FILE_SIZE = 3 * MiB;
const CHUNK = 256 * KiB;
/** Each chunk is held this long by the server, so a fault lands mid-upload. */
const CHUNK_DELAY_MS = 60;
/** Longer with two tabs (and one part at a time): the first tab must still upload when it closes. */
const TWO_TABS_DELAY_MS = 400;
const FINAL_TIMEOUT_MS = 90_000;

export interface SoakEnv {
  browser: Browser;
  api: ReferenceServer;
  pages: StaticServer;
  tus: TestTusServer;
  proxy: FaultProxy;
  close(): Promise<void>;
}

/** Servers for the matrix; `dist` is the built bundle to load (default `dist/`). */
export async function startSoakEnv(
  browser: Browser,
  dist = resolve(ROOT, 'dist'),
): Promise<SoakEnv> {
  const api = await startReferenceServer({
    bearerToken: BEARER,
    authCookie: `${COOKIE.name}=${COOKIE.value}`,
  });
  const pages = await startStaticServer({
    '/dist': dist,
    '/pages': resolve(ROOT, 'test/e2e/pages'),
  });
  const tus = await startTestTusServer({ log: false });
  const proxy = await startFaultProxy({
    upstream: tus.url,
    forget: (id) => tus.server.store.remove(id),
  });
  return {
    browser,
    api,
    pages,
    tus,
    proxy,
    async close() {
      await proxy.close();
      await tus.close();
      await pages.close();
      await api.close();
    },
  };
}

export interface RunResult {
  ok: boolean;
  /** Why it failed (first broken promise), for the report. */
  reason?: string;
  /** Something worth counting that broke no promise (an orphaned part sent again). */
  note?: string;
  ms: number;
}

type Attributes = Record<string, string | boolean>;

function attributesFor(env: SoakEnv, protocol: Protocol): Attributes {
  const common = { protocol, 'auto-start': true };
  switch (protocol) {
    case 'content-range':
      return { ...common, endpoint: `${env.api.url}/content-range`, 'chunk-size': String(CHUNK) };
    case 'segments':
      return {
        ...common,
        endpoint: `${env.api.url}/ccadmin/v1/files`,
        'chunk-size': String(CHUNK),
        concurrency: '3',
      };
    case 'multipart':
      // The server's partSize knob picks parts under S3's 5 MiB, so small files have several.
      return {
        ...common,
        endpoint: `${env.api.url}/multipart/uploads/multipart?partSize=${2 * CHUNK}`,
        concurrency: '3',
      };
    case 'chunked-session':
      return {
        ...common,
        endpoint: `${env.api.url}/api/2.0/files/1841/upload/create_session`,
        'chunk-size': String(CHUNK),
        'with-credentials': true,
      };
    case 'tus':
      return { ...common, endpoint: env.proxy.url, 'chunk-size': String(CHUNK) };
  }
}

/** Open the e2e page and put the element on it, with auth the way a real page would. */
export async function mountUploader(page: Page, pagesUrl: string, attributes: Attributes) {
  await page.goto(`${pagesUrl}/pages/index.html`);
  await page.evaluate(
    async ({ attrs, bearer }) => {
      await customElements.whenDefined('resumable-upload');
      const element = document.createElement('resumable-upload') as HTMLElement & {
        headers: unknown;
        restored: Promise<unknown>;
      };
      for (const [key, value] of Object.entries(attrs)) {
        if (value === false) continue;
        element.setAttribute(key, value === true ? '' : value);
      }
      // A function, as pages with short-lived tokens use; asked before every request.
      element.headers = async () => ({ Authorization: `Bearer ${bearer}` });
      document.querySelector('#root')!.append(element);
      await element.restored;
    },
    { attrs: attributes, bearer: BEARER },
  );
}

interface PageEvent {
  type: string;
  detail: Record<string, unknown>;
}

async function pageEvents(page: Page): Promise<PageEvent[]> {
  return page.evaluate(() => (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents);
}

/** Resolves once the server has confirmed at least `bytes`. */
async function progressAtLeast(page: Page, bytes: number) {
  await page.waitForFunction(
    (min) =>
      (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents.some(
        (e) => e.type === 'upload-progress' && Number(e.detail.bytesConfirmed) >= min,
      ),
    bytes,
    { timeout: FINAL_TIMEOUT_MS },
  );
}

/** The first final event: success, or an error the element gives up on. */
async function finalEvent(page: Page): Promise<PageEvent> {
  await page.waitForFunction(
    () =>
      (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents.some(
        (e) =>
          e.type === 'upload-success' ||
          (e.type === 'upload-error' && e.detail.willRetry === false),
      ),
    undefined,
    { timeout: FINAL_TIMEOUT_MS },
  );
  return (await pageEvents(page)).find(
    (e) =>
      e.type === 'upload-success' || (e.type === 'upload-error' && e.detail.willRetry === false),
  )!;
}

async function storedRecords(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done) => {
        const open = indexedDB.open('resumable-upload');
        open.onerror = () => done(-1);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('sessions')) return done(0);
          const count = db.transaction('sessions', 'readonly').objectStore('sessions').count();
          count.onsuccess = () => done(count.result);
          count.onerror = () => done(-1);
        };
      }),
  );
}

/** Arm the reference server's knobs (or the tus proxy's) for one cell. */
function arm(env: SoakEnv, protocol: Protocol, fault: FaultName): void {
  env.api.faults.clear();
  env.proxy.reset();
  const delay = fault === 'two-tabs' ? TWO_TABS_DELAY_MS : CHUNK_DELAY_MS;
  if (protocol === 'tus') {
    env.proxy.patchDelayMs = delay;
    const faults = {
      cut: [{ kind: 'drop', nth: 3, bytes: 100_003 }],
      'http-500': [{ kind: 'status', nth: 3, status: 500 }],
      'http-503': [{ kind: 'status', nth: 3, status: 503, retryAfter: 1 }],
      expired: [{ kind: 'expire', nth: 4 }],
    } as const;
    const armed = (faults as Record<string, unknown>)[fault];
    if (armed) env.proxy.arm(armed as Parameters<FaultProxy['arm']>[0]);
    return;
  }
  const knobs: Fault[] = [{ kind: 'delay', protocol, phase: 'chunk', ms: delay, times: 1e9 }];
  const chunk = (extra: Partial<Fault> & Pick<Fault, 'kind'>): Fault => ({
    protocol,
    phase: 'chunk',
    nth: 3,
    ...extra,
  });
  switch (fault) {
    case 'cut':
      knobs.push(chunk({ kind: 'drop', bytes: 100_003 }));
      break;
    case 'http-500':
      knobs.push(chunk({ kind: 'status', status: 500 }));
      break;
    case 'http-503':
      knobs.push(chunk({ kind: 'status', status: 503, retryAfter: 1 }));
      break;
    case 'no-range':
      knobs.push(chunk({ kind: 'no-range' }));
      break;
    case 'expired':
      // Segments read `expire` on segment calls; the others on any call of the session.
      knobs.push({
        kind: 'expire',
        protocol,
        phase: protocol === 'segments' ? 'chunk' : 'any',
        nth: 4,
      });
      break;
    case 'revoked':
      knobs.push(chunk({ kind: 'revoke', nth: 4 }));
      break;
    case 'urls-expired':
      knobs.push(chunk({ kind: 'expire-urls' }));
      break;
  }
  for (const knob of knobs) env.api.faults.arm(knob);
}

/** Did the cell's fault fire? A pass that never met its fault proves nothing. */
function faultFired(env: SoakEnv, protocol: Protocol, fault: FaultName): boolean {
  if (['offline', 'reload', 'close-tab', 'two-tabs'].includes(fault)) return true;
  if (protocol === 'tus') return env.proxy.log.some((e) => e.injected);
  // Armed faults leave the registry once they have fired.
  return !env.api.faults.list().some((f) => f.kind !== 'delay');
}

/** What the server stored for a finished upload: SHA-256 and ranges received twice. */
async function stored(
  env: SoakEnv,
  protocol: Protocol,
  result: unknown,
): Promise<{ sha256: string; twice: unknown[]; size?: number }> {
  const r = (result ?? {}) as Record<string, unknown>;
  if (protocol === 'tus') {
    const url = String(r.url);
    const id = env.tus.idOf(url);
    const upload = await env.tus.upload(url);
    return {
      sha256: await env.tus.sha256(url),
      twice: env.proxy.resentBelowConfirmed().filter((e) => e.id === id),
      size: upload?.offset,
    };
  }
  const id =
    protocol === 'multipart'
      ? String((r.resultInfo as { fileId?: unknown } | null)?.fileId)
      : String(r.id);
  const info = env.api.storage.get(id);
  if (!info) throw new Error(`the server has no stored file "${id}"`);
  return {
    sha256: await env.api.storage.sha256(id),
    twice: env.api.storage.overlaps(id),
    size: await env.api.storage.sizeOnDisk(id),
  };
}

async function newPage(
  env: SoakEnv,
  protocol: Protocol,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext();
  if (protocol === 'chunked-session') {
    await context.addCookies([{ ...COOKIE, url: env.api.url }]);
  }
  return { context, page: await context.newPage() };
}

const INPUT = 'resumable-upload input[type=file]';

/** One run of one cell. Never throws: a broken promise is the result's `reason`. */
export async function runCell(
  env: SoakEnv,
  protocol: Protocol,
  fault: FaultName,
): Promise<RunResult> {
  const began = performance.now();
  const file = await randomFile(FILE_SIZE, `soak-${protocol}`);
  const attributes = attributesFor(env, protocol);
  if (fault === 'two-tabs' && attributes.concurrency) attributes.concurrency = '1';
  const opened = await newPage(env, protocol);
  const context = opened.context;
  let page = opened.page;
  const fail = (reason: string): RunResult => ({
    ok: false,
    reason,
    ms: performance.now() - began,
  });
  // Chunk requests the page sent and had no answer to yet (worker requests included).
  const inFlight = new Set<Request>();
  const isChunk = (r: Request) =>
    ['PUT', 'POST', 'PATCH'].includes(r.method()) &&
    (r.url().startsWith(env.api.url) || r.url().startsWith(env.proxy.url));
  context.on('request', (r) => void (isChunk(r) && inFlight.add(r)));
  context.on('requestfinished', (r) => void inFlight.delete(r));
  context.on('requestfailed', (r) => void inFlight.delete(r));
  /** Requests a closed or reloaded page (or the network) dropped: the server may store them unseen. */
  let orphans = 0;
  const interrupt = async (action: () => Promise<unknown>) => {
    // A request the worker issues at the very moment may not be reported yet: bound
    // it by what can be in flight at once (the parts in flight per file).
    orphans += Math.max(inFlight.size, Number(attributes.concurrency ?? 1));
    await action();
  };
  try {
    arm(env, protocol, fault);
    await mountUploader(page, env.pages.url, attributes);
    await page.setInputFiles(INPUT, file.path);

    if (fault === 'offline') {
      await progressAtLeast(page, FILE_SIZE / 3);
      await interrupt(() => context.setOffline(true));
      await page.waitForTimeout(5_000);
      await context.setOffline(false);
    } else if (fault === 'reload' || fault === 'close-tab') {
      await progressAtLeast(page, FILE_SIZE / 3);
      if (fault === 'reload') {
        await interrupt(() => page.reload());
      } else {
        await interrupt(() => page.close());
        page = await context.newPage();
      }
      await mountUploader(page, env.pages.url, attributes);
      await page.waitForFunction(() =>
        (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents.some(
          (e) => e.type === 'upload-restored',
        ),
      );
      // The browser kept no handle to the file: pick the same one again to resume.
      await page.setInputFiles(INPUT, file.path);
    } else if (fault === 'two-tabs') {
      await progressAtLeast(page, 1);
      const second = await context.newPage();
      await mountUploader(second, env.pages.url, attributes);
      await second.waitForFunction(
        () =>
          (
            document.querySelector('resumable-upload') as unknown as {
              uploads: Array<{ status: string }>;
            }
          ).uploads.length > 0,
      );
      // While the first tab drives the upload, the second must not send a byte.
      await second.waitForTimeout(500);
      const early = (await pageEvents(second)).filter((e) => e.type === 'upload-start');
      if (early.length) return fail('the second tab started sending while the first one ran');
      if ((await pageEvents(page)).some((e) => e.type === 'upload-success')) {
        return fail('inconclusive: the first tab finished before it was closed');
      }
      await interrupt(() => page.close());
      page = second;
      // It takes over: at once when it kept the file, or once the same file is picked again.
      await page.waitForFunction(
        () =>
          (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents.some(
            (e) => e.type === 'upload-start',
          ) ||
          (
            document.querySelector('resumable-upload') as unknown as {
              uploads: Array<{ status: string }>;
            }
          ).uploads.some((u) => u.status === 'restored'),
        undefined,
        { timeout: 15_000 },
      );
      if (!(await pageEvents(page)).some((e) => e.type === 'upload-start')) {
        await page.setInputFiles(INPUT, file.path);
      }
    }

    const last = await finalEvent(page);
    const seen = await pageEvents(page);
    if (last.type !== 'upload-success') {
      return fail(`ended in error: [${last.detail.code}] ${last.detail.message}`);
    }
    const status = await page.locator('resumable-upload [part=status]').textContent();
    const bar = await page
      .locator('resumable-upload [role=progressbar]')
      .getAttribute('aria-valuenow');
    if (status?.trim() !== 'Done' || bar !== '100') {
      return fail(`UI not final: status "${status?.trim()}", bar ${bar}`);
    }
    const server = await stored(env, protocol, last.detail.result);
    if (server.sha256 !== file.sha256) {
      return fail(`SHA-256 differs (server holds ${server.size} bytes of ${FILE_SIZE})`);
    }
    if (server.twice.length && !orphanResends(protocol, server.twice, orphans)) {
      return fail(
        `received twice after confirmation: ${JSON.stringify(server.twice).slice(0, 200)}`,
      );
    }
    if (!faultFired(env, protocol, fault)) return fail('the fault never fired');
    if (fault === 'expired' || fault === 'revoked') {
      const told = seen.some(
        (e) =>
          e.type === 'upload-error' &&
          e.detail.code === 'session-gone' &&
          e.detail.willRetry === true,
      );
      if (!told) return fail('the user was not told that the session was replaced');
    }
    if (fault === 'reload' || fault === 'close-tab' || fault === 'two-tabs') {
      const start = seen.find((e) => e.type === 'upload-start');
      if (!start || !(Number(start.detail.resumedFrom) > 0)) {
        return fail('the upload started over instead of resuming');
      }
    }
    const left = await storedRecords(page);
    if (left !== 0) return fail(`IndexedDB still holds ${left} record(s) after success`);
    const note = server.twice.length
      ? `${server.twice.length} orphaned part(s) sent again`
      : undefined;
    return { ok: true, ms: performance.now() - began, note };
  } catch (error) {
    if (process.env.SOAK_DEBUG) await dumpEvents(page);
    return fail(error instanceof Error ? error.message.split('\n')[0] : String(error));
  } finally {
    await context.setOffline(false).catch(() => {});
    await context.close().catch(() => {});
    env.api.faults.clear();
  }
}

/**
 * Parts received twice that are no broken promise: a part or segment a closed
 * (or reloaded, or offline) tab had in flight can be stored by the server after
 * the page asked what is stored, so it goes again. No page ever saw it
 * confirmed, and parts are idempotent (same bytes, same place). Allowed only
 * for the parallel protocols (the sequential servers serialise a session's
 * requests, so a status query waits for a chunk still arriving), at most one
 * whole part per request left in flight; and for tus, a PATCH tus refused.
 */
function orphanResends(protocol: Protocol, twice: unknown[], orphans: number): boolean {
  if (protocol === 'tus') {
    // tus holds no lock for a PATCH still waiting in front of it: the tab that takes over
    // can read the offset before that PATCH lands, and its own PATCH is then refused
    // (409, nothing stored) before it asks again.
    return (
      twice.length <= orphans &&
      (twice as Array<{ status?: number }>).every((e) => e.status === 409)
    );
  }
  if (protocol !== 'segments' && protocol !== 'multipart') return false;
  const part = protocol === 'multipart' ? 2 * CHUNK : CHUNK;
  return (
    twice.length <= orphans &&
    (twice as Array<[number, number]>).every(
      ([start, end]) => start % part === 0 && (end - start === part || end === FILE_SIZE),
    )
  );
}

/** SOAK_DEBUG=1: what the page saw, for a failed run. */
async function dumpEvents(page: Page) {
  const seen = await pageEvents(page).catch(() => []);
  for (const e of seen) {
    if (e.type === 'upload-progress') continue;
    console.log(`    ${e.type} ${JSON.stringify(e.detail).slice(0, 300)}`);
  }
  const progress = seen.filter((e) => e.type === 'upload-progress').at(-1);
  if (progress) console.log(`    last progress ${progress.detail.bytesSent}`);
}
