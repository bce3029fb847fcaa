import {
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
  type Hash,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badDigestXml,
  claimedPartChecksums,
  corruptAt,
  corrupted,
  runningHash,
  type RunningHash,
  type ServerAlgorithm,
} from '../checksums.js';
import { parseFaultParam } from '../faults.js';
import {
  applyPreFaults,
  bearerOk,
  bodyPieces,
  dropAfter,
  readBody,
  readJson,
  sendJson,
  uploadBase,
  type Route,
  type ServerContext,
} from '../http-kit.js';

/**
 * docs/protocols/multipart.md, the server side. `{api}` is `/multipart`,
 * so the element's endpoint is `{base}/multipart/uploads/multipart`:
 *
 *   POST   /multipart/uploads/multipart                 start (bearer)
 *   GET    /multipart/uploads/multipart/{key}/parts     parts listing (bearer)
 *   GET    /multipart/uploads/url/multipart/{key}/parts the vendor's own listing path (bearer)
 *   POST   /multipart/uploads/multipart-resume          fresh presigned URLs (bearer)
 *   PUT    /multipart/uploads/multipart-complete        complete, eTags checked (bearer)
 *   DELETE /multipart/uploads/multipart/{key}           abort (bearer)
 *   PUT    /multipart/part/{key}/{n}?issued&expires&signature   a presigned part (no bearer)
 *
 * Every API answer is the API's envelope. Parts are numbered from 1, as on S3.
 * Query knobs on the start URL: `partSize=` (bytes, forces the server's choice,
 * even under 5 MiB, so tests can use small files), `urlTtl=` (seconds a part
 * URL lives, default 3600), `exposeEtag=0` (CORS hides ETag, as a misconfigured
 * bucket does), `uploadBase=` (part URLs on another base), `fault=` (see faults.ts; armed for this upload only).
 * Fault kinds: `expire-urls` (the part URLs handed out so far answer 403
 * expired), `expire` (the upload is forgotten: 404), `drop`, `status`, `delay`, `corrupt`
 * (a byte of a part changed on the way in).
 *
 * Checksums, as S3 checks them: a part's `x-amz-checksum-crc32c` / `-sha256` or
 * `Content-MD5` must be its bytes' (else `400 BadDigest`, nothing stored); with
 * `checksumAlgorithm` at the start, the listing and the complete call carry each part's
 * (`checksumCRC32C` / `checksumSHA256`), and a complete call whose checksum of a part is
 * not the stored one is refused.
 */
const PREFIX = '/multipart';
const API = '/uploads/multipart';
const MIN_PART = 5 * 1024 * 1024;
const MAX_PART = 5 * 1024 * 1024 * 1024;
const MAX_PARTS = 10_000;
const DEFAULT_PART = 8 * 1024 * 1024;
const DEFAULT_URL_TTL_MS = 60 * 60 * 1000;
const HIDDEN_ETAG_EXPOSE = 'Location, Range, Retry-After';

/** Signs part URLs; a new one per process, so URLs never outlive the server. */
const secret = randomBytes(32);

interface StoredPart {
  eTag: string;
  size: number;
  /** The part's checksum in the upload's algorithm (base64), when it has one. */
  checksum?: string;
}

/** The start's `checksumAlgorithm` (S3's names) and the part field that carries it. */
const ALGORITHMS: Record<string, { algorithm: ServerAlgorithm; field: string }> = {
  CRC32C: { algorithm: 'crc32c', field: 'checksumCRC32C' },
  SHA256: { algorithm: 'sha256', field: 'checksumSHA256' },
};

interface Upload {
  requestKey: string;
  uploadId: string;
  fileId: string;
  fileName: string;
  fileSize: number;
  partSize: number;
  partCount: number;
  parts: Map<number, StoredPart>;
  /** Parts being streamed to disk now (at most one copy of a part at a time). */
  arriving: Set<number>;
  urlTtlMs: number;
  /** Part URLs issued before this instant are expired (the `expire-urls` knob). */
  notBefore: number;
  exposeEtag: boolean;
  /** Where part URLs point: this server, or the `uploadBase=` knob's origin. */
  uploadBase: string;
  expired: boolean;
  /** `checksumAlgorithm` at the start: every part must carry it, and complete names it. */
  checksum?: { algorithm: ServerAlgorithm; field: string };
  completed?: { fileId: string; sha256: string; size: number };
}

