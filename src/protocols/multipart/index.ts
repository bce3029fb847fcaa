import {
  BackgroundRefusal,
  MiB,
  type AdapterContext,
  type BackgroundRequest,
  type Chunk,
  type PartRecord,
  type ProtocolAdapter,
} from '../../core/adapter.js';
import { checkedChunkSize, type ChunkSizeRule } from '../../core/chunk-sizer.js';
import {
  ConfigError,
  HttpStatusError,
  ProtocolError,
  SessionGoneError,
  redactUrl,
} from '../../core/errors.js';
import { statusError, type HttpResponse } from '../../core/http.js';
import { missingHeaderError, originOf } from '../../core/origins.js';
import { neededLifetimeMs, urlExpiresAt } from '../../core/background-plan.js';
import { partCount, planParts, plannedPart, smallestPartSize } from '../../core/part-plan.js';
import { companion } from './companion.js';
import {
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  type Dialect,
  type Grant,
  type ListedPart,
} from './dialect.js';
import { checkPartAnswer, partChecksum, type PartChecksum } from './checksums.js';
import { GrantsAhead } from './grants-ahead.js';
import { pageHooks } from './page-hooks.js';
import { s3Backed, type S3Handle } from './s3.js';
import { PresignedUrls, seedApi, type SeedHandle } from './seed-api.js';

export { MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE } from './dialect.js';
export { S3_HOOKS } from './page-hooks.js';

/**
 * S3-style multipart uploads (docs/protocols/multipart.md). Parts go in
 * parallel straight to presigned URLs; each part's `ETag` is kept verbatim and
 * every part is named, ascending, in a final complete call. One engine, two
 * dialects, picked by `options.urls.s3` (the element's `urls` property): the
 * seed's API by default (seed-api.ts), plain S3 through the page's backend when
 * it is set (s3.ts, with page hooks or a Companion-style server).
 *
 * The loop's `PartRecord.index` is always 0-based; each dialect numbers parts its
 * server's way.
 *
 * Presigned URLs are grants: they live in worker memory only, never in the
 * stored handle. After a reload they are asked for again (resume call / signPart),
 * and a part URL answering 403 (expired) is renewed once and the part re-sent.
 */

/** Handle stored in IndexedDB: identifiers only, no URLs, no secrets. */
export type MultipartHandle = SeedHandle | S3Handle;

export const DEFAULT_PART_SIZE = 8 * MiB;

const ETAG_HELP =
  'its ETag header could not be read. The storage must answer with an ETag and expose it to the page: the bucket CORS configuration needs `Access-Control-Expose-Headers: ETag` (ExposeHeader ETag).';

/** The part size S3 would accept: the requested one, grown so the file fits in 10,000 parts. */
export function partSizeFor(fileSize: number, requested: number): number {
  const needed = smallestPartSize(fileSize, MAX_PARTS);
  if (needed <= requested) return requested;
  return Math.ceil(needed / MiB) * MiB;
}

/**
 * The adapter, with the memory of one upload: the multipart API's presigned URLs. The
 * loop asks for a fresh one per upload (`forUpload`); this one serves the rest
 * (the part size, a cancel's abort).
 */
export const multipart = multipartAdapter();

function multipartAdapter(): ProtocolAdapter<MultipartHandle> {
  const urls = new PresignedUrls();
  const signedAhead = new GrantsAhead();
  const dialect = (ctx: AdapterContext, api: MultipartHandle['api']): Dialect<MultipartHandle> =>
    api === 's3' ? s3Backed(s3Backend(ctx), ctx.options.checksum) : seedApi(ctx, urls);
  return {
    protocol: 'multipart',
    mode: 'parallel',
    checksums: 'chunk',
    defaultConcurrency: 4,
    staggerParts: true,
    finishingCalls: 1,
    forUpload: multipartAdapter,

    chunkSize(file, options) {
      const requested = checkedChunkSize(options.chunkSize, PART_SIZE_RULE);
      if (file.size > MAX_PART_SIZE * MAX_PARTS) {
        throw new ConfigError(
          `"${file.name}" is larger than a multipart upload can hold (10,000 parts of 5 GiB).`,
          'file-too-large',
        );
      }
      return partSizeFor(file.size, requested);
    },

    create: (ctx, file, partSize) =>
      dialect(ctx, ctx.options.urls?.s3 ? 's3' : 'seed').create(file, partSize),

    async status(ctx, handle, file, partSize) {
      const listed = await dialect(ctx, handle.api).list(handle);
      return { kind: 'parts', parts: usableParts(listed, file.size, partSize) };
    },

    sendChunk: (ctx, handle, chunk) =>
      sendPart(ctx, dialect(ctx, handle.api), handle, chunk, signedAhead),

    // Plain S3 signs each part through the page's backend: the next part is signed while
    // the parts before it are on the wire. Not with a checksum: the signer signs the
    // part's checksum, known only once the part is read.
    askAhead(ctx, handle, part) {
      if (handle.api !== 's3' || ctx.options.checksum) return;
      const size = part.end - part.start;
      signedAhead.ask(aheadKey(handle, part.index, size), () =>
        dialect(ctx, 's3').grant(handle, part.index, size),
      );
    },

    async complete(ctx, handle, parts) {
      const api = dialect(ctx, handle.api);
      for (const part of parts) {
        if (!part.etag) {
          throw new ProtocolError(
            `Cannot complete: part ${api.partNumber(handle, part.index)} has no ETag.`,
          );
        }
      }
      const ascending = [...parts].sort((a, b) => a.index - b.index);
      return api.complete(handle, ascending);
    },

    abort: (ctx, handle) => dialect(ctx, handle.api).abort(handle),

    // The missing parts' PUTs to their presigned URLs, as one fetch of several requests.
    // Each URL must outlive the fetch; the service worker reads each ETag and, where the
    // backend takes the complete call over plain HTTP, completes.
    async remainderRequests(ctx, handle, { file, info, state, chunkSize, now, bytesPerSecond }) {
      if (state.kind === 'complete') {
        throw new BackgroundRefusal('finished', 'The server already holds the whole file.');
      }
      const api = dialect(ctx, handle.api);
      const held = new Map((state.kind === 'parts' ? state.parts : []).map((p) => [p.index, p]));
      const missing = planParts(info.size, chunkSize).filter((p) => !held.has(p.index));
      if (!missing.length) {
        throw new BackgroundRefusal(
          'finished',
          'Every part is stored; only the complete call is due.',
        );
      }
      const bytes = missing.reduce((sum, p) => sum + p.end - p.start, 0);
      const goodUntil = now + neededLifetimeMs(bytes, bytesPerSecond);
      const requests: BackgroundRequest[] = [];
      for (const part of missing) {
        const grant = await api.grant(handle, part.index, part.end - part.start);
        const expires = urlExpiresAt(grant.url);
        if (expires !== undefined && expires < goodUntil) {
          throw new BackgroundRefusal(
            'urls-expire',
            `The presigned URL of part ${api.partNumber(handle, part.index)} expires in ${Math.round((expires - now) / 1000)} s, before the rest of the upload could arrive.`,
          );
        }
        requests.push({
          url: grant.url,
          method: 'PUT',
          headers: { ...grant.headers },
          body: file.slice(part.start, part.end),
          start: part.start,
          end: part.end,
          part: part.index,
          auth: false,
        });
      }
      const parts = planParts(info.size, chunkSize).map((p) => ({
        index: p.index,
        partNumber: api.partNumber(handle, p.index),
        eTag: held.get(p.index)?.etag ?? null,
      }));
      return {
        bytesHeld: info.size - bytes,
        requests,
        completion: api.completion?.(handle, parts),
      };
    },
  };
}

