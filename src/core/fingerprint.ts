import { UploadError } from './errors.js';

/**
 * A sampled fingerprint of a file: SHA-256 (crypto.subtle, no library) over its size and
 * three slices of at most 64 KiB (the start, the middle, the end). A session keeps it, so
 * a resume notices a file changed in place while its name, size and date stayed (an
 * editor that restores the date, a copy tool that keeps it). Reading 192 KiB costs a
 * millisecond or two where a whole-file hash of a 20 GiB file would cost a minute; a
 * change outside the samples is not caught, which the checksums of the protocols are for.
 */

export const SAMPLE_BYTES = 64 * 1024;

/** Where the samples start: the whole file when it is no larger than the three samples. */
export function sampleRanges(size: number): Array<[number, number]> {
  if (size <= 3 * SAMPLE_BYTES) return [[0, size]];
  const middle = Math.floor(size / 2 - SAMPLE_BYTES / 2);
  return [
    [0, SAMPLE_BYTES],
    [middle, middle + SAMPLE_BYTES],
    [size - SAMPLE_BYTES, size],
  ];
}

/** `sha256-sampled:` and the hex digest of the size (8 bytes) and the samples. */
export async function sampledFingerprint(file: Blob): Promise<string> {
  const size = new DataView(new ArrayBuffer(8));
  size.setBigUint64(0, BigInt(file.size));
  const parts: BlobPart[] = [size.buffer];
  for (const [start, end] of sampleRanges(file.size)) parts.push(file.slice(start, end));
  const bytes = await new Blob(parts).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256-sampled:${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Before a stored session is resumed: the file's samples must be the ones the session
 * started with. Throws `file-changed` (final, before any request) when they differ; a
 * record stored before fingerprints existed resumes as before.
 */
export async function checkSameContent(
  stored: string | undefined,
  file: Blob,
  name: string,
): Promise<void> {
  if (!stored || stored === (await sampledFingerprint(file))) return;
  throw new UploadError(
    'file-changed',
    `"${name}" is not the file this upload started with: its name, size and date are the same, but its content differs. Nothing was sent. Choose the unchanged file to resume, or cancel the upload.`,
  );
}
