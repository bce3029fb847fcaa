import type { Chunk } from '../core/adapter.js';
import { base64, ChecksumError, type Digest } from '../core/checksum.js';
import type { HttpResponse } from '../core/http.js';
import { fieldOf } from '../core/verify.js';

/**
 * GCS's checksums on a resumable upload (docs/protocols/content-range.md#checksums): the
 * whole object's CRC32C or MD5 in `X-Goog-Hash` on the request that finishes it, which GCS
 * checks before it creates the object (400 otherwise), and the `crc32c` / `md5Hash` of the
 * object resource it answers, compared with ours. GCS has no SHA-256: with
 * `checksum="sha256"` nothing is sent, and the digest goes to `upload-success` only.
 */

const GCS_NAMES: Partial<Record<Digest['algorithm'], { header: string; field: string }>> = {
  crc32c: { header: 'crc32c', field: 'crc32c' },
  md5: { header: 'md5', field: 'md5Hash' },
};

/** `X-Goog-Hash` for the chunk that ends the file, when the algorithm is one GCS knows. */
export function objectHashHeaders(chunk: Chunk): Record<string, string> {
  const digest = chunk.fileChecksum;
  const gcs = digest && GCS_NAMES[digest.algorithm];
  return gcs ? { 'X-Goog-Hash': `${gcs.header}=${base64(digest.bytes)}` } : {};
}

/**
 * Throws a final ChecksumError when the server refused the object's hash (400 naming it)
 * or answered an object whose hash is not ours. Not sent again: the difference may be in
 * any chunk already stored, so only a new upload can mend it.
 */
export function checkObjectHash(chunk: Chunk, response: HttpResponse, result: unknown): void {
  const digest = chunk.fileChecksum;
  const gcs = digest && GCS_NAMES[digest.algorithm];
  if (!gcs) return;
  const refused = response.status === 400 && /crc32c|md5|hash|checksum/i.test(response.body);
  const answered = fieldOf(result, gcs.field);
  if (refused || (typeof answered === 'string' && answered !== base64(digest.bytes))) {
    throw new ChecksumError(
      `The stored object's ${digest.algorithm} is not the file's: some bytes changed on the way, so the upload is not finished.` +
        (refused ? ' The server refused the object (400).' : ''),
      response.status,
      false,
    );
  }
}
