/**
 * One request through XMLHttpRequest, for the one thing `fetch` cannot tell: how much of
 * the body has gone out. `xhr.upload.onprogress` works in a dedicated worker in Chromium,
 * Firefox and WebKit; a counting stream body would need `duplex: 'half'`, which only
 * Chromium has, over HTTP/2 only (or to localhost). The answer comes back in the shape
 * `fetch` gives, so the transport treats both alike.
 */

/** What the transport reads of an answer: the part of `Response` both paths can give. */
export interface WireAnswer {
  status: number;
  headers: Pick<Headers, 'get'>;
  text(): Promise<string>;
}

export interface XhrRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: XMLHttpRequestBodyInit | null;
  /** Cookies and HTTP auth to other origins too (`credentials: 'include'`). */
  withCredentials: boolean;
  signal?: AbortSignal;
  onSent(loaded: number, total: number): void;
}

/** Whether this scope has XMLHttpRequest (workers and pages do; Node does not). */
export function canCountBytes(): boolean {
  return typeof XMLHttpRequest !== 'undefined';
}

/**
 * Rejects with a TypeError on a network failure, as `fetch` does, and with an AbortError
 * when `signal` aborts.
 */
export function xhrSend(request: XhrRequest): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    xhr.withCredentials = request.withCredentials;
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    const abort = () => xhr.abort();
    const done = () => request.signal?.removeEventListener('abort', abort);
    request.signal?.addEventListener('abort', abort, { once: true });
    // A listener on `upload` makes a cross-origin request preflighted even when it is
    // simple (chunked-session's form POST): one OPTIONS per URL, which the preflight cache keeps.
    xhr.upload.onprogress = (event) => request.onSent(event.loaded, event.total);
    xhr.onload = () => {
      done();
      const text = xhr.responseText;
      resolve({
        status: xhr.status,
        headers: parseHeaders(xhr.getAllResponseHeaders()),
        text: () => Promise.resolve(text),
      });
    };
    xhr.onerror = xhr.ontimeout = () => {
      done();
      reject(new TypeError(`The request to ${request.url} failed on the network.`));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The request was aborted.', 'AbortError'));
    };
    if (request.signal?.aborted) {
      done();
      reject(new DOMException('The request was aborted.', 'AbortError'));
      return;
    }
    xhr.send(request.body);
  });
}

/** `getAllResponseHeaders()`'s lines as a case-insensitive lookup. */
function parseHeaders(raw: string): Pick<Headers, 'get'> {
  const headers = new Map<string, string>();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { get: (name) => headers.get(name.toLowerCase()) ?? null };
}