const uploads = new Map<string, Upload>();

export const multipartRoute: Route = {
  prefix: PREFIX,
  protocol: 'multipart',
  async handle(req, res, url, ctx) {
    const rest = url.pathname.slice(PREFIX.length);
    const part = /^\/part\/([\w-]+)\/(\d+)$/.exec(rest);
    if (part) {
      if (req.method !== 'PUT') return envelope(res, 405, null, ['Parts are sent with PUT']);
      return putPart(req, res, url, ctx, part[1], Number(part[2]));
    }
    if (!bearerOk(req, ctx)) return envelope(res, 401, null, ['Missing or wrong bearer token']);
    if (rest === API && req.method === 'POST') return start(req, res, url, ctx);
    if (rest === `${API}-resume` && req.method === 'POST') return resume(req, res, ctx);
    if (rest === `${API}-complete` && req.method === 'PUT') return complete(req, res, ctx);
    const listing = /^\/uploads\/(?:url\/)?multipart\/([\w-]+)\/parts$/.exec(rest);
    if (listing && req.method === 'GET') return listParts(req, res, ctx, listing[1]);
    const one = new RegExp(`^${API}/([\\w-]+)$`).exec(rest);
    if (one && req.method === 'DELETE') return abort(req, res, ctx, one[1]);
    envelope(res, 404, null, [`No multipart call ${req.method} ${url.pathname}`]);
  },
};

/** The seed's envelope; the HTTP status and `statusCode` agree. */
function envelope(
  res: ServerResponse,
  status: number,
  result: unknown,
  errors: string[] = [],
  resultInfo: unknown = null,
) {
  sendJson(res, status, {
    success: status < 400,
    errors,
    messages: status < 400 ? ['OK'] : [],
    result,
    resultInfo,
    statusCode: status,
  });
}

/** The upload, unless it is unknown, expired, or the `expire` knob fires now. */
function find(ctx: ServerContext, requestKey: string): Upload | undefined {
  const upload = uploads.get(requestKey);
  if (!upload) return undefined;
  if (ctx.faults.take('multipart', 'any', requestKey, ['expire']).length) upload.expired = true;
  return upload.expired ? undefined : upload;
}

function sign(requestKey: string, partNumber: number, issued: number, expires: number): string {
  return createHmac('sha256', secret)
    .update(`${requestKey}\n${partNumber}\n${issued}\n${expires}`)
    .digest('hex');
}

function presignedUrls(upload: Upload) {
  const issued = Date.now();
  const expires = issued + upload.urlTtlMs;
  return Array.from({ length: upload.partCount }, (_, i) => {
    const partNumber = i + 1;
    const query = `issued=${issued}&expires=${expires}&signature=${sign(upload.requestKey, partNumber, issued, expires)}`;
    return {
      partNumber,
      presignedUrl: `${upload.uploadBase}${PREFIX}/part/${upload.requestKey}/${partNumber}?${query}`,
    };
  });
}

function sessionInfo(upload: Upload) {
  return {
    requestKey: upload.requestKey,
    uploadId: upload.uploadId,
    partSize: upload.partSize,
    presignedUrls: presignedUrls(upload),
  };
}

function expectedSize(upload: Upload, partNumber: number): number {
  if (upload.fileSize === 0) return 0;
  return Math.min(upload.partSize, upload.fileSize - (partNumber - 1) * upload.partSize);
}

