import type { AdapterContext, Chunk } from './adapter.js';
import type { HttpRequest, HttpTransport } from './http.js';

/**
 * Bytes on the wire, apart from the bytes the server confirmed. The loops report
 * confirmations; the transport reports, request by request, how much of a chunk's body
 * has gone out (`HttpRequest.onSent`). What the page hears is both: the bar moves with
 * the bytes that left, and falls back to the confirmed ones when a request fails.
 */

/**
 * The least time between two reports of bytes moving (a confirmation is reported at once,
 * and does not hold back the next report of bytes moving: after a session's creation, the
 * first bytes of the first chunk are told as they leave, not up to 200 ms later). Five a
 * second is what the element repaints anyway; the transport's own progress comes every
 * 50-100 ms, so a report follows within about 300 ms while bytes move, however slow the link.
 */
export const SENT_REPORT_MS = 200;

/** Hears every confirmation at once, and the bytes on the wire at most every SENT_REPORT_MS. */
export type WireReport = (bytesConfirmed: number, bytesTotal: number, bytesSent: number) => void;

export class WireProgress {
  #confirmed = 0;
  /** Bytes of each chunk in flight that have left, by the chunk's first byte. */
  readonly #inFlight = new Map<number, number>();
  /** When bytes moving were last reported (confirmations do not count: see SENT_REPORT_MS). */
  #lastMovedAt = -Infinity;
  /** Bytes moved that no report told yet, and the timer that will tell them. */
  #untold = false;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly total: number,
    private readonly report: WireReport,
    private readonly now: () => number,
  ) {}

  /** What the server confirmed plus what the requests in flight have sent of their chunks. */
  get bytesSent(): number {
    let sent = this.#confirmed;
    for (const bytes of this.#inFlight.values()) sent += bytes;
    return Math.min(this.total, sent);
  }

  /** The server holds `bytes`: reported at once. */
  confirmed(bytes: number): void {
    this.#confirmed = bytes;
    this.#emit();
  }

  /**
   * Send one chunk with `send`, given a context whose transport counts the chunk's body
   * on the wire. When the attempt fails, what it sent no longer counts, and the page
   * hears so at once; on success the loop's confirmation takes over.
   */
  async sending<T>(
    ctx: AdapterContext,
    chunk: Pick<Chunk, 'start' | 'end'>,
    send: (ctx: AdapterContext) => Promise<T>,
  ): Promise<T> {
    const key = chunk.start;
    const length = chunk.end - chunk.start;
    const onSent = (loaded: number, total: number) => this.#moved(key, length, loaded, total);
    const http: HttpTransport = {
      send: (request) => ctx.http.send(carriesChunk(request) ? { ...request, onSent } : request),
    };
    try {
      const answer = await send({ ...ctx, http });
      this.#inFlight.delete(key);
      return answer;
    } catch (error) {
      if (this.#inFlight.delete(key)) this.#emit();
      throw error;
    }
  }

  #moved(key: number, length: number, loaded: number, total: number): void {
    // A body may be larger than its chunk (segments' base64, a multipart form): its share.
    const share = total > 0 ? Math.round((Math.min(loaded, total) / total) * length) : loaded;
    this.#inFlight.set(key, Math.min(length, share));
    const wait = this.#lastMovedAt + SENT_REPORT_MS - this.now();
    if (wait <= 0) return this.#emitMoved();
    // Told at the pace's next turn even if the transport says nothing more (the rest of
    // a body sat in socket buffers at once, and the answer is a round trip away).
    this.#untold = true;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#untold) this.#emitMoved();
    }, wait);
  }

  #emitMoved(): void {
    this.#lastMovedAt = this.now();
    this.#emit();
  }

  #emit(): void {
    this.#untold = false;
    this.report(this.#confirmed, this.total, this.bytesSent);
  }
}

/** The requests that carry a chunk's bytes; JSON calls (create, complete, presign) do not. */
function carriesChunk(request: HttpRequest): boolean {
  const body = request.body;
  return (
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof FormData !== 'undefined' && body instanceof FormData)
  );
}

/** `send` through `wire` when the job counts bytes on the wire, else as it is. */
export function sendCounted<T>(
  wire: WireProgress | undefined,
  ctx: AdapterContext,
  chunk: Pick<Chunk, 'start' | 'end'>,
  send: (ctx: AdapterContext) => Promise<T>,
): Promise<T> {
  return wire ? wire.sending(ctx, chunk, send) : send(ctx);
}
