import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultParam } from '../faults.js';
import {
  applyPreFaults,
  cookieOk,
  dropAfter,
  readBody,
  readJson,
  sendJson,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * PROTOCOLS.md section 4, the server side (ONLYOFFICE DocSpace, seed 004).
 *
 * - `POST /api/2.0/files/{folderId}/upload/create_session` JSON
 *   `{fileName, fileSize, relativePath?, createOn?, encrypted?, createNewIfExist?}` →
 *   `{success, data: {id, path, created, expired, location, bytes_uploaded, bytes_total}, message}`.
 * - `POST {location}` multipart/form-data, the chunk in field `file`: appended at
 *   `bytes_uploaded` (the wire carries no offset, so the order is the order of arrival).
 *   200 + session info, or 201 + file info on the chunk that reaches `fileSize`.
 * - `GET {location}` (decided; DocSpace has none): 200 + session info, 201 + file info once done.
 *
 * Knobs on the create URL's query (the element's `endpoint`):
 * - `wrap=response` wraps the create answer in `{response: …}` like the DocSpace REST API;
 *   `wrap=bare` answers the session info alone.
 * - `expired=vendor` answers an expired session the way DocSpace does (200, success=false)
 *   instead of 404.
 * - `status-query=405|404|vendor` plays a server without the status query: 405, a plain 404,
 *   or DocSpace's own 200 + success=false ("HttpRequest.Files is empty").
 * - `ttl=<ms>` session lifetime (default 12 h); `fault=` arms fault knobs (see faults.ts).
 *
 * Vendor-faithful details (DocSpace's ChunkedUploaderHandler): its errors are 200 with
 * `{success:false, data:null, message}`, its final answer 201 with
 * `{id, folderId, version, title, provider_key, uploaded:true}`; `size` and `sha256` are
 * added here so tests can check the bytes.
 */
const PREFIX = '/api/2.0/files';
const PROTOCOL = 'chunked-session';
const BLOCK = 512;
/** DocSpace keeps an upload session 12 hours. */
const TTL_MS = 12 * 60 * 60 * 1000;
/** Biggest chunk body buffered (a chunk-size far above the 10 MiB default still fits). */
const MAX_BODY = 256 * 1024 * 1024 + 64 * 1024;
const VENDOR_EXPIRED =
  "Can't authorize given initiate session request or session with specified upload id already expired";

interface Session {
  id: string;
  fileId: string;
  folderId: string;
  fileName: string;
  size: number;
  offset: number;
  created: number;
  expiresAt: number;
  expired: boolean;
  complete: boolean;
  wrap: 'envelope' | 'response' | 'bare';
  expiredStyle: '404' | 'vendor';
  statusQuery: 'get' | '405' | '404' | 'vendor';
  extra: Record<string, unknown>;
  /** Requests on one session run one after another (see `inTurn`). */
  queue: Promise<void>;
}

const sessions = new Map<string, Session>();

export const chunkedSessionRoute: Route = {
  prefix: PREFIX,
  protocol: PROTOCOL,
  async handle(req, res, url, ctx) {
    const rest = url.pathname.slice(PREFIX.length);
    const create = /^\/([^/]+)\/upload\/create_session\/?$/.exec(rest);
    if (create && req.method === 'POST')
      return createSession(req, res, url, decodeURIComponent(create[1]), ctx);
    if (rest === '/chunked-uploader') {
      const session = url.searchParams.get('uid') ?? '';
      if (req.method === 'POST') return inTurn(session, () => chunk(req, res, session, ctx));
      if (req.method === 'GET') return inTurn(session, () => status(req, res, session, ctx));
      return sendJson(
        res,
        405,
        { success: false, data: null, message: 'Use POST or GET' },
        { Allow: 'GET, POST' },
      );
    }
    sendJson(res, 404, { message: `No route for ${url.pathname}` });
  },
};

/**
 * Chunks are appended where the last one ended, so a status query that
 * overtook a chunk still being stored (its client gave up waiting) would
 * report too little, and the chunk would be appended twice.
 */
function inTurn(id: string, handle: () => Promise<void>): Promise<void> {
  const session = sessions.get(id);
  if (!session) return handle();
  const turn = session.queue.then(handle);
  session.queue = turn.catch(() => {});
  return turn;
}

function unauthorized(res: ServerResponse) {
  // The DocSpace REST API's error shape.
  sendJson(res, 401, {
    error: { message: 'Unauthorized: the asc_auth_key cookie is missing or wrong.' },
    status: 1,
    statusCode: 401,
  });
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

async function createSession(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  folderId: string,
  ctx: ServerContext,
) {
  for (const fault of parseFaultParam(url.searchParams.get('fault'), PROTOCOL))
    ctx.faults.arm(fault);
  if (!cookieOk(req, ctx)) return unauthorized(res);
  if (await applyPreFaults(res, ctx, PROTOCOL, 'create')) return;
  const body = await readJson<Record<string, unknown>>(req, 1024 * 1024);
  if (!body || typeof body !== 'object') {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: 'Send the session request as JSON.',
    });
  }
  const { fileName, fileSize } = body;
  if (typeof fileName !== 'string' || !fileName) {
    return sendJson(res, 400, { success: false, data: null, message: 'fileName is required.' });
  }
  if (typeof fileSize !== 'number' || !Number.isSafeInteger(fileSize) || fileSize < 0) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: 'fileSize must be a byte count.',
    });
  }
  const file = await ctx.storage.createFile(PROTOCOL, fileName, fileSize);
  const ttl = Number(url.searchParams.get('ttl'));
  const created = Date.now();
  const extra: Record<string, unknown> = {};
  for (const key of ['relativePath', 'createOn', 'encrypted', 'createNewIfExist']) {
    if (body[key] !== undefined) extra[key] = body[key];
  }
  const session: Session = {
    id: randomUUID(),
    fileId: file.id,
    folderId,
    fileName,
    size: fileSize,
    offset: 0,
    created,
    expiresAt: created + (Number.isFinite(ttl) && ttl > 0 ? ttl : TTL_MS),
    expired: false,
    complete: false,
    wrap: pick(url.searchParams.get('wrap'), ['response', 'bare'] as const, 'envelope'),
    expiredStyle: pick(url.searchParams.get('expired'), ['vendor'] as const, '404'),
    statusQuery: pick(
      url.searchParams.get('status-query'),
      ['405', '404', 'vendor'] as const,
      'get',
    ),
    extra,
    queue: Promise.resolve(),
  };
  sessions.set(session.id, session);
  const info = sessionInfo(session, ctx);
  if (session.wrap === 'bare') return sendJson(res, 200, info);
  const envelope = { success: true, data: info, message: '' };
  if (session.wrap === 'response') {
    return sendJson(res, 200, {
      response: envelope,
      count: 1,
      links: [],
      status: 0,
      statusCode: 200,
    });
  }
  sendJson(res, 200, envelope);
}

