import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultParam } from '../faults.js';
import {
  applyPreFaults,
  bodyPieces,
  cookieOk,
  dropAfter,
  readJson,
  sendJson,
  uploadBase,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * docs/protocols/chunked-session.md, the server side (ONLYOFFICE DocSpace).
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
/** Biggest chunk body taken (a chunk-size far above the 10 MiB default still fits). */
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
  /** Where `location` points: this server, or the `uploadBase=` knob's origin. */
  uploadBase: string;
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
    uploadBase: uploadBase(url, ctx),
    queue: Promise.resolve(),
  };
  sessions.set(session.id, session);
  const info = sessionInfo(session);
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

function sessionInfo(session: Session) {
  return {
    id: session.id,
    path: [session.folderId],
    created: dotNetDate(session.created),
    expired: dotNetDate(session.expiresAt),
    location: `${session.uploadBase}${PREFIX}/chunked-uploader?uid=${session.id}`,
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
    sha256: await ctx.storage.answerSha256(session.fileId),
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
  sendJson(res, 200, { success: true, data: sessionInfo(session), message: '' });
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
  const body = { dropAfter: dropAfter(ctx, PROTOCOL, 'chunk', id), dropped: false };
  const form = new FormFieldStream(boundary, 'file');
  // Never written past fileSize: a chunk that would end there is refused below.
  const room = session.size - session.offset;
  let length = 0;
  let received = 0;
  async function* fileBytes(): AsyncGenerator<Uint8Array> {
    for await (const piece of bodyPieces(req, body)) {
      received += piece.length;
      if (received > MAX_BODY) throw new BodyTooLarge();
      for (const data of form.push(piece as Buffer)) {
        const kept = Math.min(data.length, Math.max(0, room - length));
        length += data.length;
        if (kept > 0) yield kept < data.length ? data.subarray(0, kept) : data;
      }
    }
  }
  // The bytes go to disk as they arrive, past `bytes_uploaded`: they count
  // only once the whole form has arrived and the chunk is accepted (`commit`).
  const { error } = await ctx.storage.writePending(session.fileId, session.offset, fileBytes());
  // A cut multipart body is no chunk at all: nothing is stored, bytes_uploaded stays put.
  if (body.dropped) return;
  if (error) {
    if (!(error instanceof BodyTooLarge)) {
      // The client went away mid-body (a reload, say): nothing to store, nobody to answer.
      if (req.socket.destroyed) return;
      throw error;
    }
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, { success: false, data: null, message: 'The chunk is too large.' });
  }
  const problem = form.end();
  if (problem) return sendJson(res, 400, { success: false, data: null, message: problem });
  const end = session.offset + length;
  if (end > session.size) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: `The chunk would end at byte ${end}, past fileSize ${session.size}.`,
    });
  }
  if (end < session.size && length % BLOCK !== 0) {
    return sendJson(res, 400, {
      success: false,
      data: null,
      message: `Every chunk but the last must be a multiple of 512 bytes; this one has ${length}.`,
    });
  }
  ctx.storage.commit(session.fileId, session.offset, length);
  session.offset = end;
  if (session.offset === session.size) {
    session.complete = true;
    ctx.storage.markComplete(session.fileId);
    return sendJson(res, 201, { success: true, data: await fileInfo(session, ctx), message: '' });
  }
  sendJson(res, 200, { success: true, data: sessionInfo(session), message: '' });
}

export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

class BodyTooLarge extends Error {}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
/** Part headers are a few lines; more than this is no form. */
const MAX_HEADERS = 64 * 1024;

/**
 * A multipart/form-data body (RFC 7578) parsed as it arrives, for one field:
 * `push` hands back the bytes of the first part named `field` as they come
 * (views into the pieces pushed), and reads past the other parts. `end` tells
 * whether the body was a whole form: one without its closing delimiter is
 * refused, so a chunk either arrived whole or not at all.
 *
 * The body is read as if it began with CRLF, so the first delimiter is found
 * the same way as the others, whether or not a preamble comes before it.
 */
