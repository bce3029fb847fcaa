import { BackgroundRefusal, type FileInfo, type ServerState } from './adapter.js';

/**
 * What the sequential adapters share when they hand the rest of an upload to the
 * browser's Background Fetch: where the remainder starts, as the server says.
 */
export function remainderOffset(state: ServerState, info: FileInfo): number {
  if (state.kind === 'complete') {
    throw new BackgroundRefusal('finished', 'The server already holds the whole file.');
  }
  if (state.kind !== 'offset') {
    throw new BackgroundRefusal('protocol', 'The status query gave no offset to go on from.');
  }
  if (state.offset >= info.size) {
    throw new BackgroundRefusal('finished', 'The server holds every byte; only its answer is due.');
  }
  return state.offset;
}

/**
 * When a presigned URL stops working, from the parameters signers write: S3's
 * `X-Amz-Date` + `X-Amz-Expires`, or an `expires` (epoch ms or s) query parameter.
 * Undefined when the URL names none.
 */
export function urlExpiresAt(url: string): number | undefined {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const amzDate = query.get('X-Amz-Date');
  const amzExpires = Number(query.get('X-Amz-Expires'));
  if (amzDate && Number.isFinite(amzExpires)) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + amzExpires * 1000;
  }
  const expires = Number(query.get('expires') ?? query.get('Expires') ?? NaN);
  if (!Number.isFinite(expires) || expires <= 0) return undefined;
  // Seconds (S3's v2 signatures) or milliseconds, told apart by their size.
  return expires < 1e12 ? expires * 1000 : expires;
}

/**
 * How long presigned URLs must stay good for a Background Fetch of `bytes`: twice the
 * time at the upload's speed so far (a phone in a pocket is slower than a tab in
 * front), and never less than ten minutes; half an hour when the speed is unknown.
 */
export function neededLifetimeMs(bytes: number, bytesPerSecond: number): number {
  if (!(bytesPerSecond > 0)) return 30 * 60 * 1000;
  return Math.max(10 * 60 * 1000, (2 * bytes * 1000) / bytesPerSecond);
}
