import { KiB, MiB, type ProtocolAdapter, type ServerState } from '../core/adapter.js';
import { checkedChunkSize, type ChunkSizeRule } from '../core/chunk-sizer.js';
import { ProtocolError, SessionGoneError } from '../core/errors.js';
import { absoluteUrl, parseJson, statusError } from '../core/http.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { checkFinishedSize, fieldOf } from '../core/verify.js';

/**
 * GCS-style resumable upload (docs/protocols/content-range.md; GCS, Redivis).
 * Sequential: one chunk in flight, the server's `Range` is the truth.
 */
export interface ContentRangeHandle {
  url: string;
}

/** GCS rejects intermediate chunks that are not a multiple of this. */
export const CHUNK_QUANTUM = 256 * KiB;
export const DEFAULT_CHUNK_SIZE = 8 * MiB;
/** Adaptive growth stops here: bigger chunks gain nothing measurable on loopback. */
export const MAX_CHUNK_SIZE = 128 * MiB;
/** Sessions live 24 h on the server (Redivis). */
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export const contentRange = contentRangeAdapter();

/** The adapter, with the memory of one upload: whether its session answers chunks with 308. */
function contentRangeAdapter(): ProtocolAdapter<ContentRangeHandle> {
  /**
   * GCS answers every chunk before the last with 308; Redivis answers them with 200. Once
   * this session has answered a chunk with 308, a 200 to a chunk that ends before the file
   * does is the server saying "finished" too early, never Redivis's "stored".
   */
  let answers308 = false;
  return {
    protocol: 'content-range',
    mode: 'sequential',
    forUpload: contentRangeAdapter,

    chunkSize: (_file, options) => checkedChunkSize(options.chunkSize, CHUNK_SIZE_RULE),

    // Grown on fast links, shrunk on slow ones, when the page does not pin chunk-size.
    chunkBounds: () => ({ min: CHUNK_QUANTUM, max: MAX_CHUNK_SIZE, quantum: CHUNK_QUANTUM }),

    async create(ctx, file) {
      const url = absoluteUrl(ctx.endpoint);
      url.searchParams.set('size', String(file.size));
      const request: HttpRequest = {
        method: 'POST',
        url: url.href,
        signal: ctx.signal,
        body: null,
      };
      const response = await ctx.http.send(request);
      if (response.status !== 200 && response.status !== 201) {
        throw statusError(request, response, 'Creating the upload session');
      }
      // GCS gives a Location header; Redivis a JSON body with `url`.
      let sessionUrl = response.header('Location');
      if (!sessionUrl && response.body.trim()) {
        sessionUrl = parseJson<{ url?: unknown }>(response, 'Creating the upload session')
          .url as string;
      }
      if (typeof sessionUrl !== 'string' || !sessionUrl) {
        throw new ProtocolError(
          'The server created no upload session: its answer had neither a Location header nor a JSON "url".',
          response.status,
        );
      }
      return {
        handle: { url: new URL(sessionUrl, url).href },
        expiresAt: Date.now() + SESSION_TTL_MS,
        state: { kind: 'offset', offset: 0 },
      };
    },

    async status(ctx, handle, file) {
      const request: HttpRequest = {
        method: 'PUT',
        url: handle.url,
        headers: { 'Content-Range': `bytes */${file.size}` },
        body: null,
        signal: ctx.signal,
      };
      const response = await ctx.http.send(request);
      return interpret(request, response, file.size, 'Asking the server for the upload status');
    },

    async sendChunk(ctx, handle, chunk, file) {
      const range =
        chunk.end > chunk.start
          ? `bytes ${chunk.start}-${chunk.end - 1}/${file.size}`
          : `bytes */${file.size}`;
      const request: HttpRequest = {
        method: 'PUT',
        url: handle.url,
        headers: { 'Content-Range': range },
        body: chunk.end > chunk.start ? chunk.blob : null,
        signal: ctx.signal,
      };
      const response = await ctx.http.send(request);
      if (response.status === 308) answers308 = true;
      const state = interpret(request, response, file.size, 'Sending a chunk');
      // Redivis answers intermediate chunks with a 200: the chunk is stored whole. On a
      // session that speaks 308 the same answer claims a finish the loop refuses.
      if (state.kind === 'complete' && chunk.end < file.size && !answers308) {
        return { kind: 'offset', offset: chunk.end };
      }
      return state;
    },

    async abort(ctx, handle) {
      // GCS cancels a session with DELETE; a server without it lets the session expire.
      await ctx.http
        .send({ method: 'DELETE', url: handle.url, signal: ctx.signal })
        .catch(() => {});
    },
  };
}

const CHUNK_SIZE_RULE: ChunkSizeRule = {
  protocol: 'content-range',
  fallback: DEFAULT_CHUNK_SIZE,
  multipleOf: CHUNK_QUANTUM,
  must: 'it must be a positive multiple of 256 KiB (262144 bytes).',
};

function interpret(
  request: HttpRequest,
  response: HttpResponse,
  total: number,
  what: string,
): Extract<ServerState, { kind: 'offset' | 'complete' }> {
  if (response.status === 308) {
    return { kind: 'offset', offset: parseRange(response.header('Range'), total) };
  }
  if (response.status === 200 || response.status === 201) {
    const result = parseResult(response.body);
    // GCS's object resource names its size (as a string): it must be the whole file.
    checkFinishedSize(fieldOf(result, 'size'), 'size', total, response.status);
    return { kind: 'complete', result };
  }
  if (response.status === 404 || response.status === 410) {
    throw new SessionGoneError('The server no longer knows this upload session.', response.status);
  }
  throw statusError(request, response, what);
}

/** `bytes=0-{n}` means 0..n are stored; no header means nothing is. */
export function parseRange(header: string | null, total: number): number {
  if (!header) return 0;
  const match = /^bytes=0-(\d+)$/.exec(header.trim());
  if (!match)
    throw new ProtocolError(`The server sent a Range header we cannot read: "${header}".`);
  const next = Number(match[1]) + 1;
  if (next > total) {
    throw new ProtocolError(`The server claims ${next} bytes of a ${total}-byte file.`);
  }
  return next;
}

function parseResult(body: string): unknown {
  if (!body.trim()) return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
