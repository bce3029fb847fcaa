import type { AdapterContext } from '../../core/adapter.js';
import { metadataWithPath } from '../../core/relative-path.js';
import { ProtocolError } from '../../core/errors.js';
import { absoluteUrl, parseJson, statusError, type HttpRequest } from '../../core/http.js';
import { checksumField, creationAlgorithm } from './checksums.js';
import { checkServerPartSize, listedSize } from './dialect.js';
import type { Dialect, Grant, ListedPart } from './dialect.js';
import { isGone, jsonRequest, sendApi, uploadGone } from './json-api.js';

/**
 * The multipart API (docs/protocols/multipart.md#the-multipart-api), `endpoint` = `{api}/uploads/multipart`:
 * start `POST {endpoint}` JSON `{fileName, fileSize, partSize}`; parts listing
 * `GET {endpoint}/{requestKey}/parts`; fresh URLs `POST {endpoint}-resume`;
 * complete `PUT {endpoint}-complete`; abort `DELETE {endpoint}/{requestKey}`.
 * Every answer is the envelope `{success, errors, messages, result, resultInfo, statusCode}`.
 * Override a derived URL with `urls.parts`, `urls.resume`, `urls.complete`,
 * `urls.abort`; `{requestKey}` in them is replaced (the vendor lists
 * parts at `{api}/uploads/url/multipart/{requestKey}/parts`). A derived URL
 * keeps the endpoint's query string.
 *
 * Part numbers: the vendor's example body shows `"partNumber": 0`, a schema
 * placeholder; so the numbering is taken from the server's own `presignedUrls`
 * (the lowest number it hands out is part 0 of the plan), which works whether a
 * server counts from 0 or from 1.
 */
export interface SeedHandle {
  api: 'seed';
  requestKey: string;
  uploadId?: string;
  /** The server's number for plan index 0 (1 for S3-like servers). */
  firstPartNumber: number;
}

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

/**
 * The presigned part URLs of one upload, kept in memory only: they are grants.
 * After a reload they are asked for again, and parts that meet an expiry together
 * share one renewal.
 */
export class PresignedUrls {
  private urls = new Map<number, string>();
  /** Which renewal the URLs come from: 0 before any, 1 for those the upload started with. */
  private generation = 0;
  private renewing?: Promise<void>;

  /** The URLs a new upload started with replace whatever an earlier session left. */
  started(urls: Map<number, string>): void {
    this.urls = urls;
    this.generation = 1;
  }

  async grant(
    number: number,
    expired: Grant | undefined,
    fresh: () => Promise<Map<number, string>>,
  ): Promise<Grant> {
    const stale = expired !== undefined && (expired.generation ?? 0) >= this.generation;
    if (stale || !this.urls.has(number)) await this.renew(fresh);
    const url = this.urls.get(number);
    if (!url) {
      throw new ProtocolError(`The server handed out no presigned URL for part ${number}.`);
    }
    return { url, generation: this.generation };
  }

