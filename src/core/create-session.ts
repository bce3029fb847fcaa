import type { AdapterContext, SessionStart } from './adapter.js';
import { ChunkSizer } from './chunk-sizer.js';
import { sendCounted } from './send-progress.js';
import { retrying, type UploadJob } from './upload-job.js';

/**
 * A new session. Where the protocol's creation request can carry the first chunk
 * (`createWithChunk`: tus `creation-with-upload`) and that chunk is the whole file, it
 * does: the upload is one request instead of two, a round trip saved (250 ms on a
 * Singapore-Virginia link). Only then: a creation request broken midway leaves no URL to
 * resume at (the server names the upload in its answer), so what it carried is sent
 * again; a second attempt therefore creates the plain way, and a file larger than one
 * request (or with a checksum, which tus carries on PATCHes) never goes in the creation.
 */
export function createSession<H>(
  job: UploadJob<H>,
  ctx: AdapterContext,
  chunkSize: number,
): Promise<SessionStart<H>> {
  const { adapter, info, link } = job;
  const plain = () => {
    const create = () => adapter.create(ctx, info, chunkSize);
    // Timed: a small request's time is the round trip the loops size chunks by.
    return link ? link.timed(create) : create();
  };
  const pinned = ctx.options.chunkSize !== undefined;
  const sizer = new ChunkSizer(chunkSize, pinned ? undefined : adapter.chunkBounds?.(info));
  let withChunk =
    adapter.createWithChunk !== undefined &&
    job.checksum === undefined &&
    info.size > 0 &&
    sizer.next(info.size) === info.size;
  return retrying(job, async () => {
    if (!withChunk) return plain();
    withChunk = false;
    const chunk = { index: 0, start: 0, end: info.size, blob: job.file.slice(0, info.size) };
    // Its bytes count on the wire as they leave, as a chunk's do.
    const start = await sendCounted(job.wire, ctx, chunk, (counted) =>
      adapter.createWithChunk!(counted, info, chunk),
    );
    return start ?? plain();
  });
}