async function start(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext) {
  const faults = parseFaultParam(url.searchParams.get('fault'), 'multipart');
  for (const fault of faults.filter((f) => f.phase === 'create')) ctx.faults.arm(fault);
  if (await applyPreFaults(res, ctx, 'multipart', 'create')) return;
  const body = await readJson<{
    fileName?: unknown;
    fileSize?: unknown;
    partSize?: unknown;
    checksumAlgorithm?: unknown;
  }>(req);
  if (!body || typeof body !== 'object')
    return envelope(res, 400, null, ['Send JSON {fileName, fileSize, partSize?}']);
  const { fileName, fileSize, partSize, checksumAlgorithm } = body;
  const checksum =
    typeof checksumAlgorithm === 'string' ? ALGORITHMS[checksumAlgorithm.toUpperCase()] : undefined;
  if (checksumAlgorithm !== undefined && !checksum) {
    return envelope(res, 400, null, ['checksumAlgorithm must be CRC32C or SHA256']);
  }
  if (typeof fileName !== 'string' || !fileName)
    return envelope(res, 400, null, ['fileName is required']);
  if (typeof fileSize !== 'number' || !Number.isSafeInteger(fileSize) || fileSize < 0) {
    return envelope(res, 400, null, ['fileSize must be a whole number of bytes']);
  }
  let chosen: number;
  const forced = url.searchParams.get('partSize');
  if (forced !== null) {
    chosen = Number(forced);
    if (!Number.isSafeInteger(chosen) || chosen <= 0)
      return envelope(res, 400, null, ['Bad partSize knob']);
  } else if (partSize !== undefined) {
    if (
      typeof partSize !== 'number' ||
      !Number.isSafeInteger(partSize) ||
      partSize < MIN_PART ||
      partSize > MAX_PART
    ) {
      return envelope(res, 400, null, ['partSize must be between 5 MiB and 5 GiB']);
    }
    chosen = partSize;
  } else {
    chosen = DEFAULT_PART;
  }
  const needed = Math.ceil(fileSize / MAX_PARTS);
  if (chosen < needed) chosen = Math.ceil(needed / (1024 * 1024)) * 1024 * 1024;
  const partCount = Math.max(1, Math.ceil(fileSize / chosen));
  const file = await ctx.storage.createFile('multipart', fileName, fileSize);
  const upload: Upload = {
    requestKey: randomUUID(),
    uploadId: randomBytes(16).toString('hex'),
    fileId: file.id,
    fileName,
    fileSize,
    partSize: chosen,
    partCount,
    parts: new Map(),
    arriving: new Set(),
    urlTtlMs: url.searchParams.has('urlTtl')
      ? Number(url.searchParams.get('urlTtl')) * 1000
      : DEFAULT_URL_TTL_MS,
    notBefore: 0,
    exposeEtag: url.searchParams.get('exposeEtag') !== '0',
    uploadBase: uploadBase(url, ctx),
    expired: false,
    checksum,
  };
  uploads.set(upload.requestKey, upload);
  for (const fault of faults.filter((f) => f.phase !== 'create')) {
    ctx.faults.arm({ ...fault, session: upload.requestKey });
  }
  envelope(res, 200, sessionInfo(upload));
}

async function resume(req: IncomingMessage, res: ServerResponse, ctx: ServerContext) {
  const body = await readJson<{ requestKey?: unknown }>(req);
  const requestKey = typeof body?.requestKey === 'string' ? body.requestKey : '';
  if (await applyPreFaults(res, ctx, 'multipart', 'status', requestKey)) return;
  const upload = find(ctx, requestKey);
  if (!upload || upload.completed)
    return envelope(res, 404, null, ['Unknown or finished requestKey']);
  envelope(res, 200, sessionInfo(upload));
}

async function listParts(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  requestKey: string,
) {
  await readBody(req);
  if (await applyPreFaults(res, ctx, 'multipart', 'status', requestKey)) return;
  const upload = find(ctx, requestKey);
  if (!upload) return envelope(res, 404, null, ['Unknown requestKey']);
  const parts = [...upload.parts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, p]) => ({
      partNumber,
      eTag: p.eTag,
      size: p.size,
      ...(upload.checksum && p.checksum && { [upload.checksum.field]: p.checksum }),
    }));
  envelope(res, 200, parts);
}

