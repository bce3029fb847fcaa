import { UploadError, isAbort } from './errors.js';
import { abortError } from './http.js';

export interface RetryPolicy {
  /** Attempts after the first one; past this the error is final. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * Exponential backoff with full jitter, so that many tabs recovering from the
 * same outage do not hit the server in lockstep. A `Retry-After` from the
 * server wins over our own guess.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(abortError());
    }
  });
}

/**
 * How often to look at `navigator.onLine` while offline: Chromium updates it in
 * a worker when the network returns but may never dispatch `online` there.
 */
const ONLINE_POLL_MS = 1000;

/** Resolve once the browser believes it is online again (the event, or a look every second). */
export function waitForOnline(signal?: AbortSignal): Promise<void> {
  if (typeof navigator === 'undefined' || navigator.onLine !== false) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onOnline = () => {
      stop();
      resolve();
    };
    const onAbort = () => {
      stop();
      reject(abortError());
    };
    const poll = setInterval(() => {
      if (navigator.onLine !== false) onOnline();
    }, ONLINE_POLL_MS);
    function stop() {
      clearInterval(poll);
      globalThis.removeEventListener('online', onOnline);
      signal?.removeEventListener('abort', onAbort);
    }
    globalThis.addEventListener('online', onOnline, { once: true });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks<T> {
  signal: AbortSignal;
  policy?: RetryPolicy;
  /** Told about every failure that will be retried, before the wait. */
  onRetry?: (error: UploadError, attempt: number, delayMs: number) => void;
  /**
   * Runs after an uncertain failure and before the next attempt, so the caller
   * can ask the server what it holds instead of guessing. What it answers, if
   * anything, stands for the attempt: the server already holds what it would send.
   */
  onUncertain?: () => Promise<T | undefined>;
}

/**
 * Run `operation` until it succeeds, the error is final, or the retries run out.
 * There is no silent loop: every retry is reported through `onRetry`.
 */
export async function withRetry<T>(operation: () => Promise<T>, hooks: RetryHooks<T>): Promise<T> {
  const policy = hooks.policy ?? DEFAULT_RETRY_POLICY;
  let resync = false;
  for (let attempt = 0; ; attempt++) {
    try {
      if (resync && hooks.onUncertain) {
        // Inside the try: a failed status query is retried like any request.
        const known = await hooks.onUncertain();
        if (known !== undefined) return known;
      }
      resync = false;
      return await operation();
    } catch (error) {
      if (isAbort(error) || hooks.signal.aborted) throw hooks.signal.aborted ? abortError() : error;
      if (!(error instanceof UploadError) || !error.retryable) throw error;
      if (attempt >= policy.retries) {
        throw new UploadError(
          'retries-exhausted',
          `${error.message} Gave up after ${attempt + 1} attempts.`,
          { status: error.status },
        );
      }
      const delay = error.retryAfterMs ?? backoffDelay(attempt, policy);
      hooks.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, hooks.signal);
      await waitForOnline(hooks.signal);
      resync ||= error.uncertain;
    }
  }
}
