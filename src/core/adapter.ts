import type { ChecksumAlgorithm, Digest } from './checksum.js';
import type { ChunkBounds } from './chunk-sizer.js';
import type { HttpTransport } from './http.js';

/**
 * The one interface every wire protocol implements. The upload loop knows
 * nothing else about a protocol: one file per adapter under `src/protocols/`.
 */

export type ProtocolName = 'content-range' | 'segments' | 'multipart' | 'chunked-session' | 'tus';

/** What the core knows about a file without reading it. */
export interface FileInfo {
  name: string;
  size: number;
  type: string;
  lastModified: number;
  /**
   * Where the file sat inside a dropped or picked folder, the folder's own name first
   * (`shoot/raw/a.jpg`); absent for a file added on its own. Checked by
   * `relativePathProblem` (relative-path.ts) before it is sent anywhere.
   */
  relativePath?: string;
}

/** A part the server has confirmed (parallel protocols). */
export interface PartRecord {
  /** Zero-based position in the part plan; adapters map it to their own numbering. */
  index: number;
  size: number;
  /** Multipart's ETag, kept verbatim (quotes included). */
  etag?: string;
  /** Multipart with a checksum: the part's, base64, for the complete call. */
  checksum?: string;
}

/** What the server holds, as the server says. The stored copy is only a hint. */
export type ServerState =
  | { kind: 'offset'; offset: number }
  | { kind: 'parts'; parts: PartRecord[] }
  | { kind: 'complete'; result: unknown };

/**
 * The status query's answer. Adapters never change a handle they were given: when the
 * server replaces the session's handle (a new token), `handle` is the new one, and the
 * loop keeps and stores it.
 */
export type StatusAnswer<H> = ServerState & { handle?: H };

export type ChunkResult =
  | { kind: 'offset'; offset: number }
  | { kind: 'part'; part: PartRecord }
  | { kind: 'complete'; result: unknown };

export interface Chunk {
  index: number;
  start: number;
  /** Exclusive. */
  end: number;
  /** The request body made ahead by `prepareBody` (parallel protocols that have one). */
  body?: Promise<Blob>;
  /**
   * Sliced from the file just before this send; never the whole file. With a checksum, a
   * Blob of the bytes that were read once and hashed (checksum-chunks.ts).
   */
  blob: Blob;
  /** With a checksum: this chunk's digest, in the upload's algorithm. */
  checksum?: Digest;
  /** With a checksum, on the chunk that ends the file: the whole file's digest. */
  fileChecksum?: Digest;
}

/** Options a page sets; adapters read the ones they understand. */
export interface ProtocolOptions {
  chunkSize?: number;
  concurrency?: number;
  metadata?: Record<string, unknown>;
  /** The checksum each chunk (and the whole file) carries, in the protocol's own header. */
  checksum?: ChecksumAlgorithm;
  /** Per-protocol URL overrides (e.g. the OCC segment path, the multipart parts path). */
  urls?: Record<string, string>;
  /**
   * The names of the functions on the element's `backend` property: what `callPage` can
   * reach besides `headers` (content-range's `createSession`).
   */
  backend?: string[];
}

export interface AdapterContext {
  http: HttpTransport;
  endpoint: string;
  options: ProtocolOptions;
  signal: AbortSignal;
  /**
   * Ask the page for something only it has (a `backend` function: plain S3 mode's calls,
   * content-range's `createSession`).
   * Resolves with what the page's function returned.
   */
  callPage(hook: string, args: unknown): Promise<unknown>;
}

export interface SessionStart<H> {
  handle: H;
  /** The chunk/part size the session uses, when the server decides it. */
  chunkSize?: number;
  /** Epoch ms after which the server forgets the session. */
  expiresAt?: number;
  /** What the server already holds, when creation tells it. */
  state?: ServerState;
}

/**
 * `H` is the protocol's session handle: JSON-serialisable, stored in IndexedDB,
 * and free of secrets (no auth headers, no presigned URLs).
 */
