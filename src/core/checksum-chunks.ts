import type { Chunk } from './adapter.js';
import type { ChunkBounds } from './chunk-sizer.js';
import {
  ChecksumError,
  type ChecksumAlgorithm,
  type Digest,
  type HashAlgorithm,
  type Hasher,
  type HashKit,
} from './checksum.js';

/**
 * The chunks the loops send, read and hashed on the way out (docs/element.md, `checksum`).
 *
 * Without a checksum a chunk is a `Blob.slice`: nothing is read before the request
 * streams it. With one, each slice is read once (`arrayBuffer`), hashed, and a Blob of
 * those same bytes is the request body, so what was hashed is what was sent (the file is
 * not read again: a file changed meanwhile cannot slip other bytes in). The sequential loop
 * asks for the next chunk while the current one is on the wire, so the read and the
 * hashing overlap the network; parallel lanes overlap one another.
 *
 * Alongside, the whole file is hashed in order (the same algorithm), for the protocols
 * that announce the object's checksum at the end (GCS's `X-Goog-Hash`) and for the
 * `sha256` of `upload-success`. Chunks are hashed in the order they are asked for, which
 * is file order in both loops; bytes already hashed (a chunk sent again) are skipped,
 * and a gap (a resumed upload whose first bytes the server already held) is read from
 * the file and hashed before the chunk after it.
 */

/** What an upload asks for: the algorithm, and the code that computes it. */
export interface ChecksumSetting {
  algorithm: ChecksumAlgorithm;
  kit?: HashKit;
  /** Told the whole file's digest once every byte was hashed (before the server confirms). */
  onWholeFile?: (digest: Digest) => void;
}

/** Bytes read at once to fill a gap in the whole-file hash: bounded memory on resume. */
const GAP_READ = 8 * 1024 * 1024;

/**
 * The largest chunk read into memory to be hashed. Without a checksum a chunk is a slice the
 * browser streams, and a protocol whose server keeps partial bytes sends the rest of the file
 * in one request; with one, every byte of a chunk is in memory (and the next one read ahead),
 * so chunks stay at most this big. 64 MiB still takes 2.7 s at 200 Mbit/s, ten times a
 * 250 ms round trip.
 */
export const MAX_HASHED_CHUNK = 64 * 1024 * 1024;

/** The loop's chunk bounds when each chunk is read to be hashed: at most MAX_HASHED_CHUNK. */
export function hashableBounds(
  bounds: ChunkBounds | undefined,
  setting: ChecksumSetting | undefined,
): ChunkBounds | undefined {
  if (!bounds || !setting || setting.algorithm === 'none') return bounds;
  const max = Math.max(bounds.min, Math.min(bounds.max, MAX_HASHED_CHUNK));
  return { ...bounds, max: max - (max % bounds.quantum) || bounds.quantum };
}

/** Chunks a sequential loop may ask for again (the one on the wire, the one ahead). */
const KEPT_CHUNKS = 2;

export class ChunkReader {
  private readonly perChunk?: Hasher;
  private readonly whole?: Hasher;
  private hashedTo = 0;
  private fileDigest?: Digest;
  /** Chunks hashed in the order they were asked for. */
  private order: Promise<unknown> = Promise.resolve();
  private readonly kept = new Map<string, Promise<Chunk>>();

  private constructor(
    private readonly file: Blob,
    readonly algorithm: HashAlgorithm | undefined,
    hashers: { perChunk?: Hasher; whole?: Hasher },
    private readonly onWholeFile?: (digest: Digest) => void,
  ) {
    this.perChunk = hashers.perChunk;
    this.whole = hashers.whole;
  }

  /**
   * A reader for `file`. It hashes what the protocol carries (`scope`: each chunk, or the
   * whole file), and the whole file too when the algorithm is SHA-256 (`upload-success`);
   * when that is nothing (`none`, or a protocol without a checksum field), it reads nothing
   * ahead of the wire.
   */
  static async open(
    file: Blob,
    setting: ChecksumSetting | undefined,
    scope: 'chunk' | 'file' | undefined,
  ): Promise<ChunkReader> {
    const algorithm = setting?.algorithm;
    const perChunk = scope === 'chunk';
    const whole = scope === 'file' || algorithm === 'sha256';
    if (!algorithm || algorithm === 'none' || (!perChunk && !whole)) {
      return new ChunkReader(file, undefined, {});
    }
    if (!setting.kit) throw new Error(`checksum "${algorithm}" asked for without hashing code`);
    const create = (wanted: boolean) => (wanted ? setting.kit!.create(algorithm) : undefined);
    const [chunkHasher, wholeHasher] = await Promise.all([create(perChunk), create(whole)]);
    wholeHasher?.init();
    return new ChunkReader(
      file,
      algorithm,
      { perChunk: chunkHasher, whole: wholeHasher },
      setting.onWholeFile,
    );
  }

