import type { FileInfo } from '../../core/adapter.js';
import type { ChecksumAlgorithm } from '../../core/checksum.js';
import { ProtocolError, SessionGoneError } from '../../core/errors.js';
import { checksumField, creationAlgorithm, type PartChecksum } from './checksums.js';
import { checkServerPartSize, listedSize } from './dialect.js';
import type { Dialect, Grant, ListedPart } from './dialect.js';

/**
 * Plain S3 mode (`urls.s3` set): the page's own backend creates, signs, lists,
 * completes and aborts; the worker only PUTs the parts to the signed URLs. Part
 * numbers are S3's, 1-based.
 */
export interface S3Handle {
  api: 's3';
  uploadId: string;
  key: string;
}

/** What names one multipart upload to S3. */
export interface S3Upload {
  uploadId: string;
  key: string;
}

export interface S3Part {
  PartNumber: number;
  ETag: string;
  /** With `checksum="crc32c"` / `"sha256"`: the part's, as S3's CompleteMultipartUpload takes it. */
  ChecksumCRC32C?: string;
  ChecksumSHA256?: string;
}

/**
 * The page's backend, reached through page hooks (page-hooks.ts) or over HTTP
 * (companion.ts). Each answers as the backend sent it; s3Backed reads the answers.
 */
export interface S3Backend {
  /** → `{uploadId, key, partSize?}`; `checksumAlgorithm`: S3's `ChecksumAlgorithm`, if any. */
  create(file: FileInfo, partSize: number, checksumAlgorithm?: string): Promise<unknown>;
  /** → `{url, headers?}` or the URL string; `checksum`: the part's, for the signer to sign. */
  sign(
    upload: S3Upload,
    partNumber: number,
    size: number,
    checksum?: PartChecksum,
  ): Promise<unknown>;
  /** → `[{PartNumber, ETag, Size}]` (every page of S3's ListParts); null when S3 forgot it. */
  list(upload: S3Upload): Promise<unknown>;
  /** → anything; it becomes the upload's result (e.g. `{location}`). */
  complete(upload: S3Upload, parts: S3Part[]): Promise<unknown>;
  abort(upload: S3Upload): Promise<void>;
}

export function s3Backed(backend: S3Backend, checksum?: ChecksumAlgorithm): Dialect<S3Handle> {
  const upload = (handle: S3Handle): S3Upload => ({ uploadId: handle.uploadId, key: handle.key });
  const field = checksumField(checksum);
  return {
    partNumber: (_handle, index) => index + 1,

    async create(file, partSize) {
      const created = ((await backend.create(file, partSize, creationAlgorithm(checksum))) ??
        {}) as {
        uploadId?: unknown;
        key?: unknown;
        partSize?: unknown;
      };
      if (typeof created.uploadId !== 'string' || typeof created.key !== 'string') {
        throw new ProtocolError(
          'Creating the S3 multipart upload: the backend answered without "uploadId" and "key".',
        );
      }
      const chosen = created.partSize ?? partSize;
      checkServerPartSize(chosen, file.size);
      const handle: S3Handle = { api: 's3', uploadId: created.uploadId, key: created.key };
      return { handle, chunkSize: chosen, state: { kind: 'parts', parts: [] } };
    },

    async list(handle) {
      const answer = await backend.list(upload(handle));
      if (answer === null || answer === undefined) {
        throw new SessionGoneError('The storage no longer knows this multipart upload.');
      }
      const list = Array.isArray(answer)
        ? answer
        : ((answer as { parts?: unknown; Parts?: unknown }).parts ??
          (answer as { Parts?: unknown }).Parts);
      if (!Array.isArray(list)) throw new ProtocolError('The parts listing gave no list of parts.');
      return (list as Array<Record<string, unknown>>).map((p): ListedPart => {
        const etag = p.ETag ?? p.eTag ?? p.etag;
        const sum = field && p[field];
        return {
          index: Number(p.PartNumber ?? p.partNumber) - 1,
          etag: typeof etag === 'string' ? etag : undefined,
          size: listedSize(p.Size ?? p.size),
          ...(typeof sum === 'string' && { checksum: sum }),
        };
      });
    },

    // Signed for each part as it comes up (the adapter asks for the next part's while the
    // ones before it are on the wire), so a URL is fresh even hours into a large upload.
    async grant(handle, index, size, _expired, partChecksum): Promise<Grant> {
      const partNumber = index + 1;
      const answer = await backend.sign(upload(handle), partNumber, size, partChecksum);
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
    },

    complete: (handle, parts) =>
      backend.complete(
        upload(handle),
        parts.map((p) => ({
          PartNumber: p.index + 1,
          ETag: p.etag!,
          ...(field && p.checksum && { [field]: p.checksum }),
        })),
      ),

    abort: (handle) => backend.abort(upload(handle)),
  };
}