export class FormFieldStream {
  private readonly delimiter: Buffer;
  private readonly field: string;
  private state: 'preamble' | 'delimiter' | 'headers' | 'data' | 'epilogue' = 'preamble';
  /** Bytes held back from the last push: the start of a delimiter, or part headers. */
  private carry: Buffer = Buffer.from('\r\n');
  /** Whether the part being read is the field's. */
  private inField = false;
  private error?: string;
  /** Whether the field's part has begun. */
  found = false;

  constructor(boundary: string, field: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    this.field = field;
  }

  push(piece: Buffer): Buffer[] {
    if (this.error || this.state === 'epilogue') return [];
    const buf = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    this.carry = Buffer.alloc(0);
    const out: Buffer[] = [];
    let pos = 0;
    while (pos < buf.length) {
      if (this.state === 'preamble' || this.state === 'data') {
        const at = buf.indexOf(this.delimiter, pos);
        const stop = at === -1 ? this.heldFrom(buf, pos) : at;
        if (this.inField && stop > pos) out.push(buf.subarray(pos, stop));
        if (at === -1) {
          this.carry = buf.subarray(stop);
          return out;
        }
        this.inField = false;
        this.state = 'delimiter';
        pos = at + this.delimiter.length;
      } else if (this.state === 'delimiter') {
        // "--" closes the form; otherwise transport padding, then CRLF and a part.
        if (buf.length - pos < 2) break;
        if (buf[pos] === DASH && buf[pos + 1] === DASH) {
          this.state = 'epilogue';
          return out;
        }
        let next = pos;
        while (buf[next] === 0x20 || buf[next] === 0x09) next++;
        if (buf.length - next < 2 && next - pos < MAX_HEADERS) break;
        if (buf[next] !== CR || buf[next + 1] !== LF) {
          this.error = 'The multipart body is malformed.';
          return out;
        }
        // From that CRLF: a part without headers ends them at once.
        pos = next;
        this.state = 'headers';
      } else if (this.state === 'headers') {
        const end = buf.indexOf('\r\n\r\n', pos);
        if (end === -1) {
          if (buf.length - pos > MAX_HEADERS) {
            this.error = 'A multipart part has no end of headers.';
            return out;
          }
          break;
        }
        const headers = buf.toString('utf8', pos + 2, Math.max(pos + 2, end));
        const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
        const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
        this.inField = !this.found && name === this.field;
        if (this.inField) this.found = true;
        this.state = 'data';
        pos = end + 4;
      } else {
        return out;
      }
    }
    this.carry = buf.subarray(pos);
    return out;
  }

  /** Why the body was not a whole form with the field, if it was not. */
  end(): string | undefined {
    if (this.error) return this.error;
    switch (this.state) {
      case 'preamble':
        return 'The multipart body has no boundary line.';
      case 'delimiter':
        return 'The multipart body is malformed.';
      case 'headers':
        return 'A multipart part has no end of headers.';
      case 'data':
        return 'The multipart body is incomplete (no closing boundary).';
    }
    return this.found ? undefined : `The form has no field "${this.field}".`;
  }

  /**
   * Where to stop handing out bytes when no whole delimiter follows `from`:
   * at the longest tail of `buf` that could be the start of one, held back
   * until the next piece tells.
   */
  private heldFrom(buf: Buffer, from: number): number {
    const earliest = Math.max(from, buf.length - this.delimiter.length + 1);
    for (let at = buf.indexOf(CR, earliest); at !== -1; at = buf.indexOf(CR, at + 1)) {
      const tail = buf.subarray(at);
      if (tail.equals(this.delimiter.subarray(0, tail.length))) return at;
    }
    return buf.length;
  }
}

/** Forget every session (between tests). */
export function resetChunkedSession() {
  sessions.clear();
}
