import {
  MiB,
  type AdapterContext,
  type Chunk,
  type FileInfo,
  type PartRecord,
  type ProtocolAdapter,
  type ProtocolOptions,
} from '../core/adapter.js';
import {
  ConfigError,
  HttpStatusError,
  ProtocolError,
  SessionGoneError,
  redactUrl,
} from '../core/errors.js';
import { checkedChunkSize } from '../core/chunk-sizer.js';
import { partCount, plannedPart, smallestPartSize } from '../core/part-plan.js';
import { absoluteUrl, parseJson, statusError } from '../core/http.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';

/**
 * S3-style multipart uploads (PROTOCOLS.md section 3, seed 002). Parts go in
 * parallel straight to presigned URLs; each part's `ETag` is kept verbatim and
 * every part is named, ascending, in a final complete call. One engine, two
 * backends, picked by `options.urls.s3` (the element's `urls` property):
 *
 * 1. The seed's API (default), `endpoint` = `{api}/uploads/multipart`:
 *    start `POST {endpoint}` JSON `{fileName, fileSize, partSize}`; parts listing
 *    `GET {endpoint}/{requestKey}/parts`; fresh URLs `POST {endpoint}-resume`;
 *    complete `PUT {endpoint}-complete`; abort `DELETE {endpoint}/{requestKey}`.
 *    Every answer is the envelope `{success, errors, messages, result, resultInfo, statusCode}`.
 *    Override a derived URL with `urls.parts`, `urls.resume`, `urls.complete`,
 *    `urls.abort`; `{requestKey}` in them is replaced (the seed's vendor lists
 *    parts at `{api}/uploads/url/multipart/{requestKey}/parts`). A derived URL
 *    keeps the endpoint's query string.
 *
 * 2. Plain S3 mode: the page's own backend creates, signs, lists, completes and
 *    aborts; the worker only PUTs the parts to the signed URLs.
 *    - `urls.s3 = 'backend'`: functions the page puts on the element's `backend`
 *      property, reached through `ctx.callPage(<name>, args)`. The hook names are
 *      Uppy's (`@uppy/aws-s3`), so existing backends fit:
 *        createMultipartUpload({fileName, fileSize, fileType, partSize, metadata})
 *            → {uploadId, key, partSize?}
 *        signPart({uploadId, key, partNumber, size}) → {url, headers?} or the URL string
 *        listParts({uploadId, key}) → [{PartNumber, ETag, Size}] (every page of S3's
 *            ListParts), or null when S3 answered NoSuchUpload
 *        completeMultipartUpload({uploadId, key, parts: [{PartNumber, ETag}]}) → anything;
 *            it becomes the upload's result (e.g. `{location}`)
 *        abortMultipartUpload({uploadId, key}) → anything
 *    - `urls.s3 = '<base URL>'`: the same calls over HTTP in Uppy Companion's
 *      shape, with the page's auth headers/cookies:
 *        POST {base} JSON {filename, type, size, partSize, metadata} → {uploadId, key}
 *        GET {base}/{uploadId}/{partNumber}?key= → {url, headers?}
 *        GET {base}/{uploadId}?key= → [{PartNumber, ETag, Size}] (404 = gone)
 *        POST {base}/{uploadId}/complete?key= JSON {parts} → the result
 *        DELETE {base}/{uploadId}?key=
 *
 * Part numbers (decided): S3's, 1-based. The seed's example body shows
 * `"partNumber": 0`, a schema placeholder; so the seed API's numbering is taken
 * from the server's own `presignedUrls` (the lowest number it hands out is part
 * 0 of the plan), which works whether a server counts from 0 or from 1. The
 * loop's `PartRecord.index` is always 0-based.
 *
 * Presigned URLs are grants: they live in worker memory only, never in the
 * stored handle. After a reload they are asked for again (resume call / signPart),
 * and a part URL answering 403 (expired) is renewed once and the part re-sent.
 */

/** Handle stored in IndexedDB: identifiers only, no URLs, no secrets. */
export type MultipartHandle =
  | {
      api: 'seed';
      requestKey: string;
      uploadId?: string;
      /** The server's number for plan index 0 (1 for S3-like servers). */
      firstPartNumber: number;
    }
  | { api: 's3'; uploadId: string; key: string };

