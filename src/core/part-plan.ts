import type { Chunk } from './adapter.js';

/**
 * The part plan of the parallel protocols (`segments`, `multipart`): fixed
 * boundaries, so a part number means the same bytes to the loop, to the
 * adapter reading the server's listing, and on every resume.
 */
export type PlannedPart = Omit<Chunk, 'blob'>;

/** A zero-byte file is still one (empty) part: the server needs a request to finish it. */
export function partCount(fileSize: number, partSize: number): number {
  return fileSize === 0 ? 1 : Math.ceil(fileSize / partSize);
}

/** The smallest part size that keeps a file within `maxParts` parts. */
export function smallestPartSize(fileSize: number, maxParts: number): number {
  return Math.ceil(fileSize / maxParts);
}

/** Part `index` (0-based); the last part holds what is left. */
export function plannedPart(fileSize: number, partSize: number, index: number): PlannedPart {
  const start = index * partSize;
  return { index, start, end: Math.min(start + partSize, fileSize) };
}

export function planParts(fileSize: number, partSize: number): PlannedPart[] {
  return Array.from({ length: partCount(fileSize, partSize) }, (_, index) =>
    plannedPart(fileSize, partSize, index),
  );
}