/** .NET's round-trip date format, seven fractional digits, as DocSpace writes it. */
function dotNetDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

function sessionInfo(session: Session, ctx: ServerContext) {
  return {
    id: session.id,
    path: [session.folderId],
    created: dotNetDate(session.created),
    expired: dotNetDate(session.expiresAt),
    location: `${ctx.baseUrl()}${PREFIX}/chunked-uploader?uid=${session.id}`,
    bytes_uploaded: session.offset,
    bytes_total: session.size,
  };
}

async function fileInfo(session: Session, ctx: ServerContext) {
  return {
    id: session.fileId,
    folderId: session.folderId,
    version: 1,
    title: session.fileName,
    provider_key: null,
    uploaded: true,
    size: session.size,
    sha256: await ctx.storage.sha256(session.fileId),
    ...session.extra,
  };
}

/** The session if it is live; otherwise answers (404 or DocSpace's way) and returns undefined. */
function liveSession(res: ServerResponse, id: string, ctx: ServerContext): Session | undefined {
  const session = sessions.get(id);
  if (!session) {
    sendJson(res, 404, { success: false, data: null, message: 'No such upload session.' });
    return undefined;
  }
  const [expire] = ctx.faults.take(PROTOCOL, 'any', id, ['expire']);
  if (expire) session.expired = true;
  if (!session.complete && (session.expired || session.expiresAt < Date.now())) {
    if (session.expiredStyle === 'vendor')
      sendJson(res, 200, { success: false, data: null, message: VENDOR_EXPIRED });
    else
      sendJson(res, 404, {
        success: false,
        data: null,
        message: 'The upload session has expired.',
      });
    return undefined;
  }
  return session;
}