/** S3's limits: every part but the last is at least 5 MiB, at most 10,000 parts of <= 5 GiB. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * 1024 * MiB;
export const MAX_PARTS = 10_000;
export const DEFAULT_PART_SIZE = 8 * MiB;

/** Page hook names (plain S3 mode with `urls.s3 = 'backend'`). */
export const S3_HOOKS = {
  create: 'createMultipartUpload',
  sign: 'signPart',
  list: 'listParts',
  complete: 'completeMultipartUpload',
  abort: 'abortMultipartUpload',
} as const;

const ETAG_HELP =
  'its ETag header could not be read. The storage must answer with an ETag and expose it to the page: the bucket CORS configuration needs `Access-Control-Expose-Headers: ETag` (ExposeHeader ETag).';

/** The part size S3 would accept: the requested one, grown so the file fits in 10,000 parts. */
export function partSizeFor(fileSize: number, requested: number): number {
  const needed = smallestPartSize(fileSize, MAX_PARTS);
  if (needed <= requested) return requested;
  return Math.ceil(needed / MiB) * MiB;
}

export const multipart: ProtocolAdapter<MultipartHandle> = {
  protocol: 'multipart',
  mode: 'parallel',
  defaultConcurrency: 4,

  chunkSize(file, options) {
    const requested = checkedChunkSize(options.chunkSize, {
      protocol: 'multipart',
      fallback: DEFAULT_PART_SIZE,
      min: MIN_PART_SIZE,
      max: MAX_PART_SIZE,
      must: 'parts must be whole bytes between 5 MiB (5242880) and 5 GiB, as S3 requires.',
    });
    if (file.size > MAX_PART_SIZE * MAX_PARTS) {
      throw new ConfigError(
        `"${file.name}" is larger than a multipart upload can hold (10,000 parts of 5 GiB).`,
        'file-too-large',
      );
    }
    return partSizeFor(file.size, requested);
  },

  async create(ctx, file, partSize) {
    if (s3Mode(ctx.options)) return s3Create(ctx, file, partSize);
    const request = jsonRequest(ctx, 'POST', ctx.endpoint, {
      ...ctx.options.metadata,
      fileName: file.name,
      fileSize: file.size,
      partSize,
    });
    const { result } = await callApi<StartResult>(
      ctx,
      request,
      'Starting the multipart upload',
      false,
    );
    if (!result || typeof result.requestKey !== 'string' || !result.requestKey) {
      throw new ProtocolError(
        'The server started no multipart upload: its answer had no "requestKey".',
      );
    }
    const serverPartSize = result.partSize ?? partSize;
    checkServerPartSize(serverPartSize, file.size);
    const urls = readPresigned(result.presignedUrls);
    const numbers = [...urls.keys()];
    const handle: MultipartHandle = {
      api: 'seed',
      requestKey: result.requestKey,
      uploadId: typeof result.uploadId === 'string' ? result.uploadId : undefined,
      firstPartNumber: numbers.length ? Math.min(...numbers) : 1,
    };
    grants.set(bookKey(ctx, handle), { urls, generation: 1 });
    return { handle, chunkSize: serverPartSize, state: { kind: 'parts', parts: [] } };
  },

  async status(ctx, handle, file, partSize) {
    const listed = handle.api === 's3' ? await s3List(ctx, handle) : await seedList(ctx, handle);
    return { kind: 'parts', parts: usableParts(listed, file.size, partSize) };
  },

  async sendChunk(ctx, handle, chunk) {
    const number = partNumberOf(handle, chunk.index);
    let grant = await partGrant(ctx, handle, chunk, false);
    let response = await putPart(ctx, grant, chunk);
    if (response.status === 403) {
      // Presigned URLs expire (S3 answers 403 "Request has expired"): renew once, send again.
      grant = await partGrant(ctx, handle, chunk, true, grant);
      response = await putPart(ctx, grant, chunk);
      if (response.status === 403) {
        throw partError(grant, response, `Sending part ${number} with a freshly signed URL`);
      }
    }
    if (response.status === 404 || response.status === 410) {
      throw new SessionGoneError(
        `The storage no longer knows this multipart upload (part ${number} answered ${response.status}).`,
        response.status,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw partError(grant, response, `Sending part ${number}`);
    }
    const etag = response.header('ETag');
    if (!etag) {
      throw new ProtocolError(`Part ${number} was sent but ${ETAG_HELP}`, response.status);
    }
    return { kind: 'part', part: { index: chunk.index, size: chunk.end - chunk.start, etag } };
  },

  async complete(ctx, handle, parts) {
    for (const part of parts) {
      if (!part.etag) {
        throw new ProtocolError(
          `Cannot complete: part ${partNumberOf(handle, part.index)} has no ETag.`,
        );
      }
    }
    const ascending = [...parts].sort((a, b) => a.index - b.index);
    const result =
      handle.api === 's3'
        ? await s3Complete(ctx, handle, ascending)
        : await seedComplete(ctx, handle, ascending);
    grants.delete(bookKey(ctx, handle));
    return result;
  },

  async abort(ctx, handle) {
    grants.delete(bookKey(ctx, handle));
    if (handle.api === 's3') return s3Abort(ctx, handle);
    const url = derived(
      ctx,
      'abort',
      `/${encodeURIComponent(handle.requestKey)}`,
      handle.requestKey,
    );
    await ctx.http.send({ method: 'DELETE', url, signal: ctx.signal });
  },
};

// ---------------------------------------------------------------------------
// Shared part handling

interface Grant {
  url: string;
  headers?: Record<string, string>;
  /** Which renewal of the seed API's URL book this URL came from. */
  generation?: number;
}

/** A part the server listed, its number already turned into the plan's 0-based index. */
interface ListedPart {
  index: number;
  etag?: string;
  size?: number;
}

function partNumberOf(handle: MultipartHandle, index: number): number {
  return (handle.api === 'seed' ? handle.firstPartNumber : 1) + index;
}

async function putPart(ctx: AdapterContext, grant: Grant, chunk: Chunk): Promise<HttpResponse> {
  // No auth: the URL is the grant, and an Authorization header breaks S3's signature.
  return ctx.http.send({
    method: 'PUT',
    url: grant.url,
    headers: grant.headers,
    body: chunk.blob,
    auth: false,
    signal: ctx.signal,
  });
}

/** A status error whose URL has its (secret) query string cut off. */
function partError(grant: Grant, response: HttpResponse, what: string): HttpStatusError {
  const request = { method: 'PUT', url: redactUrl(grant.url) };
  const xml = /<Message>([^<]{1,200})<\/Message>/.exec(response.body)?.[1];
  if (!xml) return statusError(request, response, what);
  return new HttpStatusError(
    request.method,
    request.url,
    response.status,
    `${what} failed: the storage answered ${response.status} (${xml}).`,
    { body: response.body },
  );
}

async function partGrant(
  ctx: AdapterContext,
  handle: MultipartHandle,
  chunk: Chunk,
  renew: boolean,
  used?: Grant,
): Promise<Grant> {
  const number = partNumberOf(handle, chunk.index);
  if (handle.api === 's3') return s3Sign(ctx, handle, number, chunk.end - chunk.start);
  return seedGrant(ctx, handle, number, renew, used);
}

/** Listed parts that match the plan (size and number) and carry an ETag; others are sent again. */
function usableParts(listed: ListedPart[], fileSize: number, partSize: number): PartRecord[] {
  const count = partCount(fileSize, partSize);
  const parts = new Map<number, PartRecord>();
  for (const part of listed) {
    const index = part.index;
    if (!Number.isSafeInteger(index) || index < 0 || index >= count || !part.etag) continue;
    const { start, end } = plannedPart(fileSize, partSize, index);
    const expected = end - start;
    if (part.size !== undefined && part.size !== expected) continue;
    parts.set(index, { index, size: expected, etag: part.etag });
  }
  return [...parts.values()].sort((a, b) => a.index - b.index);
}

function checkServerPartSize(partSize: unknown, fileSize: number): asserts partSize is number {
  if (typeof partSize !== 'number' || !Number.isSafeInteger(partSize) || partSize <= 0) {
    throw new ProtocolError(`The server chose a part size we cannot use: ${String(partSize)}.`);
  }
  if (partCount(fileSize, partSize) > MAX_PARTS) {
    throw new ProtocolError(
      `The server's part size (${partSize} bytes) would need more than ${MAX_PARTS} parts for this file.`,
    );
  }
}

// ---------------------------------------------------------------------------
// The seed's API

interface Envelope<T> {
  success?: boolean;
  errors?: unknown[];
  messages?: unknown[];
  result?: T;
  resultInfo?: unknown;
  statusCode?: number;
}

interface StartResult {
  requestKey?: unknown;
  uploadId?: unknown;
  partSize?: unknown;
  presignedUrls?: unknown;
}

/** Presigned URLs per worker, keyed by endpoint + requestKey; never persisted. */
interface UrlBook {
  urls: Map<number, string>;
  generation: number;
  renewing?: Promise<void>;
}
const grants = new Map<string, UrlBook>();

function bookKey(ctx: AdapterContext, handle: MultipartHandle): string {
  return handle.api === 'seed'
    ? `${ctx.endpoint}\n${handle.requestKey}`
    : `${handle.uploadId}\n${handle.key}`;
}

function readPresigned(value: unknown): Map<number, string> {
  const urls = new Map<number, string>();
  if (!Array.isArray(value)) return urls;
  for (const item of value as Array<{ partNumber?: unknown; presignedUrl?: unknown }>) {
    if (Number.isSafeInteger(item?.partNumber) && typeof item.presignedUrl === 'string') {
      urls.set(item.partNumber as number, item.presignedUrl);
    }
  }
  return urls;
}

async function seedGrant(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 'seed' }>,
  number: number,
  renew: boolean,
  used?: Grant,
): Promise<Grant> {
  const key = bookKey(ctx, handle);
  let book = grants.get(key);
  if (!book) {
    book = { urls: new Map(), generation: 0 };
    grants.set(key, book);
  }
  // Several parts in flight meet an expiry together: one resume call serves them all.
  const stale = renew && (used?.generation ?? 0) >= book.generation;
  if (stale || !book.urls.has(number)) await renewUrls(ctx, handle, book);
  const url = book.urls.get(number);
  if (!url) {
    throw new ProtocolError(`The server handed out no presigned URL for part ${number}.`);
  }
  return { url, generation: book.generation };
}

