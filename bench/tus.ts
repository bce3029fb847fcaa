import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { cp, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { startStaticServer } from '../server/static.js';
import { startTestTusServer, type TestTusServer } from '../test/helpers/tus-server.js';

/**
 * tus throughput, in one browser run: this element against tus-js-client on
 * the same @tus/server (FileStore), both at 8 MiB chunks and each at its own
 * defaults, beside one plain `fetch` PUT of the file to a Node sink (the
 * ceiling: Chromium's network process fills one core). The file comes from
 * disk (`setInputFiles(path)`), never from an in-memory Blob.
 *
 *   node --import tsx bench/tus.ts [--size-mib 512] [--runs 3] [--sweep 16,32,64] [--dist dir] [--out file]
 *     [--compare name=distDir,…]
 *
 * Numbers move 10-20% from run to run on this shared machine: compare the
 * ratios of one run, where configurations are interleaved round by round.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;

export interface TusBenchOptions {
  sizeMiB?: number;
  /** Rounds; every configuration runs once per round and the median is kept. */
  runs?: number;
  /** Extra element chunk sizes (MiB) to measure, to choose the default. */
  sweepMiB?: number[];
  /** Where the JSON goes. */
  out?: string;
  /** The built `dist/` to load (default: this repository's). */
  distDir?: string;
  /**
   * Other builds of the element to run beside it, at 8 MiB and at their
   * defaults, name → dist folder (to weigh a change to the loop or the worker
   * in the same browser run).
   */
  compareDists?: Record<string, string>;
  log?: (line: string) => void;
}

export interface TusBenchConfig {
  name: string;
  client: 'element' | 'tus-js-client' | 'fetch-put' | 'bare-loop';
  /** Undefined: the client's own default. */
  chunkSize?: number;
  /** Which build of the element (URL path of its dist folder); `/dist` when omitted. */
  bundle?: string;
  /** fetch-put: the sink writes the body to a file (as a tus server does) instead of dropping it. */
  store?: boolean;
}

export interface TusBenchRow extends TusBenchConfig {
  /** MiB/s of every round, in order. */
  runs: number[];
  median: number;
  /**
   * Server side, per round: median ms between one PATCH's answer and the next
   * PATCH's arrival (the client's per-chunk cost plus one trip), and PATCHes sent.
   */
  patchGapMs: number[];
  patches: number[];
}

export interface TusBenchReport {
  date: string;
  fileBytes: number;
  rounds: number;
  chromium: string;
  rows: TusBenchRow[];
  ratios: {
    /** Element / tus-js-client, both at 8 MiB chunks. Target >= 1.05. */
    elementVsTusJsAt8MiB: number;
    /**
     * The bare worker loop / tus-js-client, both at 8 MiB: what any client gains from the
     * transport alone (same bytes, same server, nothing but POST and PATCHes).
     */
    bareLoopVsTusJsAt8MiB: number;
    /** Element / the bare worker loop at 8 MiB: what the element's own work costs. */
    elementVsBareLoopAt8MiB: number;
    /** Element / tus-js-client, each at its default. */
    elementVsTusJsDefaults: number;
    /** Element at its default / one plain PUT that a Node sink writes to disk. Target >= 0.95. */
    elementDefaultVsPlainPut: number;
    /** The same against a sink that drops the bytes (the browser's own ceiling). */
    elementDefaultVsDiscardedPut: number;
    /** tus-js-client at 8 MiB / one plain PUT, stored (measured 0.82-0.91 before). */
    tusJsAt8MiBVsPlainPut: number;
    /** tus-js-client's one PATCH / one plain PUT, stored: what @tus/server itself costs. */
    tusJsDefaultVsPlainPut: number;
  };
}

