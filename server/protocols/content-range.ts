import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultParam } from '../faults.js';
import {
  applyPreFaults,
  bodyPieces,
  bearerOk,
  dropAfter,
  readBody,
  sendEmpty,
  sendJson,
  uploadBase,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * docs/protocols/content-range.md, the server side. `POST /content-range?size=N`
 * creates a session; `PUT /content-range/sessions/{id}` takes chunks and the
 * status query (Content-Range "bytes *" + "/N"). `?style=gcs` answers creation with a Location
 * header instead of JSON; `?intermediate=200` answers intermediate chunks with
 * an empty 200 (Redivis) instead of 308; `?uploadBase=` puts the session URL on another base.
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
  await readBody(req);
  const size = Number(url.searchParams.get('size'));
  if (!url.searchParams.has('size') || !Number.isSafeInteger(size) || size < 0) {
    return sendJson(res, 400, { message: 'Query parameter size is required (bytes).' });
  }
  const file = await ctx.storage.createFile(
    'content-range',
    url.searchParams.get('name') ?? 'upload',
    size,
  );
  const session: Session = {
    id: file.id,
    fileId: file.id,
    size,
    offset: 0,
    expiresAt: Date.now() + TTL_MS,
    expired: false,
    intermediate200: url.searchParams.get('intermediate') === '200',
    queue: Promise.resolve(),
  };
  sessions.set(session.id, session);
  const sessionUrl = `${uploadBase(url, ctx)}/content-range/sessions/${session.id}`;
  if (url.searchParams.get('style') === 'gcs') return sendEmpty(res, 200, { Location: sessionUrl });
  sendJson(res, 200, { kind: 'resumableUpload', id: session.id, url: sessionUrl });
}

function rangeHeader(session: Session): Record<string, string> {
  return session.offset > 0 ? { Range: `bytes=0-${session.offset - 1}` } : {};
}

async function finished(res: ServerResponse, session: Session, ctx: ServerContext) {
  const info = ctx.storage.markComplete(session.fileId);
  sendJson(res, 200, {
    id: info.id,
    size: session.size,
    sha256: await ctx.storage.sha256(info.id),
  });
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
  const header = req.headers['content-range'] ?? '';
  const status = /^bytes \*\/(\d+|\*)$/.exec(header);
  if (status) {
    await readBody(req);
    if (await applyPreFaults(res, ctx, 'content-range', 'status', id)) return;
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
  const body = { dropAfter: dropAfter(ctx, 'content-range', 'chunk', id), dropped: false };
  // Like GCS, keep what arrived before a cut: the client learns it from the status query.
  const received = await ctx.storage.writeStream(session.fileId, first, bodyPieces(req, body));
  session.offset = Math.max(session.offset, first + received);
  if (body.dropped) return;
  if (received !== length) {
    return sendJson(res, 400, {
      message: `Content-Range promised ${length} bytes, the body had ${received}`,
    });
  }
  if (session.offset >= session.size) return finished(res, session, ctx);
  const [noRange] = ctx.faults.take('content-range', 'chunk', id, ['no-range']);
  if (noRange) return sendEmpty(res, 308);
  if (session.intermediate200) return sendEmpty(res, 200);
  sendEmpty(res, 308, rangeHeader(session));
}

/** Forget every session (between tests). */
export function resetContentRange() {
  sessions.clear();
}
