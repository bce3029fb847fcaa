import type { Chunk, ProtocolAdapter } from './adapter.js';
import type { PlannedPart } from './part-plan.js';

/**
 * Request bodies made one part ahead, for protocols whose body takes work to make
 * (segments: the part read and base64-encoded into JSON). The next pending part's
 * body is made while the parts before it are on the wire, so a lane that frees up
 * sends at once instead of the link waiting for the encoder. One body ahead at most:
 * with the lanes' own and the part sent ahead of its answer (parts-loop.ts), memory holds
 * lanes + 2 parts' bodies.
 *
 * Bodies are made one at a time, in the order they were asked for (the order the lanes
 * take parts). The lanes starting together ask for theirs at once; made side by side,
 * their reads and encodings shared the worker, so the first part left only when the
 * last of them was ready (a loaded machine, 100 ms link: the first segment went out
 * 450 ms after the start answer, behind the body made ahead for the fourth). One at a
 * time, the first part leaves after one body's work, and the ones after it follow a
 * body's work apart, so lanes that would have finished together do not.
 */
export class BodiesAhead<H> {
  private ahead: { index: number; handle: H; body: Promise<Blob> } | undefined;
  /** Settles when the last body asked for is made (or failed): the next one starts then. */
  private queue: Promise<unknown> = Promise.resolve();

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
          : this.make(chunk, handle, false),
    };
  }

  /** Start on `next`'s body after this task, so the request just made goes out first. */
  prepareNext(next: PlannedPart | undefined): void {
    if (!this.adapter.prepareBody || !next || this.ahead) return;
    const handle = this.handle();
    const chunk = { ...next, blob: this.file.slice(next.start, next.end) };
    const body = this.make(chunk, handle, true);
    // Its failure belongs to the part's own send, which makes the body again.
    body.catch(() => {});
    this.ahead = { index: next.index, handle, body };
  }

  clear(): void {
    this.ahead = undefined;
  }

  /**
   * The body, made once every body asked for before it is made. `later` (the body ahead):
   * it joins the line only after a task, behind the bodies of lanes taking their parts in
   * this one (lanes starting together take theirs a microtask apart).
   */
  private make(chunk: Chunk, handle: H, later: boolean): Promise<Blob> {
    if (later) {
      const turn = new Promise((resolve) => setTimeout(resolve));
      return turn.then(() => this.make(chunk, handle, false));
    }
    const prepare = this.adapter.prepareBody!;
    const body = this.queue.then(() => prepare.call(this.adapter, chunk, handle));
    this.queue = body.catch(() => {});
    return body;
  }
}