async function putPart(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ServerContext,
  requestKey: string,
  partNumber: number,
) {
  const issued = Number(url.searchParams.get('issued'));
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  const good = Buffer.from(sign(requestKey, partNumber, issued, expires), 'hex');
  const given = Buffer.from(signature, 'hex');
  const upload = find(ctx, requestKey);
  if (upload && !upload.exposeEtag)
    res.setHeader('Access-Control-Expose-Headers', HIDDEN_ETAG_EXPOSE);
  if (given.length !== good.length || !timingSafeEqual(given, good)) {
    await readBody(req).catch(() => undefined);
    return envelope(res, 403, null, ['SignatureDoesNotMatch']);
  }
  if (!upload || upload.completed) {
    await readBody(req).catch(() => undefined);
    return envelope(res, 404, null, ['NoSuchUpload']);
  }
  if (partNumber < 1 || partNumber > upload.partCount) {
    await readBody(req).catch(() => undefined);
    return envelope(res, 400, null, [`Part number must be between 1 and ${upload.partCount}`]);
  }
  if (ctx.faults.take('multipart', 'chunk', requestKey, ['expire-urls']).length) {
    upload.notBefore = Date.now();
  }
  if (expires < Date.now() || issued < upload.notBefore) {
    // Drained so the client reliably reads the 403 rather than a reset connection.
    await readBody(req);
    return envelope(res, 403, null, ['Request has expired']);
  }
  if (await applyPreFaults(res, ctx, 'multipart', 'chunk', requestKey)) return;
  const body = { dropAfter: dropAfter(ctx, 'multipart', 'chunk', requestKey), dropped: false };
  const size = expectedSize(upload, partNumber);
  const position = (partNumber - 1) * upload.partSize;
  const claimed = claimedPartChecksums(req.headers);
  const sums = await Promise.all(claimed.map((c) => runningHash(c.algorithm)));
  const part: PartState = { length: 0, hash: createHash('md5'), sums };
  const arriving = corrupted(
    bodyPieces(req, body),
    corruptAt(ctx, 'multipart', 'chunk', requestKey),
  );
  const pieces = hashedPart(arriving, size, part);
  /** The first checksum header the bytes do not match, once they all arrived. */
  let mismatch: string | undefined;
  const checked = () => {
    const found = claimed.find((c, i) => c.value !== sums[i].base64());
    mismatch = found?.header;
    return !found;
  };
  // Like S3, a part that did not arrive whole and right is not stored at all.
  const whole = () => !body.dropped && part.length === size && checked();
  try {
    if (upload.parts.has(partNumber) || upload.arriving.has(partNumber)) {
      // Sent again over a stored part (its answer was lost), or beside a copy
      // still arriving: held until whole, so a cut resend cannot damage bytes
      // already answered with an ETag.
      const held: Uint8Array[] = [];
      for await (const piece of pieces) held.push(piece);
      if (whole()) await ctx.storage.write(upload.fileId, position, Buffer.concat(held, size));
    } else {
      // Streamed to its place as it arrives, and logged (and listed) only once whole.
      upload.arriving.add(partNumber);
      try {
        const { error } = await ctx.storage.writePending(upload.fileId, position, pieces);
        if (error) throw error;
      } finally {
        upload.arriving.delete(partNumber);
      }
      if (whole()) ctx.storage.commit(upload.fileId, position, size);
    }
  } catch (error) {
    // The client went away mid-body: nothing stored, nobody to answer.
    if (body.dropped || req.socket.destroyed) return;
    throw error;
  }
  if (body.dropped) return;
  if (part.length !== size) {
    return envelope(res, 400, null, [
      `Part ${partNumber} must be ${size} bytes; it had ${part.length}`,
    ]);
  }
  if (mismatch) {
    res.writeHead(400, { 'Content-Type': 'application/xml' });
    res.end(badDigestXml(mismatch));
    return;
  }
  const ownSum =
    upload.checksum && claimed.findIndex((c) => c.algorithm === upload.checksum!.algorithm);
  if (upload.checksum && (ownSum === undefined || ownSum < 0)) {
    return envelope(res, 400, null, [
      `InvalidRequest: this upload checks ${upload.checksum.algorithm}; part ${partNumber} carried none`,
    ]);
  }
  const eTag = `"${part.hash.digest('hex')}"`;
  upload.parts.set(partNumber, {
    eTag,
    size,
    ...(ownSum !== undefined && ownSum >= 0 && { checksum: claimed[ownSum].value }),
  });
  res.writeHead(200, { ETag: eTag, 'Content-Length': '0' });
  res.end();
}

