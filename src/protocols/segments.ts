import {
  MiB,
  type Chunk,
  type FileInfo,
  type ProtocolAdapter,
  type ServerState,
} from '../core/adapter.js';
import {
  ConfigError,
  IncompleteError,
  ProtocolError,
  RETRYABLE_STATUSES,
  SessionGoneError,
  UploadError,
  type ErrorCode,
} from '../core/errors.js';
import { checkedChunkSize } from '../core/chunk-sizer.js';
import { partCount, plannedPart } from '../core/part-plan.js';
import { absoluteUrl, parseJson, statusError } from '../core/http.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { checkFinishedSize, fieldOf, wholeNumber } from '../core/verify.js';

/**
 * Oracle Commerce Cloud file segments (docs/protocols/segments.md).
 * Start and resume are `PUT`s on the endpoint; each segment is a `POST` of
 * JSON whose `file` is the segment in base64. Segments are independent, so
 * several go at once; the answer to the segment that completes the file
 * carries `result`, and there is no complete call.
 */
export interface SegmentsHandle {
  token: string;
  /** The target filename the session was started with; resume and segments repeat it. */
  filename: string;
  /** Segment count the session was started with. */
  segments: number;
  uploadType?: string;
}

/**
 * 8 MiB raw is about 11 MiB of JSON per request: big enough that per-request
 * overhead stays small, small enough that `concurrency` encoded copies in
 * flight stay well under a worker's memory.
 */
export const DEFAULT_SEGMENT_SIZE = 8 * MiB;
/**
 * A segment travels as one JavaScript string; V8 caps strings at about 2^29
 * characters (≈384 MiB of raw bytes in base64). Stay well clear of it.
 */
export const MAX_SEGMENT_SIZE = 256 * MiB;

type SegmentsOptions = Parameters<ProtocolAdapter['chunkSize']>[1];

