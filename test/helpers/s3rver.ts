import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  localS3Config,
  objectSha256,
  sdkS3Backend,
  type S3Backend,
  type S3Part,
} from './s3-backend.js';

export type { S3Backend, S3Part };

/** s3rver ships no types; this is the part of its API used here. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: Server;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => S3rverInstance;

/**
 * The real `s3rver` on 127.0.0.1 for plain-S3-mode tests, plus the page's
 * backend side (s3-backend.ts).
 *
 * s3rver 3.7 does not implement ListParts or AbortMultipartUpload (both answer
 * 405). `listParts` and `abortMultipartUpload` therefore try the real S3 call
 * first and, on 405 only, read or delete s3rver's own upload folder instead:
 * the answer has ListParts' shape either way.
 */

export const BUCKET = 'uploads';
/** A bucket whose CORS rule does not expose ETag, as many real buckets are set up. */
export const BUCKET_NO_ETAG = 'uploads-hidden-etag';

const cors = (exposeEtag: boolean) =>
  `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>` +
  `<AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>` +
  `<AllowedHeader>*</AllowedHeader>${exposeEtag ? '<ExposeHeader>ETag</ExposeHeader>' : ''}` +
  `<MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export interface TestS3 {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  dir: string;
  client: S3Client;
  /** Every request s3rver received: method, path and the query's partNumber/uploadId. */
  requests: Array<{ method: string; path: string; partNumber?: number; uploadId?: string }>;
  backend(bucket?: string): S3Backend;
  objectSha256(key: string, bucket?: string): Promise<string>;
  objectExists(key: string, bucket?: string): Promise<boolean>;
  /** True while s3rver still holds the multipart upload's folder. */
  uploadExists(uploadId: string, bucket?: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startS3rver(options: { urlTtlSeconds?: number } = {}): Promise<TestS3> {
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [
      { name: BUCKET, configs: [cors(true)] },
      { name: BUCKET_NO_ETAG, configs: [cors(false)] },
    ],
  });
  const address = await s3rver.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const httpServer = s3rver.httpServer;
  const requests: TestS3['requests'] = [];
  httpServer.prependListener('request', (req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', endpoint);
    const partNumber = url.searchParams.get('partNumber');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      partNumber: partNumber ? Number(partNumber) : undefined,
      uploadId: url.searchParams.get('uploadId') ?? undefined,
    });
  });

  const client = new S3Client(
    localS3Config(endpoint, { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
  );

  /** s3rver's folder for a multipart upload's parts (its FilesystemStore layout). */
  const uploadDir = (bucket: string, uploadId: string) =>
    join(dir, bucket, '._S3rver_uploads', uploadId);

  const is405 = (error: unknown) =>
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 405;

  const backend = (bucket = BUCKET): S3Backend => {
    const sdk = sdkS3Backend(client, endpoint, bucket, options);
    return {
      ...sdk,
      async listParts(args) {
        try {
          return await sdk.listParts(args);
        } catch (error) {
          if (!is405(error)) throw error;
        }
        // s3rver stand-in: its part files are named by number, with a .md5 beside each.
        const folder = uploadDir(bucket, args.uploadId);
        const names = await readdir(folder).catch(() => null);
        if (!names) return null;
        const parts: S3Part[] = [];
        for (const name of names.filter((n) => /^\d+$/.test(n))) {
          const md5 = await readFile(join(folder, `${name}.md5`), 'utf8').catch(() => null);
          if (md5 === null) continue; // still being written
          const { size } = await stat(join(folder, name));
          parts.push({ PartNumber: Number(name), ETag: `"${md5.trim()}"`, Size: size });
        }
        return parts.sort((a, b) => a.PartNumber - b.PartNumber);
      },
      async abortMultipartUpload(args) {
        try {
          return await sdk.abortMultipartUpload(args);
        } catch (error) {
          if (!is405(error)) throw error;
        }
        await rm(uploadDir(bucket, args.uploadId), { recursive: true, force: true });
      },
    };
  };

  return {
    endpoint,
    dir,
    client,
    requests,
    backend,
    objectSha256: (key, bucket = BUCKET) => objectSha256(client, bucket, key),
    async objectExists(key, bucket = BUCKET) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch {
        return false;
      }
    },
    async uploadExists(uploadId, bucket = BUCKET) {
      return stat(uploadDir(bucket, uploadId)).then(
        () => true,
        () => false,
      );
    },
    async close() {
      client.destroy();
      httpServer.closeAllConnections();
      await s3rver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The part's checksum a Companion-style sign call names (`&checksumAlgorithm=&checksum=`). */
function partChecksum(url: URL): Parameters<S3Backend['signPart']>[0]['checksum'] {
  const algorithm = url.searchParams.get('checksumAlgorithm');
  const value = url.searchParams.get('checksum');
  if (!value || (algorithm !== 'MD5' && algorithm !== 'CRC32C' && algorithm !== 'SHA256')) {
    return undefined;
  }
  const header = algorithm === 'MD5' ? 'Content-MD5' : `x-amz-checksum-${algorithm.toLowerCase()}`;
  return { header, algorithm, value };
}

/**
 * The same backend over HTTP in Uppy Companion's shape (the adapter's
 * `urls.s3 = '<base URL>'` mode), on 127.0.0.1 with CORS for the test page.
 */
export async function startS3BackendServer(
  backend: S3Backend,
  options: { bearerToken?: string } = {},
): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? null));
  };
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      });
      return res.end();
    }
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${url.pathname}`);
    if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
      return json(res, 401, { message: 'Missing or wrong bearer token' });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const key = url.searchParams.get('key') ?? '';
    const path = url.pathname
      .replace(/^\/s3\/multipart\/?/, '')
      .split('/')
      .filter(Boolean);
    const uploadId = decodeURIComponent(path[0] ?? '');
    if (req.method === 'POST' && path.length === 0) {
      return json(
        res,
        200,
        await backend.createMultipartUpload({
          fileName: body.filename,
          fileSize: body.size,
          fileType: body.type,
          checksumAlgorithm: body.checksumAlgorithm,
        }),
      );
    }
    if (req.method === 'GET' && path.length === 2) {
      const partNumber = Number(path[1]);
      return json(
        res,
        200,
        await backend.signPart({ uploadId, key, partNumber, checksum: partChecksum(url) }),
      );
    }
    if (req.method === 'GET' && path.length === 1) {
      const parts = await backend.listParts({ uploadId, key });
      return parts ? json(res, 200, parts) : json(res, 404, { message: 'NoSuchUpload' });
    }
    if (req.method === 'POST' && path[1] === 'complete') {
      return json(
        res,
        200,
        await backend.completeMultipartUpload({ uploadId, key, parts: body.parts }),
      );
    }
    if (req.method === 'DELETE' && path.length === 1) {
      await backend.abortMultipartUpload({ uploadId, key });
      return json(res, 200, {});
    }
    json(res, 404, { message: 'Unknown call' });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/s3/multipart`,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
