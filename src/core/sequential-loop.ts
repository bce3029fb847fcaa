import type { AdapterContext, Chunk, ChunkResult } from './adapter.js';
import { ChunkReader, hashableBounds, resendOnMismatch } from './checksum-chunks.js';
import { ChunkSizer } from './chunk-sizer.js';
import { IncompleteError, ProtocolError } from './errors.js';
import { sendCounted } from './send-progress.js';
import { LinkMeter } from './link-meter.js';
import type { StoredSession } from './session-store.js';
import { askStatus, retrying } from './upload-job.js';
import type { Finished, ProgressWrites, UploadJob } from './upload-job.js';

/**
 * Chunks sent one at a time (`content-range`, `chunked-session`, `tus`): the
 * server's offset says where the next chunk starts, and after any doubt a status
 * query says it again before a byte is re-sent.
 */

/** Consecutive chunks the server accepted without storing a byte before we stop. */
const MAX_STALLED_CHUNKS = 3;

/** A chunk's answer, with what was sent and how long it took. */
interface SentChunk {
  kind: 'sent';
  answer: ChunkResult;
  chunk: Chunk;
  ms: number;
}

export async function sendSequential<H>(
  job: UploadJob<H>,
  ctx: AdapterContext,
  record: StoredSession,
  startOffset: number,
  writes: ProgressWrites,
): Promise<unknown> {
  const { adapter, info, file } = job;
  const size = info.size;
  const chunkSize = record.chunkSize;
  const pinned = ctx.options.chunkSize !== undefined;
  const sizer = new ChunkSizer(
    chunkSize,
    pinned ? undefined : hashableBounds(adapter.chunkBounds?.(info), job.checksum),
  );
  const link = job.link ?? new LinkMeter();
  if (link.roundTripMs !== undefined) sizer.measuredRoundTrip(link.roundTripMs);
  let offset = checkOffset(startOffset, 0, size);
  let stalled = 0;
  let chunkIndex = 0;
  job.reporter.progress(offset, size);
  if (offset !== record.bytesConfirmed) writes.save(record, offset);

  /**
   * The end of the furthest chunk this run has put on the wire. After the server's first
   * offset it appends only what this run sends, so it cannot have finished before this.
   */
  let sentTo = offset;
  /** "Finished" while bytes from `sentTo` on never left: a claim the loop refuses. */
  const finishedEarly = () =>
    new IncompleteError(
      `The server says the upload is finished, but only the first ${sentTo} of ${size} bytes were sent to it.`,
    );

  /** Go on from the server's offset; the finished upload when it already holds every byte. */
  const resync = async (): Promise<Finished | undefined> => {
    const state = await link.timed(() => askStatus(job, ctx, record));
    sizer.measuredRoundTrip(link.roundTripMs!);
    if (state.kind === 'complete') {
      if (sentTo < size) throw finishedEarly();
      return state;
    }
    if (state.kind !== 'offset') throw new ProtocolError('The status query gave no offset.');
    offset = checkOffset(state.offset, 0, size);
    job.reporter.progress(offset, size);
    return undefined;
  };

  /**
   * The next chunk is made while this one is on the wire (`ChunkReader.chunk` keeps it): a
   * slice, or with a checksum the slice read and hashed. In Chromium `Blob.slice` of a file
   * took 0.4-0.7 ms, all of it between one chunk's answer and the next request.
   */
  const reader = await ChunkReader.open(file, job.checksum, adapter.checksums, {
    offset,
    saved: record.hashState,
  });

  const sendNext = async (): Promise<SentChunk> => {
    const end = offset + sizer.next(size - offset);
    const chunk = await reader.chunk(chunkIndex, offset, end);
    sentTo = Math.max(sentTo, end);
    const began = link.now();
    try {
      const answer = resendOnMismatch(
        () =>
          sendCounted(job.wire, ctx, chunk, (counted) =>
            adapter.sendChunk(counted, record.handle as H, chunk, info),
          ),
        (error) => job.reporter.notice(error, true),
      );
      // After this task, so the request just made goes out first.
      setTimeout(() => {
        if (end < size)
          void reader.chunk(chunkIndex + 1, end, end + sizer.next(size - end)).catch(() => {});
      });
      const answered = await answer;
      return { kind: 'sent', answer: answered, chunk, ms: link.now() - began };
    } catch (error) {
      sizer.failed(end - offset);
      throw error;
    }
  };

  // A zero-byte file still needs its one (empty) request.
  for (let first = true; offset < size || (first && size === 0); first = false) {
    const outcome = await retrying<SentChunk | Finished>(job, sendNext, resync);
    if (outcome.kind === 'complete') return outcome.result;
    const { answer, chunk, ms } = outcome;
    sizer.confirmed(chunk.end - chunk.start, ms);
    chunkIndex++;
    if (answer.kind === 'complete') {
      if (sentTo < size) throw finishedEarly();
      return answer.result;
    }
    if (answer.kind !== 'offset')
      throw new ProtocolError('The server answered a chunk without an offset.');
    if (answer.offset < chunk.start && Number.isSafeInteger(answer.offset) && answer.offset >= 0) {
      // Less than the server had already confirmed (a 308 whose Range header was lost
      // on the way, say): trust neither number and ask before sending any byte again.
      const finished = await retrying(job, resync);
      if (finished) return finished.result;
    } else {
      // The server may keep less than we sent (resume mid-chunk), never more.
      offset = checkOffset(answer.offset, chunk.start, chunk.end);
    }
    stalled = offset <= chunk.start && chunk.end > chunk.start ? stalled + 1 : 0;
    if (stalled >= MAX_STALLED_CHUNKS) {
      throw new ProtocolError('The server keeps accepting chunks without storing them.');
    }
    job.reporter.progress(offset, size);
    reader.keepState(record, offset);
    writes.save(record, offset);
    if (size === 0) break;
  }
  // Every byte is confirmed but the server has not said "done": its status answer decides.
  const final = await retrying(job, () => askStatus(job, ctx, record));
  if (final.kind === 'complete') return final.result;
  throw new ProtocolError('The server holds every byte but did not finish the upload.');
}

function checkOffset(offset: number, min: number, max: number): number {
  if (!Number.isSafeInteger(offset) || offset < min || offset > max) {
    throw new ProtocolError(
      `The server reported ${offset} bytes stored, outside the ${min}–${max} it could hold.`,
    );
  }
  return offset;
}