function renewUrls(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 'seed' }>,
  book: UrlBook,
): Promise<void> {
  book.renewing ??= (async () => {
    try {
      const url = derived(ctx, 'resume', '-resume', handle.requestKey);
      const request = jsonRequest(ctx, 'POST', url, { requestKey: handle.requestKey });
      const { result } = await callApi<StartResult>(
        ctx,
        request,
        'Asking for fresh part URLs',
        true,
      );
      const fresh = readPresigned(result?.presignedUrls);
      for (const [number, presigned] of fresh) book.urls.set(number, presigned);
      book.generation++;
    } finally {
      book.renewing = undefined;
    }
  })();
  return book.renewing;
}

async function seedList(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 'seed' }>,
): Promise<ListedPart[]> {
  const path = `/${encodeURIComponent(handle.requestKey)}/parts`;
  const url = derived(ctx, 'parts', path, handle.requestKey);
  const request: HttpRequest = { method: 'GET', url, signal: ctx.signal };
  const { result } = await callApi<unknown>(ctx, request, 'Listing the stored parts', true);
  if (!Array.isArray(result)) {
    throw new ProtocolError('The parts listing gave no list of parts.');
  }
  return (result as Array<Record<string, unknown>>).map((p) => ({
    index: Number(p.partNumber) - handle.firstPartNumber,
    etag: typeof p.eTag === 'string' ? p.eTag : undefined,
    size: typeof p.size === 'number' ? p.size : undefined,
  }));
}

