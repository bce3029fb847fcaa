import type { FileInfo } from '../core/adapter.js';
import { sameFile } from './file-sources.js';
import {
  SHOWN_AS,
  UploadEvent,
  UploadState,
  advance,
  drivenElsewhere,
  isElsewhere,
} from './upload-state.js';
import type { Said, UploadStrings } from './strings.js';
import type { Thumbnail } from './thumbnails.js';
import { UploadStatus, type QueueTotals, type UploadSnapshot } from './upload-types.js';

/**
 * One upload as the queue holds it. Its life is `state` (upload-state.ts); the rest is
 * data: what the row shows, where the bytes come from, and two facts a state cannot
 * carry (below).
 */
export interface Entry extends Omit<UploadSnapshot, 'elsewhere' | 'error' | 'notice'> {
  state: UploadState;
  error?: Said & { code: string };
  /** The last problem the element handles by itself, or one the user must act on. */
  notice?: Said;
  info: FileInfo;
  file?: File;
  handle?: FileSystemFileHandle;
  /** The stored session's key, once known. */
  key?: string;
  /** A picture of an image (thumbnails.ts), shown in place of its badge. */
  thumbnail?: Thumbnail;
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
    bytesConfirmed: 0,
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
  entry.bytesSent = entry.bytesConfirmed = entry.size;
  entry.file = undefined;
}

function withoutWords<T extends Said>({ words: _words, ...reported }: T): Omit<T, 'words'> {
  return reported;
}

function snapshot(entry: Entry): UploadSnapshot {
  return {
    id: entry.id,
    name: entry.name,
    size: entry.size,
    type: entry.type,
    bytesSent: entry.bytesSent,
    bytesConfirmed: entry.bytesConfirmed,
    status: entry.status,
    bytesPerSecond: entry.bytesPerSecond,
    secondsLeft: entry.secondsLeft,
    result: entry.result,
    error: entry.error && withoutWords(entry.error),
    notice: entry.notice?.message,
    persistent: entry.persistent,
    elsewhere: isElsewhere(entry.state),
    kept: entry.kept,
    unkept: entry.unkept,
    relativePath: entry.info.relativePath,
  };
}

/** What the element reads of the list to render it. */
export interface UploadListView {
  snapshots(): UploadSnapshot[];
  /** Some upload waits for `start()` (added without `auto-start`). */
  holding(): boolean;
  totals(): QueueTotals;
  /** This upload's file must be picked again before it can resume. */
  needsFile(id: string): boolean;
  /** The error or notice line of an upload, in the words of `s`. */
  said(id: string, s: UploadStrings): string | undefined;
  /** The picture of an image upload, once made (thumbnails.ts). */
  thumbnail(id: string): string | undefined;
}

/** The uploads this tab lists, in the order they came. */
export class UploadList implements UploadListView {
  readonly #entries = new Map<string, Entry>();

  thumbnail(id: string): string | undefined {
    return this.get(id)?.thumbnail;
  }

  get(id: string): Entry | undefined {
    return this.#entries.get(id);
  }

  byKey(key: string): Entry | undefined {
    return this.all().find((e) => e.key === key);
  }

  all(): Entry[] {
    return [...this.#entries.values()];
  }

  add(entry: Entry): void {
    this.#entries.set(entry.id, entry);
  }

  /** The restored upload this file continues, or one another tab drives that lacks its file here. */
  awaiting(info: FileInfo): Entry | undefined {
    return this.all().find(
      (e) =>
        (e.state === UploadState.restored || (drivenElsewhere(e.state) && !e.file)) &&
        sameFile(e.info, info),
    );
  }

  /** One upload, or every one; those another tab drives only when asked for. */
  select(id?: string, includeElsewhere = false): Entry[] {
    const all = id === undefined ? this.all() : [this.#entries.get(id)];
    return all.filter((e): e is Entry => !!e && (includeElsewhere || !isElsewhere(e.state)));
  }

  /** Move an upload along its life (upload-state.ts): the state it left, or undefined if refused. */
  move(entry: Entry, event: UploadEvent): UploadState | undefined {
    const left = advance(entry, event);
    if (entry.state === UploadState.removed) this.#entries.delete(entry.id);
    return left;
  }

  /** Uploads this tab sends (or is stopping, or cancelling while sending); not the browser's. */
  running(): number {
    return this.all().filter(
      (e) =>
        e.status === UploadStatus.uploading &&
        !isElsewhere(e.state) &&
        e.state !== UploadState.background,
    ).length;
  }

  /** Something here is sending, or waits with its file for a free slot. */
  busy(): boolean {
    return this.all().some(
      (e) =>
        !isElsewhere(e.state) &&
        (e.status === UploadStatus.uploading || (e.state === UploadState.queued && !!e.file)),
    );
  }

  holding(): boolean {
    return this.all().some((e) => e.state === UploadState.held);
  }

  needsFile(id: string): boolean {
    const entry = this.#entries.get(id);
    return !!entry && !entry.file && !entry.handle;
  }

  said(id: string, s: UploadStrings): string | undefined {
    const entry = this.#entries.get(id);
    const { error, notice } = entry ?? {};
    const line = error ?? notice;
    if (!line) return undefined;
    if (line.words) return line.words(s);
    // Another tab's words, as that tab showed them.
    if (line.code === 'elsewhere') return line.message;
    const message = s.error(line.code ?? '', line.message);
    return error ? message : s.retrying(message);
  }

  snapshots(): UploadSnapshot[] {
    return this.all().map(snapshot);
  }

  /** The overall line: refused files are not counted, finished ones count in full. */
  totals(): QueueTotals {
    return totalsOf(this.all());
  }
}

/** The overall line: refused files are not counted, finished ones count in full. */
function totalsOf(entries: readonly Entry[]): QueueTotals {
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
