import { HttpStatusError, NetworkError, ProtocolError, isAbort } from './errors.js';
import { OriginWatch, blockedError, corsSettings, originOf, type CorsAdvice } from './origins.js';
import { canCountBytes, xhrSend, type WireAnswer } from './xhr-send.js';

/**
 * The one seam between the core and the network. Adapters only ever call
 * `HttpTransport.send`, so a test can script every answer and assert every
 * request in order (tus-js-client's HttpStack idea).
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Blob | string | FormData | null;
  /**
   * Add the page's auth headers and cookies where the transport's `credentialsFor`
   * allows them. Off for presigned URLs, wherever they are: the URL is the grant, and
   * an extra `Authorization` header breaks S3's signature.
   */
  auth?: boolean;
  signal?: AbortSignal;
  /**
   * Told, as the body goes out, how many of its `total` bytes have left (send-progress.ts
   * sets it on the requests that carry a chunk). A transport that cannot tell never calls it.
   */
  onSent?: (loaded: number, total: number) => void;
}

export interface HttpResponse {
  status: number;
  /** Case-insensitive header lookup. */
  header(name: string): string | null;
  body: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface FetchTransportOptions {
  /** Asked before every authenticated request so short-lived tokens can refresh. */
  getHeaders?: () => Promise<Record<string, string>>;
  withCredentials?: boolean;
  /**
   * Whether a request URL may carry the page's headers and cookies (`credentialScope`
   * in origins.ts); every URL when absent. Others go with neither (`credentials: 'omit'`).
   */
  credentialsFor?: (url: string) => boolean;
  /**
   * The protocol's CORS needs and its endpoint: with them an origin that never answers
   * fails the upload at once with code `blocked` (see `OriginWatch`), naming what it must allow.
   */
  blocked?: { advice: CorsAdvice; endpoint: string };
  fetch?: typeof fetch;
  /** The clock the blocked-origin watch reads (tests). */
  now?: () => number;
}

export function createFetchTransport(options: FetchTransportOptions = {}): HttpTransport {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  // One per transport, so per upload run: "never answered" means never in this run.
  const watch = new OriginWatch(options.now);
  return {
    async send(request) {
      const auth = request.auth !== false && (options.credentialsFor?.(request.url) ?? true);
      const own = auth && options.getHeaders ? await options.getHeaders() : {};
      const headers = { ...own, ...request.headers };
      const origin = originOf(request.url);
      let response: WireAnswer;
      try {
        response = await (countedSend(request, auth, options, headers) ??
          doFetch(request.url, {
            method: request.method,
            headers,
            body: request.body ?? null,
            signal: request.signal,
            // 'omit', not 'same-origin': a URL that gets no credentials gets no cookie either,
            // even when it happens to be on the page's own origin.
            credentials: auth ? (options.withCredentials ? 'include' : 'same-origin') : 'omit',
            // Not 'no-store': in Chromium that also bypasses the CORS preflight cache, so every
            // cross-origin chunk paid an extra OPTIONS round trip. Status reads revalidate instead.
            cache: request.method === 'GET' || request.method === 'HEAD' ? 'no-cache' : 'default',
          }));
      } catch (error) {
        if (isAbort(error) || request.signal?.aborted) throw abortError();
        const blocked = options.blocked;
        if (blocked && origin && watch.failed(origin)) {
          const cookies = auth && options.withCredentials === true;
          const settings = corsSettings(
            blocked.advice,
            origin,
            originOf(blocked.endpoint),
            Object.keys(own),
            cookies,
          );
          throw blockedError(request, origin, watch.failures(origin), settings);
        }
        throw new NetworkError(request.method, request.url, error);
      }
      if (origin) watch.answered(origin);
      let body = '';
      try {
        if (mayHaveBody(request.method, response)) body = await response.text();
        // Drained without waiting, so the request still ends (DevTools, Playwright's requestfinished).
        else void response.text().catch(() => {});
      } catch (error) {
        if (request.signal?.aborted) throw abortError();
        throw new NetworkError(request.method, request.url, error);
      }
      return { status: response.status, header: (name) => response.headers.get(name), body };
    },
  };
}

/**
 * The request through XMLHttpRequest, which tells how much of the body has left, when it
 * wants that told and XMLHttpRequest can send it with the same credentials: XHR cannot
 * leave cookies out of a request to the page's own origin (`credentials: 'omit'`, a
 * presigned URL there), so that one goes by `fetch`, its bytes uncounted. Undefined for
 * `fetch`. Loopback throughput did not change (docs/architecture.md, "Bytes on the wire").
 */
function countedSend(
  request: HttpRequest,
  auth: boolean,
  options: FetchTransportOptions,
  headers: Record<string, string>,
): Promise<WireAnswer> | undefined {
  const { onSent } = request;
  if (!onSent || options.fetch || !canCountBytes()) return undefined;
  if (!auth && absoluteUrl(request.url).origin === absoluteUrl('/').origin) return undefined;
  return xhrSend({
    method: request.method,
    url: request.url,
    headers,
    body: request.body ?? null,
    withCredentials: auth && options.withCredentials === true,
    signal: request.signal,
    onSent,
  });
}

/**
 * False when the answer cannot carry a body: a 204 (every tus PATCH), an answer to
 * HEAD, or `Content-Length: 0`. Chromium still hands such an answer an empty body
 * stream, and waiting for it took 0.7-0.9 ms between one chunk's answer and the next
 * request, measured in the worker against @tus/server.
 */
function mayHaveBody(method: string, response: WireAnswer): boolean {
  return (
    method !== 'HEAD' && response.status !== 204 && response.headers.get('Content-Length') !== '0'
  );
}

/**
 * `url` made absolute: a relative endpoint is read against the page's address (in the
 * worker, the worker's, which sits beside the page), or localhost where there is none.
 */
export function absoluteUrl(url: string): URL {
  return new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href);
}

export function abortError(): DOMException {
  return new DOMException('The upload was paused or cancelled.', 'AbortError');
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** RFC 9110 names of the statuses people meet, so "413" is not all a message says. */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Build the error for an unexpected status, keeping the server's words when it gave some. */
export function statusError(
  request: Pick<HttpRequest, 'method' | 'url'>,
  response: HttpResponse,
  what: string,
): HttpStatusError {
  const detail = serverMessage(response.body);
  const reason = REASONS[response.status];
  const message = `${what} failed: the server answered ${response.status}${reason ? ` ${reason}` : ''}${detail ? ` (${detail})` : ''}.`;
  return new HttpStatusError(request.method, request.url, response.status, message, {
    body: response.body,
    retryAfterMs: parseRetryAfter(response.header('Retry-After')),
  });
}

/** A short human message from a JSON error body, if the server sent one. */
export function serverMessage(body: string): string | undefined {
  if (!body || body.length > 64 * 1024) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const text = o.message ?? o.error ?? (Array.isArray(o.errors) ? o.errors[0] : undefined);
      if (typeof text === 'string') return text.slice(0, 200);
      if (
        text &&
        typeof text === 'object' &&
        typeof (text as { message?: unknown }).message === 'string'
      )
        return (text as { message: string }).message.slice(0, 200);
    }
  } catch {
    // Not JSON (an HTML error page, say): the status alone has to do.
  }
  return undefined;
}

/** Parse a JSON body or raise a ProtocolError that says what was expected. */
export function parseJson<T>(response: HttpResponse, what: string): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new ProtocolError(`${what}: the server's answer was not JSON.`, response.status);
  }
}