interface PartState {
  /** Body bytes that arrived, all of them. */
  length: number;
  /** MD5 of the part's bytes: its ETag, as on S3. */
  hash: Hash;
  /** The checksums the PUT's headers claim, computed over the same bytes. */
  sums: RunningHash[];
}

/**
 * A part's body as it arrives, hashed on the way: hashing 8 MiB at the end
 * would block the event loop that other parts in flight are arriving on.
 * Yields at most `size` bytes, so a body that is too long never spills into
 * the next part's bytes on disk; `state.length` counts them all.
 */
async function* hashedPart(
  pieces: AsyncIterable<Uint8Array>,
  size: number,
  state: PartState,
): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces) {
    const room = size - state.length;
    state.length += piece.length;
    if (room <= 0) continue;
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    state.hash.update(kept);
    for (const sum of state.sums) sum.update(kept);
    yield kept;
  }
}

async function complete(req: IncomingMessage, res: ServerResponse, ctx: ServerContext) {
  const body = await readJson<{ requestKey?: unknown; parts?: unknown }>(req);
  const requestKey = typeof body?.requestKey === 'string' ? body.requestKey : '';
  if (await applyPreFaults(res, ctx, 'multipart', 'complete', requestKey)) return;
  const upload = find(ctx, requestKey);
  if (!upload) return envelope(res, 404, null, ['Unknown requestKey']);
  const error = checkParts(upload, body?.parts);
  if (error) return envelope(res, 400, null, [error]);
  // A repeated complete (its first answer was lost) gets the same answer.
  if (!upload.completed) {
    ctx.storage.markComplete(upload.fileId);
    upload.completed = {
      fileId: upload.fileId,
      sha256: await ctx.storage.answerSha256(upload.fileId),
      size: upload.fileSize,
    };
  }
  envelope(res, 200, true, [], upload.completed);
}

/** S3's rules: every part, ascending, each eTag exactly as the part's PUT answered it. */
function checkParts(upload: Upload, parts: unknown): string | undefined {
  if (!Array.isArray(parts)) return 'parts must be a list of {partNumber, eTag}';
  if (parts.length !== upload.partCount) {
    return `Expected ${upload.partCount} parts, got ${parts.length}`;
  }
  for (const [i, part] of (parts as Array<Record<string, unknown>>).entries()) {
    if (part?.partNumber !== i + 1) return `InvalidPartOrder: entry ${i} should be part ${i + 1}`;
    const stored = upload.parts.get(i + 1);
    if (!stored) return `InvalidPart: part ${i + 1} was never uploaded`;
    if (part.eTag !== stored.eTag) return `InvalidPart: the eTag of part ${i + 1} does not match`;
    if (upload.checksum && part[upload.checksum.field] !== stored.checksum) {
      return `InvalidPart: the ${upload.checksum.field} of part ${i + 1} does not match`;
    }
  }
  return undefined;
}

async function abort(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  requestKey: string,
) {
  await readBody(req);
  if (await applyPreFaults(res, ctx, 'multipart', 'abort', requestKey)) return;
  const upload = uploads.get(requestKey);
  if (!upload) return envelope(res, 404, null, ['Unknown requestKey']);
  uploads.delete(requestKey);
  // A completed file stays; an unfinished one and its parts are dropped, as S3 does.
  if (!upload.completed) await ctx.storage.remove(upload.fileId);
  envelope(res, 200, true);
}

/** What the server holds for an upload (tests). */
export function multipartUpload(requestKey: string): Readonly<Upload> | undefined {
  return uploads.get(requestKey);
}

/** Forget every upload (between tests). */
export function resetMultipart() {
  uploads.clear();
}
