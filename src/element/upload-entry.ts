import type { FileInfo } from '../core/adapter.js';
import { SHOWN_AS, UploadState, isElsewhere } from './upload-state.js';
import { UploadStatus, type QueueTotals, type UploadSnapshot } from './upload-types.js';

/**
 * One upload as the queue holds it. Its life is `state` (upload-state.ts); the rest is
 * data: what the row shows, where the bytes come from, and two facts a state cannot
 * carry (below).
 */
export interface Entry extends Omit<UploadSnapshot, 'elsewhere'> {
  state: UploadState;
  info: FileInfo;
  file?: File;
  handle?: FileSystemFileHandle;
  /** The stored session's key, once known. */
  key?: string;
  /**
   * Counts launches. A launch waits for the upload's lock; one that an upload paused and
   * started again has overtaken finds the count moved on and drops out.
   */
  launch: number;
  /**
   * This tab asked to run it. Outlives the states: an upload this tab wanted, which
   * another tab drives meanwhile, carries on here when that tab lets go.
   */
  wantsRun: boolean;
}

export function newEntry(info: FileInfo, state: UploadState): Entry {
  return {
    id: crypto.randomUUID(),
    name: info.name,
    size: info.size,
    type: info.type,
    bytesSent: 0,
    state,
    status: SHOWN_AS[state] ?? UploadStatus.queued,
    bytesPerSecond: 0,
    secondsLeft: Infinity,
    persistent: true,
    info,
    launch: 0,
    wantsRun: false,
  };
}

/** Finished, here or in another tab: full, with the server's answer, and the file let go. */
export function markDone(entry: Entry, result: unknown): void {
  entry.result = result;
  entry.bytesSent = entry.size;
  entry.file = undefined;
}

export function snapshot(entry: Entry): UploadSnapshot {
  return {
    id: entry.id,
    name: entry.name,
    size: entry.size,
    type: entry.type,
    bytesSent: entry.bytesSent,
    status: entry.status,
    bytesPerSecond: entry.bytesPerSecond,
    secondsLeft: entry.secondsLeft,
    result: entry.result,
    error: entry.error && { ...entry.error },
    notice: entry.notice,
    persistent: entry.persistent,
    elsewhere: isElsewhere(entry.state),
    kept: entry.kept,
    unkept: entry.unkept,
  };
}

/** The overall line: refused files are not counted, finished ones count in full. */
export function totalsOf(entries: readonly Entry[]): QueueTotals {
  const totals: QueueTotals = {
    files: 0,
    done: 0,
    failed: 0,
    active: 0,
    bytesSent: 0,
    bytesTotal: 0,
    bytesPerSecond: 0,
    secondsLeft: Infinity,
  };
  let left = 0;
  for (const entry of entries) {
    const { status } = entry;
    if (status === UploadStatus.uploading || status === UploadStatus.queued) {
      left += entry.size - entry.bytesSent;
    }
    if (entry.state === UploadState.refused) continue;
    totals.files++;
    totals.bytesTotal += entry.size;
    totals.bytesSent += status === UploadStatus.done ? entry.size : entry.bytesSent;
    if (status === UploadStatus.done) totals.done++;
    else if (status === UploadStatus.error) totals.failed++;
    if (status === UploadStatus.uploading) {
      totals.active++;
      totals.bytesPerSecond += entry.bytesPerSecond;
    }
  }
  if (totals.bytesPerSecond > 0) totals.secondsLeft = left / totals.bytesPerSecond;
  return totals;
}