export const segments: ProtocolAdapter<SegmentsHandle> = {
  protocol: 'segments',
  mode: 'parallel',
  defaultConcurrency: 3,
  // Each segment in flight holds its base64 JSON (about 11 MiB at the default size).
  maxConcurrency: 8,

  chunkSize(_file, options) {
    const size = checkedChunkSize(options.chunkSize, {
      protocol: 'segments',
      fallback: DEFAULT_SEGMENT_SIZE,
      must: 'it must be a positive whole number of bytes.',
    });
    if (size > MAX_SEGMENT_SIZE) {
      throw new ConfigError(
        `chunk-size ${size} is too large for segments: each segment is sent as one base64 text, so it must be at most ${MAX_SEGMENT_SIZE} bytes (256 MiB).`,
      );
    }
    // Checked here so a bad setting fails before any request.
    filenameOverride(options);
    uploadTypeOf(options);
    return size;
  },

  async create(ctx, file, chunkSize) {
    const filename = targetFilename(file, ctx.options);
    const uploadType = uploadTypeOf(ctx.options);
    const count = partCount(file.size, chunkSize);
    const request: HttpRequest = {
      method: 'PUT',
      url: absolute(ctx.endpoint).href,
      headers: JSON_HEADERS,
      body: JSON.stringify({ filename, segments: count, ...(uploadType ? { uploadType } : {}) }),
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    const answer = readAnswer<StartAnswer>(request, response, 'Starting the upload', filename);
    if (typeof answer.token !== 'string' || !answer.token) {
      throw new ProtocolError(
        'Starting the upload: the server gave no upload token.',
        response.status,
      );
    }
    const handle: SegmentsHandle = { token: answer.token, filename, segments: count };
    if (uploadType) handle.uploadType = uploadType;
    return { handle, state: stateFrom(answer, file.size, chunkSize, count, 'Starting the upload') };
  },

  async status(ctx, handle, file, chunkSize) {
    const request: HttpRequest = {
      method: 'PUT',
      url: withToken(absolute(ctx.endpoint), handle.token),
      headers: JSON_HEADERS,
      body: JSON.stringify({
        filename: handle.filename,
        token: handle.token,
        segments: handle.segments,
      }),
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    const what = 'Resuming the upload';
    const answer = readAnswer<StartAnswer>(request, response, what, handle.filename);
    const state = stateFrom(answer, file.size, chunkSize, handle.segments, what);
    // The resume answer names the token to use from now on, should a server ever hand out a new one.
    const token = answer.token;
    if (typeof token !== 'string' || !token || token === handle.token) return state;
    return { ...state, handle: { ...handle, token } };
  },

  prepareBody: (chunk, handle) => segmentBody(chunk, handle),

  async sendChunk(ctx, handle, chunk, file) {
    const body = await (chunk.body ?? segmentBody(chunk, handle));
    const request: HttpRequest = {
      method: 'POST',
      url: segmentUrl(ctx.endpoint, ctx.options.urls?.segments, handle.token),
      headers: JSON_HEADERS,
      body,
      signal: ctx.signal,
    };
    const response = await ctx.http.send(request);
    const what = `Sending segment ${chunk.index + 1} of ${handle.segments}`;
    const answer = readAnswer<SegmentAnswer>(request, response, what, handle.filename);
    if (answer.success === false) {
      // OCC gives no reason for `false`; a segment can be sent again safely.
      throw new UploadError('protocol', `${what} failed: the server answered "success": false.`, {
        status: response.status,
        retryable: true,
      });
    }
    if (answer.result !== undefined) {
      return { kind: 'complete', result: finalResult(answer.result, file.size, handle.segments) };
    }
    return { kind: 'part', part: { index: chunk.index, size: chunk.end - chunk.start } };
  },
};

/** A segment's request: its bytes in base64 inside OCC's JSON. */
async function segmentBody(chunk: Chunk, handle: SegmentsHandle): Promise<Blob> {
  // Read only now (the loop makes at most one body ahead of the segments in flight); with
  // a checksum the slice is the bytes the loop read and hashed, already in memory.
  const bytes = new Uint8Array(await chunk.blob.arrayBuffer());
  const head = `{"filename":${JSON.stringify(handle.filename)},"file":"`;
  const tail =
    `","index":${chunk.index},"token":${JSON.stringify(handle.token)}` +
    (handle.uploadType ? `,"uploadType":${JSON.stringify(handle.uploadType)}}` : '}');
  // A Blob of the three pieces, not one string: handing Chromium an 11 MiB
  // string (or bytes) body costs the worker 2-3x more time inside fetch(),
  // time in which the other segments in flight cannot be prepared.
  return new Blob([head, encodeBase64(bytes), tail], { type: 'application/json' });
}

interface StartAnswer {
  token?: unknown;
  segmentsNeeded?: unknown;
  /** Not in OCC's documentation: a server may say what it finished when nothing is left. */
  result?: unknown;
}

interface SegmentAnswer {
  success?: unknown;
  result?: unknown;
}

interface ErrorModel {
  errorCode?: unknown;
  message?: unknown;
  status?: unknown;
  errors?: unknown;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** OCC's `filename` is the target name; `metadata.filename` sets one other than the file's. */
function targetFilename(file: FileInfo, options: SegmentsOptions): string {
  return filenameOverride(options) ?? file.name;
}

function filenameOverride(options: SegmentsOptions): string | undefined {
  const override = options.metadata?.filename;
  if (override === undefined) return undefined;
  if (typeof override !== 'string' || !override) {
    throw new ConfigError('metadata.filename must be a non-empty string (the target filename).');
  }
  return override;
}

function uploadTypeOf(options: SegmentsOptions): string | undefined {
  const uploadType = options.metadata?.uploadType;
  if (uploadType === undefined) return undefined;
  if (typeof uploadType !== 'string' || !uploadType) {
    throw new ConfigError(
      'metadata.uploadType must be a non-empty string such as "general" or "bulkImport".',
    );
  }
  return uploadType;
}

/**
 * Turn `segmentsNeeded` into the parts the server already holds. The server's
 * list is the truth; an index outside the plan means we disagree on the plan.
 */
function stateFrom(
  answer: StartAnswer,
  fileSize: number,
  segmentSize: number,
  count: number,
  what: string,
): ServerState {
  const needed = answer.segmentsNeeded;
  if (
    !Array.isArray(needed) ||
    !needed.every((i) => Number.isSafeInteger(i) && i >= 0 && i < count)
  ) {
    throw new ProtocolError(
      `${what}: the server's segmentsNeeded is not a list of segment numbers from 0 to ${count - 1}.`,
    );
  }
  if (needed.length === 0) {
    // Every segment is stored: the file is finished (its result went with the last segment).
    return { kind: 'complete', result: finalResult(answer.result ?? null, fileSize, count) };
  }
  const missing = new Set(needed as number[]);
  const parts = [];
  for (let index = 0; index < count; index++) {
    if (missing.has(index)) continue;
    const { start, end } = plannedPart(fileSize, segmentSize, index);
    parts.push({ index, size: end - start });
  }
  return { kind: 'parts', parts };
}

/**
 * The completing answer's `result`, checked where it says how much it holds: a `size`
 * must be the file's, a `segments` count the plan's.
 */
function finalResult(result: unknown, total: number, count: number): unknown {
  checkFinishedSize(fieldOf(result, 'size'), 'size', total);
  const segments = wholeNumber(fieldOf(result, 'segments'), 'segments');
  if (segments !== undefined && segments !== count) {
    throw new IncompleteError(
      `The server says the upload is finished with ${segments} segments, but the file was sent as ${count}.`,
    );
  }
  return result;
}

/** A 2xx JSON answer, or the errorModel turned into the error the user should see. */
function readAnswer<T>(
  request: HttpRequest,
  response: HttpResponse,
  what: string,
  filename: string,
): T {
  const ok = response.status >= 200 && response.status < 300;
  let parsed: unknown;
  if (response.body.trim()) {
    try {
      parsed = JSON.parse(response.body);
    } catch {
      if (ok) parsed = parseJson(response, what); // throws the ProtocolError
    }
  }
  const model = errorModelOf(parsed);
  if (!ok || (model && model.errorCode !== undefined && !hasAnswerFields(parsed))) {
    throw occError(request, response, what, filename, model);
  }
  return (parsed ?? {}) as T;
}

function hasAnswerFields(value: unknown): boolean {
  const o = value as Record<string, unknown>;
  return 'token' in o || 'success' in o || 'segmentsNeeded' in o || 'result' in o;
}

function errorModelOf(value: unknown): ErrorModel | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const model = value as ErrorModel;
  if (model.errorCode === undefined && Array.isArray(model.errors)) {
    // Several errors: the first one with a code names the problem.
    const first = (model.errors as ErrorModel[]).find((e) => e && e.errorCode !== undefined);
    if (first) return { ...first, message: first.message ?? model.message };
  }
  return model;
}

/** OCC's errorModel codes (docs/protocols/segments.md#errors), as messages people can act on. */
function occError(
  request: HttpRequest,
  response: HttpResponse,
  what: string,
  filename: string,
  model: ErrorModel | undefined,
): UploadError {
  const code = model?.errorCode === undefined ? undefined : String(model.errorCode).trim();
  const said =
    typeof model?.message === 'string' && model.message
      ? ` The server said: "${model.message.slice(0, 200)}"`
      : '';
  const status =
    response.status >= 400 ? response.status : Number(model?.status) || response.status;
  const final = (errorCode: ErrorCode, message: string) =>
    new UploadError(errorCode, `${message}${said}`, { status });
  switch (code) {
    case '13006':
      return new SessionGoneError(
        `The server no longer accepts this upload's token (OCC 13006) and asks to stop sending its segments.`,
        status,
      );
    case '413':
      return final(
        'file-too-large',
        `"${filename}" is too large: the server accepts files smaller than 1 GB (OCC 413).`,
      );
    case '20306':
      return final(
        'invalid-filename',
        `The server does not accept the file name "${filename}" (OCC 20306). Rename the file and upload it again.`,
      );
    case '13004':
      return final(
        'protocol',
        `${what} failed: the server found no upload token in the request (OCC 13004).`,
      );
    case '13005':
      return final(
        'protocol',
        `${what} failed: the server knows no upload started for "${filename}" under this token (OCC 13005). Check that the segment URL points at the same server as the start URL.`,
      );
    case '13014': {
      const property =
        typeof model?.message === 'string'
          ? /property:?\s*(\S+)/i.exec(model.message)?.[1]
          : undefined;
      return new UploadError(
        'protocol',
        `${what} failed: the server says a required property${property ? ` (${property})` : ''} is missing (OCC 13014).`,
        { status },
      );
    }
  }
  if (response.status === 413) {
    return final('file-too-large', `"${filename}" is too large for the server (413).`);
  }
  const error = statusError(request, response, what);
  if (code && !RETRYABLE_STATUSES.has(response.status)) {
    // Keep the vendor's code visible: it is what their support will ask for.
    return new UploadError(error.code, `${error.message.replace(/\.$/, '')} [OCC ${code}].`, {
      status: error.status,
    });
  }
  return error;
}

function absolute(endpoint: string): URL {
  const url = absoluteUrl(endpoint);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** `{base}/{token}`, keeping the base's query string (a site or fault parameter) in place. */
function withToken(base: URL, token: string): string {
  const url = new URL(base.href);
  url.pathname = `${url.pathname}/${encodeURIComponent(token)}`;
  return url.href;
}

/**
 * The segment URL: `{endpoint}/{token}` unless the page set `urls.segments`
 * (OCC's agent path posts segments to `/ccagent/v1/files/{id}` beside the admin
 * start path). A relative override is read against the endpoint, so
 * `/ccagent/v1/files` lands on the same server; it may place the token itself
 * with `{token}` or `{id}`.
 */
export function segmentUrl(endpoint: string, override: string | undefined, token: string): string {
  if (!override) return withToken(absolute(endpoint), token);
  const base = absolute(endpoint).href;
  if (/\{(token|id)\}/.test(override)) {
    return new URL(override.replace(/\{(token|id)\}/g, encodeURIComponent(token)), base).href;
  }
  const url = new URL(override, base);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return withToken(url, token);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ASCII = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

type WithToBase64 = Uint8Array & { toBase64?: () => string };

/**
 * Base64 of a segment. The native `toBase64` (Chromium 140+) runs at about
 * 1.4 GiB/s; the fallback is a table loop into bytes (~200 MiB/s), far ahead
 * of `btoa` over a binary string. Either way it runs in the worker.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  return typeof native === 'function' ? native.call(bytes) : encodeBase64Fallback(bytes);
}

export function encodeBase64Fallback(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const whole = length - (length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ASCII[n >>> 18];
    out[o++] = ASCII[(n >>> 12) & 63];
    out[o++] = ASCII[(n >>> 6) & 63];
    out[o++] = ASCII[n & 63];
  }
  const rest = length - whole;
  if (rest > 0) {
    const n = (bytes[whole] << 16) | (rest === 2 ? bytes[whole + 1] << 8 : 0);
    out[o++] = ASCII[n >>> 18];
    out[o++] = ASCII[(n >>> 12) & 63];
    out[o++] = rest === 2 ? ASCII[(n >>> 6) & 63] : 61; // '='
    out[o++] = 61;
  }
  return new TextDecoder().decode(out);
}