export async function runTusBench(options: TusBenchOptions = {}): Promise<TusBenchReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const size = (options.sizeMiB ?? 512) * MiB;
  const rounds = options.runs ?? 3;
  const out = options.out ?? join(ROOT, 'bench/results/tus.json');
  const distDir = options.distDir ?? join(ROOT, 'dist');
  if (!existsSync(join(distDir, 'resumable-upload.bundle.js'))) {
    throw new Error('dist/resumable-upload.bundle.js is missing: run `npm run build` first.');
  }

  const configs: TusBenchConfig[] = [
    { name: 'element @ 8 MiB', client: 'element', chunkSize: 8 * MiB },
    { name: 'tus-js-client @ 8 MiB', client: 'tus-js-client', chunkSize: 8 * MiB },
    { name: 'bare worker loop @ 8 MiB', client: 'bare-loop', chunkSize: 8 * MiB },
    { name: 'element @ default', client: 'element' },
    { name: 'tus-js-client @ default (one PATCH)', client: 'tus-js-client' },
    { name: 'plain fetch PUT, stored', client: 'fetch-put', store: true },
    { name: 'plain fetch PUT, discarded', client: 'fetch-put' },
    ...Object.keys(options.compareDists ?? {}).flatMap((name): TusBenchConfig[] => [
      {
        name: `${name} @ 8 MiB`,
        client: 'element',
        chunkSize: 8 * MiB,
        bundle: `/variants/${name}`,
      },
      { name: `${name} @ default`, client: 'element', bundle: `/variants/${name}` },
    ]),
    ...(options.sweepMiB ?? []).map((mib): TusBenchConfig => ({
      name: `element @ ${mib} MiB`,
      client: 'element',
      chunkSize: mib * MiB,
    })),
  ];

  const file = await randomFile(size);
  const pageDir = await mkdtemp(join(tmpdir(), 'tus-bench-page-'));
  await writeFile(join(pageDir, 'index.html'), BENCH_PAGE);
  // A snapshot: a build started elsewhere (the e2e global setup) empties dist/ midway.
  await cp(distDir, join(pageDir, 'dist'), { recursive: true });
  const pages = await startStaticServer({
    '/dist': join(pageDir, 'dist'),
    ...Object.fromEntries(
      Object.entries(options.compareDists ?? {}).map(([name, dir]) => [`/variants/${name}`, dir]),
    ),
    '/vendor': join(ROOT, 'node_modules/tus-js-client/dist'),
    '/': pageDir,
  });
  const origin = new URL(pages.url).origin;
  const tusServer = await startTestTusServer({ allowedOrigins: [origin] });
  const sink = await startSink(origin, pageDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  const rows: TusBenchRow[] = configs.map((c) => ({
    ...c,
    runs: [],
    median: 0,
    patchGapMs: [],
    patches: [],
  }));
  try {
    const context = await browser.newContext();
    // One warm-up upload per client, not counted: first-load costs (worker, preflight cache) are not throughput.
    for (const client of ['element', 'tus-js-client', 'fetch-put', 'bare-loop'] as const) {
      const page = await context.newPage();
      await uploadOnce(
        page,
        pages.url,
        { name: 'warm-up', client, chunkSize: 8 * MiB },
        file.path,
        size,
        tusServer,
        sink,
      );
      await page.close();
    }
    for (let round = 1; round <= rounds; round++) {
      for (const row of rows) {
        const page = await context.newPage();
        tusServer.requests.length = 0;
        const mibPerSecond = await uploadOnce(
          page,
          pages.url,
          row,
          file.path,
          size,
          tusServer,
          sink,
        );
        await page.close();
        const patches = tusServer.requests.filter((r) => r.method === 'PATCH');
        const preflights = tusServer.requests.filter((r) => r.method === 'OPTIONS').length;
        const gaps = patches
          .slice(1)
          .map((p, i) => p.startedAt - (patches[i].finishedAt ?? p.startedAt));
        row.runs.push(mibPerSecond);
        row.patches.push(patches.length);
        row.patchGapMs.push(gaps.length ? round3(median(gaps)) : 0);
        // The client's time outside the server's span (first request in, last answer out):
        // its set-up before the first request and its wrap-up after the last answer.
        const clientMs = (size / MiB / mibPerSecond) * 1000;
        const first = tusServer.requests[0]?.startedAt ?? 0;
        const last = Math.max(...tusServer.requests.map((r) => r.finishedAt ?? r.startedAt));
        const gapText = gaps.length
          ? `  ${patches.length} PATCHes, ${preflights} preflights, median gap ${median(gaps).toFixed(1)} ms, ` +
            `PATCH ${median(patches.map((p) => (p.finishedAt ?? p.startedAt) - p.startedAt)).toFixed(0)} ms, ` +
            `outside the server's span ${(clientMs - (last - first)).toFixed(0)} ms`
          : '';
        log(
          `round ${round}/${rounds}  ${row.name.padEnd(36)} ${mibPerSecond.toFixed(1).padStart(6)} MiB/s${gapText}`,
        );
      }
    }
    await context.close();
  } finally {
    await browser.close();
    await sink.close();
    await tusServer.close();
    await pages.close();
    await rm(pageDir, { recursive: true, force: true });
  }

  for (const row of rows) row.median = median(row.runs);
  const find = (name: string) => rows.find((r) => r.name === name)!.median;
  const report: TusBenchReport = {
    date: new Date().toISOString(),
    fileBytes: size,
    rounds,
    chromium: browser.version(),
    rows,
    ratios: {
      elementVsTusJsAt8MiB: round3(find('element @ 8 MiB') / find('tus-js-client @ 8 MiB')),
      bareLoopVsTusJsAt8MiB: round3(
        find('bare worker loop @ 8 MiB') / find('tus-js-client @ 8 MiB'),
      ),
      elementVsBareLoopAt8MiB: round3(find('element @ 8 MiB') / find('bare worker loop @ 8 MiB')),
      elementVsTusJsDefaults: round3(
        find('element @ default') / find('tus-js-client @ default (one PATCH)'),
      ),
      elementDefaultVsPlainPut: round3(find('element @ default') / find('plain fetch PUT, stored')),
      elementDefaultVsDiscardedPut: round3(
        find('element @ default') / find('plain fetch PUT, discarded'),
      ),
      tusJsAt8MiBVsPlainPut: round3(
        find('tus-js-client @ 8 MiB') / find('plain fetch PUT, stored'),
      ),
      tusJsDefaultVsPlainPut: round3(
        find('tus-js-client @ default (one PATCH)') / find('plain fetch PUT, stored'),
      ),
    },
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);

  log('');
  log(
    `tus benchmark: ${size / MiB} MiB from disk, median of ${rounds} round(s), Chromium ${report.chromium}`,
  );
  for (const row of rows) {
    const gaps = row.patchGapMs.filter((g) => g > 0);
    const gap = gaps.length ? `  (PATCH gap ${median(gaps).toFixed(1)} ms)` : '';
    log(`  ${row.name.padEnd(36)} ${row.median.toFixed(1).padStart(6)} MiB/s${gap}`);
  }
  const r = report.ratios;
  log(
    `  element / tus-js-client @ 8 MiB     ${r.elementVsTusJsAt8MiB.toFixed(3)}  (target >= 1.05)`,
  );
  log(`  bare worker loop / tus-js-client    ${r.bareLoopVsTusJsAt8MiB.toFixed(3)}  (8 MiB)`);
  log(`  element / bare worker loop          ${r.elementVsBareLoopAt8MiB.toFixed(3)}  (8 MiB)`);
  log(`  element / tus-js-client @ defaults  ${r.elementVsTusJsDefaults.toFixed(3)}`);
  log(
    `  element default / stored PUT        ${r.elementDefaultVsPlainPut.toFixed(3)}  (target >= 0.95)`,
  );
  log(`  element default / discarded PUT     ${r.elementDefaultVsDiscardedPut.toFixed(3)}`);
  log(`  tus-js-client @ 8 MiB / plain PUT   ${r.tusJsAt8MiBVsPlainPut.toFixed(3)}`);
  log(`  tus-js-client one PATCH / plain PUT ${r.tusJsDefaultVsPlainPut.toFixed(3)}`);
  log(`  written to ${out}`);
  return report;
}

