import type { Page } from '@playwright/test';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startStaticServer, type StaticServer } from '../../server/static.js';
import {
  CONSUMERS,
  ROOT,
  ensureConsumerDeps,
  freePort,
  makeApp,
  packPackage,
  run,
  startDevServer,
  type DevServer,
} from '../helpers/consumer-apps.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { expect, fileInput, mountOn, randomFile, test } from './fixtures.js';

const MiB = 1024 * 1024;
/** Builds at once: two cores, and webpack alone keeps one busy. */
const BUILDS_AT_ONCE = Number(process.env.CONSUMER_BUILDS_AT_ONCE ?? 2);

/**
 * The package as apps get it: `npm pack`ed, unpacked into each app's node_modules,
 * imported by name (`import 'resumable-upload'`) and built for production by the app's
 * own bundler with that bundler's defaults, then served as static files. Each app
 * uploads 12 MiB to the real @tus/server through the worker its build carried (or the
 * one documented step put there), checked by SHA-256. The bundlers come from
 * test/consumers, installed once with `npm ci`; Vite is the project's own.
 */

const html = (script: string) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>' +
  `${script}</head><body><main id="root"></main></body></html>\n`;
const moduleScript = html('<script type="module" src="./main.js"></script>');
const importIt = "import 'resumable-upload';\n";
/** The documented step for bundlers that leave the worker where the package points. */
const WORKER = 'node_modules/resumable-upload/dist/assets/upload.worker.js';
/** The worker and the checksum code it loads when asked: the folder esbuild apps copy. */
const ASSETS = 'node_modules/resumable-upload/dist/assets';

interface AppRecipe {
  files: Record<string, string>;
  /** What the app's author runs, in order: its build, and at most one step about the worker. */
  build(dir: string): Promise<void>;
  /** The folder the built app is served from. */
  out: string;
}

const bin = (dir: string, name: string) => join(dir, 'node_modules/.bin', name);
const vite = join(ROOT, 'node_modules/.bin/vite');

const webpackFiles = {
  'package.json': '{ "private": true }\n',
  'main.js': importIt,
  // Entry, output and mode: nothing about workers.
  'webpack.config.js':
    "const { resolve } = require('node:path');\n" +
    "module.exports = { mode: 'production', entry: './main.js', output: { path: resolve(__dirname, 'public') } };\n",
  // Not a module script: webpack's automatic public path reads the script's own URL.
  'public/index.html': html('<script defer src="./main.js"></script>'),
};
const viteOrParcelFiles = {
  'package.json': '{ "private": true, "type": "module" }\n',
  'main.js': importIt,
  'index.html': moduleScript,
};
const esbuildFiles = {
  'package.json': '{ "private": true, "type": "module" }\n',
  'main.js': importIt,
  'public/index.html': moduleScript,
};
const esbuild = (dir: string) =>
  run(
    bin(dir, 'esbuild'),
    ['main.js', '--bundle', '--splitting', '--format=esm', '--minify', '--outdir=public'],
    { cwd: dir },
  );
const copy = async (dir: string, from: string, to: string) => {
  await mkdir(join(dir, to, '..'), { recursive: true });
  await cp(join(dir, from), join(dir, to), { recursive: true });
};

