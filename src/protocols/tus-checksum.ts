import type { AdapterContext, Chunk } from '../core/adapter.js';
import { base64, ChecksumError } from '../core/checksum.js';
import type { HttpResponse } from '../core/http.js';

/**
 * tus's checksum extension (docs/protocols/tus.md#checksums): when the server lists
 * `checksum` in `Tus-Extension` and our algorithm in `Tus-Checksum-Algorithm` (its
 * `OPTIONS` answer, asked once per endpoint and only when a checksum is wanted), each PATCH
 * carries `Upload-Checksum: <algorithm> <base64>`. The server stores nothing of a chunk
 * whose checksum is not its bytes' and answers 460: the chunk is sent again.
 */

/** Per endpoint: the algorithms its server verifies (empty: none, or no extension). */
const advertised = new Map<string, Promise<string[]>>();

async function serverAlgorithms(ctx: AdapterContext, tusVersion: string): Promise<string[]> {
  let known = advertised.get(ctx.endpoint);
  if (!known) {
    known = ctx.http
      .send({
        method: 'OPTIONS',
        url: ctx.endpoint,
        headers: { 'Tus-Resumable': tusVersion },
        signal: ctx.signal,
      })
      .then((response) => {
        const list = (name: string) =>
          (response.header(name) ?? '')
            .split(',')
            .map((item) => item.trim().toLowerCase())
            .filter(Boolean);
        return list('Tus-Extension').includes('checksum') ? list('Tus-Checksum-Algorithm') : [];
      });
    advertised.set(ctx.endpoint, known);
    // A failed question is asked again by the next chunk.
    known.catch(() => advertised.delete(ctx.endpoint));
  }
  return known;
}

/** `Upload-Checksum` for this chunk, when the server verifies our algorithm. */
export async function uploadChecksumHeaders(
  ctx: AdapterContext,
  chunk: Chunk,
  tusVersion: string,
): Promise<Record<string, string>> {
  const digest = chunk.checksum;
  if (!digest) return {};
  const algorithms = await serverAlgorithms(ctx, tusVersion);
  if (!algorithms.includes(digest.algorithm)) return {};
  return { 'Upload-Checksum': `${digest.algorithm} ${base64(digest.bytes)}` };
}

/** 460 Checksum Mismatch: the server dropped the chunk; send it again. */
export function checkChunkAnswer(response: HttpResponse, chunk: Chunk): void {
  if (response.status !== 460) return;
  throw new ChecksumError(
    `The server found the chunk at byte ${chunk.start} changed on the way (460 Checksum Mismatch).`,
    460,
  );
}
