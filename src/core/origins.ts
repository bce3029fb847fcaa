import { BlockedError, ConfigError, ProtocolError, redactUrl, type UploadError } from './errors.js';

/**
 * Where the page's credentials may go, and how an origin that never answers is told
 * apart from a flaky network. Both are decided per request URL's origin.
 */

/**
 * The origin of a URL (absolute, or relative to `base`), or undefined when it has none
 * (a `data:` URL) or does not parse.
 */
export function originOf(url: string, base?: string): string | undefined {
  const origin = parsed(url, base)?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

/**
 * Which request URLs get the page's headers and cookies: those on the origins the page
 * named itself (`endpoint` and every URL in `urls`), those listed in `credentials-to`,
 * or all with `credentials-to="*"`. Session URLs, upload URLs and presigned URLs a server
 * hands out on another origin get none: they are grants of their own, and a storage host
 * has no business seeing the app's token. Throws a ConfigError for an entry that is not
 * an origin, before any request.
 */
export function credentialScope(
  endpoint: string,
  urls: Record<string, string> = {},
  credentialsTo: readonly string[] = [],
): (url: string) => boolean {
  if (credentialsTo.includes('*')) return () => true;
  const home = new Set<string>();
  for (const url of [endpoint, ...Object.values(urls)]) {
    const origin = originOf(parsed(url, endpoint)?.href ?? '');
    if (origin) home.add(origin);
  }
  for (const entry of credentialsTo) {
    const url = parsed(entry);
    if (!url || url.origin === 'null' || url.href !== `${url.origin}/`) {
      throw new ConfigError(
        `credentials-to takes origins such as https://uploads.example.com (scheme, host and port, no path), or *; "${entry}" is not one.`,
      );
    }
    home.add(url.origin);
  }
  return (url) => home.has(originOf(url) ?? '');
}

/** What one server must allow and expose for a protocol's requests to it. */
export interface CorsNeeds {
  methods: readonly string[];
  /** Request headers beyond the CORS-safelisted ones. */
  headers: readonly string[];
  /** Answer headers the protocol reads (`Access-Control-Expose-Headers`). */
  exposes: readonly string[];
}

/**
 * A protocol's CORS needs: the endpoint's server, and the host its uploads go to when
 * that is another (a session URL, a tus upload URL, presigned parts).
 */
export interface CorsAdvice {
  protocol: string;
  endpoint: CorsNeeds;
  uploads: CorsNeeds;
  /** Another cause that looks the same from the page, said after the settings. */
  orElse?: string;
}

/** The origin the worker (and so the page) runs on, as servers see it in `Origin`. */
export function pageOrigin(): string | undefined {
  return typeof location === 'undefined' ? undefined : location.origin;
}

/**
 * What `origin` must answer for `advice.protocol` to work from the page: the endpoint's
 * needs and the uploads' when it is the endpoint's origin (session URLs usually live
 * there too), the uploads' alone otherwise. `extraHeaders` are the page's own header
 * names when they go there; `cookies` when they do.
 */
export function corsSettings(
  advice: CorsAdvice,
  origin: string,
  endpointOrigin: string | undefined,
  extraHeaders: readonly string[] = [],
  cookies = false,
): string {
  const home = origin === endpointOrigin;
  const needs = [advice.uploads, ...(home ? [advice.endpoint] : [])];
  const all = (pick: (n: CorsNeeds) => readonly string[], more: readonly string[] = []) => [
    ...new Set([...needs.flatMap(pick), ...more]),
  ];
  const methods = all((n) => n.methods);
  const headers = all((n) => n.headers, extraHeaders);
  const exposes = all((n) => n.exposes);
  const page = pageOrigin() ?? "the page's origin";
  return [
    `A ${advice.protocol} upload needs ${origin} to answer with Access-Control-Allow-Origin: ${page}`,
    cookies ? ' and Access-Control-Allow-Credentials: true' : '',
    `, to allow the methods ${methods.join(', ')}`,
    headers.length ? ` and the headers ${headers.join(', ')}` : '',
    ' (its answer to the OPTIONS preflight)',
    exposes.length ? `, and to expose ${exposes.join(', ')} (Access-Control-Expose-Headers)` : '',
    '.',
    advice.orElse ? ` ${advice.orElse}` : '',
  ].join('');
}

/** How many requests without an answer, over how long, make an origin look blocked. */
export const BLOCKED_AFTER = { failures: 3, spanMs: 1000, windowMs: 10_000 } as const;

/**
 * Tells a blocked origin (CORS refused, a host the browser or a filter will not reach)
 * from a flaky network. Only an origin that has never answered this upload can look
 * blocked: once any answer came from it, its network errors are ordinary retries. It
 * looks blocked when, while the browser says it is online, at least three requests to
 * it failed without an answer, the first and the last at least a second apart (so
 * parallel requests failing together count as one moment) and within ten seconds.
 * The retry backoff reaches that after two or three retries, in one to four seconds.
 */
export class OriginWatch {
  readonly #answered = new Set<string>();
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  answered(origin: string): void {
    this.#answered.add(origin);
    this.#failures.delete(origin);
  }

  hasAnswered(origin: string): boolean {
    return this.#answered.has(origin);
  }

  /** A request to `origin` failed without an answer. True when the origin now looks blocked. */
  failed(origin: string, online = isOnline()): boolean {
    if (this.#answered.has(origin) || !online) return false;
    const now = this.now();
    const recent = (this.#failures.get(origin) ?? []).filter(
      (at) => now - at <= BLOCKED_AFTER.windowMs,
    );
    recent.push(now);
    this.#failures.set(origin, recent);
    return recent.length >= BLOCKED_AFTER.failures && now - recent[0] >= BLOCKED_AFTER.spanMs;
  }

  /** How many failures are counted against `origin` now. */
  failures(origin: string): number {
    return this.#failures.get(origin)?.length ?? 0;
  }
}

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** The final error for an origin that never answered: names it, and what its CORS needs. */
export function blockedError(
  request: { method: string; url: string },
  origin: string,
  failures: number,
  settings?: string,
): BlockedError {
  const page = pageOrigin() ?? 'this page';
  return new BlockedError(
    origin,
    `${origin} never answered: ${failures} requests to it (the last ${request.method} ${redactUrl(request.url)}) ` +
      `failed before any answer while the browser was online, so the upload stopped instead of retrying. ` +
      `Either the browser blocked them because ${origin} does not allow ${page} by CORS, or the host cannot be reached. ` +
      (settings ?? ''),
  );
}

/**
 * A header the protocol reads is missing from an answer. From another origin than the
 * page's, CORS may have hidden it (`blocked`, final like the rest); from the page's own
 * the server never sent it (`protocol`).
 */
export function missingHeaderError(url: string, message: string, status?: number): UploadError {
  const origin = originOf(url);
  if (origin && origin !== pageOrigin()) return new BlockedError(origin, message, status);
  return new ProtocolError(message, status);
}

function parsed(url: string, base?: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}
