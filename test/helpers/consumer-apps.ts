import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * What test/e2e/consumer-build.spec.ts needs to build apps the way their authors
 * would: the bundlers installed once (test/consumers, `npm ci` from its own lock),
 * the package packed with `npm pack`, and an app folder whose node_modules holds
 * the unpacked package beside links to those bundlers and to the package's
 * dependencies.
 */

export const ROOT = resolve(import.meta.dirname, '../..');
export const CONSUMERS = join(ROOT, 'test/consumers');
const STAMP = join(CONSUMERS, 'node_modules/.installed-from');
const LOCK = join(CONSUMERS, '.installing');

export interface Ran {
  ms: number;
  output: string;
}

/** Run a command to its end; rejects with its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Ran> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data));
    child.stderr.on('data', (data: Buffer) => (output += data));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      const ms = Math.round(performance.now() - started);
      if (code === 0) done({ ms, output });
      else
        fail(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) ended with ${code ?? signal}:\n${output}`,
          ),
        );
    });
  });
}

async function installedFrom(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json'])
    hash.update(await readFile(join(CONSUMERS, file)));
  return hash.digest('hex');
}

/**
 * Install test/consumers with `npm ci` unless its node_modules already came from
 * this package.json and lock. Install scripts are skipped: every native part
 * (esbuild, Parcel's Rust core, lightningcss, @swc/core, lmdb, @parcel/watcher,
 * Rollup) ships as a prebuilt optional package, and none needs its script.
 */
export async function ensureConsumerDeps(): Promise<{ installed: boolean; ms: number }> {
  const wanted = await installedFrom();
  const current = async () =>
    (existsSync(STAMP) ? await readFile(STAMP, 'utf8') : '').trim() === wanted;
  if (await current()) return { installed: false, ms: 0 };
  // Two test runs in one work tree must not run `npm ci` into the same folder at once.
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 10 * 60_000) await rm(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} is held: another npm ci?`);
      else await new Promise((wait) => setTimeout(wait, 500));
    }
  }
  try {
    if (await current()) return { installed: false, ms: 0 };
    const { ms } = await run(
      'npm',
      ['ci', '--no-audit', '--no-fund', '--include=dev', '--ignore-scripts'],
      { cwd: CONSUMERS },
    );
    await writeFile(STAMP, `${wanted}\n`);
    return { installed: true, ms };
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** `npm pack` of the repo as it is built now; the tarball's path. */
export async function packPackage(into: string): Promise<string> {
  const { output } = await run('npm', ['pack', '--json', '--pack-destination', into], {
    cwd: ROOT,
    env: { npm_config_loglevel: 'error' },
  });
  const [{ filename }] = JSON.parse(output.slice(output.indexOf('['))) as Array<{
    filename: string;
  }>;
  return join(into, filename);
}

/**
 * An app folder whose node_modules has the packed package unpacked (what `npm install`
 * of the tarball does) and a link to everything test/consumers installed: the bundlers
 * and the package's own dependencies.
 */
export async function makeApp(
  dir: string,
  tarball: string,
  files: Record<string, string>,
): Promise<void> {
  const modules = join(dir, 'node_modules');
  await mkdir(modules, { recursive: true });
  for (const entry of await readdir(join(CONSUMERS, 'node_modules'))) {
    if (entry.startsWith('.') && entry !== '.bin') continue;
    await symlink(join(CONSUMERS, 'node_modules', entry), join(modules, entry));
  }
  const installed = join(modules, 'resumable-upload');
  await mkdir(installed);
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], { cwd: dir });
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, text);
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export interface DevServer {
  url: string;
  /** Milliseconds from the spawn to the page answering. */
  readyMs: number;
  output(): string;
  close(): Promise<void>;
}

/**
 * Start a dev server (its own process group, so its children end with it) and wait
 * until `url` answers 200 and its output shows `ready`.
 */
export async function startDevServer(
  command: string,
  args: string[],
  options: { cwd: string; url: string; ready: RegExp; timeoutMs?: number },
): Promise<DevServer> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, BROWSER: 'none', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data));
  child.stderr!.on('data', (data: Buffer) => (output += data));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Gone already.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = started + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${command} ${args.join(' ')} ended early:\n${output}`);
    if (options.ready.test(output)) {
      const answer = await fetch(options.url).catch(() => undefined);
      if (answer?.ok) break;
    }
    if (performance.now() > deadline) {
      await close();
      throw new Error(`${command} ${args.join(' ')} did not come up:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return {
    url: new URL(options.url).origin,
    readyMs: Math.round(performance.now() - started),
    output: () => output,
    close,
  };
}
