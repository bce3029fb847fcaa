import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform } from 'node:stream';

/**
 * A bad link in front of a real server: an HTTP proxy on 127.0.0.1 that passes every
 * request through to `target` unchanged (method, path, headers, the Host header too, so a
 * presigned URL signed for the proxy's address stays valid) and streams the answer back,
 * except that the part PUTs it is told to spoil get one byte of their body flipped on the
 * way, the length unchanged. The server behind it decides what to make of that: a server
 * that checks the part's checksum refuses it, one that does not stores it.
 *
 * `corsOnErrors` adds `Access-Control-Allow-Origin: *` to an error answer that has none, as
 * a deployment puts in front of Swift (nginx's `add_header … always`): Swift 2.30's s3api
 * sends CORS headers on its successes only, so a browser cannot read its `BadDigest`.
 */

export interface ProxiedRequest {
  method: string;
  path: string;
  partNumber?: number;
  /** A presigned URL's `X-Amz-SignedHeaders` (e.g. `content-md5;host`). */
  signedHeaders?: string;
  /** The checksum headers the request carried, lower-cased names. */
  checksumHeaders: Record<string, string>;
  corrupted: boolean;
  /** The server's answer, and its S3 error `<Code>` when it gave one. */
  status: number;
  errorCode?: string;
}

export interface CorruptingProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request passed through, in the order their answers ended. */
  requests: ProxiedRequest[];
  /** Flip one byte (at `at`, 0 by default) of the next `count` part PUTs. */
  corruptParts(count: number, at?: number): void;
  /** Whether an error answer without CORS headers gets `Access-Control-Allow-Origin: *`. */
  corsOnErrors: boolean;
  close(): Promise<void>;
}

const CHECKSUM_HEADER = /^(content-md5|x-amz-checksum-|x-amz-sdk-checksum-algorithm)/;

/** Passes a body on with the byte at offset `at` inverted, as it streams. */
function flipByte(at: number): Transform {
  let seen = 0;
  return new Transform({
    transform(piece: Buffer, _encoding, done) {
      if (at >= seen && at < seen + piece.length) {
        const copy = Buffer.from(piece);
        copy[at - seen] ^= 0xff;
        piece = copy;
      }
      seen += piece.length;
      done(null, piece);
    },
  });
}

export async function startCorruptingProxy(target: string): Promise<CorruptingProxy> {
  const to = new URL(target);
  const requests: ProxiedRequest[] = [];
  let toCorrupt = 0;
  let corruptAt = 0;

  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const partNumber = url.searchParams.get('partNumber');
    const isPart = req.method === 'PUT' && partNumber !== null;
    const corrupt = isPart && toCorrupt > 0;
    if (corrupt) toCorrupt--;
    const entry: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      partNumber: partNumber === null ? undefined : Number(partNumber),
      signedHeaders: url.searchParams.get('X-Amz-SignedHeaders') ?? undefined,
      checksumHeaders: Object.fromEntries(
        Object.entries(req.headers)
          .filter(([name]) => CHECKSUM_HEADER.test(name))
          .map(([name, value]) => [name, String(value)]),
      ),
      corrupted: corrupt,
      status: 0,
    };
    const upstream = forward(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        entry.status = answer.statusCode ?? 0;
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (entry.status >= 400) chunks.push(chunk);
        });
        answer.on('end', () => {
          entry.errorCode = /<Code>([^<]+)<\/Code>/.exec(Buffer.concat(chunks).toString())?.[1];
          requests.push(entry);
        });
        const opaque = !('access-control-allow-origin' in answer.headers);
        const cors = proxy.corsOnErrors && entry.status >= 400 && req.headers.origin && opaque;
        res.writeHead(
          entry.status,
          cors ? [...answer.rawHeaders, 'Access-Control-Allow-Origin', '*'] : answer.rawHeaders,
        );
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      entry.status = 502;
      requests.push(entry);
      res.destroy(error);
    });
    (corrupt ? req.pipe(flipByte(corruptAt)) : req).pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: CorruptingProxy = {
    url: `http://127.0.0.1:${port}`,
    corsOnErrors: false,
    requests,
    corruptParts(count, at = 0) {
      toCorrupt = count;
      corruptAt = at;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
