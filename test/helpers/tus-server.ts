import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkOptions } from '../../server/link.js';
import { startTusServer, type RunningTusServer } from '../../server/tus.js';

/**
 * The real @tus/server with its FileStore on 127.0.0.1, for end-to-end tests
 * and the benchmark (Node side only). Adds what a test needs to prove things:
 * a request log, a way to slow PATCHes down so a reload lands mid-upload, and
 * read-back of what the server stored.
 */
export interface LoggedTusRequest {
  method: string;
  path: string;
  /** The request's `Upload-Offset` (PATCH), when it had one. */
  offset?: number;
  /** `performance.now()` when the request arrived and when its answer was sent. */
  startedAt: number;
  finishedAt?: number;
  /** When the exchange ended: answered, or the client went away (a reload). */
  endedAt?: number;
}

export interface StoredTusUpload {
  id: string;
  /** What the server says it holds (its `Upload-Offset`). */
  offset: number;
  size?: number;
  metadata: Record<string, string | null>;
}

export interface TestTusServer {
  /** Creation endpoint, e.g. `http://127.0.0.1:PORT/files/`. */
  url: string;
  dir: string;
  server: RunningTusServer;
  requests: LoggedTusRequest[];
  /**
   * Body bytes each upload's PATCHes brought to the store, kept or not (a PATCH
   * cut short counts what arrived), by upload id: a range sent twice shows here.
   */
  received: Map<string, number>;
  /** Hold every PATCH this long before tus handles it (0 = off). Change at any time. */
  patchDelayMs: number;
  /** Put new upload URLs on this base (another origin) instead of the server's own. */
  uploadBase?: string;
  /** The upload id in an upload URL (or the id itself). */
  idOf(uploadUrlOrId: string): string;
  /** The server's own record, or undefined when it no longer has the upload. */
  upload(uploadUrlOrId: string): Promise<StoredTusUpload | undefined>;
  /**
   * The record once its offset has not moved for `quietMs`: a PATCH cut by a
   * reload may still be written after the page is gone.
   */
  settledUpload(uploadUrlOrId: string, quietMs?: number): Promise<StoredTusUpload | undefined>;
  bytes(uploadUrlOrId: string): Promise<Buffer>;
  sha256(uploadUrlOrId: string): Promise<string>;
  /** False once the upload is terminated: neither its data nor its record is left. */
  exists(uploadUrlOrId: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startTestTusServer(
  options: {
    allowedOrigins?: string[];
    port?: number;
    keepFiles?: boolean;
    log?: boolean;
    link?: LinkOptions;
  } = {},
): Promise<TestTusServer> {
  const requests: LoggedTusRequest[] = [];
  const state: { patchDelayMs: number; uploadBase?: string } = { patchDelayMs: 0 };
  const server = await startTusServer({
    port: options.port,
    allowedOrigins: options.allowedOrigins,
    link: options.link,
    uploadBase: () => state.uploadBase,
    onRequest: (req, res) => {
      if (options.log === false) return;
      const offset = req.headers['upload-offset'];
      const entry: LoggedTusRequest = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        offset: typeof offset === 'string' ? Number(offset) : undefined,
        startedAt: performance.now(),
      };
      requests.push(entry);
      res.once('finish', () => (entry.finishedAt = performance.now()));
      res.once('close', () => (entry.endedAt = performance.now()));
    },
    onIncomingRequest: async (req) => {
      if (req.method === 'PATCH' && state.patchDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, state.patchDelayMs));
      }
    },
  });
  const dir = server.directory;
  const received = new Map<string, number>();
  const note = (id: string, bytes: number) =>
    received.set(id, (received.get(id) ?? 0) + Math.max(0, bytes));
  const write = server.store.write.bind(server.store);
  server.store.write = async (readable, id, offset) => {
    try {
      const end = await write(readable, id, offset);
      note(id, end - offset);
      return end;
    } catch (error) {
      // What a failed write left on disk past its offset still arrived.
      const size = await stat(join(dir, id)).then(
        (s) => s.size,
        () => offset,
      );
      note(id, size - offset);
      throw error;
    }
  };
  const idOf = (urlOrId: string) => {
    const path = urlOrId.includes('/') ? new URL(urlOrId, server.url).pathname : urlOrId;
    return path.replace(/\/+$/, '').split('/').pop() ?? '';
  };
  const dataPath = (urlOrId: string) => join(dir, idOf(urlOrId));

  const helper: TestTusServer = {
    url: server.url,
    dir,
    server,
    requests,
    received,
    get patchDelayMs() {
      return state.patchDelayMs;
    },
    set patchDelayMs(ms: number) {
      state.patchDelayMs = ms;
    },
    get uploadBase() {
      return state.uploadBase;
    },
    set uploadBase(base: string | undefined) {
      state.uploadBase = base;
    },
    idOf,
    async upload(urlOrId) {
      try {
        const record = await server.store.getUpload(idOf(urlOrId));
        return {
          id: record.id,
          offset: record.offset,
          size: record.size,
          metadata: (record.metadata ?? {}) as Record<string, string | null>,
        };
      } catch {
        return undefined;
      }
    },
    async settledUpload(urlOrId, quietMs = 750) {
      let last = await helper.upload(urlOrId);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        const now = await helper.upload(urlOrId);
        if (now?.offset === last?.offset) return now;
        last = now;
      }
    },
    bytes: (urlOrId) => readFile(dataPath(urlOrId)),
    sha256: (urlOrId) =>
      new Promise((resolve, reject) => {
        const hash = createHash('sha256');
        createReadStream(dataPath(urlOrId))
          .on('data', (data) => hash.update(data))
          .on('end', () => resolve(hash.digest('hex')))
          .on('error', reject);
      }),
    async exists(urlOrId) {
      const data = await stat(dataPath(urlOrId)).then(
        () => true,
        () => false,
      );
      return data || (await helper.upload(urlOrId)) !== undefined;
    },
    async close() {
      await server.close();
      if (!options.keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
  return helper;
}

/** SHA-256 of a file on disk, streamed (for the large files tests upload). */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (data) => hash.update(data))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