async function seedComplete(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 'seed' }>,
  parts: PartRecord[],
): Promise<unknown> {
  const url = derived(ctx, 'complete', '-complete', handle.requestKey);
  const request = jsonRequest(ctx, 'PUT', url, {
    requestKey: handle.requestKey,
    parts: parts.map((p) => ({ partNumber: partNumberOf(handle, p.index), eTag: p.etag })),
  });
  const envelope = await callApi<unknown>(ctx, request, 'Completing the multipart upload', true);
  if (envelope.result === false) {
    throw new ProtocolError('The server refused to complete the multipart upload (result false).');
  }
  return {
    requestKey: handle.requestKey,
    uploadId: handle.uploadId,
    result: envelope.result ?? true,
    resultInfo: envelope.resultInfo ?? null,
  };
}

/**
 * A URL derived from the endpoint: `suffix` appended to the path (`/{key}/parts`
 * after the endpoint's path, or `-resume` glued to it), query kept; or the page's
 * override from `options.urls[name]` with `{requestKey}` filled in.
 */
function derived(ctx: AdapterContext, name: string, suffix: string, requestKey: string): string {
  const override = ctx.options.urls?.[name];
  if (override) {
    return new URL(override.replaceAll('{requestKey}', encodeURIComponent(requestKey)), baseOf(ctx))
      .href;
  }
  const url = absoluteUrl(ctx.endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${suffix}`;
  return url.href;
}

function jsonRequest(ctx: AdapterContext, method: string, url: string, body: unknown): HttpRequest {
  return {
    method,
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: ctx.signal,
  };
}

/** Send an API call; an answer that is not 2xx (or an envelope saying `success: false`) throws. */
async function sendApi(
  ctx: AdapterContext,
  request: HttpRequest,
  what: string,
  sessionScoped: boolean,
): Promise<HttpResponse> {
  const response = await ctx.http.send(request);
  if (sessionScoped && (response.status === 404 || response.status === 410)) {
    throw new SessionGoneError(
      'The server no longer knows this multipart upload.',
      response.status,
    );
  }
  if (response.status < 200 || response.status >= 300) throw statusError(request, response, what);
  return response;
}

async function callApi<T>(
  ctx: AdapterContext,
  request: HttpRequest,
  what: string,
  sessionScoped: boolean,
): Promise<Envelope<T>> {
  const response = await sendApi(ctx, request, what, sessionScoped);
  // An empty 2xx (some servers' complete or resume) carries no envelope: nothing to read.
  if (!response.body.trim()) return {};
  const envelope = parseJson<Envelope<T> | null>(response, what);
  if (!envelope || typeof envelope !== 'object') {
    throw new ProtocolError(
      `${what}: the server's answer was not an envelope object.`,
      response.status,
    );
  }
  if (envelope.success === false) {
    const status = Number.isSafeInteger(envelope.statusCode)
      ? envelope.statusCode!
      : response.status;
    if (sessionScoped && (status === 404 || status === 410)) {
      throw new SessionGoneError('The server no longer knows this multipart upload.', status);
    }
    throw statusError(request, { ...response, status }, what);
  }
  return envelope;
}