export interface ProtocolAdapter<H = unknown> {
  readonly protocol: ProtocolName;
  /**
   * `sequential`: chunks go one at a time and the server reports an offset.
   * `parallel`: parts are independent, several in flight, finished by `complete`.
   */
  readonly mode: 'sequential' | 'parallel';
  /**
   * Where the protocol carries a checksum: on each `chunk` (S3 parts, tus PATCHes) or once
   * for the whole `file` (GCS's `X-Goog-Hash`); none when absent. Only that is computed,
   * besides the whole file's SHA-256 for `upload-success` when `checksum="sha256"`.
   */
  readonly checksums?: 'chunk' | 'file';
  /**
   * Parts in flight to start with when the page sets no `concurrency` (parallel mode
   * only); the loop then tunes the number to the link, up to `maxConcurrency` (16).
   */
  readonly defaultConcurrency?: number;
  /** The most parts in flight tuning may reach: fewer when each holds its bytes in memory. */
  readonly maxConcurrency?: number;
  /**
   * Space the parts' starts once the link's rate is known (part-starts.ts), so parts
   * finish apart and the lanes' dead time (the answer, the next URL's preflight) is
   * covered by the others. For protocols whose every part is a new URL (multipart).
   */
  readonly staggerParts?: boolean;
  /**
   * Requests made after the last byte is confirmed (multipart's complete call, its
   * preflight included). The time left counts one small request's measured time for each
   * (link-meter.ts), so it does not fall short by that much at the end.
   */
  readonly finishingCalls?: number;
  /**
   * A part's request body, when making it takes work (segments' base64 JSON): the loop
   * makes the next part's while earlier ones are on the wire and hands it in `chunk.body`.
   */
  prepareBody?(chunk: Chunk, handle: H): Promise<Blob>;
  /**
   * The part the parallel loop will send next: a protocol that asks its backend for
   * something per part (plain S3's signature) asks now, while earlier parts are on the
   * wire, so the part does not wait a round trip for it. Best effort: the part's own send
   * asks again when this failed.
   */
  askAhead?(ctx: AdapterContext, handle: H, part: Pick<Chunk, 'index' | 'start' | 'end'>): void;
  /**
   * An adapter of its own for one upload, when the adapter remembers something for
   * as long as the upload runs (multipart's presigned URLs: grants, never stored).
   */
  forUpload?(): ProtocolAdapter<H>;
  /** Throws a ConfigError, before any request, when the settings cannot work. */
  chunkSize(file: FileInfo, options: ProtocolOptions): number;
  /**
   * Sequential protocols whose chunks may vary in size: the range the loop may
   * adapt the chunk size in when the page did not pin `chunk-size`.
   */
  chunkBounds?(file: FileInfo): ChunkBounds;
  create(ctx: AdapterContext, file: FileInfo, chunkSize: number): Promise<SessionStart<H>>;
  /**
   * Sequential protocols whose creation request may carry the first chunk (tus
   * `creation-with-upload`): one round trip fewer. Used for a new session when that chunk
   * is the whole file (create-session.ts). Undefined when this server takes no body at
   * creation: the loop creates the plain way.
   */
  createWithChunk?(
    ctx: AdapterContext,
    file: FileInfo,
    chunk: Chunk,
  ): Promise<SessionStart<H> | undefined>;
  /** The protocol's status query. Throws SessionGoneError when the server forgot it. */
  status(
    ctx: AdapterContext,
    handle: H,
    file: FileInfo,
    chunkSize: number,
  ): Promise<StatusAnswer<H>>;
  sendChunk(ctx: AdapterContext, handle: H, chunk: Chunk, file: FileInfo): Promise<ChunkResult>;
  /** Parallel protocols: finish with every part, ascending. */
  complete?(ctx: AdapterContext, handle: H, parts: PartRecord[], file: FileInfo): Promise<unknown>;
  /** Tell the server to drop the session (cancel). Best effort. */
  abort?(ctx: AdapterContext, handle: H): Promise<void>;
  /**
   * What the server still lacks as requests the browser's Background Fetch can send
   * after the page is gone (docs/architecture.md, "Who owns an upload"). `state` is the
   * server's answer to the status query just asked. Absent: the protocol stays in the
   * page (segments). Throws a `BackgroundRefusal` when this upload cannot be handed off.
   */
  remainderRequests?(
    ctx: AdapterContext,
    handle: H,
    remainder: RemainderSource,
  ): Promise<BackgroundPlan>;
}

/** What `remainderRequests` gets: the file, the server's word, the session's part size. */
export interface RemainderSource {
  file: Blob;
  info: FileInfo;
  state: ServerState;
  chunkSize: number;
  /** Epoch ms the hand-off is made at (presigned URLs must outlive the fetch). */
  now: number;
  /** The upload's speed so far, to tell how long the fetch will take (0: unknown). */
  bytesPerSecond: number;
}

/** One request of a Background Fetch: no auth headers, the body a slice of the file. */
export interface BackgroundRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Blob;
  /** The file's bytes this request carries, `[start, end)`. */
  start: number;
  end: number;
  /** Parallel protocols: the part's plan index, so its ETag finds its place. */
  part?: number;
  /** `false`: the URL is the grant (a presigned part), and the page's headers never go with it. */
  auth?: false;
}

/**
 * A call the service worker makes once every request succeeded (multipart's complete),
 * when the backend takes it without the page's headers. Each `parts[i].eTag` that is
 * null is the ETag the Background Fetch's response for that part carries.
 */
export interface BackgroundCompletion {
  url: string;
  method: string;
  headers: Record<string, string>;
  requestKey: string;
  parts: Array<{ index: number; partNumber: number; eTag: string | null }>;
}

export interface BackgroundPlan {
  requests: BackgroundRequest[];
  /** Bytes the server already holds: progress shown is this plus the fetch's `uploaded`. */
  bytesHeld: number;
  completion?: BackgroundCompletion;
}

/** Why an upload stays in the page (each protocol's own limits). */
export class BackgroundRefusal extends Error {
  /**
   * @param askAgainAtBytesLeft Refused only for now: the page asks again once at most this
   *   many bytes are left (a DocSpace remainder must fit one last chunk).
   */
  constructor(
    readonly reason: BackgroundRefusalReason,
    message: string,
    readonly askAgainAtBytesLeft?: number,
  ) {
    super(message);
    this.name = 'BackgroundRefusal';
  }
}

export type BackgroundRefusalReason =
  | 'protocol'
  | 'cross-origin'
  | 'needs-headers'
  | 'urls-expire'
  | 'remainder-too-large'
  | 'finished';

export const KiB = 1024;
export const MiB = 1024 * KiB;
