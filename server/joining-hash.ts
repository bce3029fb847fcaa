import { createHash, type Hash } from 'node:crypto';

/**
 * The SHA-256 of a stored file, kept while its bytes arrive in any order, so a finished
 * upload is answered at once instead of after reading the whole file back (a 128 MiB file
 * took the reference server 0.2-1.3 s to hash again, time the client waited for; GCS and
 * S3 compute their hashes as they store, and the tus server never hashes).
 *
 * The hash covers the file's first `claimed` bytes. A write that lands at `claimed` is
 * hashed from its own bytes; one past it waits, and once the bytes before it are hashed
 * it joins them and is read back from disk (the page cache, while the upload still
 * runs): parallel parts, out-of-order segments and in-order chunks are all served.
 *
 * It gives up for good (the file is then read back whole, as before) when a write lands
 * on bytes already hashed, or is still under way when those bytes were hashed: the disk
 * may then hold other bytes than the hash saw. That is a retried part, chunk or segment,
 * which a fault brings; a clean upload never writes a byte twice.
 */
export class JoiningHash {
  #hash: Hash | undefined = createHash('sha256');
  /** Bytes [0, claimed) are hashed, or queued to be, in order. */
  #claimed = 0;
  /** Ranges written past `claimed` and not hashed yet: sorted, apart, as [start, end). */
  #waiting: Array<[number, number]> = [];
  #writesUnderWay = 0;
  /** Steps in the queue not done yet: while there are, new bytes must queue behind them. */
  #stepsQueued = 0;
  /** Read-backs, and the bytes that follow them, in file order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(
    /** The stored bytes [start, end), as the disk holds them now. */
    private readonly read: (start: number, end: number) => AsyncIterable<Uint8Array>,
  ) {}

  /** A write at `position` is about to start. */
  begin(position: number): void {
    this.#writesUnderWay++;
    if (position < this.#claimed) this.#giveUp();
  }

  /** The write `begin` announced is on disk: `bytes` at `position`. */
  wrote(position: number, bytes: Uint8Array): void {
    this.#writesUnderWay--;
    if (!this.#hash || bytes.length === 0) return;
    if (position < this.#claimed) return this.#giveUp();
    if (position === this.#claimed) {
      this.#claimed += bytes.length;
      if (this.#stepsQueued === 0) this.#hash.update(bytes);
      else {
        // After the read-backs ahead of it; the caller may reuse its buffer meanwhile.
        const copy = Uint8Array.from(bytes);
        this.#enqueue(() => void this.#hash?.update(copy));
      }
    } else {
      this.#wait(position, position + bytes.length);
    }
    this.#join();
  }

  /** The write `begin` announced failed: some of its bytes may be on disk. */
  failed(position: number): void {
    this.#writesUnderWay--;
    // Past `claimed` the bytes it left are read back, if ever, as the disk then holds them.
    if (position < this.#claimed) this.#giveUp();
  }

  /** The file was cut to `length` bytes. */
  truncated(length: number): void {
    if (length < this.#claimed) return this.#giveUp();
    this.#waiting = this.#waiting
      .filter(([start]) => start < length)
      .map(([start, end]) => [start, Math.min(end, length)]);
  }

  /** The SHA-256 (hex) once the hash covers the whole file of `size` bytes; else undefined. */
  async digestOf(size: number): Promise<string | undefined> {
    if (this.#writesUnderWay > 0) return undefined;
    await this.#queue;
    if (!this.#hash || this.#writesUnderWay > 0 || this.#claimed !== size) return undefined;
    return this.#hash.copy().digest('hex');
  }

  #wait(start: number, end: number): void {
    const ranges: Array<[number, number]> = [];
    for (const range of this.#waiting) {
      if (range[1] < start || range[0] > end) ranges.push(range);
      else [start, end] = [Math.min(start, range[0]), Math.max(end, range[1])];
    }
    ranges.push([start, end]);
    this.#waiting = ranges.sort((a, b) => a[0] - b[0]);
  }

  /** Queue the read-back of every waiting range that now joins the hashed bytes. */
  #join(): void {
    while (this.#waiting.length > 0 && this.#waiting[0]![0] <= this.#claimed) {
      const [, end] = this.#waiting.shift()!;
      if (end <= this.#claimed) continue;
      const start = this.#claimed;
      this.#claimed = end;
      this.#enqueue(async () => {
        for await (const piece of this.read(start, end)) this.#hash?.update(piece);
      });
    }
  }

  #enqueue(step: () => void | Promise<void>): void {
    this.#stepsQueued++;
    this.#queue = this.#queue
      .then(step)
      .catch(() => this.#giveUp())
      .finally(() => void this.#stepsQueued--);
  }

  #giveUp(): void {
    this.#hash = undefined;
    this.#waiting = [];
  }
}
