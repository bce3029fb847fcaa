import type { Chunk } from '../../core/adapter.js';
import {
  base64,
  ChecksumError,
  hex,
  type ChecksumAlgorithm,
  type Digest,
} from '../../core/checksum.js';
import type { HttpResponse } from '../../core/http.js';

/**
 * S3's checksums on a multipart upload (docs/protocols/multipart.md#checksums): the
 * algorithm named when the upload is created, each part's checksum in its own header on
 * the part's PUT, and every part's checksum again in the complete call, so the storage
 * checks each part as it arrives and the object as it is assembled. MD5 is S3's older
 * `Content-MD5`: no algorithm at creation, nothing in the complete call.
 */

interface S3Checksum {
  /** The PUT's header. */
  header: string;
  /** S3's `ChecksumAlgorithm` at creation; none for Content-MD5. */
  algorithm?: 'CRC32C' | 'SHA256';
  /** The part's field in CompleteMultipartUpload and ListParts (`ChecksumCRC32C`). */
  field?: 'ChecksumCRC32C' | 'ChecksumSHA256';
}

const S3_CHECKSUMS: Record<Exclude<ChecksumAlgorithm, 'none'>, S3Checksum> = {
  crc32c: { header: 'x-amz-checksum-crc32c', algorithm: 'CRC32C', field: 'ChecksumCRC32C' },
  sha256: { header: 'x-amz-checksum-sha256', algorithm: 'SHA256', field: 'ChecksumSHA256' },
  md5: { header: 'Content-MD5' },
};

/** The upload's algorithm as S3 names it at creation (`ChecksumAlgorithm`), if it has one. */
export function creationAlgorithm(algorithm?: ChecksumAlgorithm): string | undefined {
  return algorithm && algorithm !== 'none' ? S3_CHECKSUMS[algorithm].algorithm : undefined;
}

/** What a part's signer and its PUT need: the header, S3's algorithm name, the base64 value. */
export interface PartChecksum {
  header: string;
  algorithm: 'CRC32C' | 'SHA256' | 'MD5';
  value: string;
}

export function partChecksum(digest: Digest | undefined): PartChecksum | undefined {
  if (!digest) return undefined;
  const s3 = S3_CHECKSUMS[digest.algorithm];
  return { header: s3.header, algorithm: s3.algorithm ?? 'MD5', value: base64(digest.bytes) };
}

/** The part's field in the complete call and in a listing (`ChecksumCRC32C`), if any. */
export function checksumField(algorithm?: ChecksumAlgorithm): string | undefined {
  return algorithm && algorithm !== 'none' ? S3_CHECKSUMS[algorithm].field : undefined;
}

/**
 * Throws a ChecksumError (the part is sent again) when the storage says the bytes it got
 * are not the ones we hashed: S3's `400 BadDigest`, a checksum header it echoes that is not
 * ours, or, where the ETag is the plain MD5 of the part (`md5`, a seed server's eTag), an
 * ETag that is not our MD5.
 */
export function checkPartAnswer(
  chunk: Chunk,
  response: HttpResponse,
  partNumber: number,
  etag: string | null,
  etagIsMd5: boolean,
): void {
  const digest = chunk.checksum;
  if (!digest) return;
  if (response.status === 400 && /<Code>BadDigest<\/Code>/.test(response.body)) {
    throw new ChecksumError(
      `The storage refused part ${partNumber}: its bytes did not match their ${digest.algorithm} (BadDigest).`,
      400,
    );
  }
  if (response.status < 200 || response.status >= 300) return;
  const ours = base64(digest.bytes);
  const echoed = response.header(S3_CHECKSUMS[digest.algorithm].header);
  const plainMd5 =
    etagIsMd5 && digest.algorithm === 'md5' && etag && /^"?[0-9a-f]{32}"?$/i.test(etag);
  if (
    (digest.algorithm !== 'md5' && echoed && echoed !== ours) ||
    (plainMd5 && etag.replaceAll('"', '').toLowerCase() !== hex(digest.bytes))
  ) {
    throw new ChecksumError(
      `Part ${partNumber} arrived with a different ${digest.algorithm} than it left with.`,
      response.status,
    );
  }
}