  /**
   * The chunk `[start, end)`: the one already prepared for that range when there is one
   * (the chunk read ahead, or the one being sent again), a new one otherwise.
   */
  chunk(index: number, start: number, end: number): Promise<Chunk> {
    const key = `${start}-${end}`;
    let chunk = this.kept.get(key);
    if (!chunk) {
      chunk = this.prepare({ index, start, end, blob: this.file.slice(start, end) });
      this.kept.set(key, chunk);
      if (this.kept.size > KEPT_CHUNKS) this.kept.delete(this.kept.keys().next().value!);
      // A failed read is not kept: asking again reads again.
      chunk.catch(() => this.kept.delete(key));
    }
    return chunk.then((prepared) => (prepared.index === index ? prepared : { ...prepared, index }));
  }

  /** `chunk` read and hashed, when a checksum is asked for; as it is otherwise. */
  prepare(chunk: Chunk): Promise<Chunk> {
    if (!this.algorithm) return Promise.resolve(chunk);
    const read = chunk.blob.arrayBuffer();
    const prepared = this.order.then(async () => {
      const bytes = new Uint8Array(await read);
      if (bytes.length !== chunk.end - chunk.start) {
        throw new Error(`read ${bytes.length} bytes of a ${chunk.end - chunk.start}-byte chunk`);
      }
      await this.hashWhole(chunk.start, bytes);
      const checksum = this.perChunk && digestOf(this.perChunk, this.algorithm!, bytes);
      // A Blob of the very bytes hashed, not the bytes themselves: Chromium took 2-3 s to
      // send an 8 MiB Uint8Array body from the worker, against ~0.1 s for a Blob.
      const blob = new Blob([bytes]);
      return { ...chunk, blob, checksum, fileChecksum: this.wholeDigest(chunk.end) };
    });
    this.order = prepared.catch(() => {});
    return prepared;
  }

  /** The whole file's digest, once every byte of it was hashed. */
  wholeDigest(upTo = this.hashedTo): Digest | undefined {
    if (!this.whole || upTo !== this.file.size || this.hashedTo !== this.file.size) return;
    if (!this.fileDigest) {
      this.fileDigest = { algorithm: this.algorithm!, bytes: this.whole.digest() };
      this.onWholeFile?.(this.fileDigest);
    }
    return this.fileDigest;
  }

  private async hashWhole(start: number, bytes: Uint8Array): Promise<void> {
    const whole = this.whole;
    if (!whole || this.fileDigest) return;
    while (this.hashedTo < start) {
      const end = Math.min(start, this.hashedTo + GAP_READ);
      const gap = new Uint8Array(await this.file.slice(this.hashedTo, end).arrayBuffer());
      whole.update(gap);
      this.hashedTo = end;
    }
    const end = start + bytes.length;
    if (end <= this.hashedTo) return;
    whole.update(this.hashedTo > start ? bytes.subarray(this.hashedTo - start) : bytes);
    this.hashedTo = end;
  }
}

function digestOf(hasher: Hasher, algorithm: HashAlgorithm, bytes: Uint8Array): Digest {
  // Synchronous from init to digest, so lanes sharing the hasher cannot interleave.
  hasher.init();
  hasher.update(bytes);
  return { algorithm, bytes: hasher.digest() };
}

/** Times a chunk the server found corrupted is sent again before the upload fails. */
export const CHECKSUM_RESENDS = 2;

/**
 * Send again, at once and from the same bytes, a chunk whose checksum the server refused
 * (`ChecksumError`); after `CHECKSUM_RESENDS` the error stands (code `checksum`), final.
 */
export async function resendOnMismatch<T>(
  send: () => Promise<T>,
  onMismatch?: (error: ChecksumError) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const resend = error instanceof ChecksumError && error.resendable;
      if (!resend || attempt >= CHECKSUM_RESENDS) throw error;
      onMismatch?.(error);
    }
  }
}

/** Two digests are the same bytes. */
export function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
