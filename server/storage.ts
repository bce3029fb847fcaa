import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JoiningHash } from './joining-hash.js';

/**
 * Files on disk in a temp folder, plus a log of every byte range written to
 * each, so a test can prove that no range arrived twice and that the stored
 * bytes hash to the source's SHA-256.
 */
export interface StoredFileInfo {
  id: string;
  protocol: string;
  name: string;
  /** Declared size, when the protocol declares one up front. */
  size: number | null;
  /** Bytes on disk now. */
  stored: number;
  /** Every write as [start, end), in arrival order. */
  ranges: Array<[number, number]>;
  /**
   * Payload bytes that reached storage for this file, kept or not (a part or
   * chunk cut short is counted too): a client that sends a range twice shows here.
   */
  received: number;
  complete: boolean;
}

export class FileStorage {
  readonly dir: string;
  private readonly files = new Map<string, StoredFileInfo>();
  private readonly hashes = new Map<string, JoiningHash>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(dir?: string): Promise<FileStorage> {
    return new FileStorage(dir ?? (await mkdtemp(join(tmpdir(), 'resumable-upload-'))));
  }

  path(id: string): string {
    return join(this.dir, id);
  }

  async createFile(protocol: string, name: string, size: number | null): Promise<StoredFileInfo> {
    const info: StoredFileInfo = {
      id: randomUUID(),
      protocol,
      name,
      size,
      stored: 0,
      ranges: [],
      received: 0,
      complete: false,
    };
    this.files.set(info.id, info);
    const path = this.path(info.id);
    this.hashes.set(
      info.id,
      new JoiningHash((start, end) => createReadStream(path, { start, end: end - 1 })),
    );
    await (await open(this.path(info.id), 'w')).close();
    return info;
  }

  get(id: string): StoredFileInfo | undefined {
    return this.files.get(id);
  }

  list(): StoredFileInfo[] {
    return [...this.files.values()];
  }

  /** Write `data` at `position`, logging the range. */
  async write(id: string, position: number, data: Uint8Array): Promise<void> {
    const info = this.mustGet(id);
    const handle = await open(this.path(id), 'r+');
    try {
      await this.hashedWrite(
        id,
        () => handle.write(data, 0, data.length, position),
        position,
        data,
      );
    } finally {
      await handle.close();
    }
    if (data.length > 0) info.ranges.push([position, position + data.length]);
    info.received += data.length;
    info.stored = Math.max(info.stored, position + data.length);
  }

  /**
   * Stream pieces straight to disk at `position` (no whole-chunk buffer), the
   * way a real storage backend takes a body. Logs one range for what arrived;
   * a body cut short by the client keeps what arrived.
   */
  async writeStream(
    id: string,
    position: number,
    pieces: AsyncIterable<Uint8Array>,
  ): Promise<number> {
    // The client went away mid-body: what arrived is stored, as on GCS.
    const { written } = await this.writePending(id, position, pieces);
    this.commit(id, position, written);
    return written;
  }

  /**
   * Stream pieces to disk at `position` as they arrive, logging nothing: for a
   * protocol that keeps a body only if it arrived whole and valid (an S3 part,
   * a multipart/form-data chunk). The caller `commit`s it then; otherwise the
   * bytes on disk are unconfirmed, and the next write of that range replaces
   * them. Never throws for the pieces: a failing source (the client went away)
   * or disk ends the write and comes back as `error`.
   */
  async writePending(
    id: string,
    position: number,
    pieces: AsyncIterable<Uint8Array>,
  ): Promise<{ written: number; error?: unknown }> {
    const info = this.mustGet(id);
    const handle = await open(this.path(id), 'r+');
    let written = 0;
    try {
      for await (const piece of pieces) {
        const at = position + written;
        await this.hashedWrite(id, () => handle.write(piece, 0, piece.length, at), at, piece);
        written += piece.length;
        info.received += piece.length;
      }
      return { written };
    } catch (error) {
      return { written, error };
    } finally {
      await handle.close();
    }
  }

  /** Log `length` bytes at `position` as stored (see `writePending`). */
  commit(id: string, position: number, length: number): void {
    const info = this.mustGet(id);
    if (length > 0) info.ranges.push([position, position + length]);
    info.stored = Math.max(info.stored, position + length);
  }

  /** Drop everything past `length` (a protocol that discards a partial part). */
  async truncate(id: string, length: number): Promise<void> {
    await truncate(this.path(id), length);
    this.hashes.get(id)?.truncated(length);
    this.mustGet(id).stored = length;
  }

  markComplete(id: string): StoredFileInfo {
    const info = this.mustGet(id);
    info.complete = true;
    return info;
  }

  /**
   * The SHA-256 a protocol's final answer names: kept as the bytes arrived
   * (server/joining-hash.ts), else, after a byte was written twice, read back from disk.
   * Tests and the admin API ask `sha256`, which always reads the disk.
   */
  async answerSha256(id: string): Promise<string> {
    this.mustGet(id);
    const kept = await this.hashes.get(id)?.digestOf(await this.sizeOnDisk(id));
    return kept ?? this.sha256(id);
  }

  async sha256(id: string): Promise<string> {
    this.mustGet(id);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.path(id))) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async sizeOnDisk(id: string): Promise<number> {
    return (await stat(this.path(id))).size;
  }

  /** Ranges that overlap an earlier write: a byte the client sent twice. */
  overlaps(id: string): Array<[number, number]> {
    const seen: Array<[number, number]> = [];
    const twice: Array<[number, number]> = [];
    for (const [start, end] of this.mustGet(id).ranges) {
      for (const [s, e] of seen) {
        if (start < e && s < end) twice.push([Math.max(start, s), Math.min(end, e)]);
      }
      seen.push([start, end]);
    }
    return twice;
  }

  async remove(id: string): Promise<void> {
    this.files.delete(id);
    this.hashes.delete(id);
    await rm(this.path(id), { force: true });
  }

  async destroy(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /** One write to disk, told to the file's running SHA-256. */
  private async hashedWrite(
    id: string,
    write: () => Promise<unknown>,
    position: number,
    bytes: Uint8Array,
  ): Promise<void> {
    const hash = this.hashes.get(id);
    hash?.begin(position);
    try {
      await write();
    } catch (error) {
      hash?.failed(position);
      throw error;
    }
    hash?.wrote(position, bytes);
  }

  private mustGet(id: string): StoredFileInfo {
    const info = this.files.get(id);
    if (!info) throw new Error(`No stored file ${id}`);
    return info;
  }
}
