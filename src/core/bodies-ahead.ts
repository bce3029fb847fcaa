import type { Chunk, ProtocolAdapter } from './adapter.js';
import type { PlannedPart } from './part-plan.js';

/**
 * Request bodies made one part ahead, for protocols whose body takes work to make
 * (segments: the part read and base64-encoded into JSON). The next pending part's
 * body is made while the parts before it are on the wire, so a lane that frees up
 * sends at once instead of the link waiting for the encoder. One body ahead at most:
 * with the lanes' own and the part sent ahead of its answer (parts-loop.ts), memory holds
 * lanes + 2 parts' bodies.
 */
export class BodiesAhead<H> {
  private ahead: { index: number; handle: H; body: Promise<Blob> } | undefined;

  constructor(
    private readonly adapter: ProtocolAdapter<H>,
    private readonly handle: () => H,
    private readonly file: Blob,
  ) {}

  /** The part as the adapter sends it: its slice, and its body when one is made ahead. */
  chunkFor(planned: PlannedPart): Chunk {
    const chunk: Chunk = { ...planned, blob: this.file.slice(planned.start, planned.end) };
    if (!this.adapter.prepareBody) return chunk;
    const handle = this.handle();
    const ahead = this.ahead;
    if (ahead?.index === planned.index) this.ahead = undefined;
    return {
      ...chunk,
      body:
        ahead?.index === planned.index && ahead.handle === handle
          ? ahead.body
          : this.adapter.prepareBody(chunk, handle),
    };
  }

  /** Start on `next`'s body after this task, so the request just made goes out first. */
  prepareNext(next: PlannedPart | undefined): void {
    const prepare = this.adapter.prepareBody;
    if (!prepare || !next || this.ahead) return;
    const handle = this.handle();
    const chunk = { ...next, blob: this.file.slice(next.start, next.end) };
    const body = new Promise<Blob>((resolve) => setTimeout(resolve)).then(() =>
      prepare.call(this.adapter, chunk, handle),
    );
    // Its failure belongs to the part's own send, which makes the body again.
    body.catch(() => {});
    this.ahead = { index: next.index, handle, body };
  }

  clear(): void {
    this.ahead = undefined;
  }
}
