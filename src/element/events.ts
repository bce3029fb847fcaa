import type { ProtocolName } from '../core/adapter.js';
import type { ErrorCode } from '../core/errors.js';

/** Every event detail names the upload it is about. */
export interface UploadEventBase {
  /** The upload's id in `uploads`. */
  id: string;
  /** The file's name. */
  name: string;
  /** Its path inside the folder it came in (`shoot/raw/a.jpg`); absent for a file on its own. */
  relativePath?: string;
}

export interface UploadAddedDetail extends UploadEventBase {
  size: number;
}
export interface UploadStartDetail extends UploadEventBase {
  protocol: ProtocolName;
  /** Bytes the server already held when this start began (a resume). */
  resumedFrom: number;
}
export interface UploadProgressDetail extends UploadEventBase {
  /**
   * Bytes on the wire: the confirmed ones plus what requests in flight have sent. Falls
   * back to `bytesConfirmed` when a request fails.
   */
  bytesSent: number;
  /** Bytes the server confirmed holding: where a resume starts. */
  bytesConfirmed: number;
  bytesTotal: number;
  /**
   * Bytes on the wire over the last 5 s of wall time, divided by that time; 0 until a
   * second of it has been seen.
   */
  bytesPerSecond: number;
  /** Estimated; `Infinity` until a speed is known. */
  secondsLeft: number;
}
export type UploadPausedDetail = UploadEventBase;
export type UploadResumedDetail = UploadEventBase;
export interface UploadSuccessDetail extends UploadEventBase {
  /** What the server answered at the end (parsed JSON when it was JSON). */
  result: unknown;
  /**
   * With `checksum="sha256"`: the SHA-256 of every byte sent, lowercase hex (what
   * `sha256sum` prints), for the app's backend to compare with the stored object.
   */
  sha256?: string;
}
export interface UploadErrorDetail extends UploadEventBase {
  code: ErrorCode;
  /** For people. */
  message: string;
  /** HTTP status, when there was one. */
  status?: number;
  /** True when the element keeps trying on its own (or has started over). */
  willRetry: boolean;
}
export interface UploadRestoredDetail extends UploadEventBase {
  /** The same as `bytesConfirmed`: nothing is in flight. */
  bytesSent: number;
  bytesConfirmed: number;
  bytesTotal: number;
  /** Another tab is sending it right now; this one takes over if that tab closes. */
  elsewhere?: boolean;
}
export type UploadCancelledDetail = UploadEventBase;
export interface UploadBackgroundDetail extends UploadEventBase {
  /** Bytes the server held when the browser's Background Fetch took the rest. */
  bytesSent: number;
  bytesTotal: number;
}
/** Why uploads stay in the page although `background` is set (said once per reason). */
export interface BackgroundUnavailableDetail {
  reason:
    | 'unsupported'
    | 'no-service-worker'
    | 'refused'
    | 'protocol'
    | 'cross-origin'
    | 'needs-headers'
    | 'urls-expire'
    | 'remainder-too-large';
  /** For people. */
  message: string;
  /** The upload that met it, when it is about one. */
  id?: string;
  name?: string;
}
export interface QueueCompleteDetail {
  /** Uploads that finished, failed and were cancelled since the queue last emptied. */
  done: number;
  failed: number;
}

export interface ResumableUploadEventMap {
  'upload-added': CustomEvent<UploadAddedDetail>;
  'upload-start': CustomEvent<UploadStartDetail>;
  'upload-progress': CustomEvent<UploadProgressDetail>;
  'upload-paused': CustomEvent<UploadPausedDetail>;
  'upload-resumed': CustomEvent<UploadResumedDetail>;
  'upload-success': CustomEvent<UploadSuccessDetail>;
  'upload-error': CustomEvent<UploadErrorDetail>;
  'upload-restored': CustomEvent<UploadRestoredDetail>;
  'upload-cancelled': CustomEvent<UploadCancelledDetail>;
  'upload-background': CustomEvent<UploadBackgroundDetail>;
  'background-unavailable': CustomEvent<BackgroundUnavailableDetail>;
  'queue-complete': CustomEvent<QueueCompleteDetail>;
}

declare global {
  // Typed `addEventListener('upload-progress', e => e.detail.bytesSent)` for users.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends ResumableUploadEventMap {}
}
