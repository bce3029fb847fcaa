import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createCRC32, type IHasher } from 'hash-wasm';
import type { ServerContext } from './http-kit.js';
import type { Phase } from './faults.js';

/**
 * What the reference servers check, as the real services do (docs/protocols/*.md,
 * "Checksums"): S3's `x-amz-checksum-*` / `Content-MD5` on a part (`400 BadDigest`), GCS's
 * `X-Goog-Hash` on the request that finishes an object (400), tus's `Upload-Checksum`
 * (460, test/helpers/tus-server.ts). And the `corrupt` fault knob, which changes one byte
 * of a request body on its way in, as a bad link would.
 */

export type ServerAlgorithm = 'crc32c' | 'md5' | 'sha256';

/** One running hash, base64 at the end: node:crypto's, or hash-wasm's CRC32C. */
export interface RunningHash {
  update(bytes: Uint8Array): void;
  base64(): string;
}

export async function runningHash(algorithm: ServerAlgorithm): Promise<RunningHash> {
  if (algorithm === 'crc32c') {
    const crc: IHasher = await createCRC32(0x82f63b78);
    crc.init();
    return {
      update: (bytes) => void crc.update(bytes),
      base64: () => Buffer.from(crc.digest('binary')).toString('base64'),
    };
  }
  const hash: Hash = createHash(algorithm);
  return { update: (bytes) => void hash.update(bytes), base64: () => hash.digest('base64') };
}

/** The stored file's digests, base64, in one read. */
export async function fileDigests(
  path: string,
  algorithms: ServerAlgorithm[],
): Promise<Partial<Record<ServerAlgorithm, string>>> {
  const hashes = await Promise.all(algorithms.map(runningHash));
  for await (const piece of createReadStream(path)) {
    for (const hash of hashes) hash.update(piece as Buffer);
  }
  return Object.fromEntries(algorithms.map((algorithm, i) => [algorithm, hashes[i].base64()]));
}

/** S3's part checksum headers and the algorithm each names. */
const S3_HEADERS: Array<[string, ServerAlgorithm]> = [
  ['x-amz-checksum-crc32c', 'crc32c'],
  ['x-amz-checksum-sha256', 'sha256'],
  ['content-md5', 'md5'],
];

/** The checksums a part's PUT claims, by algorithm. */
export function claimedPartChecksums(
  headers: Record<string, string | string[] | undefined>,
): Array<{ header: string; algorithm: ServerAlgorithm; value: string }> {
  return S3_HEADERS.flatMap(([header, algorithm]) => {
    const value = headers[header];
    return typeof value === 'string' ? [{ header, algorithm, value }] : [];
  });
}

/** S3's answer to a part whose bytes are not its checksum's. */
export function badDigestXml(header: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>BadDigest</Code>' +
    `<Message>The ${header} you specified did not match the calculated checksum.</Message></Error>`
  );
}

/**
 * `X-Goog-Hash: crc32c=…,md5=…` as a map; GCS names the algorithms in lowercase.
 */
export function googHash(
  header: string | string[] | undefined,
): Partial<Record<'crc32c' | 'md5', string>> {
  const found: Partial<Record<'crc32c' | 'md5', string>> = {};
  for (const item of String(header ?? '').split(',')) {
    const at = item.indexOf('=');
    const name = item.slice(0, at).trim().toLowerCase();
    if (name === 'crc32c' || name === 'md5') found[name] = item.slice(at + 1).trim();
  }
  return found;
}

/**
 * The `corrupt` fault (faults.ts): the byte at `at` of this request's body, flipped on its
 * way in. Undefined when no such fault fires for this request.
 */
export function corruptAt(
  ctx: ServerContext,
  protocol: string,
  phase: Phase,
  session?: string,
): number | undefined {
  const [fault] = ctx.faults.take(protocol, phase, session, ['corrupt']);
  return fault ? (fault.bytes ?? 0) : undefined;
}

/** `pieces` with the byte at offset `at` (if it comes) inverted. */
export async function* corrupted(
  pieces: AsyncIterable<Uint8Array>,
  at: number | undefined,
): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const piece of pieces) {
    if (at !== undefined && at >= seen && at < seen + piece.length) {
      const copy = Uint8Array.from(piece);
      copy[at - seen] ^= 0xff;
      seen += piece.length;
      yield copy;
      continue;
    }
    seen += piece.length;
    yield piece;
  }
}
