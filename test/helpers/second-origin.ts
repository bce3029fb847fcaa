import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cutConnection, sendJson } from '../../server/http-kit.js';

/**
 * A second origin in front of a test server: a reverse proxy on another port of
 * 127.0.0.1 (another port is another origin; cookies, which ignore ports, still reach
 * it), where session URLs, tus upload URLs and presigned parts can live. It notes what
 * credentials each request brought, refuses any that brings the page's (so a leak fails
 * the upload, not only an assertion), can answer as a host without CORS, and can cut
 * connections as a flaky network does.
 */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  cookie?: string;
}

export interface SecondOrigin {
  /** `http://127.0.0.1:{port}`: the base to put upload URLs on, and its origin. */
  url: string;
  /** Every request that reached it (CORS preflights included), in order. */
  seen: SeenRequest[];
  /** Answer 403 to a request carrying `Authorization` or a `Cookie` (default true). */
  refuseCredentials: boolean;
  /** Pass the target's CORS headers on (default true); false answers as a host without CORS. */
  cors: boolean;
  /** Cut the connection of the next this many requests after reading them (a flaky network). */
  cut: number;
  close(): Promise<void>;
}

export async function startSecondOrigin(target: string): Promise<SecondOrigin> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const entry: SeenRequest = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    };
    state.seen.push(entry);
    if (state.cut > 0 && req.method !== 'OPTIONS') {
      state.cut--;
      req.resume();
      req.once('end', () => cutConnection(req));
      return;
    }
    if (state.refuseCredentials && (entry.authorization || entry.cookie)) {
      return refuse(req, res);
    }
    const out = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const headers = { ...answer.headers };
        if (!state.cors) {
          for (const name of Object.keys(headers)) {
            if (name.startsWith('access-control-')) delete headers[name];
          }
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.once('aborted', () => res.destroy());
        answer.once('error', () => res.destroy());
      },
    );
    out.once('error', () => res.destroy());
    req.pipe(out);
    res.once('close', () => {
      if (!res.writableFinished) out.destroy();
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: SecondOrigin = {
    url: `http://127.0.0.1:${port}`,
    seen: [],
    refuseCredentials: true,
    cors: true,
    cut: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** A 403 the page can read (so the test fails on it at once), naming what leaked. */
function refuse(req: IncomingMessage, res: Parameters<typeof sendJson>[0]) {
  const origin = req.headers.origin;
  const what = [req.headers.authorization && 'Authorization', req.headers.cookie && 'a cookie'];
  req.resume();
  res.setHeader('Connection', 'close');
  sendJson(
    res,
    403,
    { message: `The page's ${what.filter(Boolean).join(' and ')} reached the second origin.` },
    origin
      ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
      : {},
  );
}
