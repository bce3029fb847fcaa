import {
  KiB,
  MiB,
  type AdapterContext,
  type FileInfo,
  type ProtocolAdapter,
  type ServerState,
  type SessionStart,
} from '../core/adapter.js';
import { remainderOffset } from '../core/background-plan.js';
import { checkedChunkSize, type ChunkSizeRule } from '../core/chunk-sizer.js';
import { ProtocolError, SessionGoneError } from '../core/errors.js';
import { absoluteUrl, statusError } from '../core/http.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { originOf, pageOrigin } from '../core/origins.js';
import { metadataWithPath, pathField } from '../core/relative-path.js';
import { checkFinishedSize, fieldOf } from '../core/verify.js';
import { checkObjectHash, objectHashHeaders } from './object-hash.js';

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
/**
 * The largest request the loop makes when the page does not pin chunk-size. GCS keeps
 * what a broken request brought, so the rest of a file up to this size goes in one
 * request (a chunk boundary would only cost a round trip); a larger file in requests of
 * this size, each a small part of the time it takes.
 */
export const MAX_CHUNK_SIZE = 1024 * MiB;
/** Sessions live 24 h on the server (Redivis). */
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The page function that creates a session in the page's own backend, when the element's
 * `backend` has it: `createSession({name, size, type, lastModified, metadata, relativePath?})`
 * → the session URL, as `{url}` or a string. A file that came in a folder has its path in
 * `relativePath` and in `metadata.relativePath`: the backend names the object.
 */
export const CREATE_SESSION_HOOK = 'createSession';

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
    checksums: 'file',
    forUpload: contentRangeAdapter,

    chunkSize: (_file, options) => checkedChunkSize(options.chunkSize, CHUNK_SIZE_RULE),

    // The rest of the file in one request, shrunk after failures, when the page does not
    // pin chunk-size: the server keeps what a broken request brought.
    chunkBounds: () => ({
      min: CHUNK_QUANTUM,
      max: MAX_CHUNK_SIZE,
      quantum: CHUNK_QUANTUM,
      keepsPartial: true,
    }),

    create: (ctx, file) =>
      ctx.options.backend?.includes(CREATE_SESSION_HOOK)
        ? createByPage(ctx, file)
        : createByPost(ctx, file),

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
        headers: { 'Content-Range': range, ...objectHashHeaders(chunk) },
        body: chunk.end > chunk.start ? chunk.blob : null,
        signal: ctx.signal,
      };
      const response = await ctx.http.send(request);
      if (response.status === 308) answers308 = true;
      if (response.status === 400) checkObjectHash(chunk, response, undefined);
      const state = interpret(request, response, file.size, 'Sending a chunk');
      if (state.kind === 'complete') checkObjectHash(chunk, response, state.result);
      // Redivis answers intermediate chunks with a 200: the chunk is stored whole. On a
      // session that speaks 308 the same answer claims a finish the loop refuses.
      if (state.kind === 'complete' && chunk.end < file.size && !answers308) {
        return { kind: 'offset', offset: chunk.end };
      }
      return state;
    },

    // One PUT of everything the server lacks: GCS keeps what a cut request delivered,
    // so a fetch that breaks off leaves the page a later offset to go on from.
    async remainderRequests(_ctx, handle, { file, info, state }) {
      const offset = remainderOffset(state, info);
      const end = info.size;
      return {
        bytesHeld: offset,
        requests: [
          {
            url: handle.url,
            method: 'PUT',
            headers: { 'Content-Range': `bytes ${offset}-${end - 1}/${end}` },
            body: file.slice(offset, end),
            start: offset,
            end,
          },
        ],
      };
    },

    async abort(ctx, handle) {
      // GCS cancels a session with DELETE; a server without it lets the session expire.
      await ctx.http
        .send({ method: 'DELETE', url: handle.url, signal: ctx.signal })
        .catch(() => {});
    },
  };
}

/** `POST {endpoint}?size=N`: GCS gives a Location header, Redivis a JSON body with `url`. */
async function createByPost(
  ctx: AdapterContext,
  file: FileInfo,
): Promise<SessionStart<ContentRangeHandle>> {
  const url = absoluteUrl(ctx.endpoint);
  url.searchParams.set('size', String(file.size));
  const request: HttpRequest = { method: 'POST', url: url.href, signal: ctx.signal, body: null };
  const response = await ctx.http.send(request);
  if (response.status !== 200 && response.status !== 201) {
    throw statusError(request, response, 'Creating the upload session');
  }
  const sessionUrl = response.header('Location') || jsonUrl(response.body);
  if (!sessionUrl) throw noSessionUrl(request, response);
  return started(new URL(sessionUrl, url));
}

/** The page's `backend.createSession()` made the session in its own backend. */
async function createByPage(
  ctx: AdapterContext,
  file: FileInfo,
): Promise<SessionStart<ContentRangeHandle>> {
  const answer = await ctx.callPage(CREATE_SESSION_HOOK, {
    name: file.name,
    size: file.size,
    type: file.type,
    lastModified: file.lastModified,
    metadata: metadataWithPath(ctx.options.metadata, file),
    ...pathField(file),
  });
  const given = typeof answer === 'string' ? answer : fieldOf(answer, 'url');
  const url = typeof given === 'string' && given ? urlOrNull(given, ctx.endpoint) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ProtocolError(
      `backend.${CREATE_SESSION_HOOK}() gave no session URL: it must return { url } or the URL as a string (an http or https URL; it gave ${JSON.stringify(given ?? answer ?? null)}).`,
    );
  }
  return started(url);
}

/** A relative URL from the page is read against the endpoint. */
function urlOrNull(url: string, endpoint: string): URL | null {
  try {
    return new URL(url, absoluteUrl(endpoint));
  } catch {
    return null;
  }
}

function started(sessionUrl: URL): SessionStart<ContentRangeHandle> {
  return {
    handle: { url: sessionUrl.href },
    expiresAt: Date.now() + SESSION_TTL_MS,
    state: { kind: 'offset', offset: 0 },
  };
}

/** Redivis's `{"url": …}`; undefined for any other answer, JSON or not. */
function jsonUrl(body: string): string | undefined {
  const url = fieldOf(jsonOf(body), 'url');
  return typeof url === 'string' && url ? url : undefined;
}

/** The body as JSON; undefined when it is empty or no JSON. */
function jsonOf(body: string): unknown {
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function noSessionUrl(request: HttpRequest, response: HttpResponse): ProtocolError {
  const here = pageOrigin();
  if (here !== undefined && originOf(request.url) !== here) {
    const notJson = response.body.trim() !== '' && jsonOf(response.body) === undefined;
    const body = notJson ? ' (its body is not JSON)' : '';
    return new ProtocolError(
      `Creating the upload session: the server answered ${response.status} without a session URL the page can read. ` +
        `Its answer has no JSON "url"${body}, and its Location header, if it sent one, may be hidden by CORS: ` +
        'a server on another origin must send `Access-Control-Expose-Headers: Location`.',
      response.status,
    );
  }
  return new ProtocolError(
    `The server created no upload session: its ${response.status} answer had neither a Location header nor a JSON "url".`,
    response.status,
  );
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
