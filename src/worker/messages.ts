import type {
  BackgroundPlan,
  BackgroundRefusalReason,
  FileInfo,
  ProtocolName,
  ProtocolOptions,
} from '../core/adapter.js';
import type { ErrorCode } from '../core/errors.js';
import type { StoredSession } from '../core/session-store.js';
import type { ProgressTiming } from '../core/upload-job.js';

/**
 * Everything the element and the worker say to each other. One union each
 * way, discriminated by `type`, so both ends are checked by the compiler.
 */

export interface UploadConfig {
  protocol: ProtocolName;
  endpoint: string;
  withCredentials: boolean;
  /**
   * Origins beyond the endpoint's (and `urls`') that get the page's headers and cookies
   * (`credentials-to`), or `['*']` for every one. Presigned URLs never get them.
   */
  credentialsTo?: string[];
  options: ProtocolOptions;
  /**
   * Headers the page gave as a plain object: sent as they are, without asking
   * the page before each request. Absent when `headers` is a function.
   */
  staticHeaders?: Record<string, string>;
  /**
   * Where the hashing code is (`assets/checksum.js` beside the element's module), set
   * when `options.checksum` asks for one: the worker `import()`s it then, and only then.
   */
  checksumModule?: string;
}

export type ToWorker =
  | { type: 'start'; id: string; file: Blob; info: FileInfo; config: UploadConfig }
  /**
   * This tab holds the upload's Web Lock. A `start` goes out before the lock is asked for,
   * so a new upload does not wait on the page's main thread; an upload with a stored
   * session waits for this before it touches the session.
   */
  | { type: 'go'; id: string }
  | { type: 'pause'; id: string }
  /** `key` and `config` let the worker abort a restored session that is not running. */
  | { type: 'cancel'; id: string; key?: string; config?: UploadConfig }
  | { type: 'list'; requestId: number; protocol: ProtocolName; endpoint: string }
  /**
   * Hand what the server lacks to a Background Fetch: stop sending, ask the server, and
   * answer `hand-off-plan` (the loop stays suspended) or `hand-off-refused` (it goes on).
   */
  | { type: 'hand-off'; id: string; bytesPerSecond: number }
  /** The Background Fetch holds the bytes: the suspended loop ends for good. */
  | { type: 'handed-off'; id: string }
  /**
   * No registration holds the bytes (refused, or the upload was paused or cancelled
   * meanwhile): the mark goes, and the loop goes on from the server's offset (`resume`)
   * or the worker answers `paused`.
   */
  | { type: 'hand-off-failed'; id: string; resume: boolean }
  /** The Background Fetch ended (or is gone): finish the upload, or say what is left. */
  | { type: 'adopt'; id: string; key: string; info: FileInfo; config: UploadConfig }
  | { type: 'page-reply'; requestId: number; ok: true; value: unknown }
  | { type: 'page-reply'; requestId: number; ok: false; message: string };

export interface WorkerError {
  code: ErrorCode;
  message: string;
  status?: number;
  willRetry: boolean;
}

export type FromWorker =
  /** The worker's code loaded and listens. */
  | { type: 'ready' }
  | { type: 'session'; id: string; key: string; persistent: boolean }
  /**
   * `bytesConfirmed`: what the server holds; `bytesSent`: that plus what requests in flight
   * have put on the wire. Every confirmation, and bytes moving at most 5 times a second.
   * With the time the upload needs after its last byte left (`ProgressTiming`), which
   * the time left counts.
   */
  | ({
      type: 'progress';
      id: string;
      bytesSent: number;
      bytesConfirmed: number;
      bytesTotal: number;
    } & ProgressTiming)
  | { type: 'notice'; id: string; error: WorkerError }
  | { type: 'failed'; id: string; error: WorkerError }
  /** `sha256`: the whole file's SHA-256 (hex), when `checksum="sha256"` hashed every byte. */
  | { type: 'success'; id: string; result: unknown; sha256?: string }
  | { type: 'paused'; id: string }
  | { type: 'cancelled'; id: string }
  | { type: 'sessions'; requestId: number; sessions: StoredSession[] }
  | { type: 'hand-off-plan'; id: string; fetchId: string; plan: BackgroundPlan }
  | {
      type: 'hand-off-refused';
      id: string;
      reason: BackgroundRefusalReason;
      message: string;
      /** Refused for now: ask again once at most this many bytes are left. */
      askAgainAtBytesLeft?: number;
    }
  /**
   * Adopted back from a Background Fetch that left bytes to send: the page resumes it.
   * Without `bytesConfirmed` the session was gone (another tab finished or cancelled it).
   */
  | { type: 'adopted'; id: string; bytesConfirmed?: number }
  /** The worker needs the page: auth headers before a request, or a plain-S3 backend call. */
  | { type: 'page-call'; requestId: number; hook: string; args: unknown };
