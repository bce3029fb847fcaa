import type { IncomingMessage, ServerResponse } from 'node:http';
import { corruptAt, corrupted, fileDigests, googHash } from '../checksums.js';
import { parseFaultParam, type Fault } from '../faults.js';
import {
  applyPreFaults,
  bodyPieces,
  bearerOk,
  dropAfter,
  readBody,
  readSlowly,
  sendEmpty,
  sendJson,
  uploadBase,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * docs/protocols/content-range.md, the server side. `POST /content-range?size=N`
 * creates a session (the object's name and type from `?name=` and `?type=`, or a JSON body
 * `{name, contentType}` as GCS takes them); `PUT /content-range/sessions/{id}` takes chunks
 * and the status query (Content-Range "bytes *" + "/N"). `?style=gcs` answers creation
 * with a Location header instead of JSON, and the finished upload's `size` as a string;
 * `?intermediate=200` answers intermediate chunks with an empty 200 (Redivis) instead of 308;
 * `?exposeLocation=0` leaves Location out of Access-Control-Expose-Headers on creation;
 * `?uploadBase=` puts the session URL on another base.
 */
const QUANTUM = 256 * 1024;
const TTL_MS = 24 * 60 * 60 * 1000;

interface Session {
  id: string;
  fileId: string;
  size: number;
  offset: number;
  expiresAt: number;
  expired: boolean;
  intermediate200: boolean;
  name: string;
  contentType?: string;
  gcs: boolean;
  /** Set by a `lie` fault: the session claims to be finished, holding this many bytes. */
  lie?: { size?: number };
  /** Requests on one session are handled one after another, as on a real store. */
  queue: Promise<void>;
}

const sessions = new Map<string, Session>();

export const contentRangeRoute: Route = {
  prefix: '/content-range',
  protocol: 'content-range',
  async handle(req, res, url, ctx) {
    const rest = url.pathname.slice('/content-range'.length);
    if (!bearerOk(req, ctx))
      return sendJson(res, 401, { message: 'Missing or wrong bearer token' });
    if (req.method === 'POST' && (rest === '' || rest === '/')) return create(req, res, url, ctx);
    const match = /^\/sessions\/([\w-]+)$/.exec(rest);
    if (req.method === 'PUT' && match) return put(req, res, match[1], ctx);
    if (req.method === 'DELETE' && match) {
      sessions.delete(match[1]);
      return sendEmpty(res, 204);
    }
    sendJson(res, 404, { message: 'Not found' });
  },
};

async function create(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext) {
  for (const fault of parseFaultParam(url.searchParams.get('fault'), 'content-range'))
    ctx.faults.arm(fault);
  if (await applyPreFaults(res, ctx, 'content-range', 'create')) return;
  const object = readObject((await readBody(req)).body);
  const size = Number(url.searchParams.get('size'));
  if (!url.searchParams.has('size') || !Number.isSafeInteger(size) || size < 0) {
    return sendJson(res, 400, { message: 'Query parameter size is required (bytes).' });
  }
  const name = object.name ?? url.searchParams.get('name') ?? 'upload';
  const file = await ctx.storage.createFile('content-range', name, size);
  const session: Session = {
    id: file.id,
    fileId: file.id,
    size,
    offset: 0,
    expiresAt: Date.now() + TTL_MS,
    expired: false,
    intermediate200: url.searchParams.get('intermediate') === '200',
    name,
    contentType: object.contentType ?? url.searchParams.get('type') ?? undefined,
    gcs: url.searchParams.get('style') === 'gcs',
    queue: Promise.resolve(),
  };
  sessions.set(session.id, session);
  const sessionUrl = `${uploadBase(url, ctx)}/content-range/sessions/${session.id}`;
  // `exposeLocation=0`: CORS hides Location, as a server that forgot to expose it does.
  if (url.searchParams.get('exposeLocation') === '0') {
    res.setHeader('Access-Control-Expose-Headers', 'Range, Retry-After');
  }
  if (session.gcs) return sendEmpty(res, 200, { Location: sessionUrl });
  sendJson(res, 200, { kind: 'resumableUpload', id: session.id, url: sessionUrl });
}

function rangeHeader(session: Session): Record<string, string> {
  return session.offset > 0 ? { Range: `bytes=0-${session.offset - 1}` } : {};
}

/** GCS's initiation body, `{name, contentType}`; empty when the body is none or no JSON. */
function readObject(body: Buffer): { name?: string; contentType?: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return { name: text(parsed.name), contentType: text(parsed.contentType) };
  } catch {
    return {};
  }
}

/**
 * The object is finished: its resource, as GCS answers it. With `X-Goog-Hash` on the
 * finishing request (`claimed`), the stored bytes must have those hashes, or, as on GCS,
 * the answer is 400 and no object is made; the resource then names its `crc32c` and
 * `md5Hash` too (base64, as GCS writes them).
 */