// ---------------------------------------------------------------------------
// Plain S3 mode

function s3Mode(options: ProtocolOptions): boolean {
  return Boolean(options.urls?.s3);
}

function usesHooks(ctx: AdapterContext): boolean {
  return ctx.options.urls?.s3 === 'backend';
}

function s3Base(ctx: AdapterContext): string {
  return new URL(ctx.options.urls!.s3!, baseOf(ctx)).href.replace(/\/+$/, '');
}

function s3Url(ctx: AdapterContext, handle: { uploadId: string; key: string }, tail = ''): string {
  return `${s3Base(ctx)}/${encodeURIComponent(handle.uploadId)}${tail}?key=${encodeURIComponent(handle.key)}`;
}

async function s3Json(
  ctx: AdapterContext,
  request: HttpRequest,
  what: string,
  sessionScoped: boolean,
): Promise<unknown> {
  const response = await sendApi(ctx, request, what, sessionScoped);
  return response.body.trim() ? parseJson<unknown>(response, what) : undefined;
}

async function s3Create(ctx: AdapterContext, file: FileInfo, partSize: number) {
  const what = 'Creating the S3 multipart upload';
  let answer: unknown;
  if (usesHooks(ctx)) {
    answer = await ctx.callPage(S3_HOOKS.create, {
      fileName: file.name,
      fileSize: file.size,
      fileType: file.type,
      partSize,
      metadata: ctx.options.metadata ?? {},
    });
  } else {
    answer = await s3Json(
      ctx,
      jsonRequest(ctx, 'POST', s3Base(ctx), {
        filename: file.name,
        type: file.type,
        size: file.size,
        partSize,
        metadata: ctx.options.metadata ?? {},
      }),
      what,
      false,
    );
  }
  const created = (answer ?? {}) as { uploadId?: unknown; key?: unknown; partSize?: unknown };
  if (typeof created.uploadId !== 'string' || typeof created.key !== 'string') {
    throw new ProtocolError(`${what}: the backend answered without "uploadId" and "key".`);
  }
  const chosen = created.partSize ?? partSize;
  checkServerPartSize(chosen, file.size);
  const handle: MultipartHandle = { api: 's3', uploadId: created.uploadId, key: created.key };
  return { handle, chunkSize: chosen, state: { kind: 'parts' as const, parts: [] } };
}