const apps: Record<string, AppRecipe> = {
  vite: {
    files: viteOrParcelFiles,
    out: 'dist',
    build: async (dir) => void (await run(vite, ['build'], { cwd: dir })),
  },
  webpack: {
    files: webpackFiles,
    out: 'public',
    build: async (dir) => void (await run(bin(dir, 'webpack'), [], { cwd: dir })),
  },
  parcel: {
    files: viteOrParcelFiles,
    out: 'dist',
    build: async (dir) =>
      void (await run(bin(dir, 'parcel'), ['build', 'index.html'], { cwd: dir })),
  },
  esbuild: {
    files: esbuildFiles,
    out: 'public',
    build: async (dir) => {
      await esbuild(dir);
      await copy(dir, ASSETS, 'public/assets');
    },
  },
  rollup: {
    files: {
      'package.json': '{ "private": true, "type": "module" }\n',
      'main.js': importIt,
      'public/index.html': moduleScript,
      'rollup.config.mjs': [
        "import { nodeResolve } from '@rollup/plugin-node-resolve';",
        "import terser from '@rollup/plugin-terser';",
        "import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';",
        '',
        'export default {',
        "  input: 'main.js',",
        "  output: { dir: 'public', format: 'es' },",
        '  plugins: [nodeResolve(), importMetaAssets(), terser()],',
        '};',
        '',
      ].join('\n'),
    },
    out: 'public',
    build: async (dir) => void (await run(bin(dir, 'rollup'), ['-c'], { cwd: dir })),
  },
  // esbuild without its step: the worker is not where the package points.
  'esbuild-without-the-copy': {
    files: esbuildFiles,
    out: 'public',
    build: async (dir) => void (await esbuild(dir)),
  },
};

interface Built {
  dir: string;
  out: string;
  buildMs: number;
}

interface Outcome {
  url?: string;
  /** upload-success's whole-file SHA-256, computed by the checksum file the build carried. */
  sha256?: string;
  /** Every upload-error, retried or final, in order. */
  errors: Array<{ code: string; message: string; willRetry: boolean }>;
  /** The URLs the page started workers from. */
  workers: string[];
  /** Responses for a worker script that were not 200. */
  failedWorkerLoads: string[];
}

interface Report {
  buildMs?: number;
  readyMs?: number;
  uploadMs?: number;
  /** Every JS file but the translation tables, gzipped. */
  jsGzip?: number;
  workerGzip?: number;
  /** The checksum file (loaded only for `checksum`), gzipped, apart from `jsGzip`. */
  checksumGzip?: number;
  /** The translation tables the build wrote as files of their own, and their gzipped sum. */
  tables?: number;
  tablesGzip?: number;
  /** Where the page started the worker from. */
  worker?: string;
  files?: string[];
}

let base: string;
let tarball: string;
let tusServer: TestTusServer;
const origins: string[] = [];
const builds = new Map<string, Promise<Built>>();
const servers: Array<{ close(): Promise<void> }> = [];
const report: Record<string, Report> = {};
const timings: Record<string, number> = {};

/** Start every build now, BUILDS_AT_ONCE at a time; each test waits for its own. */
function startBuilds() {
  let free = BUILDS_AT_ONCE;
  const waiting: Array<() => void> = [];
  const slot = () =>
    free > 0 ? (free--, Promise.resolve()) : new Promise<void>((go) => waiting.push(go));
  const release = () => {
    const go = waiting.shift();
    if (go) go();
    else free++;
  };
  const started = performance.now();
  for (const [name, recipe] of Object.entries(apps)) {
    const build = (async (): Promise<Built> => {
      await slot();
      try {
        const dir = join(base, name);
        await makeApp(dir, tarball, recipe.files);
        const began = performance.now();
        await recipe.build(dir);
        const buildMs = Math.round(performance.now() - began);
        return { dir, out: join(dir, recipe.out), buildMs };
      } finally {
        release();
      }
    })();
    build.catch(() => undefined);
    builds.set(name, build);
  }
  void Promise.allSettled(builds.values()).then(
    () => (timings.allBuildsMs = Math.round(performance.now() - started)),
  );
}

async function built(name: string): Promise<Built> {
  const app = await builds.get(name)!;
  (report[name] ??= {}).buildMs = app.buildMs;
  return app;
}

async function serve(dir: string, options?: { headers?: Record<string, string> }) {
  const server: StaticServer = await startStaticServer({ '/': dir }, options);
  servers.push(server);
  origins.push(server.url);
  return server;
}

/**
 * Sum of the gzipped sizes of every JS file the build wrote, and of the worker's; the
 * translation tables (a file with the words and none of the element's code) apart:
 * a page loads at most one of them.
 */
