/**
 * The slice of the Background Fetch API (https://wicg.github.io/background-fetch/) the
 * element and the shipped service worker use. TypeScript's DOM and worker libraries do
 * not describe it; Chromium has it, Firefox and Safari do not.
 */

export type BackgroundFetchResult = '' | 'success' | 'failure';

export interface BackgroundFetchRegistrationSlice extends EventTarget {
  readonly id: string;
  readonly uploadTotal: number;
  readonly uploaded: number;
  readonly result: BackgroundFetchResult;
  /** `''`, `aborted`, `bad-status`, `fetch-error`, `quota-exceeded`, `download-total-exceeded`. */
  readonly failureReason: string;
  abort(): Promise<boolean>;
  matchAll(): Promise<BackgroundFetchRecordSlice[]>;
}

export interface BackgroundFetchRecordSlice {
  readonly request: Request;
  readonly responseReady: Promise<Response>;
}

export interface BackgroundFetchManagerSlice {
  fetch(
    id: string,
    requests: Request[],
    options?: { title?: string; uploadTotal?: number; downloadTotal?: number },
  ): Promise<BackgroundFetchRegistrationSlice>;
  get(id: string): Promise<BackgroundFetchRegistrationSlice | undefined>;
}

/** `backgroundfetchsuccess`, `-fail`, `-abort` in the service worker. */
export interface BackgroundFetchEventSlice extends Event {
  readonly registration: BackgroundFetchRegistrationSlice;
  waitUntil(promise: Promise<unknown>): void;
  /** Success and failure events only: the browser's notification for the fetch. */
  updateUI?(options: { title?: string }): Promise<void>;
}

/** The message the service worker posts to the pages when it recorded a fetch's end. */
export interface BackgroundFetchEnded {
  type: 'resumable-upload:background-ended';
  key: string;
  state: 'succeeded' | 'failed' | 'completed';
}