async function s3Sign(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 's3' }>,
  partNumber: number,
  size: number,
): Promise<Grant> {
  // Signed just before each send, so a URL is fresh even hours into a large upload.
  const args = { uploadId: handle.uploadId, key: handle.key, partNumber, size };
  const answer = usesHooks(ctx)
    ? await ctx.callPage(S3_HOOKS.sign, args)
    : await s3Json(
        ctx,
        { method: 'GET', url: s3Url(ctx, handle, `/${partNumber}`), signal: ctx.signal },
        `Signing part ${partNumber}`,
        true,
      );
  if (typeof answer === 'string' && answer) return { url: answer };
  const signed = (answer ?? {}) as { url?: unknown; headers?: unknown };
  if (typeof signed.url !== 'string' || !signed.url) {
    throw new ProtocolError(`Signing part ${partNumber}: the backend gave no URL.`);
  }
  const headers =
    signed.headers && typeof signed.headers === 'object'
      ? (signed.headers as Record<string, string>)
      : undefined;
  return { url: signed.url, headers };
}

async function s3List(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 's3' }>,
): Promise<ListedPart[]> {
  const answer = usesHooks(ctx)
    ? await ctx.callPage(S3_HOOKS.list, { uploadId: handle.uploadId, key: handle.key })
    : await s3Json(
        ctx,
        { method: 'GET', url: s3Url(ctx, handle), signal: ctx.signal },
        'Listing the stored parts',
        true,
      );
  if (answer === null || answer === undefined) {
    throw new SessionGoneError('The storage no longer knows this multipart upload.');
  }
  const list = Array.isArray(answer)
    ? answer
    : ((answer as { parts?: unknown; Parts?: unknown }).parts ??
      (answer as { Parts?: unknown }).Parts);
  if (!Array.isArray(list)) throw new ProtocolError('The parts listing gave no list of parts.');
  return (list as Array<Record<string, unknown>>).map((p) => {
    const etag = p.ETag ?? p.eTag ?? p.etag;
    const size = p.Size ?? p.size;
    return {
      index: Number(p.PartNumber ?? p.partNumber) - 1,
      etag: typeof etag === 'string' ? etag : undefined,
      size: typeof size === 'number' ? size : undefined,
    };
  });
}

async function s3Complete(
  ctx: AdapterContext,
  handle: Extract<MultipartHandle, { api: 's3' }>,
  parts: PartRecord[],
): Promise<unknown> {
  const body = {
    uploadId: handle.uploadId,
    key: handle.key,
    parts: parts.map((p) => ({ PartNumber: p.index + 1, ETag: p.etag! })),
  };
  if (usesHooks(ctx)) return ctx.callPage(S3_HOOKS.complete, body);
  return s3Json(
    ctx,
    jsonRequest(ctx, 'POST', s3Url(ctx, handle, '/complete'), { parts: body.parts }),
    'Completing the S3 multipart upload',
    true,
  );
}

async function s3Abort(ctx: AdapterContext, handle: Extract<MultipartHandle, { api: 's3' }>) {
  if (usesHooks(ctx)) {
    await ctx.callPage(S3_HOOKS.abort, { uploadId: handle.uploadId, key: handle.key });
    return;
  }
  await ctx.http.send({ method: 'DELETE', url: s3Url(ctx, handle), signal: ctx.signal });
}

// ---------------------------------------------------------------------------

function baseOf(ctx: AdapterContext): string {
  return absoluteUrl(ctx.endpoint).href;
}