const PART_SIZE_RULE: ChunkSizeRule = {
  protocol: 'multipart',
  fallback: DEFAULT_PART_SIZE,
  min: MIN_PART_SIZE,
  max: MAX_PART_SIZE,
  must: 'parts must be whole bytes between 5 MiB (5242880) and 5 GiB, as S3 requires.',
};

/** The page's backend in plain S3 mode: its functions (`'backend'`), or a server at a URL. */
function s3Backend(ctx: AdapterContext) {
  const s3 = ctx.options.urls!.s3!;
  return s3 === 'backend' ? pageHooks(ctx) : companion(ctx, s3);
}

async function sendPart(
  ctx: AdapterContext,
  dialect: Dialect<MultipartHandle>,
  handle: MultipartHandle,
  chunk: Chunk,
  signedAhead: GrantsAhead,
): Promise<{ kind: 'part'; part: PartRecord }> {
  const number = dialect.partNumber(handle, chunk.index);
  const size = chunk.end - chunk.start;
  const checksum = partChecksum(chunk.checksum);
  const sign = () => dialect.grant(handle, chunk.index, size, undefined, checksum);
  let grant = await (handle.api === 's3' && !checksum
    ? signedAhead.take(aheadKey(handle, chunk.index, size), sign)
    : sign());
  let response = await putPart(ctx, grant, chunk, checksum);
  if (response.status === 403) {
    // Presigned URLs expire (S3 answers 403 "Request has expired"): renew once, send again.
    grant = await dialect.grant(handle, chunk.index, size, grant, checksum);
    response = await putPart(ctx, grant, chunk, checksum);
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
  const etag = response.header('ETag');
  checkPartAnswer(chunk, response, number, etag, dialect.etagIsMd5 ?? false);
  if (response.status < 200 || response.status >= 300) {
    throw partError(grant, response, `Sending part ${number}`);
  }
  if (!etag) {
    const to = originOf(grant.url) ?? 'the storage';
    throw missingHeaderError(
      grant.url,
      `Part ${number} was sent to ${to} but ${ETAG_HELP}`,
      response.status,
    );
  }
  return {
    kind: 'part',
    part: { index: chunk.index, size, etag, ...(checksum && { checksum: checksum.value }) },
  };
}

/** Which part a grant signed ahead is for: the upload, the part and its size. */
function aheadKey(handle: S3Handle, index: number, size: number): string {
  return `${handle.uploadId}/${handle.key}/${index}/${size}`;
}

async function putPart(
  ctx: AdapterContext,
  grant: Grant,
  chunk: Chunk,
  checksum?: PartChecksum,
): Promise<HttpResponse> {
  // No auth: the URL is the grant, and an Authorization header breaks S3's signature.
  return ctx.http.send({
    method: 'PUT',
    url: grant.url,
    headers: checksum ? { ...grant.headers, [checksum.header]: checksum.value } : grant.headers,
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

/**
 * Listed parts that match the plan (number and size) and carry an ETag; others are sent
 * again. A part listed without its size is one the listing does not vouch for: a short
 * part completed as if it were whole would make a shorter object and a false success.
 */
function usableParts(listed: ListedPart[], fileSize: number, partSize: number): PartRecord[] {
  const count = partCount(fileSize, partSize);
  const parts = new Map<number, PartRecord>();
  for (const part of listed) {
    const index = part.index;
    if (!Number.isSafeInteger(index) || index < 0 || index >= count || !part.etag) continue;
    const { start, end } = plannedPart(fileSize, partSize, index);
    const expected = end - start;
    if (part.size !== expected) continue;
    parts.set(index, {
      index,
      size: expected,
      etag: part.etag,
      ...(part.checksum && { checksum: part.checksum }),
    });
  }
  return [...parts.values()].sort((a, b) => a.index - b.index);
}