/** Upload the file once with one client; MiB/s from the file entering the page to the final answer. */
async function uploadOnce(
  page: Page,
  base: string,
  config: TusBenchConfig,
  path: string,
  size: number,
  tusServer: TestTusServer,
  sink: Sink,
): Promise<number> {
  await page.goto(`${base}/index.html`);
  await page.evaluate(
    ({ client, chunkSize, endpoint, sinkUrl, bundle }) =>
      (window as unknown as BenchWindow).arm(client, { chunkSize, endpoint, sinkUrl, bundle }),
    {
      client: config.client,
      chunkSize: config.chunkSize,
      bundle: config.bundle ?? '/dist',
      endpoint: tusServer.url,
      sinkUrl: config.store ? `${sink.url}?store=1` : sink.url,
    },
  );
  const input = config.client === 'element' ? 'resumable-upload input[type=file]' : '#picker';
  await page.setInputFiles(input, path);
  const handle = await page.waitForFunction(
    () => (window as unknown as BenchWindow).outcome,
    null,
    {
      timeout: 10 * 60_000,
      polling: 100,
    },
  );
  const outcome = (await handle.jsonValue()) as Outcome;
  if (outcome.error) throw new Error(`${config.name}: ${outcome.error}`);
  // Check the bytes all arrived, then drop them so 512 MiB files do not pile up on disk.
  if (config.client === 'fetch-put') {
    if (sink.lastBytes !== size)
      throw new Error(`${config.name}: the sink got ${sink.lastBytes} of ${size} bytes.`);
  } else {
    const id = tusServer.idOf(outcome.url!);
    const stored = await tusServer.upload(id);
    if (stored?.offset !== size) {
      throw new Error(`${config.name}: the tus server holds ${stored?.offset} of ${size} bytes.`);
    }
    await tusServer.server.store.remove(id);
  }
  return size / MiB / ((outcome.t1 - outcome.t0) / 1000);
}

