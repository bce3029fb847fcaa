import {
  BackgroundRefusal,
  MiB,
  type FileInfo,
  type ProtocolAdapter,
  type ServerState,
} from '../core/adapter.js';
import { remainderOffset } from '../core/background-plan.js';
import { checkedChunkSize, type ChunkBounds, type ChunkSizeRule } from '../core/chunk-sizer.js';
import { folderOf } from '../core/relative-path.js';
import { ProtocolError, SessionGoneError } from '../core/errors.js';
import { absoluteUrl, parseJson, serverMessage, statusError } from '../core/http.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { checkFinishedSize, isObject } from '../core/verify.js';

/**
 * ONLYOFFICE DocSpace chunked upload (docs/protocols/chunked-session.md).
 * Sequential by nature: a chunk carries no offset, the server appends it to
 * what it holds, so chunks go strictly in order and never twice.
 */
export interface ChunkedSessionHandle {
  /** The server's session id, kept for messages and debugging. */
  id: string;
  /** Absolute URL every chunk and the status query go to. */
  location: string;
}

/** The vendor rejects intermediate chunks whose length is not a multiple of this. */
export const CHUNK_QUANTUM = 512;
/** One DocSpace guide asks for >= 10 MB, another for <= 10 MB: exactly 10 MiB meets both. */
export const DEFAULT_CHUNK_SIZE = 10 * MiB;
/**
 * Where the loop may grow chunks on a long round trip, when the page does not pin
 * chunk-size: from the 10 MiB default up, in multiples of 512 bytes. DocSpace drops a
 * chunk that breaks, so chunks stay bounded in size (and in time, by the loop).
 */
export const CHUNK_BOUNDS: ChunkBounds = {
  min: DEFAULT_CHUNK_SIZE,
  max: 256 * MiB,
  quantum: CHUNK_QUANTUM,
};
/**
 * The largest remainder handed to Background Fetch as the one last chunk. The protocol
 * lets the last chunk be any size, but a chunk is one request body: the reference server
 * (and common proxies) refuse bodies over 256 MiB. Chunks must arrive in order and never
 * twice, so the remainder is never split across several requests of one fetch: a request
 * that failed while the next arrived would be appended in the wrong place.
 */
export const MAX_BACKGROUND_CHUNK = 256 * MiB;
/** Fields of the create call the page may add through the element's `metadata`. */
const OPTIONAL_CREATE_FIELDS = [
  'relativePath',
  'createOn',
  'encrypted',
  'createNewIfExist',
] as const;

/** The session info the server answers creation, every chunk and the status query with. */
interface SessionInfo {
  id?: unknown;
  location?: unknown;
  bytes_uploaded?: unknown;
  bytes_total?: unknown;
  expired?: unknown;
}

