import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultParam } from '../faults.js';
import {
  applyPreFaults,
  bearerOk,
  dropAfter,
  readBody,
  sendJson,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * docs/protocols/segments.md, the server side (Oracle Commerce Cloud file
 * segments).
 *
 * - `PUT  /ccadmin/v1/files`          start:  `{filename, segments, uploadType?}` → `{token, segmentsNeeded}`
 * - `PUT  /ccadmin/v1/files/{token}`  resume: `{filename, token, segments}` → `{token, segmentsNeeded}`
 * - `POST /ccadmin/v1/files/{token}`  segment `{filename, file: base64, index, token?, uploadType?}`
 * - `POST /ccagent/v1/files/{token}`  the same segment call on the agent path
 *
 * Every error is an `errorModel` (`errorCode` as a string, `message`,
 * `status`). The token is the stored file's id, as OCC's documentation says ("ID of file
 * to be uploaded which is same as token value"), so `/__admin/files/{token}`
 * tells its SHA-256 and byte ranges.
 *
 * Segment placement (decided): the start call gives only the count, so the
 * server learns the segment size from the first segment that is not the
 * last; every segment but the last must have that size, and the last one
 * must be 1..size bytes. Segment i is written at i × size. If the last
 * segment arrives before any other (parallel order), it is held in memory
 * until the size is known — at most one segment per upload.
 *
 * Also decided where OCC's documentation is silent:
 * - The segment that completes the set is answered `{success, result}` with
 *   `result: {id, token, filename, size, sha256, uploadType?}`. A segment sent
 *   again after that (its answer was lost) gets the same answer and writes nothing.
 * - Resume of a finished upload answers `segmentsNeeded: []` plus the `result`.
 * - An unknown, revoked or expired token answers 13006 on resume and segments.
 * - The size limit is 1 GiB (`?maxBytes=` on the start URL lowers it for tests);
 *   it is checked as soon as the segment size is known, so a file that cannot fit
 *   is refused on its first segment, with 413.
 * - A filename is invalid (20306) when it is longer than 255 characters, has a
 *   control character or one of `\ : * ? " < > |`, or a path part that is empty,
 *   `.` or `..`. Forward slashes between parts are allowed (OCC target paths).
 *
 * Fault knobs (protocol `segments`; phases create = start, status = resume,
 * chunk = segment): `status` (5xx before handling), `delay`, `drop` (cut a
 * segment's connection after N body bytes: nothing of it is stored), `revoke`
 * and `expire` (the token stops being valid: 13006 from then on).
 */

const PROTOCOL = 'segments';
export const ONE_GB = 1024 * 1024 * 1024;
/** Base64 of a 256 MiB segment plus JSON: anything larger is not a segment. */
const BODY_LIMIT = 400 * 1024 * 1024;

interface Upload {
  token: string;
  filename: string;
  segments: number;
  uploadType?: string;
  maxBytes: number;
  /** Learned from the first segment that is not the last. */
  segmentSize?: number;
  received: Set<number>;
  /** The last segment, while its position is not known yet. */
  heldLast?: Buffer;
  lastSize?: number;
  revoked: boolean;
  /** Set once, by the segment that completes the set. */
  finishing?: Promise<SegmentsResult>;
  result?: SegmentsResult;
}

export interface SegmentsResult {
  id: string;
  token: string;
  filename: string;
  size: number;
  sha256: string;
  uploadType?: string;
}

/** What each upload was asked, in order, so a test can prove what a resume re-sent. */
export interface SegmentsEvent {
  call: 'start' | 'resume' | 'segment';
  index?: number;
  /** For start and resume: the segmentsNeeded answered. */
  segmentsNeeded?: number[];
  /** The errorCode answered, if any. */
  errorCode?: string;
  /** A segment whose connection was cut before its body arrived. */
  dropped?: boolean;
  /** Arrival order across all uploads (requests finish out of order). */
  arrived: number;
  /** Segment requests of this token being handled when this one arrived, itself included. */
  inFlight?: number;
  /** The path prefix the segment came on (`/ccadmin/v1/files` or `/ccagent/v1/files`). */
  via?: string;
}

const uploads = new Map<string, Upload>();
const log = new Map<string, SegmentsEvent[]>();
const inFlight = new Map<string, number>();
let arrivals = 0;
let segmentRequests = 0;

/** Counters over all uploads: a test can prove that no segment was sent at all. */
export function segmentsStats(): { requests: number; segmentRequests: number } {
  return { requests: arrivals, segmentRequests };
}

/** Requests seen per token (in-process tests read it beside `/__admin/files/{token}`). */
export function segmentsLog(token: string): SegmentsEvent[] {
  return log.get(token) ?? [];
}

/** Segment requests being handled now, over all uploads (a reload leaves some behind). */
export function segmentsInFlight(): number {
  return [...inFlight.values()].reduce((sum, n) => sum + n, 0);
}

/** Forget every upload (between tests). */
export function resetSegments() {
  uploads.clear();
  log.clear();
  inFlight.clear();
}

function record(token: string, event: Omit<SegmentsEvent, 'arrived'> & { arrived?: number }) {
  const events = log.get(token) ?? [];
  events.push({ ...event, arrived: event.arrived ?? arrivals });
  log.set(token, events);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  prefix: string,
) {
  if (!bearerOk(req, ctx)) {
    return fail(res, 401, undefined, 'Missing or wrong bearer token');
  }
  const arrived = ++arrivals;
  const rest = url.pathname.slice(prefix.length);
  if (rest === '' || rest === '/') {
    if (req.method === 'PUT') return start(req, res, url, ctx, arrived);
    // OCC puts the token in the path; a body `token` is accepted too.
    if (req.method === 'POST') return segment(req, res, undefined, ctx, { arrived, via: prefix });
  }
  const match = /^\/([^/]+)$/.exec(rest);
  if (match) {
    const token = decodeURIComponent(match[1]);
    if (req.method === 'PUT') return resume(req, res, token, ctx, arrived);
    if (req.method === 'POST') return segment(req, res, token, ctx, { arrived, via: prefix });
  }
  await readBody(req);
  fail(res, 404, undefined, `No ${req.method} ${url.pathname} here`);
}

export const segmentsAdminRoute: Route = {
  prefix: '/ccadmin/v1/files',
  protocol: PROTOCOL,
  handle: (req, res, url, ctx) => handle(req, res, url, ctx, '/ccadmin/v1/files'),
};

/** OCC's agent path: the same calls, segments usually. */
export const segmentsAgentRoute: Route = {
  prefix: '/ccagent/v1/files',
  protocol: PROTOCOL,
  handle: (req, res, url, ctx) => handle(req, res, url, ctx, '/ccagent/v1/files'),
};

/** OCC's errorModel: every field a string. */
function fail(res: ServerResponse, status: number, errorCode: string | undefined, message: string) {
  const body: Record<string, string> = {
    message,
    status: String(status),
    type: `https://httpstatuses.io/${status}`,
  };
  if (errorCode) body.errorCode = errorCode;
  sendJson(res, status, body);
}

const MESSAGES = {
  '413': 'Please upload a file smaller than one GB',
  '13004': 'The token value is missing for this upload',
  '13005':
    'Could not save file segment for unknown filename. The startUpload() or resumeUpload() method must be called before uploading individual file segments',
  '13006':
    'The token value for this upload is no longer valid. Discontinue upload attempts for segments of this file',
  '20306': 'The filename is invalid',
} as const;

function failCode(
  res: ServerResponse,
  code: keyof typeof MESSAGES,
  token?: string,
  event?: SegmentsEvent,
) {
  if (token && event) record(token, { ...event, errorCode: code });
  fail(res, code === '413' ? 413 : 400, code, MESSAGES[code]);
}

function missing(res: ServerResponse, property: string) {
  fail(res, 400, '13014', `Missing required property: ${property}`);
}

export function isValidFilename(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:*?"<>|]/.test(name)) return false;
  const parts = name.replace(/^\//, '').split('/');
  return parts.every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * A request's JSON, read whole. A segment is not streamed to disk as the other
 * protocols' chunks are: where its bytes go (`index` × the segment size) and
 * whether they are wanted at all (token, filename) are told by fields that may
 * come after `file` (the element sends `index` and `token` after it), and the
 * last segment may have to wait for the segment size anyway (see `place`).
 */
async function readJsonBody(
  req: IncomingMessage,
  cut?: number,
): Promise<{ body?: Record<string, unknown>; dropped: boolean; bad: boolean }> {
  const { body, dropped } = await readBody(req, { dropAfter: cut, limit: BODY_LIMIT });
  if (dropped) return { dropped, bad: false };
  try {
    const parsed: unknown = parseSegmentJson(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { body: parsed as Record<string, unknown>, dropped, bad: false };
    }
  } catch {
    // Falls through to the 400 below.
  }
  return { dropped, bad: true };
}

const FILE_KEY = Buffer.from('"file":"');

/**
 * JSON.parse, with a fast lane for the one big field: the base64 `file` is
 * cut out of the bytes as a one-byte string instead of going through UTF-8
 * decoding and the JSON parser (about 50 ms less per 8 MiB segment, which
 * otherwise makes this server, not the element, the bottleneck of a benchmark).
 * The value cannot hold a quote, so the next `"` ends it; with any escape in
 * it (`\/` from some encoders), or another layout, the plain parse decides.
 */
function parseSegmentJson(body: Buffer): unknown {
  const key = body.indexOf(FILE_KEY);
  if (key !== -1 && isTopLevel(body, key)) {
    const start = key + FILE_KEY.length;
    const end = body.indexOf(0x22, start);
    const escaped = body.indexOf(0x5c, start);
    if (end !== -1 && (escaped === -1 || escaped > end)) {
      const rest = Buffer.concat([body.subarray(0, start), body.subarray(end)]);
      const parsed = JSON.parse(rest.toString('utf8')) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && parsed.file === '') {
        parsed.file = body.toString('latin1', start, end);
        return parsed;
      }
    }
  }
  return JSON.parse(body.toString('utf8'));
}

/** Whether byte `at` is outside any string and directly inside the outer object. */
function isTopLevel(body: Buffer, at: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < at; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return depth === 1 && !inString;
}

const needed = (upload: Upload) =>
  [...Array(upload.segments).keys()].filter((i) => !upload.received.has(i));

/** Revoke/expire faults armed for this token (or any) take effect now. */
function applyRevoke(ctx: ServerContext, phase: 'status' | 'chunk', token: string) {
  const upload = uploads.get(token);
  if (ctx.faults.take(PROTOCOL, phase, token, ['revoke', 'expire']).length > 0 && upload)
    upload.revoked = true;
}

async function start(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  arrived: number,
) {
  for (const fault of parseFaultParam(url.searchParams.get('fault'), PROTOCOL))
    ctx.faults.arm(fault);
  if (await applyPreFaults(res, ctx, PROTOCOL, 'create')) return;
  const { body, bad } = await readJsonBody(req);
  if (bad || !body) return fail(res, 400, undefined, 'The request body must be a JSON object');
  const { filename, segments, uploadType } = body;
  if (filename === undefined || filename === null || filename === '')
    return missing(res, 'filename');
  if (segments === undefined || segments === null) return missing(res, 'segments');
  if (typeof filename !== 'string' || !isValidFilename(filename)) return failCode(res, '20306');
  if (!Number.isSafeInteger(segments) || (segments as number) < 1) {
    return fail(res, 400, undefined, 'segments must be a positive whole number');
  }
  if (uploadType !== undefined && typeof uploadType !== 'string') {
    return fail(res, 400, undefined, 'uploadType must be a string');
  }
  const maxBytes = Number(url.searchParams.get('maxBytes') ?? ONE_GB);
  const file = await ctx.storage.createFile(PROTOCOL, filename, null);
  const upload: Upload = {
    token: file.id,
    filename,
    segments: segments as number,
    uploadType,
    maxBytes: Number.isFinite(maxBytes) && maxBytes > 0 ? maxBytes : ONE_GB,
    received: new Set(),
    revoked: false,
  };
  uploads.set(upload.token, upload);
  const segmentsNeeded = needed(upload);
  record(upload.token, { call: 'start', segmentsNeeded, arrived });
  sendJson(res, 200, { token: upload.token, segmentsNeeded });
}

async function resume(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  ctx: ServerContext,
  arrived: number,
) {
  if (await applyPreFaults(res, ctx, PROTOCOL, 'status', token)) return;
  const { body, bad } = await readJsonBody(req);
  if (bad || !body) return fail(res, 400, undefined, 'The request body must be a JSON object');
  applyRevoke(ctx, 'status', token);
  const upload = uploads.get(token);
  if (!upload || upload.revoked) return failCode(res, '13006', token, { call: 'resume', arrived });
  if (body.filename === undefined) return missing(res, 'filename');
  if (body.segments === undefined) return missing(res, 'segments');
  if (body.filename !== upload.filename)
    return failCode(res, '13005', token, { call: 'resume', arrived });
  if (body.segments !== upload.segments) {
    return fail(
      res,
      400,
      undefined,
      `This upload has ${upload.segments} segments, not ${String(body.segments)}`,
    );
  }
  const segmentsNeeded = needed(upload);
  record(token, { call: 'resume', segmentsNeeded, arrived });
  sendJson(res, 200, {
    token,
    segmentsNeeded,
    ...(upload.result ? { result: upload.result } : {}),
  });
}

/**
 * Strict base64 to bytes, or undefined. Node's decoder skips characters
 * outside the alphabet, so a wrong one shows as a short result; checking the
 * length is far cheaper than a regular expression over 11 MB (about 100 ms).
 */
function decodeBase64(text: string): Buffer | undefined {
  // Node also reads the URL-safe alphabet; OCC's `file` is plain base64.
  if (text.length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

interface Arrival {
  arrived: number;
  via: string;
}

async function segment(
  req: IncomingMessage,
  res: ServerResponse,
  pathToken: string | undefined,
  ctx: ServerContext,
  arrival: Arrival,
) {
  segmentRequests++;
  const key = pathToken ?? '';
  const count = (inFlight.get(key) ?? 0) + 1;
  inFlight.set(key, count);
  try {
    await handleSegment(req, res, pathToken, ctx, { ...arrival, inFlight: count });
  } finally {
    inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
  }
}

async function handleSegment(
  req: IncomingMessage,
  res: ServerResponse,
  pathToken: string | undefined,
  ctx: ServerContext,
  arrival: Arrival & { inFlight: number },
) {
  if (await applyPreFaults(res, ctx, PROTOCOL, 'chunk', pathToken)) return;
  const cut = dropAfter(ctx, PROTOCOL, 'chunk', pathToken);
  const { body, dropped, bad } = await readJsonBody(req, cut);
  if (dropped) {
    // A cut JSON body cannot be decoded: nothing of this segment is stored.
    if (pathToken) record(pathToken, { call: 'segment', dropped: true, ...arrival });
    return;
  }
  if (bad || !body) return fail(res, 400, undefined, 'The request body must be a JSON object');
  const bodyToken = typeof body.token === 'string' && body.token ? body.token : undefined;
  const token = pathToken ?? bodyToken;
  if (!token) return failCode(res, '13004');
  applyRevoke(ctx, 'chunk', token);
  const upload = uploads.get(token);
  const index = body.index;
  const event: SegmentsEvent = {
    call: 'segment',
    index: typeof index === 'number' ? index : undefined,
    ...arrival,
  };
  if (!upload || upload.revoked) return failCode(res, '13006', token, event);
  if (bodyToken && bodyToken !== token) {
    return fail(res, 400, undefined, 'The token in the body is not the one in the URL');
  }
  if (body.filename === undefined) return missing(res, 'filename');
  if (body.file === undefined) return missing(res, 'file');
  if (index === undefined) return missing(res, 'index');
  if (body.filename !== upload.filename) return failCode(res, '13005', token, event);
  if (
    !Number.isSafeInteger(index) ||
    (index as number) < 0 ||
    (index as number) >= upload.segments
  ) {
    return fail(
      res,
      400,
      undefined,
      `index must be a segment number from 0 to ${upload.segments - 1}`,
    );
  }
  if (upload.finishing) {
    // Sent again after the upload finished (the first answer was lost): same answer.
    record(token, event);
    return sendJson(res, 200, { success: true, result: await upload.finishing });
  }
  const bytes = typeof body.file === 'string' ? decodeBase64(body.file) : undefined;
  if (!bytes) return fail(res, 400, undefined, 'file must be the segment in base64');
  const problem = await place(upload, index as number, bytes, ctx);
  if (problem === '413') return failCode(res, '413', token, event);
  if (problem) return fail(res, 400, undefined, problem);
  upload.received.add(index as number);
  record(token, event);
  if (upload.received.size < upload.segments) return sendJson(res, 200, { success: true });
  // A duplicate arriving while the hash is computed shares the one finish.
  upload.finishing ??= finish(upload, ctx);
  upload.result = await upload.finishing;
  sendJson(res, 200, { success: true, result: upload.result });
}

/**
 * Write a segment where it belongs, or hold the last one until the segment
 * size is known. Returns why the segment was refused, if it was.
 */
async function place(
  upload: Upload,
  index: number,
  bytes: Buffer,
  ctx: ServerContext,
): Promise<string | undefined> {
  const last = upload.segments - 1;
  if (upload.segments === 1) {
    if (bytes.length > upload.maxBytes) return '413';
    upload.lastSize = bytes.length;
    await ctx.storage.write(upload.token, 0, bytes);
    return undefined;
  }
  if (index === last) {
    if (bytes.length === 0) return 'Only a one-segment upload may have an empty segment';
    if (upload.segmentSize === undefined) {
      upload.heldLast = bytes;
      upload.lastSize = bytes.length;
      return undefined;
    }
    if (bytes.length > upload.segmentSize) {
      return `The last segment has ${bytes.length} bytes, more than the ${upload.segmentSize} of the others`;
    }
    upload.lastSize = bytes.length;
    await ctx.storage.write(upload.token, last * upload.segmentSize, bytes);
    return undefined;
  }
  // Decided here, synchronously, so segments arriving together agree on it.
  upload.segmentSize ??= bytes.length;
  if (bytes.length !== upload.segmentSize || bytes.length === 0) {
    return `Segment ${index} has ${bytes.length} bytes; every segment but the last must have ${upload.segmentSize}`;
  }
  // The smallest size the file can have with this segment size.
  if (last * upload.segmentSize + 1 > upload.maxBytes) return '413';
  await ctx.storage.write(upload.token, index * upload.segmentSize, bytes);
  const held = upload.heldLast;
  if (held) {
    upload.heldLast = undefined;
    if (held.length > upload.segmentSize) {
      // Answered `success` before the size was known: ask for it again instead.
      upload.received.delete(last);
      upload.lastSize = undefined;
    } else {
      await ctx.storage.write(upload.token, last * upload.segmentSize, held);
    }
  }
  return undefined;
}

async function finish(upload: Upload, ctx: ServerContext): Promise<SegmentsResult> {
  const size =
    upload.segments === 1
      ? (upload.lastSize ?? 0)
      : (upload.segments - 1) * upload.segmentSize! + upload.lastSize!;
  ctx.storage.markComplete(upload.token);
  return {
    id: upload.token,
    token: upload.token,
    filename: upload.filename,
    size,
    sha256: await ctx.storage.answerSha256(upload.token),
    ...(upload.uploadType ? { uploadType: upload.uploadType } : {}),
  };
}