async function sizes(out: string, workerUrl: string | undefined): Promise<Report> {
  const files = (await readdir(out, { recursive: true })).filter((file) => file.endsWith('.js'));
  let jsGzip = 0;
  let workerGzip: number | undefined;
  let tables = 0;
  let tablesGzip = 0;
  let checksumGzip: number | undefined;
  for (const file of files) {
    const code = await readFile(join(out, file));
    const gzipped = gzipSync(code, { level: 9 }).length;
    const text = code.toString();
    // hash-wasm's code: no worker (postMessage) and no element (customElements) in it.
    if (
      text.includes('resumable-upload.hash-kit') &&
      !text.includes('postMessage') &&
      !text.includes('customElements')
    ) {
      checksumGzip = gzipped;
      continue;
    }
    if (text.includes('chooseFiles') && !text.includes('customElements')) {
      tables++;
      tablesGzip += gzipped;
      continue;
    }
    jsGzip += gzipped;
    if (workerUrl && new URL(workerUrl).pathname === `/${file}`) workerGzip = gzipped;
  }
  return { jsGzip, workerGzip, checksumGzip, tables, tablesGzip, files: files.sort() };
}

/** The element on the page speaks French once asked: the build carried the French table. */
async function speaksFrench(page: Page) {
  await page.locator('resumable-upload').evaluate((el) => el.setAttribute('locale', 'fr'));
  await expect(page.locator('resumable-upload [part=button]')).toHaveText('Choisir des fichiers');
}

/**
 * Open the app, put the element on it, pick a 12 MiB file, and wait for the end. With
 * `checksum="sha256"`: the worker loads the hashing code (assets/checksum.js) at run
 * time from where the app's build put it, or the upload fails.
 */
