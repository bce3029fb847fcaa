import type { KeptKind, UnkeptReason } from './kept-files.js';

/** The states docs/element.md promises for `uploads[i].status`. */
export const UploadStatus = {
  queued: 'queued',
  uploading: 'uploading',
  paused: 'paused',
  done: 'done',
  error: 'error',
  restored: 'restored',
} as const;
export type UploadStatus = (typeof UploadStatus)[keyof typeof UploadStatus];

/** What may be kept so that an upload resumes after a reload without the picker. */
export type KeepFiles = 'auto' | 'handles' | 'none';

/** A read-only view of one upload, as `element.uploads` hands it out. */
export interface UploadSnapshot {
  id: string;
  name: string;
  size: number;
  type: string;
  /** Bytes on the wire, confirmed or not: what the bar shows. */
  bytesSent: number;
  /** Bytes the server confirmed holding: where a resume starts. */
  bytesConfirmed: number;
  status: UploadStatus;
  bytesPerSecond: number;
  secondsLeft: number;
  /** What the server answered at the end, once `done`. */
  result?: unknown;
  /** The last error, while `error`. */
  error?: { code: string; message: string; status?: number };
  /** The last retried problem, while the upload carries on. */
  notice?: string;
  /** False when progress cannot survive a reload (no IndexedDB). */
  persistent: boolean;
  /** Another tab of this site drives this upload; the progress shown is its. */
  elsewhere: boolean;
  /** Its path inside the folder it came in (`shoot/raw/a.jpg`); absent for a file on its own. */
  relativePath?: string;
  /** What lets it resume after a reload without the picker: a file handle or a stored copy. */
  kept?: KeptKind;
  /** Why nothing was kept (`keep-files="auto"`): a reload will ask for the file again. */
  unkept?: UnkeptReason;
}

/** A file to add, with the handle it came from when the browser gave one. */
export interface PickedFile {
  file: File;
  handle?: FileSystemFileHandle;
  /** Its path inside the folder it came in, the folder's name first (`shoot/raw/a.jpg`). */
  relativePath?: string;
}

/** The sums the overall progress line shows. */
export interface QueueTotals {
  files: number;
  done: number;
  failed: number;
  active: number;
  bytesSent: number;
  bytesTotal: number;
  bytesPerSecond: number;
  secondsLeft: number;
}

/** Pulled apart for tests and for pages that want their own worker URL. */
export type WorkerFactory = () => Worker;

export type HeadersInit = Record<string, string>;
export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
export type BackendFunction = (args: never) => unknown;
