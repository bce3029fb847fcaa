import { IncompleteError, ProtocolError } from './errors.js';

/**
 * Success is verified, never assumed: a server's "finished" counts only when what it
 * says it holds is the whole file. Each adapter reads its own final answer; these read
 * the numbers in it.
 */

/**
 * A count (of bytes, of segments) as servers write it: a whole number, or one in a string
 * (GCS's `"size": "123"`). Undefined when the field is absent or null.
 */
export function wholeNumber(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const count = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new ProtocolError(
      `The server sent ${what}=${JSON.stringify(value)}, which is not a whole number.`,
    );
  }
  return count;
}

/**
 * The count of bytes a finished upload's answer names (`size`, `bytes_uploaded`, …)
 * must be the file's size; an answer that names none is taken at its word.
 */
export function checkFinishedSize(
  value: unknown,
  what: string,
  total: number,
  status?: number,
): void {
  const held = wholeNumber(value, what);
  if (held === undefined || held === total) return;
  if (held < total) throw IncompleteError.holding(held, total, status);
  throw new ProtocolError(
    `The server says the upload is finished with ${held} bytes, but the file has ${total}.`,
    status,
  );
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The named field of a JSON object answer, if the answer is one. */
export function fieldOf(answer: unknown, field: string): unknown {
  return isObject(answer) ? answer[field] : undefined;
}
