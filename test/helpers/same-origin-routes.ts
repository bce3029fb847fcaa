import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as forward } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { Route } from '../../server/http-kit.js';

/**
 * Routes that put pages, the built package and other servers on the reference server's
 * own origin. Background Fetch sends no CORS preflight, so a page hands uploads off only
 * to its own origin: the tests serve everything from one.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** Files of `dir` under `prefix` (`/dist/index.js` → `{dir}/index.js`). */
export function staticRoute(prefix: string, dir: string): Route {
  const root = resolve(dir);
  return {
    prefix,
    protocol: 'static',
    async handle(_req, res, url) {
      const file = normalize(join(root, url.pathname.slice(prefix.length)));
      const found = file.startsWith(root) && (await stat(file).catch(() => undefined))?.isFile();
      if (!found) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      createReadStream(file).pipe(res);
    },
  };
}

/** One file at one path (the service worker at the root, so its scope is the whole site). */
export function fileRoute(path: string, file: string): Route {
  const route = staticRoute(path, file.slice(0, file.lastIndexOf('/')));
  const name = file.slice(file.lastIndexOf('/'));
  return {
    ...route,
    handle: (req, res, url, ctx) => route.handle(req, res, new URL(`${path}${name}`, url), ctx),
  };
}

/**
 * Requests under `prefix` passed on to another server (`target`, e.g. the real
 * @tus/server), Host header included, so the URLs it hands out stay on this origin.
 */
export function proxyRoute(prefix: string, target: () => string | undefined): Route {
  return {
    prefix,
    protocol: 'proxy',
    async handle(req, res, url) {
      const base = target();
      if (!base) {
        res.writeHead(502);
        res.end('no target');
        return;
      }
      const upstream = new URL(base);
      await new Promise<void>((done) => {
        const out = forward(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: `${url.pathname}${url.search}`,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', done);
            answer.on('error', done);
          },
        );
        out.on('error', () => {
          res.destroy();
          done();
        });
        req.on('aborted', () => out.destroy());
        req.pipe(out);
      });
    },
  };
}
