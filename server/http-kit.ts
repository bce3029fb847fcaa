import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRegistry, Phase } from './faults.js';
import type { FileStorage } from './storage.js';

/** What every protocol's routes get from the reference server. */
export interface ServerContext {
  storage: FileStorage;
  faults: FaultRegistry;
  /** Absolute base URL of this server, e.g. http://127.0.0.1:4000 */
  baseUrl(): string;
  /** Bearer token the API calls must carry, when auth is on. */
  bearerToken?: string;
  /** Cookie (name=value) chunked-session calls must carry, when auth is on. */
  authCookie?: string;
}

export interface Route {
  /** Path prefix this protocol owns, e.g. `/content-range`. */
  prefix: string;
  protocol: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void>;
}

export class ConnectionDropped extends Error {}

/** Requests whose body is read no faster than this many bytes a second (the `slow` fault). */
const slowReads = new WeakMap<IncomingMessage, number>();

export function readSlowly(req: IncomingMessage, bytesPerSecond: number): void {
  slowReads.set(req, bytesPerSecond);
}

/**
 * The body's pieces as they come, or, for a slowed request, no faster than its rate:
 * while this waits nothing is read, so TCP holds the sender back as a slow link would.
 */
async function* arriving(req: IncomingMessage): AsyncGenerator<Buffer> {
  const rate = slowReads.get(req);
  const started = performance.now();
  let read = 0;
  for await (const piece of req) {
    const buffer = piece as Buffer;
    if (rate) {
      read += buffer.length;
      const wait = started + (read / rate) * 1000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    yield buffer;
  }
}

/**
 * Read a request body. With `dropAfter`, keep exactly that many bytes, cut the
 * connection (the client sees its request fail) and hand back what was kept,
 * so a protocol can store a partial chunk the way real servers do.
 */
export async function readBody(
  req: IncomingMessage,
  options: { dropAfter?: number; limit?: number } = {},
): Promise<{ body: Buffer; dropped: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  let dropped = false;
  for await (const buffer of arriving(req)) {
    if (dropped) continue;
    if (options.dropAfter !== undefined && length + buffer.length >= options.dropAfter) {
      parts.push(buffer.subarray(0, options.dropAfter - length));
      length = options.dropAfter;
      dropped = true;
      continue;
    }
    parts.push(buffer);
    length += buffer.length;
    if (options.limit !== undefined && length > options.limit) {
      throw new Error('body too large');
    }
  }
  if (dropped) cutConnection(req);
  return { body: Buffer.concat(parts), dropped };
}

/**
 * A request body as it arrives, piece by piece, for streaming to disk. With
 * `dropAfter`, it yields exactly that many bytes, swallows the rest, and
 * cuts the connection (see `cutConnection`); `state.dropped` tells the caller.
 */
export async function* bodyPieces(
  req: IncomingMessage,
  state: { dropAfter?: number; dropped: boolean },
): AsyncGenerator<Uint8Array> {
  let length = 0;
  for await (const buffer of arriving(req)) {
    if (state.dropped) continue;
    if (state.dropAfter !== undefined && length + buffer.length >= state.dropAfter) {
      const kept = buffer.subarray(0, state.dropAfter - length);
      state.dropped = true;
      if (kept.length) yield kept;
      continue;
    }
    length += buffer.length;
    yield buffer;
  }
  if (state.dropped) cutConnection(req);
}

/**
 * Cut the connection in the middle of the answer, after the request body has
 * been read (and all but the kept bytes thrown away). Resetting the socket
 * while the browser is still sending would let Chromium silently resend the
 * whole request on a fresh connection, hiding the cut from the page; a
 * truncated answer is a failure the page sees, as a user's browser would.
 */
export function cutConnection(req: IncomingMessage): void {
  const socket = req.socket;
  socket.end(
    'HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nContent-Type: text/plain\r\n\r\npartial',
    () => socket.destroy(),
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Length': '0', ...headers });
  res.end();
}

export async function readJson<T>(
  req: IncomingMessage,
  limit = 256 * 1024 * 1024,
): Promise<T | undefined> {
  const { body } = await readBody(req, { limit });
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Apply the faults that act before a request is handled (status, delay,
 * expire hooks are the protocol's own). Returns true when it answered.
 */
export async function applyPreFaults(
  res: ServerResponse,
  ctx: ServerContext,
  protocol: string,
  phase: Phase,
  session?: string,
): Promise<boolean> {
  for (const fault of ctx.faults.take(protocol, phase, session, ['delay'])) {
    await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 500));
  }
  const [failure] = ctx.faults.take(protocol, phase, session, ['status']);
  if (failure) {
    const headers: Record<string, string> = {};
    if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
    // The body is left unread on purpose: the client sees the answer mid-upload.
    res.setHeader('Connection', 'close');
    sendJson(res, failure.status ?? 503, { message: `Injected ${failure.status ?? 503}` }, headers);
    return true;
  }
  return false;
}

/** The number of body bytes after which to cut the connection, if a drop fault fires. */
export function dropAfter(
  ctx: ServerContext,
  protocol: string,
  phase: Phase,
  session?: string,
): number | undefined {
  const [drop] = ctx.faults.take(protocol, phase, session, ['drop']);
  return drop ? (drop.bytes ?? 1024) : undefined;
}

/**
 * The base of the URLs a route hands out for uploads (a session URL, presigned parts, a
 * chunked-session location): this server's, or the endpoint's `uploadBase=` knob, which
 * puts them on another origin (a proxy in front of this server, test/helpers/second-origin.ts).
 */
export function uploadBase(url: URL, ctx: ServerContext): string {
  return url.searchParams.get('uploadBase') ?? ctx.baseUrl();
}

export function bearerOk(req: IncomingMessage, ctx: ServerContext): boolean {
  return !ctx.bearerToken || req.headers.authorization === `Bearer ${ctx.bearerToken}`;
}

export function cookieOk(req: IncomingMessage, ctx: ServerContext): boolean {
  if (!ctx.authCookie) return true;
  return (req.headers.cookie ?? '').split(/;\s*/).includes(ctx.authCookie);
}
