import type { ProtocolName } from '../core/adapter.js';
import type { ChecksumAlgorithm } from '../core/checksum.js';
import type { CorsAdvice } from '../core/origins.js';

/**
 * What each protocol needs a cross-origin server to allow and expose, for the message of
 * a `blocked` upload: the endpoint's server, and the host the uploads go to (a session
 * URL, a tus upload URL, presigned parts) when that is another. The same lists stand in
 * docs/backends.md and on each protocol's page (docs/protocols); keep them together.
 * `Authorization` (or whatever the page's `headers` hold) is added where those go.
 */
export const CORS_NEEDS: Record<ProtocolName, CorsAdvice> = {
  'content-range': {
    protocol: 'content-range',
    endpoint: { methods: ['POST'], headers: [], exposes: ['Location'] },
    uploads: { methods: ['PUT', 'DELETE'], headers: ['Content-Range'], exposes: ['Range'] },
  },
  segments: {
    protocol: 'segments',
    endpoint: { methods: ['PUT', 'POST'], headers: ['Content-Type'], exposes: [] },
    uploads: { methods: ['POST'], headers: ['Content-Type'], exposes: [] },
  },
  multipart: {
    protocol: 'multipart',
    endpoint: { methods: ['GET', 'POST', 'PUT', 'DELETE'], headers: ['Content-Type'], exposes: [] },
    // Plus whatever headers the signer returned with a part URL.
    uploads: { methods: ['PUT'], headers: [], exposes: ['ETag'] },
  },
  'chunked-session': {
    protocol: 'chunked-session',
    endpoint: { methods: ['POST'], headers: ['Content-Type'], exposes: [] },
    uploads: { methods: ['POST', 'GET'], headers: [], exposes: [] },
  },
  tus: {
    protocol: 'tus',
    endpoint: {
      methods: ['POST'],
      headers: ['Tus-Resumable', 'Upload-Length', 'Upload-Metadata'],
      exposes: ['Location', 'Upload-Expires'],
    },
    uploads: {
      methods: ['PATCH', 'HEAD', 'DELETE'],
      headers: ['Tus-Resumable', 'Upload-Offset', 'Content-Type'],
      exposes: ['Upload-Offset', 'Upload-Length', 'Upload-Expires'],
    },
  },
};

/**
 * A server that refuses a checksum may send its error without CORS headers (OpenStack
 * Swift's s3api does, for `BadDigest`): the page then sees the same unanswered request
 * as a CORS rule that is wrong, and the message must name both.
 */
const REFUSED_CHECKSUM =
  'Or the server refused a checksum and sent its error answer without CORS headers, so the page could not read it: check the chunk against the file, or try checksum="none" to tell the two apart.';

/** Each protocol's checksum header (docs/element.md#checksum), by algorithm. */
const S3_CHECKSUM_HEADERS: Record<string, string> = {
  crc32c: 'x-amz-checksum-crc32c',
  md5: 'Content-MD5',
  sha256: 'x-amz-checksum-sha256',
};

/**
 * `CORS_NEEDS`, plus what a checksum adds when `checksum` asks for one: the header it
 * goes in, and for tus the `OPTIONS` request that finds the checksum extension and the
 * headers its answer must expose. A CORS rule written before checksums were turned on
 * lacks these, and the `blocked` message should name them.
 */
export function corsNeeds(protocol: ProtocolName, checksum?: ChecksumAlgorithm): CorsAdvice {
  const plain = CORS_NEEDS[protocol];
  if (!checksum || checksum === 'none') return plain;
  const base = { ...plain, orElse: REFUSED_CHECKSUM };
  const more = (needs: CorsAdvice['uploads'], add: Partial<CorsAdvice['uploads']>) => ({
    methods: [...needs.methods, ...(add.methods ?? [])],
    headers: [...needs.headers, ...(add.headers ?? [])],
    exposes: [...needs.exposes, ...(add.exposes ?? [])],
  });
  switch (protocol) {
    case 'multipart':
      return {
        ...base,
        uploads: more(base.uploads, { headers: [S3_CHECKSUM_HEADERS[checksum]!] }),
      };
    case 'content-range':
      return { ...base, uploads: more(base.uploads, { headers: ['X-Goog-Hash'] }) };
    case 'tus':
      return {
        ...base,
        endpoint: more(base.endpoint, {
          methods: ['OPTIONS'],
          exposes: ['Tus-Extension', 'Tus-Checksum-Algorithm'],
        }),
        uploads: more(base.uploads, { headers: ['Upload-Checksum'] }),
      };
    default:
      return base;
  }
}
