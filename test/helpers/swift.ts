import { HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { Server as TusServer } from '@tus/server';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { spawnTracked } from '../../scripts/spawned.mjs';
import { findOrInstall } from '../../scripts/system-packages.mjs';
import { localS3Config, objectSha256, sdkS3Backend, type S3Backend } from './s3-backend.js';

/**
 * A second, independent S3 for the end-to-end tests: OpenStack Swift with its
 * s3api middleware, from Debian's packages, as a single-node SAIO-style setup
 * in a temp folder (one plain-directory device, `mount_check = false`, rings
 * of one replica built with swift-ring-builder's commands). memcached, the
 * account, container and object servers and the proxy listen on 127.0.0.1
 * only, on free ports; each is started through test/helpers/swift-launch.py,
 * so it dies with this process even when this process is killed outright, and
 * `close()` stops them all and removes the folder.
 *
 * The settings that make it work for browser uploads (docs/backends.md):
 * the proxy's `strict_cors_mode = false`, s3api's
 * `cors_preflight_allow_origin = *`, tempauth's `test:tester`/`testing` (the
 * s3api access key and secret), and CORS metadata on every bucket and on its
 * `{bucket}+segments` container, where s3api stores multipart parts.
 */

export const SWIFT_BUCKET = 'uploads';
/** Where @tus/s3-store keeps its uploads. */
export const SWIFT_TUS_BUCKET = 'tus-uploads';
export const SWIFT_ACCESS_KEY = 'test:tester';
export const SWIFT_SECRET_KEY = 'testing';

export const SWIFT_PACKAGES = [
  'swift',
  'swift-proxy',
  'swift-account',
  'swift-container',
  'swift-object',
  'memcached',
];
const PROGRAMS = [
  '/usr/bin/python3',
  '/usr/bin/swift-proxy-server',
  '/usr/bin/swift-account-server',
  '/usr/bin/swift-container-server',
  '/usr/bin/swift-object-server',
  '/usr/bin/swift-ring-builder',
  '/usr/bin/memcached',
];
export const SWIFT_INSTALL_HINT =
  "No OpenStack Swift found (its s3api is the tests' second S3). Install Debian's: " +
  `\`sudo apt-get update && sudo apt-get install -y ${SWIFT_PACKAGES.join(' ')}\`.`;

const LAUNCHER = join(import.meta.dirname, 'swift-launch.py');
const PYTHON = '/usr/bin/python3';

/**
 * Undefined when Debian's Swift is there (installed now with apt-get when
 * missing and this process is root); otherwise why it is not, to skip with.
 */
export function swiftUnavailable(): string | undefined {
  try {
    findOrInstall({
      find: () => PROGRAMS.every((program) => existsSync(program)) || undefined,
      packages: SWIFT_PACKAGES,
      what: 'OpenStack Swift',
      hint: SWIFT_INSTALL_HINT,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A client request the proxy logged (its access log; subrequests left out). */
export interface SwiftRequest {
  method: string;
  /** The request's path, e.g. `/uploads/e2e/1-file.bin`. */
  path: string;
  status: number;
  /** When the proxy received it, in `Date.now()` milliseconds. */
  startedAt: number;
  partNumber?: number;
  uploadId?: string;
}

export interface TestSwift {
  /** `http://127.0.0.1:PORT`: the proxy, for S3 (s3api) and Swift's own API. */
  endpoint: string;
  /** S3 client settings for this Swift, checksums only when required (see docs/backends.md). */
  s3Config: S3ClientConfig;
  client: S3Client;
  /** Milliseconds from the first process started to buckets ready. */
  startupMs: number;
  /** Client requests the proxy has answered so far (logged when each ends). */
  requests: SwiftRequest[];
  backend(bucket?: string): S3Backend;
  objectSha256(key: string, bucket?: string): Promise<string>;
  objectEtag(key: string, bucket?: string): Promise<string | undefined>;
  /** A container's headers through Swift's own API (e.g. its CORS metadata). */
  containerHeaders(container: string): Promise<Headers>;
  close(): Promise<void>;
}

interface Launched {
  name: string;
  exited: Promise<unknown>;
  hasExited(): boolean;
  /** The last lines it printed. */
  output(): string;
  stop(graceMs?: number): Promise<void>;
}

function launch(name: string, args: string[], onLine?: (line: string) => void): Launched {
  const proc = spawnTracked(PYTHON, [LAUNCHER, String(process.pid), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let partial = '';
  let ended = false;
  void proc.exited.then(() => (ended = true));
  const read = (data: Buffer) => {
    const text = data.toString('utf8');
    tail = (tail + text).slice(-6000);
    if (!onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  // Always drained: a server whose pipe fills up would stop answering.
  proc.child.stdout?.on('data', read);
  proc.child.stderr?.on('data', read);
  return {
    name,
    exited: proc.exited,
    hasExited: () => ended,
    output: () => tail,
    stop: (graceMs = 1500) => proc.stop(graceMs),
  };
}

/** Distinct free ports on 127.0.0.1 (held together while picked, so none repeats). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createNetServer>>((resolve, reject) => {
          const server = createNetServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Temp folders are named so; each holds `owner.pid`, the Node process that started it. */
const DIR_PREFIX = 'resumable-upload-swift-';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Remove the folders of runs that were killed outright (their processes died
 * with them, but nothing was left to remove the folder).
 */
async function removeStaleDirs() {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(DIR_PREFIX))) {
    const dir = join(tmpdir(), name);
    const owner = Number(await readFile(join(dir, 'owner.pid'), 'utf8').catch(() => 0));
    if (
      owner
        ? isAlive(owner)
        : await stat(dir).then(
            (s) => Date.now() - s.mtimeMs < 60_000,
            () => false,
          )
    ) {
      continue; // in use, or just being set up
    }
    await rm(dir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The [DEFAULT] settings every Swift server here shares: 127.0.0.1 only, one process. */
const serverDefaults = (port: number, dir: string, user: string) => `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
bind_timeout = 5
workers = 0
user = ${user}
swift_dir = ${dir}/etc`;

/** One Swift storage server's config: a plain-directory device, no mount check. */
function storageConf(name: string, port: number, dir: string, user: string) {
  return `${serverDefaults(port, dir, user)}
devices = ${dir}/srv
mount_check = false
disable_fallocate = true
log_name = ${name}-server
log_level = WARNING

[pipeline:main]
pipeline = ${name}-server

[app:${name}-server]
use = egg:swift#${name}
`;
}

/** Proxy pipeline filters that need no settings: each is Swift's egg of the same name. */
const PLAIN_FILTERS = [
  'catch_errors',
  'gatekeeper',
  'healthcheck',
  'listing_formats',
  'copy',
  'slo',
  'dlo',
  'versioned_writes',
];

/** The proxy: s3api before tempauth, as Swift's proxy-server.conf-sample orders them. */
function proxyConf(port: number, memcachedPort: number, dir: string, user: string) {
  return `${serverDefaults(port, dir, user)}
log_name = proxy-server
log_level = INFO

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# CORS headers on every answer to a request with an Origin.
strict_cors_mode = false

[filter:s3api]
use = egg:swift#s3api
# s3api answers the browser's preflight for presigned URLs itself.
cors_preflight_allow_origin = *

[filter:tempauth]
use = egg:swift#tempauth
# Account test, user tester, key testing: the s3api access key is test:tester.
user_test_tester = ${SWIFT_SECRET_KEY} .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachedPort}

[filter:proxy-logging]
use = egg:swift#proxy_logging
# One line per request, read by swift.ts.
log_msg_template = ACCESS {client_ip} {method} {status_int} {start_time} {path}

${PLAIN_FILTERS.map((name) => `[filter:${name}]\nuse = egg:swift#${name}\n`).join('\n')}`;
}

const SWIFT_CONF = `[swift-hash]
swift_hash_path_prefix = resumable-upload-tests
swift_hash_path_suffix = resumable-upload-tests

[storage-policy:0]
name = Policy-0
default = yes
`;

const ACCESS_LINE = /ACCESS (\S+) ([A-Z]+) (\d{3}) (\d+\.\d+) (\S+)/;

function parseAccess(line: string): SwiftRequest | undefined {
  const match = ACCESS_LINE.exec(line);
  if (!match || match[1] === '-') return undefined; // '-': a subrequest s3api or SLO made
  let pathAndQuery: string;
  try {
    pathAndQuery = decodeURIComponent(match[5]);
  } catch {
    pathAndQuery = match[5];
  }
  const url = new URL(pathAndQuery, 'http://x');
  const partNumber = url.searchParams.get('partNumber');
  return {
    method: match[2],
    path: url.pathname,
    status: Number(match[3]),
    startedAt: Number(match[4]) * 1000,
    partNumber: partNumber ? Number(partNumber) : undefined,
    uploadId: url.searchParams.get('uploadId') ?? undefined,
  };
}

/**
 * Start Swift (Debian's packages must be there: see `swiftUnavailable`), with
 * these buckets created through Swift's API with CORS metadata, each with its
 * `+segments` container.
 */
export async function startSwift(
  options: { buckets?: string[]; readyTimeoutMs?: number } = {},
): Promise<TestSwift> {
  const buckets = options.buckets ?? [SWIFT_BUCKET, SWIFT_TUS_BUCKET];
  const started = performance.now();
  await removeStaleDirs();
  const dir = await mkdtemp(join(tmpdir(), DIR_PREFIX));
  const processes: Launched[] = [];
  const requests: SwiftRequest[] = [];
  let client: S3Client | undefined;
  const stopAll = async () => {
    client?.destroy();
    await Promise.all(processes.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [proxyPort, accountPort, containerPort, objectPort, memcachedPort] = await freePorts(5);
    const user = userInfo().username;
    await writeFile(join(dir, 'owner.pid'), String(process.pid));
    await mkdir(join(dir, 'srv', 'd1'), { recursive: true });
    await mkdir(join(dir, 'etc'));
    const conf = (name: string) => join(dir, 'etc', `${name}-server.conf`);
    await Promise.all([
      writeFile(join(dir, 'etc', 'swift.conf'), SWIFT_CONF),
      writeFile(conf('proxy'), proxyConf(proxyPort, memcachedPort, dir, user)),
      writeFile(conf('account'), storageConf('account', accountPort, dir, user)),
      writeFile(conf('container'), storageConf('container', containerPort, dir, user)),
      writeFile(conf('object'), storageConf('object', objectPort, dir, user)),
    ]);
    const memcachedArgs = ['-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0', '-m', '16'];
    if (process.getuid?.() === 0) memcachedArgs.push('-u', 'root');
    processes.push(launch('memcached', ['exec', '/usr/bin/memcached', ...memcachedArgs]));
    const rings = launch('swift-ring-builder', [
      'rings',
      join(dir, 'etc'),
      String(accountPort),
      String(containerPort),
      String(objectPort),
    ]);
    processes.push(rings);
    // The storage servers read no ring: they start while the rings are built.
    for (const name of ['account', 'container', 'object']) {
      processes.push(
        launch(`${name}-server`, ['server', join(dir, 'etc'), `${name}-server`, conf(name)]),
      );
    }
    const ringsCode = await rings.exited;
    if (ringsCode !== 0) {
      throw new Error(`Building Swift's rings failed (${ringsCode}):\n${rings.output()}`);
    }
    processes.push(
      launch(
        'proxy-server',
        ['server', join(dir, 'etc'), 'proxy-server', conf('proxy')],
        (line) => {
          const request = parseAccess(line);
          if (request) requests.push(request);
        },
      ),
    );

    const endpoint = `http://127.0.0.1:${proxyPort}`;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    const servers = processes.filter((p) => p !== rings);
    const checkAlive = () => {
      const dead = servers.find((p) => p.hasExited());
      if (dead) throw new Error(`Swift's ${dead.name} exited while starting:\n${dead.output()}`);
      if (Date.now() > deadline) {
        throw new Error(
          `Swift was not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n` +
            servers.map((p) => `--- ${p.name}\n${p.output()}`).join('\n'),
        );
      }
    };
    const healthy = async () =>
      (await fetch(`${endpoint}/healthcheck`).then(
        (r) => r.ok,
        () => false,
      )) &&
      (
        await Promise.all([memcachedPort, accountPort, containerPort, objectPort].map(accepts))
      ).every(Boolean);
    while (!(await healthy())) {
      checkAlive();
      await sleep(100);
    }

    // tempauth's token, then the buckets through Swift's API (with CORS metadata).
    const auth = await fetch(`${endpoint}/auth/v1.0`, {
      headers: { 'X-Auth-User': SWIFT_ACCESS_KEY, 'X-Auth-Key': SWIFT_SECRET_KEY },
    });
    const token = auth.headers.get('x-auth-token');
    const storageUrl = auth.headers.get('x-storage-url');
    if (!auth.ok || !token || !storageUrl) {
      throw new Error(`tempauth refused test:tester (${auth.status}): ${await auth.text()}`);
    }
    const swiftApi = (method: string, container: string, headers: Record<string, string> = {}) =>
      fetch(`${storageUrl}/${encodeURIComponent(container)}`, {
        method,
        headers: { 'X-Auth-Token': token, ...headers },
      });
    for (const container of buckets.flatMap((bucket) => [bucket, `${bucket}+segments`])) {
      for (;;) {
        const answer = await swiftApi('PUT', container, {
          'X-Container-Meta-Access-Control-Allow-Origin': '*',
          'X-Container-Meta-Access-Control-Expose-Headers': 'ETag',
        });
        if (answer.ok) break;
        // A storage server may still be settling: 5xx is retried until the deadline.
        if (answer.status < 500) {
          throw new Error(`Creating container ${container} failed: ${answer.status}`);
        }
        checkAlive();
        await sleep(200);
      }
    }

    const s3Config = localS3Config(endpoint, {
      accessKeyId: SWIFT_ACCESS_KEY,
      secretAccessKey: SWIFT_SECRET_KEY,
    });
    const s3 = new S3Client(s3Config);
    client = s3;
    const startupMs = Math.round(performance.now() - started);

    const backend = (bucket = SWIFT_BUCKET): S3Backend => sdkS3Backend(s3, endpoint, bucket);

    return {
      endpoint,
      s3Config,
      client: s3,
      startupMs,
      requests,
      backend,
      objectSha256: (key, bucket = SWIFT_BUCKET) => objectSha256(s3, bucket, key),
      async objectEtag(key, bucket = SWIFT_BUCKET) {
        return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
      },
      async containerHeaders(container) {
        const answer = await swiftApi('HEAD', container);
        if (!answer.ok) throw new Error(`HEAD ${container}: ${answer.status}`);
        return answer.headers;
      },
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The real @tus/server storing through the real @tus/s3-store into this
 * Swift (its `tus-uploads` bucket), on 127.0.0.1. The browser talks to tus
 * only; tus talks S3 to Swift.
 */
export async function startSwiftTusServer(
  swift: TestSwift,
  bucket = SWIFT_TUS_BUCKET,
): Promise<{ url: string; store: S3Store; close(): Promise<void> }> {
  const store = new S3Store({
    partSize: 8 * 1024 * 1024,
    s3ClientConfig: { ...swift.s3Config, bucket },
  });
  const tus = new TusServer({
    path: '/files',
    datastore: store,
    allowedOrigins: () => true,
    allowedCredentials: true,
    exposedHeaders: ['Upload-Expires', 'Retry-After', 'Tus-Max-Size'],
  });
  const http: HttpServer = createServer((req, res) => {
    void tus.handle(req, res).catch(() => res.destroy());
  });
  http.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/files/`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
