import type { AdapterContext } from '../../core/adapter.js';
import { metadataWithPath } from '../../core/relative-path.js';
import { absoluteUrl, parseJson, type HttpRequest } from '../../core/http.js';
import { jsonRequest, sendApi } from './json-api.js';
import type { S3Backend, S3Upload } from './s3.js';

/**
 * Plain S3 mode with `urls.s3 = '<base URL>'`: the page's backend over HTTP in Uppy
 * Companion's shape, with the page's auth headers and cookies:
 *   POST {base} JSON {filename, type, size, partSize, metadata, checksumAlgorithm?} → {uploadId, key}
 *   (a folder file's path in `metadata.relativePath`, as Uppy sends it)
 *   GET {base}/{uploadId}/{partNumber}?key=[&checksumAlgorithm=&checksum=] → {url, headers?}
 *   GET {base}/{uploadId}?key= → [{PartNumber, ETag, Size}] (404 = gone)
 *   POST {base}/{uploadId}/complete?key= JSON {parts} → the result
 *   DELETE {base}/{uploadId}?key=
 */
export function companion(ctx: AdapterContext, baseUrl: string): S3Backend {
  const base = new URL(baseUrl, absoluteUrl(ctx.endpoint)).href.replace(/\/+$/, '');
  const at = (upload: S3Upload, tail = '') =>
    `${base}/${encodeURIComponent(upload.uploadId)}${tail}?key=${encodeURIComponent(upload.key)}`;
  const get = (url: string): HttpRequest => ({ method: 'GET', url, signal: ctx.signal });
  return {
    create: (file, partSize, checksumAlgorithm) =>
      readJson(
        ctx,
        jsonRequest(ctx, 'POST', base, {
          filename: file.name,
          type: file.type,
          size: file.size,
          partSize,
          metadata: metadataWithPath(ctx.options.metadata, file),
          ...(checksumAlgorithm && { checksumAlgorithm }),
        }),
        'Creating the S3 multipart upload',
        false,
      ),
    sign: (upload, partNumber, _size, checksum) =>
      readJson(
        ctx,
        get(
          at(upload, `/${partNumber}`) +
            (checksum
              ? `&checksumAlgorithm=${checksum.algorithm}&checksum=${encodeURIComponent(checksum.value)}`
              : ''),
        ),
        `Signing part ${partNumber}`,
        true,
      ),
    list: (upload) => readJson(ctx, get(at(upload)), 'Listing the stored parts', true),
    complete: (upload, parts) =>
      readJson(
        ctx,
        jsonRequest(ctx, 'POST', at(upload, '/complete'), { parts }),
        'Completing the S3 multipart upload',
        true,
      ),
    async abort(upload) {
      await ctx.http.send({ method: 'DELETE', url: at(upload), signal: ctx.signal });
    },
  };
}

/** The answer's JSON; undefined for an empty 2xx. */
async function readJson(
  ctx: AdapterContext,
  request: HttpRequest,
  what: string,
  sessionScoped: boolean,
): Promise<unknown> {
  const response = await sendApi(ctx, request, what, sessionScoped);
  return response.body.trim() ? parseJson<unknown>(response, what) : undefined;
}