async function finished(
  res: ServerResponse,
  session: Session,
  ctx: ServerContext,
  claimed: Partial<Record<'crc32c' | 'md5', string>> = {},
) {
  const names = Object.keys(claimed) as Array<'crc32c' | 'md5'>;
  const digests = names.length
    ? await fileDigests(ctx.storage.path(session.fileId), ['sha256', ...names])
    : undefined;
  const wrong = names.find((name) => digests![name] !== claimed[name]);
  if (wrong) {
    return sendJson(res, 400, {
      message: `Provided ${wrong.toUpperCase()} "${claimed[wrong]}" doesn't match calculated ${wrong.toUpperCase()} "${digests![wrong]}".`,
    });
  }
  const info = ctx.storage.markComplete(session.fileId);
  sendJson(res, 200, {
    id: info.id,
    name: session.name,
    ...(session.contentType ? { contentType: session.contentType } : {}),
    // GCS's object resource writes its size as a string.
    size: session.gcs ? String(session.size) : session.size,
    sha256: digests
      ? Buffer.from(digests.sha256!, 'base64').toString('hex')
      : await ctx.storage.answerSha256(info.id),
    ...(digests?.crc32c && { crc32c: digests.crc32c }),
    ...(digests?.md5 && { md5Hash: digests.md5 }),
  });
}

/** A `lie` fault: from now on the session says it is finished, and stores nothing more. */
function lie(res: ServerResponse, session: Session, fault?: Fault) {
  if (fault) session.lie = { size: fault.size };
  const size = session.lie?.size;
  if (size === undefined) return sendEmpty(res, 200);
  sendJson(res, 200, { kind: 'storage#object', name: session.name, size: String(size) });
}

async function put(req: IncomingMessage, res: ServerResponse, id: string, ctx: ServerContext) {
  const session = sessions.get(id);
  if (!session) return handlePut(req, res, id, ctx);
  // A status query must not overtake a chunk still being written from a dead connection.
  const turn = session.queue.then(() => handlePut(req, res, id, ctx));
  session.queue = turn.catch(() => {});
  return turn;
}

async function handlePut(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  ctx: ServerContext,
) {
  const session = sessions.get(id);
  const [expire] = ctx.faults.take('content-range', 'any', id, ['expire']);
  if (expire && session) session.expired = true;
  if (!session) return sendJson(res, 404, { message: 'No such upload session' });
  if (session.expired || session.expiresAt < Date.now()) {
    return sendJson(res, 410, { message: 'The upload session has expired' });
  }
  if (session.lie) {
    await readBody(req);
    return lie(res, session);
  }
  const header = req.headers['content-range'] ?? '';
  const status = /^bytes \*\/(\d+|\*)$/.exec(header);
  if (status) {
    await readBody(req);
    if (await applyPreFaults(res, ctx, 'content-range', 'status', id)) return;
    const [claim] = ctx.faults.take('content-range', 'status', id, ['lie']);
    if (claim) return lie(res, session, claim);
    // A zero-byte upload is finalised by its status query, as on GCS.
    if (ctx.storage.get(session.fileId)?.complete || session.size === 0) {
      return finished(res, session, ctx);
    }
    return sendEmpty(res, 308, rangeHeader(session));
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header);
  if (!range) return sendJson(res, 400, { message: `Bad Content-Range "${header}"` });
  const first = Number(range[1]);
  const last = Number(range[2]);
  const total = Number(range[3]);
  if (total !== session.size || last < first || last >= total) {
    return sendJson(res, 400, {
      message: `Content-Range ${header} does not fit a ${session.size}-byte upload`,
    });
  }
  if (first > session.offset) {
    return sendJson(res, 400, {
      message: `Chunk starts at ${first} but only ${session.offset} bytes are stored`,
    });
  }
  const length = last - first + 1;
  if (last + 1 < total && length % QUANTUM !== 0) {
    return sendJson(res, 400, { message: 'Intermediate chunks must be a multiple of 256 KiB' });
  }
  if (await applyPreFaults(res, ctx, 'content-range', 'chunk', id)) return;
  const [claim] = ctx.faults.take('content-range', 'chunk', id, ['lie']);
  if (claim) {
    await readBody(req);
    return lie(res, session, claim);
  }
  // `slow` scoped to chunks (those for every request were taken before routing).
  const [slow] = ctx.faults.take(
    'content-range',
    'chunk',
    id,
    ['slow'],
    (f) => f.phase === 'chunk',
  );
  if (slow?.bytesPerSecond) readSlowly(req, slow.bytesPerSecond);
  const body = { dropAfter: dropAfter(ctx, 'content-range', 'chunk', id), dropped: false };
  // Like GCS, keep what arrived before a cut: the client learns it from the status query.
  const arriving = corrupted(bodyPieces(req, body), corruptAt(ctx, 'content-range', 'chunk', id));
  const received = await ctx.storage.writeStream(session.fileId, first, arriving);
  session.offset = Math.max(session.offset, first + received);
  if (body.dropped) return;
  if (received !== length) {
    return sendJson(res, 400, {
      message: `Content-Range promised ${length} bytes, the body had ${received}`,
    });
  }
  if (session.offset >= session.size) {
    return finished(res, session, ctx, googHash(req.headers['x-goog-hash']));
  }
  const [noRange] = ctx.faults.take('content-range', 'chunk', id, ['no-range']);
  if (noRange) return sendEmpty(res, 308);
  if (session.intermediate200) return sendEmpty(res, 200);
  sendEmpty(res, 308, rangeHeader(session));
}

/** Forget every session (between tests). */
export function resetContentRange() {
  sessions.clear();
}
