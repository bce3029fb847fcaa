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
 * Bodies are made one at a time, lowest part first (the order the lanes take parts,
 * the body ahead last). The lanes starting together ask for theirs at once; made side by side,
 * their reads and encodings shared the worker, so the first part left only when the
 * last of them was ready (a loaded machine, 100 ms link: the first segment went out
 * 450 ms after the start answer, behind the body made ahead for the fourth). One at a
 * time, the first part leaves after one body's work, and the ones after it follow a
 * body's work apart, so lanes that would have finished together do not.
 */
export class BodiesAhead<H> {
  private ahead: { index: number; handle: H; body: Promise<Blob> } | undefined;
  /** Bodies asked for and not started; one is made at a time. */
  private waiting: Array<{ index: number; run: () => void; ahead: boolean }> = [];
  private making = false;

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
   * The body, made one at a time and lowest part first. `ahead` (the body made ahead,
   * always a later part) waits a task when its turn comes, then gives way to any lower
   * part asked for meanwhile: a lane asks for its part's body some microtasks after taking
   * it, and may ask after the body ahead was asked for. The task also lets the request
   * just made go out before the body ahead is worked on.
   */
  private make(chunk: Chunk, handle: H, ahead: boolean): Promise<Blob> {
    const prepare = this.adapter.prepareBody!;
    const turn = new Promise<void>((run) => {
      this.waiting.push({ index: chunk.index, run, ahead });
      this.nextTurn();
    });
    return turn
      .then(() => prepare.call(this.adapter, chunk, handle))
      .finally(() => {
        this.making = false;
        this.nextTurn();
      });
  }

  /** The lowest part waiting gets its turn, once no body is being made. */
  private nextTurn(): void {
    if (this.making || !this.waiting.length) return;
    this.waiting.sort((a, b) => a.index - b.index);
    const first = this.waiting[0];
    this.making = true;
    if (first.ahead) {
      first.ahead = false;
      setTimeout(() => {
        this.making = false;
        this.nextTurn();
      });
      return;
    }
    this.waiting.shift();
    first.run();
  }
}
