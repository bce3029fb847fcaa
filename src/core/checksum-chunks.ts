import type { Chunk } from './adapter.js';
import type { ChunkBounds } from './chunk-sizer.js';
import {
  ChecksumError,
  type ChecksumAlgorithm,
  type Digest,
  type HashAlgorithm,
  type Hasher,
  type HashKit,
  type SavedHashState,
} from './checksum.js';

/**
 * The chunks the loops send, read and hashed on the way out (docs/element.md, `checksum`).
 *
 * Without a checksum a chunk is a `Blob.slice`: nothing is read before the request
 * streams it. With one, each slice is read once, hashed, and a Blob of those same bytes is
 * the request body, so what was hashed is what was sent (the file is not read again: a file
 * changed meanwhile cannot slip other bytes in). A chunk is read in pieces of PIECE bytes,
 * each hashed and wrapped in a Blob at once (the next piece is read while this one is
 * hashed); the body is one Blob of those Blobs.
 * The sequential loop asks for the next chunk while the current one is on the wire, so the
 * read and the hashing overlap the network; parallel lanes overlap one another.
 *
 * Alongside, the whole file is hashed in order (the same algorithm), for the protocols
 * that announce the object's checksum at the end (GCS's `X-Goog-Hash`) and for the
 * `sha256` of `upload-success`. Chunks are hashed in the order they are asked for, which
 * is file order in both loops; bytes already hashed (a chunk sent again) are skipped,
 * and a gap (a resumed upload whose first bytes the server already held) is read from
 * the file and hashed before the chunk after it, unless the session record kept the
 * hash's state at exactly the offset the upload resumes from (`keepState`).
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

/**
 * Bytes read, hashed and wrapped at once: a whole chunk (MAX_HASHED_CHUNK at most). Smaller
 * pieces (8 MiB, one Blob of their Blobs) cost Chromium 1.8 more CPU seconds per GiB than
 * 64 MiB ones here, on a machine whose CPU is what limits the upload
 * (bench/checksum-cpu.ts: 11.7 against 9.9 s/GiB with crc32c, 7.1 without a checksum).
 */
export const PIECE = MAX_HASHED_CHUNK;

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

/** Whole-file hash states kept by the offset they reached, for `keepState` (a few lanes' worth). */
const KEPT_STATES = 32;

/**
 * SHA-256 of a whole chunk by the browser's own code (`crypto.subtle`, native, and in
 * Chromium off the worker's thread) instead of WebAssembly: 2-4 times faster here
 * (bench/hash-speed.ts). Only where a secure context has it; hash-wasm otherwise.
 */