async function upload(
  page: Page,
  url: string,
  file: { path: string },
  attributes: Record<string, string> = {},
): Promise<Outcome> {
  const workers: string[] = [];
  const failedWorkerLoads: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  page.on('response', (response) => {
    if (/worker/.test(response.url()) && response.status() !== 200)
      failedWorkerLoads.push(`${response.status()} ${response.url()}`);
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(url);
  await mountOn(page, {
    protocol: 'tus',
    endpoint: tusServer.url,
    'auto-start': true,
    checksum: 'sha256',
    ...attributes,
  });
  await page.evaluate(() => {
    const errors: unknown[] = [];
    (window as unknown as { outcome: Promise<unknown> }).outcome = new Promise((settle) => {
      document.addEventListener('upload-success', (event) =>
        settle({
          url: (event as CustomEvent<{ result: { url: string } }>).detail.result.url,
          sha256: (event as CustomEvent<{ sha256?: string }>).detail.sha256,
          errors,
        }),
      );
      document.addEventListener('upload-error', (event) => {
        const { code, message, willRetry } = (
          event as CustomEvent<{ code: string; message: string; willRetry: boolean }>
        ).detail;
        errors.push({ code, message, willRetry });
        if (!willRetry) settle({ errors });
      });
    });
  });
  await page.setInputFiles(fileInput, file.path);
  const outcome = (await page.evaluate(
    () => (window as unknown as { outcome: Promise<unknown> }).outcome,
  )) as Outcome;
  expect(problems, 'errors thrown on the page').toEqual([]);
  return { ...outcome, workers, failedWorkerLoads };
}

async function expectUploaded(outcome: Outcome, file: { sha256: string }) {
  expect(outcome.errors).toEqual([]);
  expect(outcome.url).toBeTruthy();
  expect(await tusServer.sha256(outcome.url!)).toBe(file.sha256);
  expect(outcome.sha256, 'the SHA-256 the checksum file computed in the worker').toBe(file.sha256);
}

test.describe('apps that bundle the packed package', () => {
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const started = performance.now();
    const deps = await ensureConsumerDeps();
    if (deps.installed) timings.npmCiMs = deps.ms;
    // The apps' copy of the package's own dependencies must be what the package asks for.
    const ours = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const theirs = JSON.parse(await readFile(join(CONSUMERS, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(theirs.dependencies, 'test/consumers/package.json dependencies').toEqual(
      ours.dependencies,
    );
    base = await mkdtemp(join(tmpdir(), 'resumable-upload-apps-'));
    tarball = await packPackage(base);
    startBuilds();
    tusServer = await startTestTusServer({ allowedOrigins: origins });
    timings.setupMs = Math.round(performance.now() - started);
  });

  test.afterAll(async () => {
    for (const server of servers) await server.close();
    await tusServer?.close();
    await Promise.all([...builds.values()].map((build) => build.catch(() => undefined)));
    if (base) await rm(base, { recursive: true, force: true });
    const lines = Object.entries(report).map(
      ([name, r]) =>
        `${name.padEnd(26)} build ${String(r.buildMs ?? r.readyMs ?? '-').padStart(6)} ms` +
        `  upload ${String(r.uploadMs ?? '-').padStart(5)} ms` +
        (r.jsGzip ? `  JS ${(r.jsGzip / 1024).toFixed(1)} KiB gz` : '') +
        (r.workerGzip ? ` (worker ${(r.workerGzip / 1024).toFixed(1)} KiB)` : '') +
        (r.checksumGzip ? `  checksum.js ${(r.checksumGzip / 1024).toFixed(1)} KiB gz` : '') +
        (r.tables ? `  ${r.tables} tables ${(r.tablesGzip! / 1024).toFixed(1)} KiB gz` : '') +
        (r.worker ? `  worker ${r.worker}` : ''),
    );
    console.log(
      `consumer builds: ${JSON.stringify(timings)}\n${lines.join('\n')}\n` +
        `(build: from the bundler's start to its output; dev servers: to the first page)`,
    );
    await mkdir(join(ROOT, '.tmp'), { recursive: true });
    await writeFile(
      join(ROOT, '.tmp/consumer-build-report.json'),
      `${JSON.stringify({ timings, apps: report }, null, 2)}\n`,
    );
  });

  const production: Array<[string, string]> = [
    ['vite', 'Vite (`vite build`, no config)'],
    ['webpack', 'webpack 5 (entry, output and mode only)'],
    ['parcel', 'Parcel 2 (`parcel build index.html`)'],
    ['esbuild', 'esbuild (bundle, splitting, esm) and dist/assets/ copied to <outdir>/assets/'],
    ['rollup', 'Rollup 4 with node-resolve and @web/rollup-plugin-import-meta-assets'],
  ];
  for (const [name, title] of production) {
    test(`${title}: uploads 12 MiB through the worker the build carried`, async ({ page }) => {
      const file = await randomFile(12 * MiB);
      const app = await built(name);
      const server = await serve(app.out);
      const started = performance.now();
      const outcome = await upload(page, `${server.url}/index.html`, file);
      report[name].uploadMs = Math.round(performance.now() - started);
      await expectUploaded(outcome, file);
      expect(outcome.workers).toHaveLength(1);
      Object.assign(report[name], await sizes(app.out, outcome.workers[0]), {
        worker: new URL(outcome.workers[0]).pathname,
      });
      expect(report[name].workerGzip, 'the worker is among the files the build wrote').toBeTruthy();
      expect(report[name].checksumGzip, 'the checksum file is among them, apart').toBeTruthy();
      // Every language a file of its own, loaded when asked for.
      expect(report[name].tables, 'translation tables written apart').toBe(28);
      await speaksFrench(page);
    });
  }

  test('a page with no build step loads the bundle from a CDN and its own copy of the worker (worker-url)', async ({
    page,
  }) => {
    const file = await randomFile(12 * MiB);
    const dir = join(base, 'cdn');
    await makeApp(dir, tarball, {});
    // A module worker must come from the page's own origin: the CDN's copy cannot be used.
    const cdn = await serve(join(dir, 'node_modules/resumable-upload/dist'), {
      headers: { 'Access-Control-Allow-Origin': '*' },
    });
    await copy(dir, WORKER, 'site/js/upload.worker.js');
    await writeFile(
      join(dir, 'site/index.html'),
      html(`<script type="module" src="${cdn.url}/resumable-upload.bundle.js"></script>`),
    );
    const site = await serve(join(dir, 'site'));
    // Without worker-url: the browser refuses the CDN's worker, and the error says what to do.
    const refused = await upload(page, `${site.url}/index.html`, file);
    expect(refused.errors).toEqual([
      {
        code: 'missing-file',
        message: expect.stringMatching(/upload\.worker\.js\) is on another origin.*worker-url/),
        willRetry: false,
      },
    ]);
    const outcome = await upload(page, `${site.url}/index.html`, file, {
      'worker-url': '/js/upload.worker.js',
    });
    await expectUploaded(outcome, file);
    expect(outcome.workers).toEqual([`${site.url}/js/upload.worker.js`]);
    // The table comes from the CDN too, beside the bundle.
    await speaksFrench(page);
  });

  test('a worker file the app did not ship: one final upload-error, missing-file, naming upload.worker.js', async ({
    page,
  }) => {
    const file = await randomFile(12 * MiB);
    const app = await built('esbuild-without-the-copy');
    const server = await serve(app.out);
    const posts = () => tusServer.requests.filter((r) => r.method === 'POST').length;
    const postsBefore = posts();
    const outcome = await upload(page, `${server.url}/index.html`, file);
    expect(outcome.url).toBeUndefined();
    // Once when the element lists what it could resume, once for the upload.
    expect(outcome.failedWorkerLoads.length).toBeGreaterThan(0);
    expect(new Set(outcome.failedWorkerLoads)).toEqual(
      new Set([`404 ${server.url}/assets/upload.worker.js`]),
    );
    expect(outcome.errors).toHaveLength(1);
    const [error] = outcome.errors;
    expect(error).toMatchObject({ code: 'missing-file', willRetry: false });
    expect(error.message).toContain('upload.worker.js');
    expect(error.message).toContain('Bundlers');
    const status = await page.evaluate(
      () =>
        (
          document.querySelector('resumable-upload') as unknown as {
            uploads: Array<{ status: string; error?: { code: string } }>;
          }
        ).uploads[0],
    );
    expect(status).toMatchObject({ status: 'error', error: { code: 'missing-file' } });
    // Nothing reached the server, and nothing is retried.
    expect(posts()).toBe(postsBefore);
  });

  const devServers: Array<
    [string, string, (dir: string, port: number) => [string, string[]], RegExp]
  > = [
    [
      'vite',
      'Vite dev server (`vite`)',
      (_dir, port) => [vite, ['--port', String(port), '--strictPort', '--host', '127.0.0.1']],
      /ready in/,
    ],
    [
      'webpack',
      'webpack-dev-server (`webpack serve`)',
      (dir, port) => [
        bin(dir, 'webpack'),
        ['serve', '--mode', 'development', '--port', String(port), '--host', '127.0.0.1'],
      ],
      /compiled successfully/,
    ],
    [
      'parcel',
      'Parcel dev server (`parcel serve index.html`)',
      (dir, port) => [
        bin(dir, 'parcel'),
        ['serve', 'index.html', '--port', String(port), '--host', '127.0.0.1'],
      ],
      /Built in/,
    ],
  ];
  for (const [name, title, command, ready] of devServers) {
    test(`${title}, no config about workers: uploads 12 MiB`, async ({ page }) => {
      const file = await randomFile(12 * MiB);
      const dir = join(base, `${name}-dev`);
      await makeApp(dir, tarball, apps[name].files);
      const port = await freePort();
      origins.push(`http://127.0.0.1:${port}`);
      const [program, args] = command(dir, port);
      const server: DevServer = await startDevServer(program, args, {
        cwd: dir,
        url: `http://127.0.0.1:${port}/`,
        ready,
      });
      servers.push(server);
      const key = `${name} dev server`;
      report[key] = { readyMs: server.readyMs };
      const started = performance.now();
      const outcome = await upload(page, `${server.url}/`, file);
      report[key].uploadMs = Math.round(performance.now() - started);
      report[key].worker = outcome.workers[0] && new URL(outcome.workers[0]).pathname;
      await expectUploaded(outcome, file).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${name} said:\n${server.output()}`);
      });
      expect(outcome.workers).toHaveLength(1);
      await speaksFrench(page);
    });
  }
});