async function status(req: IncomingMessage, res: ServerResponse, id: string, ctx: ServerContext) {
  if (!cookieOk(req, ctx)) return unauthorized(res);
  const known = sessions.get(id);
  // A server without the status query answers the same whatever the session's state.
  if (known?.statusQuery === '405') {
    return sendJson(res, 405, { message: 'GET is not supported here.' }, { Allow: 'POST' });
  }
  if (known?.statusQuery === '404') {
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<html><body>Not Found</body></html>');
    return;
  }
  if (known?.statusQuery === 'vendor') {
    return sendJson(res, 200, {
      success: false,
      data: null,
      message: 'HttpRequest.Files is empty',
    });
  }
  const session = liveSession(res, id, ctx);
  if (!session) return;
  if (await applyPreFaults(res, ctx, PROTOCOL, 'status', id)) return;
  if (session.complete)
    return sendJson(res, 201, { success: true, data: await fileInfo(session, ctx), message: '' });
  sendJson(res, 200, { success: true, data: sessionInfo(session, ctx), message: '' });
}

async function chunk(req: IncomingMessage, res: ServerResponse, id: string, ctx: ServerContext) {
  if (!cookieOk(req, ctx)) return unauthorized(res);
  const session = liveSession(res, id, ctx);
  if (!session) return;
  if (session.complete) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: 'This upload is already complete.',
    });
  }
  if (await applyPreFaults(res, ctx, PROTOCOL, 'chunk', id)) return;
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: 'Send the chunk as multipart/form-data with the bytes in the field "file".',
    });
  }
  if (Number(req.headers['content-length']) > MAX_BODY) {
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, { success: false, data: null, message: 'The chunk is too large.' });
  }
  const cut = dropAfter(ctx, PROTOCOL, 'chunk', id);
  let body: Buffer;
  try {
    const read = await readBody(req, { dropAfter: cut, limit: MAX_BODY });
    // A cut multipart body is no chunk at all: nothing is stored, bytes_uploaded stays put.
    if (read.dropped) return;
    body = read.body;
  } catch {
    // The client went away mid-body (a reload, say): nothing to store, nobody to answer.
    if (req.socket.destroyed) return;
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, { success: false, data: null, message: 'The chunk is too large.' });
  }
  let data: Buffer;
  try {
    const part = parseMultipart(body, boundary).find((p) => p.name === 'file');
    if (!part) throw new Error('The form has no field "file".');
    data = part.data;
  } catch (error) {
    return sendJson(res, 400, { success: false, data: null, message: (error as Error).message });
  }
  const end = session.offset + data.length;
  if (end > session.size) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: `The chunk would end at byte ${end}, past fileSize ${session.size}.`,
    });
  }
  if (end < session.size && data.length % BLOCK !== 0) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: `Every chunk but the last must be a multiple of 512 bytes; this one has ${data.length}.`,
    });
  }
  await ctx.storage.write(session.fileId, session.offset, data);
  session.offset = end;
  if (session.offset === session.size) {
    session.complete = true;
    ctx.storage.markComplete(session.fileId);
    return sendJson(res, 201, { success: true, data: await fileInfo(session, ctx), message: '' });
  }
  sendJson(res, 200, { success: true, data: sessionInfo(session, ctx), message: '' });
}

export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export interface FormPart {
  name?: string;
  filename?: string;
  headers: string;
  data: Buffer;
}

/**
 * Split a whole multipart/form-data body (RFC 7578). Part bodies are views
 * into `body`, not copies. A body without its closing delimiter is refused:
 * a chunk either arrived whole or not at all.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos !== 0 && pos !== -1) {
    // A preamble is allowed; the first delimiter then follows a CRLF.
    pos = body.indexOf(next) === -1 ? -1 : body.indexOf(next) + 2;
  }
  if (pos === -1) throw new Error('The multipart body has no boundary line.');
  const parts: FormPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // "--": the closing delimiter
    // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a)
      throw new Error('The multipart body is malformed.');
    const headerEnd = body.indexOf('\r\n\r\n', pos + 2);
    if (headerEnd === -1) throw new Error('A multipart part has no end of headers.');
    const headers = body.subarray(pos + 2, headerEnd).toString('utf8');
    const dataStart = headerEnd + 4;
    const dataEnd = body.indexOf(next, dataStart);
    if (dataEnd === -1) throw new Error('The multipart body is incomplete (no closing boundary).');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1],
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      headers,
      data: body.subarray(dataStart, dataEnd),
    });
    pos = dataEnd + 2;
  }
}

/** Forget every session (between tests). */
export function resetChunkedSession() {
  sessions.clear();
}
