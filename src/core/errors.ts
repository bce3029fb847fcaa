/**
 * Errors the core raises. Every error that reaches the user carries a stable
 * `code`, a message written for people, and, when there was one, the HTTP
 * status. Whether the loop may retry is decided by the class, never by
 * matching message text.
 */

export type ErrorCode =
  | 'network'
  | 'http'
  | 'session-gone'
  | 'protocol'
  | 'config'
  | 'file-changed'
  | 'file-mismatch'
  | 'file-too-large'
  | 'file-type'
  /** A folder file's relative path climbs out (`..`), is absolute or holds control characters. */
  | 'file-path'
  | 'auth'
  | 'retries-exhausted'
  | 'storage'
  /** The server says the upload is finished while it cannot hold every byte. */
  | 'incomplete'
  /**
   * A server found a chunk's bytes changed on the way (its checksum, checksum.ts's
   * `ChecksumError`): sent again at once, then final; never completed.
   */
  | 'checksum'
  /** The worker's file or one of its modules was not where the page looked for it. */
  | 'missing-file'
  /**
   * An origin never answered, or hid a header the protocol reads: CORS (or a host the
   * browser cannot reach). Final; the message names the origin and what it must allow.
   */
  | 'blocked'
  | (string & {});

export class UploadError extends Error {
  override readonly name: string = 'UploadError';
  readonly code: ErrorCode;
  readonly status?: number;
  /** Set when the failure may have happened after the server took some bytes. */
  readonly uncertain: boolean;
  readonly retryable: boolean;
  /** Milliseconds the server asked us to wait (`Retry-After`). */
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    message: string,
    init: { status?: number; uncertain?: boolean; retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.status = init.status;
    this.uncertain = init.uncertain ?? false;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request never got an answer: the server may or may not hold the bytes. */
export class NetworkError extends UploadError {
  override readonly name = 'NetworkError';
  constructor(method: string, url: string, cause?: unknown) {
    super('network', `The connection was lost during ${method} ${redactUrl(url)}.`, {
      uncertain: true,
      retryable: true,
    });
    this.cause = cause;
  }
}

/**
 * The browser never let an answer from `origin` through (CORS refused it, or the host
 * cannot be reached), or hid a header the protocol needs. Retrying cannot mend either.
 */
export class BlockedError extends UploadError {
  override readonly name = 'BlockedError';
  readonly origin: string;
  constructor(origin: string, message: string, status?: number) {
    super('blocked', message, { status });
    this.origin = origin;
  }
}

/** Statuses to retry (docs/protocols/README.md#retries); every other 4xx is final. */
export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export class HttpStatusError extends UploadError {
  override readonly name = 'HttpStatusError';
  readonly method: string;
  readonly url: string;
  readonly body: string;
  constructor(
    method: string,
    url: string,
    status: number,
    message: string,
    init: { body?: string; retryAfterMs?: number; code?: ErrorCode } = {},
  ) {
    super(init.code ?? (status === 401 || status === 403 ? 'auth' : 'http'), message, {
      status,
      retryable: RETRYABLE_STATUSES.has(status),
      // A 5xx may have been raised after the body was (partly) stored.
      uncertain: status >= 500,
      retryAfterMs: init.retryAfterMs,
    });
    this.method = method;
    this.url = url;
    this.body = init.body ?? '';
  }
}

/** The server no longer knows the session (404/410, OCC 13006, expiry). */
export class SessionGoneError extends UploadError {
  override readonly name = 'SessionGoneError';
  constructor(message: string, status?: number) {
    super('session-gone', message, { status });
  }
}

/** The server answered something the protocol does not allow. Final. */
export class ProtocolError extends UploadError {
  override readonly name = 'ProtocolError';
  constructor(message: string, status?: number) {
    super('protocol', message, { status });
  }
}

/**
 * The server says the upload is finished, but what it says it holds falls short of the
 * file. Final, and the session is kept: nothing confirmed is lost, and a retry asks the
 * server again.
 */
export class IncompleteError extends UploadError {
  override readonly name = 'IncompleteError';
  constructor(message: string, status?: number) {
    super('incomplete', message, { status });
  }

  /** "The server says the upload is finished but holds 0 of 41943040 bytes." */
  static holding(held: number, total: number, status?: number): IncompleteError {
    return new IncompleteError(
      `The server says the upload is finished but holds ${held} of ${total} bytes.`,
      status,
    );
  }
}

/** A setting or input the protocol cannot use. Raised before any request. */
export class ConfigError extends UploadError {
  override readonly name = 'ConfigError';
  constructor(message: string, code: ErrorCode = 'config') {
    super(code, message);
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Query strings can carry grants (presigned URLs); never show them. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}