interface Outcome {
  t0: number;
  t1: number;
  url?: string;
  error?: string;
}
interface BenchWindow {
  arm(
    client: TusBenchConfig['client'],
    settings: { chunkSize?: number; endpoint: string; sinkUrl: string; bundle: string },
  ): Promise<void>;
  outcome?: Outcome;
}

/**
 * The page: the shipped bundle and tus-js-client's own browser build, each
 * started the moment the file is handed to it, timed with the page's clock.
 */
const BENCH_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tus benchmark</title>
<script src="/vendor/tus.min.js"></script>
</head>
<body>
<main id="root"><input type="file" id="picker" aria-label="file"></main>
<script>
// The least any browser client can do for tus: one POST, then PATCHes from a worker with
// nothing else (no store, no progress, no UI). Not a product: the reference for the element's overhead.
const BARE_LOOP_URL = URL.createObjectURL(new Blob([\`
onmessage = async ({ data: { file, endpoint, chunkSize } }) => {
  try {
    const created = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(file.size) },
    });
    const url = new URL(created.headers.get('Location'), endpoint).href;
    for (let offset = 0; offset < file.size; offset += chunkSize) {
      const response = await fetch(url, {
        method: 'PATCH',
        headers: {
          'Tus-Resumable': '1.0.0',
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        },
        body: file.slice(offset, offset + chunkSize),
      });
      if (response.status !== 204) throw new Error('PATCH answered ' + response.status);
    }
    postMessage({ url });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};\`], { type: 'text/javascript' }));
window.arm = async (client, { chunkSize, endpoint, sinkUrl, bundle }) => {
  const done = (outcome) => { window.outcome = outcome; };
  let t0 = 0;
  if (client === 'element') {
    await import(bundle + '/resumable-upload.bundle.js');
    const element = document.createElement('resumable-upload');
    element.setAttribute('protocol', 'tus');
    element.setAttribute('endpoint', endpoint);
    element.setAttribute('auto-start', '');
    if (chunkSize) element.setAttribute('chunk-size', String(chunkSize));
    document.addEventListener('upload-added', () => { t0 = performance.now(); });
    document.addEventListener('upload-success', (e) => done({ t0, t1: performance.now(), url: e.detail.result.url }));
    document.addEventListener('upload-error', (e) => {
      if (!e.detail.willRetry) done({ t0, t1: performance.now(), error: e.detail.message });
    });
    document.querySelector('#root').append(element);
    return;
  }
  const picker = document.querySelector('#picker');
  // Started before the clock, as the element's worker is: start-up is not throughput.
  const worker = client === 'bare-loop' ? new Worker(BARE_LOOP_URL) : undefined;
  picker.addEventListener('change', () => {
    const file = picker.files[0];
    t0 = performance.now();
    if (client === 'bare-loop') {
      worker.onmessage = (e) => {
        worker.terminate();
        done(e.data.error ? { t0, t1: 0, error: e.data.error } : { t0, t1: performance.now(), url: e.data.url });
      };
      worker.postMessage({ file, endpoint, chunkSize });
      return;
    }
    if (client === 'fetch-put') {
      fetch(sinkUrl, { method: 'PUT', body: file }).then(
        (r) => done(r.ok ? { t0, t1: performance.now() } : { t0, t1: 0, error: 'sink answered ' + r.status }),
        (e) => done({ t0, t1: 0, error: String(e) }),
      );
      return;
    }
    const options = {
      endpoint,
      metadata: { filename: file.name, filetype: file.type },
      onSuccess: () => done({ t0, t1: performance.now(), url: upload.url }),
      onError: (e) => done({ t0, t1: 0, error: String(e) }),
    };
    if (chunkSize) options.chunkSize = chunkSize;
    const upload = new tus.Upload(file, options);
    upload.start();
  });
};
</script>
</body>
</html>
`;

interface Sink {
  url: string;
  lastBytes: number;
  close(): Promise<void>;
}

/**
 * A Node server that takes one PUT body and either writes it to a file (what
 * any server that keeps uploads must do, @tus/server's FileStore included) or
 * throws it away (what the browser alone can reach).
 */
async function startSink(origin: string, dir: string): Promise<Sink> {
  const sink = { lastBytes: 0 } as Sink;
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'PUT',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '86400',
      });
      res.end();
      return;
    }
    let bytes = 0;
    req.on('data', (data: Buffer) => (bytes += data.length));
    const answer = () => {
      sink.lastBytes = bytes;
      res.writeHead(204);
      res.end();
    };
    if (!req.url?.includes('store=1')) {
      req.resume();
      req.on('end', answer);
      return;
    }
    const path = join(dir, 'put.bin');
    pipeline(req, createWriteStream(path)).then(
      () => {
        answer();
        void rm(path, { force: true });
      },
      () => res.destroy(),
    );
  });
  server.requestTimeout = 0;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sink`;
  sink.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return sink;
}

/** Random bytes on disk, cached where the e2e fixtures keep theirs (same name, shared). */
async function randomFile(bytes: number): Promise<{ path: string }> {
  const dir = join(tmpdir(), 'resumable-upload-fixtures');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `random-${bytes}.bin`);
  if (existsSync(path) && (await stat(path)).size === bytes) return { path };
  const partial = `${path}.${process.pid}.partial`;
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(partial);
    out.on('error', fail);
    let left = bytes;
    const write = () => {
      while (left > 0) {
        const n = Math.min(left, 4 * MiB);
        left -= n;
        if (!out.write(randomBytes(n))) return void out.once('drain', write);
      }
      out.end(done);
    };
    write();
  });
  await rename(partial, path);
  return { path };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  await runTusBench({
    sizeMiB: arg('size-mib') ? Number(arg('size-mib')) : undefined,
    runs: arg('runs') ? Number(arg('runs')) : undefined,
    sweepMiB: arg('sweep')?.split(',').map(Number),
    out: arg('out'),
    distDir: arg('dist'),
    // --compare name=dir,name=dir
    compareDists: arg('compare')
      ? Object.fromEntries(
          arg('compare')!
            .split(',')
            .map((pair) => pair.split('=', 2)),
        )
      : undefined,
  });
}
