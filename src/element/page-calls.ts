import type { BackendFunction, HeadersSource } from './upload-types.js';

/** The element's settings a call from the worker reads. */
export interface PageCallSource {
  readonly protocol: string;
  readonly headers?: HeadersSource;
  readonly backend: Record<string, BackendFunction>;
}

/** Plain-object headers, copied, to go to the worker once; undefined for a function. */
export function staticHeadersOf(
  headers: HeadersSource | undefined,
): Record<string, string> | undefined {
  return typeof headers === 'function' ? undefined : { ...(headers ?? {}) };
}

/**
 * The worker's request for the page's headers (a function is asked each time, so a token
 * can refresh) or for one of its `backend` functions, answered.
 */
export async function answerPageCall(
  el: PageCallSource,
  hook: string,
  args: unknown,
): Promise<unknown> {
  if (hook === 'headers') {
    const source = el.headers;
    const value = typeof source === 'function' ? await source() : source;
    return { ...(value ?? {}) };
  }
  const fn = el.backend[hook];
  if (typeof fn !== 'function') {
    throw new Error(
      `<resumable-upload> has no backend.${hook}() function; the ${el.protocol} protocol needs one.`,
    );
  }
  return await (fn as (a: unknown) => unknown)(args);
}
