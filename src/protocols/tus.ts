import {
  KiB,
  MiB,
  type AdapterContext,
  type FileInfo,
  type ProtocolAdapter,
  type ProtocolOptions,
  type ServerState,
  type SessionStart,
} from '../core/adapter.js';
import { remainderOffset } from '../core/background-plan.js';
import { checkedChunkSize, type ChunkBounds } from '../core/chunk-sizer.js';
import {
  ConfigError,
  IncompleteError,
  ProtocolError,
  SessionGoneError,
  UploadError,
} from '../core/errors.js';
import { absoluteUrl, parseRetryAfter, statusError } from '../core/http.js';
import { missingHeaderError } from '../core/origins.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { checkChunkAnswer, uploadChecksumHeaders } from './tus-checksum.js';

/**
 * tus 1.0 (docs/protocols/tus.md, https://tus.io/protocols/resumable-upload):
 * core protocol plus the creation, creation-with-upload and termination extensions.
 * Sequential: one request in flight, and the server's `Upload-Offset` is the truth.
 */
export interface TusHandle {
  /** The upload URL the server gave in `Location`, made absolute. */
  url: string;
}

/** What a finished tus upload resolves with. */
export interface TusResult {
  url: string;
  /** The final PATCH's body, when a server hook sent one (tus itself sends none). */
  response?: unknown;
}

export const TUS_VERSION = '1.0.0';
/**
 * tus itself has no size rule. The size a PATCH starts from after a failure when the
 * page pins nothing (see CHUNK_BOUNDS), and the `chunk-size` a page may pin.
 */
export const DEFAULT_CHUNK_SIZE = 8 * MiB;
/**
 * Where adaptation may go. A tus server keeps what a broken PATCH brought, so the loop
 * sends the rest of the file (up to `max`) in one PATCH, and smaller ones after a
 * failure. 200 MiB in multiples of 256 KiB from 5 MiB is what Cloudflare Stream takes;
 * a server behind a proxy with a smaller body limit needs `chunk-size`.
 */
export const CHUNK_BOUNDS: ChunkBounds = {
  min: 5 * MiB,
  max: 200 * MiB,
  quantum: 256 * KiB,
  keepsPartial: true,
};

const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