export const chunkedSession: ProtocolAdapter<ChunkedSessionHandle> = {
  protocol: 'chunked-session',
  mode: 'sequential',

  chunkSize: (_file, options) => checkedChunkSize(options.chunkSize, CHUNK_SIZE_RULE),

  chunkBounds: () => CHUNK_BOUNDS,

  async create(ctx, file) {
    const body: Record<string, unknown> = { fileName: file.name, fileSize: file.size };
    for (const field of OPTIONAL_CREATE_FIELDS) {
      const value = ctx.options.metadata?.[field];
      if (value !== undefined && value !== null) body[field] = value;
    }
    // DocSpace makes (or finds) these folders under the target folder and puts the file
    // in the last: the folders only, as its own web client sends them, never the name.
    // A page-wide `metadata.relativePath` is the folder they go under.
    const folders = folderOf(file.relativePath);
    if (folders) {
      const base =
        typeof body.relativePath === 'string' ? body.relativePath.replace(/\/+$/, '') : '';
      body.relativePath = base ? `${base}/${folders}` : folders;
    }
    const url = absoluteUrl(ctx.endpoint).href;
    const request: HttpRequest = {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    if (response.status !== 200 && response.status !== 201) {
      throw statusError(request, response, 'Creating the upload session');
    }
    const info = unwrap(response, 'Creating the upload session');
    if (typeof info.location !== 'string' || !info.location) {
      throw new ProtocolError(
        'The server created no upload session: its answer had no "location" to send the chunks to.',
        response.status,
      );
    }
    const uploaded =
      info.bytes_uploaded === undefined ? 0 : bytesOf(info.bytes_uploaded, file.size);
    return {
      handle: {
        id: typeof info.id === 'string' || typeof info.id === 'number' ? String(info.id) : '',
        location: new URL(info.location, url).href,
      },
      expiresAt: parseVendorDate(info.expired),
      state: { kind: 'offset', offset: uploaded },
    };
  },

  async status(ctx, handle, file) {
    const request: HttpRequest = {
      method: 'GET',
      url: handle.location,
      headers: { Accept: 'application/json' },
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    const what = 'Asking the server how much of the upload it holds';
    if (response.status === 201) return { kind: 'complete', result: resultOf(response, file) };
    if (response.status === 405 || response.status === 501) {
      // Guessing here could append a chunk twice, which corrupts the file silently.
      throw new SessionGoneError(
        `The server cannot say how much of the upload it holds (it answered ${response.status} to GET on the session location), so this session cannot be resumed safely.`,
        response.status,
      );
    }
    if (response.status === 404 || response.status === 410) {
      const detail = serverMessage(response.body);
      throw new SessionGoneError(
        detail
          ? `The server no longer knows this upload session (it answered ${response.status}: ${detail}).`
          : `The server answered ${response.status} to the upload-status query (GET on the session location): either the session has expired or this server has no status query. A chunk sent twice would corrupt the file, so this session is not reused.`,
        response.status,
      );
    }
    if (response.status !== 200) throw statusError(request, response, what);
    // DocSpace itself has no status query: its chunk handler answers a GET with
    // 200 and success=false ("HttpRequest.Files is empty"), and an expired session the same way.
    const info = unwrap(
      response,
      what,
      (detail) =>
        new SessionGoneError(
          `The server would not report how much of the upload it holds${detail ? ` (it said: "${detail}")` : ''}: either it has no status query at the session location or the session has expired. A chunk sent twice would corrupt the file, so this session is not reused.`,
          response.status,
        ),
    );
    const uploaded = bytesOf(info.bytes_uploaded, file.size);
    // A vendor that keeps the finished session may report it as full instead of answering 201.
    if (file.size > 0 && uploaded >= file.size) return { kind: 'complete', result: info };
    return { kind: 'offset', offset: uploaded } satisfies ServerState;
  },

  async sendChunk(ctx, handle, chunk, file) {
    const form = new FormData();
    // A named part: the vendor reads the chunk as an uploaded file, not a text field.
    form.append('file', chunk.blob, file.name);
    const request: HttpRequest = {
      method: 'POST',
      url: handle.location,
      // No Content-Type: the browser writes it with the multipart boundary.
      headers: { Accept: 'application/json' },
      body: form,
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    if (response.status === 201) return { kind: 'complete', result: resultOf(response, file) };
    if (response.status === 404 || response.status === 410) {
      const detail = serverMessage(response.body);
      throw new SessionGoneError(
        `The server no longer knows this upload session (it answered ${response.status} to a chunk${detail ? `: ${detail}` : ''}); it has probably expired.`,
        response.status,
      );
    }
    if (response.status !== 200) throw statusError(request, response, 'Sending a chunk');
    const info = unwrap(response, 'Sending a chunk', (detail) =>
      // DocSpace reports every failure as 200 + success=false with only a text, no code;
      // its expired-session text names the session, and only that case may start over.
      detail && /session|expired/i.test(detail)
        ? new SessionGoneError(
            `The server no longer accepts chunks for this upload session (it said: "${detail}").`,
            response.status,
          )
        : new ProtocolError(
            `Sending a chunk failed: the server refused it${detail ? ` ("${detail}")` : ''}.`,
            response.status,
          ),
    );
    // A 200 to a whole multipart chunk means the chunk is stored; an answer
    // without the count (older servers) is read that way.
    const uploaded =
      info.bytes_uploaded === undefined ? chunk.end : bytesOf(info.bytes_uploaded, file.size);
    return { kind: 'offset', offset: uploaded };
  },

  // The remainder as the session's last chunk: one form POST, its body built here as a
  // Blob (what a browser writes for a FormData), since a fetch kept by the browser after
  // the page is gone takes a Blob body.
  async remainderRequests(_ctx, handle, { file, info, state }) {
    const offset = remainderOffset(state, info);
    if (info.size - offset > MAX_BACKGROUND_CHUNK) {
      throw new BackgroundRefusal(
        'remainder-too-large',
        `${info.size - offset} bytes are left, more than the ${MAX_BACKGROUND_CHUNK} one last chunk may hold; it is asked again once that much is left.`,
        MAX_BACKGROUND_CHUNK,
      );
    }
    const boundary = `----resumable-upload-${crypto.randomUUID()}`;
    const name = info.name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const body = new Blob([
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
      file.slice(offset, info.size),
      `\r\n--${boundary}--\r\n`,
    ]);
    return {
      bytesHeld: offset,
      requests: [
        {
          url: handle.location,
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
          },
          body,
          start: offset,
          end: info.size,
        },
      ],
    };
  },
};

const CHUNK_SIZE_RULE: ChunkSizeRule = {
  protocol: 'chunked-session',
  fallback: DEFAULT_CHUNK_SIZE,
  multipleOf: CHUNK_QUANTUM,
  must: 'every chunk but the last must be a positive multiple of 512 bytes (the default is 10485760, 10 MiB).',
};

/**
 * The session info from any of the shapes servers use: `{success, data}`,
 * the same wrapped in `{response: …}`, or the bare info.
 */
function unwrap(
  response: HttpResponse,
  what: string,
  refused: (detail: string | undefined) => Error = (detail) =>
    new ProtocolError(
      `${what} failed: the server answered success=false${detail ? ` ("${detail}")` : ''}.`,
      response.status,
    ),
): SessionInfo {
  let value: unknown = parseJson<unknown>(response, what);
  if (isObject(value) && isObject(value.response)) value = value.response;
  if (!isObject(value)) {
    throw new ProtocolError(`${what}: the server's answer was not a JSON object.`, response.status);
  }
  if (value.success === false) throw refused(serverMessage(JSON.stringify(value)) || undefined);
  if (isObject(value.data)) return value.data as SessionInfo;
  return value as SessionInfo;
}

/**
 * The file info of a 201: unwrapped like the session info, kept as text when it is no
 * JSON. A `bytes_uploaded` in it must be the whole file.
 */
function resultOf(response: HttpResponse, file: FileInfo): unknown {
  if (!response.body.trim()) return null;
  try {
    JSON.parse(response.body);
  } catch {
    return response.body;
  }
  const info = unwrap(response, 'Finishing the upload');
  checkFinishedSize(info.bytes_uploaded, 'bytes_uploaded', file.size, response.status);
  return info;
}

function bytesOf(value: unknown, total: number): number {
  const bytes = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > total) {
    throw new ProtocolError(
      `The server reported bytes_uploaded=${JSON.stringify(value)}, which is not a byte count within this ${total}-byte file.`,
    );
  }
  return bytes;
}

/**
 * `expired` as epoch ms. DocSpace writes .NET dates with seven fractional
 * digits ("2024-05-10T10:00:00.0000000+03:00"), which `Date.parse` may not
 * read; trim them to milliseconds first. Unknown shapes give no expiry.
 */
export function parseVendorDate(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || !value) return undefined;
  const normalised = value.trim().replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}