function nativeSha256(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

export class ChunkReader {
  private hashedTo = 0;
  private fileDigest?: Digest;
  /** Chunks hashed in the order they were asked for. */
  private order: Promise<unknown> = Promise.resolve();
  private readonly kept = new Map<string, Promise<Chunk>>();
  /** The whole-file hash's state at the end of each chunk lately hashed. */
  private readonly states = new Map<number, Uint8Array>();

  private constructor(
    private readonly file: Blob,
    readonly algorithm: HashAlgorithm | undefined,
    private readonly hashers: { perChunk?: Hasher; native?: SubtleCrypto; whole?: Hasher } = {},
    private readonly onWholeFile?: (digest: Digest) => void,
    private readonly pieceBytes = PIECE,
  ) {}

  /**
   * A reader for `file`. It hashes what the protocol carries (`scope`: each chunk, or the
   * whole file), and the whole file too when the algorithm is SHA-256 (`upload-success`);
   * when that is nothing (`none`, or a protocol without a checksum field), it reads nothing
   * ahead of the wire. `resume`: where the upload goes on from, and the state saved there;
   * `pieceBytes`: how much of a chunk is read at once (PIECE; smaller in tests).
   */
  static async open(
    file: Blob,
    setting: ChecksumSetting | undefined,
    scope: 'chunk' | 'file' | undefined,
    resume?: { offset: number; saved?: SavedHashState },
    pieceBytes = PIECE,
  ): Promise<ChunkReader> {
    const algorithm = setting?.algorithm;
    const perChunk = scope === 'chunk';
    const whole = scope === 'file' || algorithm === 'sha256';
    if (!algorithm || algorithm === 'none' || (!perChunk && !whole)) {
      return new ChunkReader(file, undefined);
    }
    if (!setting.kit) throw new Error(`checksum "${algorithm}" asked for without hashing code`);
    const native = perChunk && algorithm === 'sha256' ? nativeSha256() : undefined;
    const create = (wanted: boolean) => (wanted ? setting.kit!.create(algorithm) : undefined);
    const [chunkHasher, wholeHasher] = await Promise.all([
      create(perChunk && !native),
      create(whole),
    ]);
    wholeHasher?.init();
    const reader = new ChunkReader(
      file,
      algorithm,
      { perChunk: chunkHasher, native, whole: wholeHasher },
      setting.onWholeFile,
      pieceBytes,
    );
    reader.resumeFrom(resume);
    return reader;
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
    const prepared = this.order.then(() => this.readAndHash(chunk));
    this.order = prepared.catch(() => {});
    return prepared;
  }

  /** The whole file's digest, once every byte of it was hashed. */
  wholeDigest(upTo = this.hashedTo): Digest | undefined {
    const whole = this.hashers.whole;
    if (!whole || upTo !== this.file.size || this.hashedTo !== this.file.size) return;
    if (!this.fileDigest) {
      this.fileDigest = { algorithm: this.algorithm!, bytes: whole.digest() };
      this.onWholeFile?.(this.fileDigest);
    }
    return this.fileDigest;
  }

  /**
   * Puts in `record` the whole-file hash's state at `offset` (the bytes the server
   * confirmed), when this reader hashed up to exactly there; otherwise takes out the one
   * it had, which no longer matches.
   */
  keepState(record: { hashState?: SavedHashState }, offset: number): void {
    const state = this.states.get(offset);
    if (state && offset > 0) record.hashState = { algorithm: this.algorithm!, offset, state };
    else delete record.hashState;
  }

  /** Go on from a saved state when it is this algorithm's, at exactly `offset`. */
  private resumeFrom(resume?: { offset: number; saved?: SavedHashState }): void {
    const whole = this.hashers.whole;
    const saved = resume?.saved;
    if (!whole || !saved || saved.algorithm !== this.algorithm) return;
    if (saved.offset !== resume.offset || saved.offset <= 0 || saved.offset > this.file.size) {
      return;
    }
    try {
      whole.load(saved.state);
      this.hashedTo = saved.offset;
      this.states.set(saved.offset, saved.state);
    } catch {
      // A state this hasher cannot take (another version of the code): hashed from the start.
      whole.init();
    }
  }

  private async readAndHash(chunk: Chunk): Promise<Chunk> {
    const { perChunk, native } = this.hashers;
    await this.fillGap(chunk.start);
    // SHA-256 by the browser takes the chunk in one call: then it is read in one piece.
    const step = native ? Math.max(1, chunk.end - chunk.start) : this.pieceBytes;
    const pieces: Blob[] = [];
    let nativeDigest: Promise<ArrayBuffer> | undefined;
    perChunk?.init();
    let reading = this.read(chunk.start, Math.min(chunk.end, chunk.start + step));
    for (let at = chunk.start; at < chunk.end;) {
      const bytes = await reading;
      const to = at + bytes.length;
      // The next piece is read while this one is hashed.
      if (to < chunk.end) reading = this.read(to, Math.min(chunk.end, to + step));
      nativeDigest = native?.digest('SHA-256', bytes);
      this.hashWhole(at, bytes);
      perChunk?.update(bytes);
      // A Blob of the very bytes hashed, not the bytes themselves: Chromium took 2-3 s to
      // send an 8 MiB Uint8Array body from the worker, against ~0.1 s for a Blob.
      pieces.push(new Blob([bytes]));
      at = to;
    }
    if (native && !nativeDigest) nativeDigest = native.digest('SHA-256', new Uint8Array(0));
    const checksum: Digest | undefined = nativeDigest
      ? { algorithm: 'sha256', bytes: new Uint8Array(await nativeDigest) }
      : perChunk && { algorithm: this.algorithm!, bytes: perChunk.digest() };
    const blob = pieces.length === 1 ? pieces[0] : new Blob(pieces);
    return { ...chunk, blob, checksum, fileChecksum: this.wholeDigest(chunk.end) };
  }

  /** `[start, end)` of the file, every byte of it (a file that shrank since is an error). */
  private async read(start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
    const bytes = new Uint8Array(await this.file.slice(start, end).arrayBuffer());
    if (bytes.length !== end - start) {
      throw new Error(`read ${bytes.length} bytes of ${end - start} at ${start} of the file`);
    }
    return bytes;
  }

  /** Hash the bytes before `start` not hashed yet (a resumed upload's prefix). */
  private async fillGap(start: number): Promise<void> {
    const whole = this.hashers.whole;
    if (!whole || this.fileDigest) return;
    while (this.hashedTo < start) {
      const end = Math.min(start, this.hashedTo + GAP_READ);
      whole.update(await this.read(this.hashedTo, end));
      this.hashedTo = end;
    }
  }

  private hashWhole(start: number, bytes: Uint8Array): void {
    const whole = this.hashers.whole;
    if (!whole || this.fileDigest) return;
    const end = start + bytes.length;
    if (end <= this.hashedTo) return;
    whole.update(this.hashedTo > start ? bytes.subarray(this.hashedTo - start) : bytes);
    this.hashedTo = end;
    this.states.set(end, whole.save());
    if (this.states.size > KEPT_STATES) this.states.delete(this.states.keys().next().value!);
  }
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
