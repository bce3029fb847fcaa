import { createHash, type Hash } from 'node:crypto';

/**
 * The SHA-256 of a stored file kept as its bytes arrive, while they arrive as one
 * in-order stream of appends (a sequential protocol's chunks), so a finished upload is
 * answered at once instead of after reading the whole file back: a 128 MiB file took the
 * reference server 0.3-0.5 s to hash again, time the client then waited for, which GCS (it
 * computes its hashes as it stores) and the tus server never cost. Any other write (one
 * below or past the end, or two at once) gives the prefix up for good; the file is then
 * read back as before.
 */
export class PrefixHash {
  private hash: Hash | undefined = createHash('sha256');
  /** Bytes hashed: the file's first `at` bytes, as written. */
  private at = 0;
  private writing = false;

  /**
   * Before writing `length` bytes at `position`: whether this write continues the
   * prefix (then `wrote` must follow it, after the bytes are on disk).
   */
  begin(position: number): boolean {
    if (!this.hash || this.writing || position !== this.at) {
      this.hash = undefined;
      return false;
    }
    this.writing = true;
    return true;
  }

  /** The bytes `begin` announced are on disk. */
  wrote(bytes: Uint8Array): void {
    this.writing = false;
    this.hash?.update(bytes);
    this.at += bytes.length;
  }

  /** The write `begin` announced failed: what is on disk is unknown. */
  failed(): void {
    this.writing = false;
    this.hash = undefined;
  }

  /** The file was cut to `length` bytes. */
  truncated(length: number): void {
    if (length !== this.at) this.hash = undefined;
  }

  /** The SHA-256 (hex) when the prefix is the whole file of `size` bytes. */
  digestOf(size: number): string | undefined {
    if (!this.hash || this.writing || size !== this.at) return undefined;
    return this.hash.copy().digest('hex');
  }
}
