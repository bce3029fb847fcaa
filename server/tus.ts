import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as TusServer, type ServerOptions } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { listenThroughLink, type LinkListener, type LinkOptions } from './link.js';
import { tusChecksumLayer, type TusChecksumLayer } from './tus-checksum.js';

/**
 * The real tus server (`@tus/server` + `@tus/file-store`), not one written
 * here: the demo mounts it and the tests and the benchmark upload to it.
 * Only its CORS is configured, so a page on another origin can read what
 * tus puts in headers, and the checksum extension it lacks is a thin layer in front
 * (tus-checksum.ts).
 */
export interface TusServerOptions {
  port?: number;
  host?: string;
  /** Where uploads are stored; a fresh temp folder when omitted. */
  directory?: string;
  /** The route uploads are created on. */
  path?: string;
  /** Origins allowed to call; every origin (reflected, so cookies work) when omitted. */
  allowedOrigins?: string[];
  /** Forget unfinished uploads after this long (tus expiration extension); never when omitted. */
  expirationMs?: number;
  /** Passed to @tus/server as is (runs before every HEAD/PATCH/DELETE/POST it handles). */
  onIncomingRequest?: ServerOptions['onIncomingRequest'];
  /** Sees every request before tus does (test logs). */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Asked at each creation: a base (`http://host:port`) to put the upload URL on instead
   * of this server's, so uploads can live on another origin (a proxy in front of it).
   */
  uploadBase?: () => string | undefined;
  /** Reached through an emulated link (server/link.ts): round trip and bandwidth. */
  link?: LinkOptions;
}

export interface RunningTusServer {
  /** The creation endpoint, e.g. `http://127.0.0.1:4020/files/`: the element's `endpoint`. */
  url: string;
  port: number;
  directory: string;
  tus: TusServer;
  store: FileStore;
  /** The checksum extension in front of tus, with its corrupt-in-transit knob. */
  checksums: TusChecksumLayer;
  close(): Promise<void>;
}

/**
 * Headers the element reads beyond tus's own list (which @tus/server already
 * exposes): the expiry, and what a page may want when debugging.
 */
const EXTRA_EXPOSED_HEADERS = [
  'Upload-Expires',
  'Retry-After',
  'Tus-Max-Size',
  'Tus-Checksum-Algorithm',
];

export async function startTusServer(options: TusServerOptions = {}): Promise<RunningTusServer> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'tus-uploads-')));
  const path = options.path ?? '/files';
  const store = new FileStore({
    directory,
    expirationPeriodInMilliseconds: options.expirationMs,
  });
  const allowed = options.allowedOrigins;
  const tus = new TusServer({
    path,
    datastore: store,
    allowedOrigins: allowed ? (origin) => allowed.includes(origin) : () => true,
    allowedCredentials: true,
    exposedHeaders: EXTRA_EXPOSED_HEADERS,
    allowedHeaders: ['Upload-Checksum'],
    onIncomingRequest: options.onIncomingRequest,
    generateUrl: (_req, { proto, host, path, id }) =>
      `${options.uploadBase?.() ?? `${proto}://${host}`}${path}/${id}`,
  });

  const checksums = tusChecksumLayer(tus, store);
  const http: HttpServer = createServer((req, res) => {
    options.onRequest?.(req, res);
    void checksums.handle(req, res).catch(() => res.destroy());
  });
  // Chunks are large and arrive slowly on a loaded machine: no per-request timeout.
  http.requestTimeout = 0;
  let linked: LinkListener | undefined;
  if (options.link) {
    linked = await listenThroughLink(http, options.link, options.port, options.host);
  } else {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  }
  const port = linked?.port ?? (http.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}${path}/`,
    port,
    directory,
    tus,
    store,
    checksums,
    close: () =>
      linked
        ? (http.closeAllConnections(), linked.close())
        : new Promise<void>((resolve) => {
            http.close(() => resolve());
            http.closeAllConnections();
          }),
  };
}