export const tus: ProtocolAdapter<TusHandle> = {
  protocol: 'tus',
  mode: 'sequential',
  checksums: 'chunk',

  chunkSize(file, options) {
    const size = checkedChunkSize(options.chunkSize, {
      protocol: 'tus',
      fallback: DEFAULT_CHUNK_SIZE,
      must: 'it must be a whole number of bytes above 0.',
    });
    // Checked here so a bad key fails before the first request, not at creation.
    uploadMetadata(file, options);
    return size;
  },

  chunkBounds: () => CHUNK_BOUNDS,

  create: (ctx, file) => createUpload(ctx, file),

  // creation-with-upload: the POST carries the whole file (create-session.ts says when).
  // Tried unless this endpoint was seen (in this worker) to refuse or ignore a body at
  // creation, or to leave the extension out of its `Tus-Extension`: asking OPTIONS first
  // would cost the round trip this saves. A refusal (any non-2xx) falls back to the plain
  // POST, which gives the error its own words.
  async createWithChunk(ctx, file, chunk) {
    const endpoint = absoluteUrl(ctx.endpoint).href;
    if (creationWithUpload.get(endpoint) === false) return undefined;
    const response = await ctx.http.send(
      creationRequest(ctx, file, {
        headers: { 'Content-Type': OFFSET_CONTENT_TYPE },
        body: chunk.blob,
      }),
    );
    if (response.status !== 201 && response.status !== 200) {
      creationWithUpload.set(endpoint, false);
      return undefined;
    }
    // No Upload-Offset: the server ignored the body (it does not know the extension);
    // the loop sends from 0, and a server that kept bytes after all says so with a 409.
    const stored = response.header('Upload-Offset') !== null;
    const advertised = response.header('Tus-Extension');
    const without = advertised !== null && !advertised.includes('creation-with-upload');
    creationWithUpload.set(endpoint, stored && !without);
    const offset = stored ? readOffset(response, 'POST', endpoint) : 0;
    if (offset > chunk.end) {
      throw new ProtocolError(
        `The tus server says it stored ${offset} bytes of a ${chunk.end}-byte creation request.`,
      );
    }
    return created(ctx, file, response, offset);
  },

  status: (ctx, handle, file) => headStatus(ctx, handle, file),

  async sendChunk(ctx, handle, chunk, file) {
    // The loop's one empty request for an empty file: there is nothing to PATCH, so ask.
    if (chunk.end === chunk.start) return headStatus(ctx, handle, file);
    const request: HttpRequest = {
      method: 'PATCH',
      url: handle.url,
      headers: {
        'Tus-Resumable': TUS_VERSION,
        'Upload-Offset': String(chunk.start),
        'Content-Type': OFFSET_CONTENT_TYPE,
        ...(await uploadChecksumHeaders(ctx, chunk, TUS_VERSION)),
      },
      body: chunk.blob,
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    checkChunkAnswer(response, chunk);
    if (response.status === 413) {
      throw new UploadError(
        'http',
        `The server (or a proxy in front of it) refused a ${chunk.end - chunk.start}-byte chunk as too large. Set a smaller chunk-size.`,
        { status: 413 },
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw tusError(request, response, 'Sending a chunk');
    }
    const offset = readOffset(response, 'PATCH', handle.url);
    if (reachedLength(response, offset, file)) {
      return { kind: 'complete', result: finished(handle, response) };
    }
    return { kind: 'offset', offset };
  },

  // One PATCH from the server's offset to the end; a server that keeps what a cut PATCH
  // delivered (the tus core protocol lets it) leaves the page a later offset on failure.
  async remainderRequests(_ctx, handle, { file, info, state }) {
    const offset = remainderOffset(state, info);
    return {
      bytesHeld: offset,
      requests: [
        {
          url: handle.url,
          method: 'PATCH',
          headers: {
            'Tus-Resumable': TUS_VERSION,
            'Upload-Offset': String(offset),
            'Content-Type': OFFSET_CONTENT_TYPE,
          },
          body: file.slice(offset, info.size),
          start: offset,
          end: info.size,
        },
      ],
    };
  },

  async abort(ctx, handle) {
    // Termination extension. A server may still hold the lock of the PATCH we just
    // cut (423): ask a few times, then let the server's own expiry clean up.
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await ctx.http
        .send({
          method: 'DELETE',
          url: handle.url,
          headers: { 'Tus-Resumable': TUS_VERSION },
          signal: ctx.signal,
        })
        .catch(() => undefined);
      if (!response || response.status !== 423) return;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  },
};

/** Per endpoint: whether its creation POST may carry data (false once it refused or ignored a body). */
const creationWithUpload = new Map<string, boolean>();

function creationRequest(
  ctx: AdapterContext,
  file: FileInfo,
  data?: { headers: Record<string, string>; body: Blob },
): HttpRequest {
  const headers: Record<string, string> = {
    'Tus-Resumable': TUS_VERSION,
    'Upload-Length': String(file.size),
    ...data?.headers,
  };
  const metadata = uploadMetadata(file, ctx.options);
  if (metadata) headers['Upload-Metadata'] = metadata;
  return {
    method: 'POST',
    url: absoluteUrl(ctx.endpoint).href,
    headers,
    body: data?.body ?? null,
    signal: ctx.signal,
  };
}

async function createUpload(ctx: AdapterContext, file: FileInfo) {
  const request = creationRequest(ctx, file);
  const response = await ctx.http.send(request);
  if (response.status === 413) {
    throw new UploadError(
      'file-too-large',
      `The tus server refused "${file.name}" (${file.size} bytes): it is larger than the server accepts.`,
      { status: 413 },
    );
  }
  if (response.status !== 201 && response.status !== 200) {
    throw tusError(request, response, 'Creating the tus upload');
  }
  return created(ctx, file, response, 0);
}

/** The session a creation answer made, holding `offset` bytes. */
function created(
  ctx: AdapterContext,
  file: FileInfo,
  response: HttpResponse,
  offset: number,
): SessionStart<TusHandle> {
  const endpoint = absoluteUrl(ctx.endpoint);
  const location = response.header('Location');
  if (!location) {
    // Cross-origin, a hidden Location is what a CORS rule without it looks like: `blocked`.
    throw missingHeaderError(
      endpoint.href,
      'The tus server created an upload but its answer had no Location header the page can read ' +
        '(a cross-origin server must list Location in Access-Control-Expose-Headers).',
      response.status,
    );
  }
  const url = new URL(location, endpoint).href;
  const expires = Date.parse(response.header('Upload-Expires') ?? '');
  return {
    handle: { url },
    expiresAt: Number.isNaN(expires) ? undefined : expires,
    // An empty file is finished the moment it exists: Upload-Length 0 needs no PATCH.
    state:
      offset === file.size
        ? { kind: 'complete', result: finished({ url }, response) }
        : { kind: 'offset', offset },
  };
}

async function headStatus(
  ctx: AdapterContext,
  handle: TusHandle,
  file: FileInfo,
): Promise<Extract<ServerState, { kind: 'offset' | 'complete' }>> {
  const request: HttpRequest = {
    method: 'HEAD',
    url: handle.url,
    headers: { 'Tus-Resumable': TUS_VERSION },
    signal: ctx.signal,
  };
  const response = await ctx.http.send(request);
  if (response.status < 200 || response.status >= 300) {
    throw tusError(request, response, 'Asking the tus server for the upload offset');
  }
  const length = response.header('Upload-Length');
  if (length !== null && Number(length) !== file.size) {
    // The stored URL points at some other upload: do not append this file to it.
    throw new SessionGoneError(
      `The tus upload at this URL is ${length} bytes long, not the ${file.size} bytes of "${file.name}".`,
    );
  }
  const offset = readOffset(response, 'HEAD', handle.url);
  if (reachedLength(response, offset, file)) {
    return { kind: 'complete', result: finished(handle, response) };
  }
  return { kind: 'offset', offset };
}

/**
 * Done when the server's `Upload-Offset` is the file's size and equals its `Upload-Length`
 * (when the answer carries one): a server that holds every byte of the file but expects
 * more will never finish the upload.
 */
function reachedLength(response: HttpResponse, offset: number, file: FileInfo): boolean {
  if (offset !== file.size) return false;
  const length = response.header('Upload-Length');
  if (length !== null && Number(length) !== offset) {
    throw new IncompleteError(
      `The tus server holds ${offset} bytes, all of "${file.name}", but says the upload is ${length} bytes long, so it is not finished.`,
      response.status,
    );
  }
  return true;
}

/** The statuses tus gives a meaning of its own; the rest follow the common rules. */
function tusError(request: HttpRequest, response: HttpResponse, what: string): UploadError {
  const { status } = response;
  if ((status === 404 || status === 410) && request.method !== 'POST') {
    return new SessionGoneError('The tus server no longer knows this upload.', status);
  }
  if (status === 409) {
    // Our offset is not the server's (a PATCH that half-arrived, another tab).
    // Retry at once; being uncertain makes the loop HEAD first and resend from the
    // server's offset. A conflict that keeps coming back runs out of retries.
    return new UploadError(
      'offset-conflict',
      `${what} failed: the server holds a different number of bytes than we sent from (409). Asking it and resending from its offset.`,
      { status, retryable: true, uncertain: true, retryAfterMs: 0 },
    );
  }
  if (status === 423) {
    // Another request (often our own PATCH that was cut) still holds the upload.
    // When the lock goes the offset may have moved, hence uncertain.
    return new UploadError(
      'locked',
      `${what} failed: the server is still busy with an earlier request for this upload (423). Trying again.`,
      {
        status,
        retryable: true,
        uncertain: true,
        retryAfterMs: parseRetryAfter(response.header('Retry-After')),
      },
    );
  }
  if (status === 412) {
    const versions = response.header('Tus-Version');
    return new UploadError(
      'protocol',
      `The server does not speak tus ${TUS_VERSION}${versions ? ` (it supports ${versions})` : ''}.`,
      { status },
    );
  }
  return statusError(request, response, what);
}

function readOffset(response: HttpResponse, method: string, url: string): number {
  const header = response.header('Upload-Offset');
  if (header === null) {
    throw missingHeaderError(
      url,
      `The tus server answered ${method} without an Upload-Offset header the page can read ` +
        '(a cross-origin server must list Upload-Offset in Access-Control-Expose-Headers).',
      response.status,
    );
  }
  const offset = Number(header);
  if (!/^\d+$/.test(header.trim()) || !Number.isSafeInteger(offset)) {
    throw new ProtocolError(`The tus server sent an Upload-Offset we cannot read: "${header}".`);
  }
  return offset;
}

function finished(handle: TusHandle, response: HttpResponse): TusResult {
  if (!response.body.trim()) return { url: handle.url };
  try {
    return { url: handle.url, response: JSON.parse(response.body) };
  } catch {
    return { url: handle.url, response: response.body };
  }
}

/** A tus key: printable ASCII without space or comma (it ends up in an HTTP header). */
const METADATA_KEY = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * The `Upload-Metadata` header: `filename`, `filetype` and `relativePath` from the file, then
 * every string entry of the page's `metadata` (which wins over the file's on
 * the same key). Values are base64 of their UTF-8 bytes; an empty value is
 * sent as the bare key, as the spec allows. Undefined when there is nothing.
 */
export function uploadMetadata(file: FileInfo, options: ProtocolOptions): string | undefined {
  const entries = new Map<string, string>();
  entries.set('filename', file.name);
  if (file.type) entries.set('filetype', file.type);
  // Uppy's key for a file that came in a folder (`shoot/raw/a.jpg`).
  if (file.relativePath) entries.set('relativePath', file.relativePath);
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (typeof value !== 'string') continue;
    if (!METADATA_KEY.test(key)) {
      throw new ConfigError(
        `The metadata key "${key}" cannot be sent to a tus server: keys must be non-empty ASCII without spaces or commas.`,
      );
    }
    entries.set(key, value);
  }
  const pairs = [...entries].map(([key, value]) => (value ? `${key} ${base64Utf8(value)}` : key));
  return pairs.length ? pairs.join(',') : undefined;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices, so a long value does not overflow the argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