  private renew(fresh: () => Promise<Map<number, string>>): Promise<void> {
    this.renewing ??= (async () => {
      try {
        for (const [number, url] of await fresh()) this.urls.set(number, url);
        this.generation++;
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }
}

export function seedApi(ctx: AdapterContext, urls: PresignedUrls): Dialect<SeedHandle> {
  const partNumber = (handle: SeedHandle, index: number) => handle.firstPartNumber + index;
  const algorithm = creationAlgorithm(ctx.options.checksum);
  /** The part's checksum field in the API's camelCase (`checksumCRC32C`). */
  const field = checksumField(ctx.options.checksum)?.replace(/^C/, 'c');
  return {
    partNumber,
    etagIsMd5: true,

    async create(file, partSize) {
      const request = jsonRequest(ctx, 'POST', ctx.endpoint, {
        ...metadataWithPath(ctx.options.metadata, file),
        fileName: file.name,
        fileSize: file.size,
        partSize,
        ...(algorithm && { checksumAlgorithm: algorithm }),
      });
      const what = 'Starting the multipart upload';
      const { result } = await callApi<StartResult>(ctx, request, what, false);
      if (!result || typeof result.requestKey !== 'string' || !result.requestKey) {
        throw new ProtocolError(
          'The server started no multipart upload: its answer had no "requestKey".',
        );
      }
      const serverPartSize = result.partSize ?? partSize;
      checkServerPartSize(serverPartSize, file.size);
      const presigned = readPresigned(result.presignedUrls);
      const numbers = [...presigned.keys()];
      const handle: SeedHandle = {
        api: 'seed',
        requestKey: result.requestKey,
        uploadId: typeof result.uploadId === 'string' ? result.uploadId : undefined,
        firstPartNumber: numbers.length ? Math.min(...numbers) : 1,
      };
      urls.started(presigned);
      return { handle, chunkSize: serverPartSize, state: { kind: 'parts', parts: [] } };
    },

    async list(handle) {
      const path = `/${encodeURIComponent(handle.requestKey)}/parts`;
      const url = derived(ctx, 'parts', path, handle.requestKey);
      const request: HttpRequest = { method: 'GET', url, signal: ctx.signal };
      const { result } = await callApi<unknown>(ctx, request, 'Listing the stored parts', true);
      if (!Array.isArray(result)) {
        throw new ProtocolError('The parts listing gave no list of parts.');
      }
      return (result as Array<Record<string, unknown>>).map((p): ListedPart => {
        const sum = field && p[field];
        return {
          index: Number(p.partNumber) - handle.firstPartNumber,
          etag: typeof p.eTag === 'string' ? p.eTag : undefined,
          size: listedSize(p.size),
          ...(typeof sum === 'string' && { checksum: sum }),
        };
      });
    },

    grant: (handle, index, _size, expired) =>
      urls.grant(partNumber(handle, index), expired, async () => {
        const url = derived(ctx, 'resume', '-resume', handle.requestKey);
        const request = jsonRequest(ctx, 'POST', url, { requestKey: handle.requestKey });
        const what = 'Asking for fresh part URLs';
        const { result } = await callApi<StartResult>(ctx, request, what, true);
        return readPresigned(result?.presignedUrls);
      }),

    async complete(handle, parts) {
      const url = derived(ctx, 'complete', '-complete', handle.requestKey);
      const request = jsonRequest(ctx, 'PUT', url, {
        requestKey: handle.requestKey,
        parts: parts.map((p) => ({
          partNumber: partNumber(handle, p.index),
          eTag: p.etag,
          ...(field && p.checksum && { [field]: p.checksum }),
        })),
      });
      const what = 'Completing the multipart upload';
      const envelope = await callApi<unknown>(ctx, request, what, true);
      if (envelope.result === false) {
        throw new ProtocolError(
          'The server refused to complete the multipart upload (result false).',
        );
      }
      return {
        requestKey: handle.requestKey,
        uploadId: handle.uploadId,
        result: envelope.result ?? true,
        resultInfo: envelope.resultInfo ?? null,
      };
    },

    completion: (handle, parts) => ({
      url: derived(ctx, 'complete', '-complete', handle.requestKey),
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      requestKey: handle.requestKey,
      parts,
    }),

    async abort(handle) {
      const path = `/${encodeURIComponent(handle.requestKey)}`;
      const url = derived(ctx, 'abort', path, handle.requestKey);
      await ctx.http.send({ method: 'DELETE', url, signal: ctx.signal });
    },
  };
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

/**
 * A URL derived from the endpoint: `suffix` appended to the path (`/{key}/parts`
 * after the endpoint's path, or `-resume` glued to it), query kept; or the page's
 * override from `options.urls[name]` with `{requestKey}` filled in.
 */
function derived(ctx: AdapterContext, name: string, suffix: string, requestKey: string): string {
  const url = absoluteUrl(ctx.endpoint);
  const override = ctx.options.urls?.[name];
  if (override) {
    return new URL(override.replaceAll('{requestKey}', encodeURIComponent(requestKey)), url).href;
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${suffix}`;
  return url.href;
}

/** A call whose 2xx answer is an envelope; one saying `success: false` throws too. */
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
    if (sessionScoped && isGone(status)) throw uploadGone(status);
    throw statusError(request, { ...response, status }, what);
  }
  return envelope;
}
