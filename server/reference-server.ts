import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultRegistry, slowsEveryRequest, type Fault } from './faults.js';
import { listenThroughLink, type LinkListener, type LinkOptions } from './link.js';
import { readJson, readSlowly, sendJson, type Route, type ServerContext } from './http-kit.js';
import { chunkedSessionRoute } from './protocols/chunked-session.js';
import { contentRangeRoute } from './protocols/content-range.js';
import { multipartRoute } from './protocols/multipart.js';
import { segmentsAdminRoute, segmentsAgentRoute } from './protocols/segments.js';
import { sinkRoute } from './protocols/sink.js';
import { FileStorage } from './storage.js';

/**
 * The reference server: every protocol of docs/protocols over plain node:http, files on
 * disk, CORS for another origin, fault knobs, and an admin API that tells a
 * stored file's SHA-256 and every byte range it received.
 */

/** One line per protocol, as the adapters are registered in src/protocols/registry.ts. */
export const routes: Route[] = [
  contentRangeRoute,
  chunkedSessionRoute,
  segmentsAdminRoute,
  segmentsAgentRoute,
  multipartRoute,
  sinkRoute,
];

export interface ReferenceServerOptions {
  port?: number;
  host?: string;
  storageDir?: string;
  /** Require `Authorization: Bearer <token>` on API calls (segments, multipart). */
  bearerToken?: string;
  /** Require this cookie (`name=value`) on chunked-session calls. */
  authCookie?: string;
  /** Sees every request as it arrives (benchmarks time the first resumed byte with it). */
  onRequest?: (req: IncomingMessage, url: URL) => void;
  /** Extra routes (e.g. static pages for tests). Checked before the protocol routes. */
  extraRoutes?: Route[];
  /** Reached through an emulated link (server/link.ts): round trip and bandwidth. */
  link?: LinkOptions;
}

/** One request the server saw, for tests that count calls (sessions created, quiet periods). */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The protocol whose route took it (`admin`, or undefined when no route did). */
  protocol?: string;
  /** The answer's status, once sent. */
  status?: number;
  /** `performance.now()` when the request arrived, and when it ended (answered, or the client left). */
  startedAt: number;
  endedAt?: number;
}

export interface ReferenceServer {
  url: string;
  port: number;
  storage: FileStorage;
  faults: FaultRegistry;
  context: ServerContext;
  /** Every request so far (CORS preflights included), in arrival order. */
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Content-Range',
  'X-Fault',
  'Tus-Resumable',
  'Upload-Length',
  'Upload-Offset',
  'Upload-Metadata',
].join(', ');

const EXPOSED_HEADERS = [
  'Location',
  'Range',
  'ETag',
  'Retry-After',
  'Upload-Offset',
  'Upload-Length',
].join(', ');

function cors(req: IncomingMessage, res: ServerResponse) {
  const origin = req.headers.origin;
  if (!origin) return;
  // Reflect the origin so that credentialed requests (cookies) work cross-origin.
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  res.setHeader('Vary', 'Origin');
}

export async function startReferenceServer(
  options: ReferenceServerOptions = {},
): Promise<ReferenceServer> {
  const storage = await FileStorage.create(options.storageDir);
  const faults = new FaultRegistry();
  let base = '';
  const context: ServerContext = {
    storage,
    faults,
    baseUrl: () => base,
    bearerToken: options.bearerToken,
    authCookie: options.authCookie,
  };
  const all = [...(options.extraRoutes ?? []), ...routes];
  const requests: LoggedRequest[] = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    options.onRequest?.(req, url);
    const entry: LoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      startedAt: performance.now(),
    };
    requests.push(entry);
    res.once('finish', () => (entry.status = res.statusCode));
    res.once('close', () => (entry.endedAt = performance.now()));
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (url.pathname.startsWith('/__admin/')) {
      entry.protocol = 'admin';
      return admin(req, res, url);
    }
    const route = all.find(
      (r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`),
    );
    entry.protocol = route?.protocol;
    if (!route) return sendJson(res, 404, { message: `No route for ${url.pathname}` });
    const [slow] = faults.take(route.protocol, 'any', undefined, ['slow'], slowsEveryRequest);
    if (slow?.bytesPerSecond) readSlowly(req, slow.bytesPerSecond);
    await route.handle(req, res, url, context);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice('/__admin'.length);
    if (path === '/files' && req.method === 'GET') return sendJson(res, 200, storage.list());
    const file = /^\/files\/([\w-]+)$/.exec(path);
    if (file && req.method === 'GET') {
      const info = storage.get(file[1]);
      if (!info) return sendJson(res, 404, { message: 'No such file' });
      return sendJson(res, 200, {
        ...info,
        sha256: await storage.sha256(info.id),
        overlaps: storage.overlaps(info.id),
      });
    }
    if (path === '/faults' && req.method === 'POST') {
      const body = await readJson<Fault | Fault[]>(req);
      if (!body) return sendJson(res, 400, { message: 'Send a fault or a list of faults as JSON' });
      for (const fault of Array.isArray(body) ? body : [body]) faults.arm(fault);
      return sendJson(res, 200, faults.list());
    }
    if (path === '/faults' && req.method === 'DELETE') {
      faults.clear();
      return sendJson(res, 200, []);
    }
    if (path === '/faults' && req.method === 'GET') return sendJson(res, 200, faults.list());
    sendJson(res, 404, { message: 'Unknown admin call' });
  }

  let linked: LinkListener | undefined;
  if (options.link) {
    linked = await listenThroughLink(server, options.link, options.port, options.host);
  } else {
    await new Promise<void>((resolve) =>
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
    );
  }
  const port = linked?.port ?? (server.address() as AddressInfo).port;
  base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    port,
    storage,
    faults,
    context,
    requests,
    async close() {
      server.closeAllConnections();
      if (linked) await linked.close();
      else await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.destroy();
    },
  };
}
