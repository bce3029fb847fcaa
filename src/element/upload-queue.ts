import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProtocolName, ProtocolOptions } from '../core/adapter.js';
import { sessionKey, type StoredSession } from '../core/session-store.js';
import type { UploadConfig, WorkerError } from '../worker/messages.js';
import type { ResumableUploadEventMap } from './events.js';
import { FileSources, infoOf, sameFile } from './file-sources.js';
import { ProgressMeter } from './progress-meter.js';
import type { UploadStrings } from './strings.js';
import { TabHandoff } from './tab-handoff.js';
import { markDone, newEntry, snapshot, totalsOf, type Entry } from './upload-entry.js';
import { UploadEvent, UploadState, advance, drivenElsewhere, isElsewhere } from './upload-state.js';
import {
  UploadStatus,
  type KeepFiles,
  type PickedFile,
  type QueueTotals,
  type UploadSnapshot,
  type WorkerFactory,
} from './upload-types.js';
import {
  WorkerClient,
  defaultWorkerFactory,
  type ReportHandlers,
  type UploadReport,
} from './worker-client.js';

/** What the queue needs from the element that hosts it. */
export interface UploadQueueHost extends ReactiveControllerHost, HTMLElement {
  readonly protocol: ProtocolName;
  readonly endpoint: string;
  readonly withCredentials: boolean;
  readonly autoStart: boolean;
  readonly parallelUploads: number;
  readonly keepFiles: KeepFiles;
  /** Every word, with the page's translations applied. */
  readonly text: UploadStrings;
  protocolOptions(): ProtocolOptions;
  /** The page's headers when they are a plain object (undefined when a function hands them out). */
  staticHeaders(): Record<string, string> | undefined;
  /** Answer the worker's request for headers or a backend call. */
  pageCall(hook: string, args: unknown): Promise<unknown>;
}

/** The events about one upload (`queue-complete` is about them all). */
type UploadEventType = Exclude<keyof ResumableUploadEventMap, 'queue-complete'>;
/** What an event's `detail` carries beside the upload's `id` and `name`. */
type DetailBeyondName<K extends UploadEventType> = Omit<
  ResumableUploadEventMap[K]['detail'],
  'id' | 'name'
>;

/**
 * Owns the worker and the list of uploads: it turns user intents (add, pause,
 * cancel…) into worker commands and worker reports into state and events.
 * It also keeps what a reload needs to resume without the picker, and agrees
 * with the other tabs on who drives each upload. The element renders what
 * this holds; it never touches a byte.
 */
export class UploadQueueController implements ReactiveController {
  readonly #host: UploadQueueHost;
  readonly #worker: WorkerClient;
  readonly #entries = new Map<string, Entry>();
  #finishedSinceIdle = { done: 0, failed: 0 };
  readonly #files: FileSources;
  readonly #handoff: TabHandoff;
  /** Other tabs hear of progress with the next repaint, not after every chunk. */
  readonly #meter = new ProgressMeter<Entry>((changed) => {
    for (const entry of changed) this.#handoff.share(entry);
    this.#host.requestUpdate();
  });

  constructor(host: UploadQueueHost, createWorker: WorkerFactory = defaultWorkerFactory) {
    this.#host = host;
    this.#files = new FileSources(host);
    this.#worker = new WorkerClient(createWorker, {
      report: (report) => this.#receive(report),
      pageCall: (hook, args) => host.pageCall(hook, args),
      lost: (code, detail) => this.#workerLost(code, detail),
    });
    this.#handoff = new TabHandoff({
      byId: (id) => this.#entries.get(id),
      byKey: (key) => [...this.#entries.values()].find((e) => e.key === key),
      move: (entry, event) => this.#move(entry, event),
      storedSession: async (key) =>
        (await this.listSessions(host.protocol, host.endpoint)).find((s) => s.key === key),
      findFile: (entry) => this.#findFile(entry),
      pump: () => this.#pump(),
      requestUpdate: () => host.requestUpdate(),
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#handoff.reconnect(this.#entries.values());
  }

  hostDisconnected(): void {
    this.#meter.stop();
    // Moving the element in the DOM must not kill running uploads.
    if (![...this.#entries.values()].some((e) => e.status === UploadStatus.uploading)) {
      this.#worker.terminate();
      this.#handoff.disconnect(this.#entries.values());
    }
  }

  get uploads(): UploadSnapshot[] {
    return [...this.#entries.values()].map(snapshot);
  }

  /** Some upload waits for `start()` (added without `auto-start`). */
  get holding(): boolean {
    return [...this.#entries.values()].some((e) => e.state === UploadState.held);
  }

  get totals(): QueueTotals {
    return totalsOf([...this.#entries.values()]);
  }

  /** Add accepted files; a file matching an interrupted upload resumes it instead. */
  add(files: PickedFile[], target?: string): string[] {
    const ids: string[] = [];
    for (const { file, handle } of files) {
      const info = infoOf(file);
      const targeted = target ? this.#entries.get(target) : undefined;
      const restoring = targeted?.state === UploadState.restored ? targeted : undefined;
      if (restoring && !sameFile(restoring.info, info)) {
        this.#refuse(restoring, file.name);
        continue;
      }
      const waiting =
        restoring ??
        [...this.#entries.values()].find(
          (e) =>
            (e.state === UploadState.restored || (drivenElsewhere(e.state) && !e.file)) &&
            sameFile(e.info, info),
        );
      if (waiting) {
        waiting.file = file;
        waiting.handle = handle ?? waiting.handle;
        waiting.wantsRun = true;
        ids.push(waiting.id);
        // One another tab drives is taken over here when that tab lets go.
        if (waiting.state === UploadState.restored) this.#resume(waiting);
        continue;
      }
      const entry = newEntry(info, this.#host.autoStart ? UploadState.queued : UploadState.held);
      entry.file = file;
      entry.handle = handle;
      this.#entries.set(entry.id, entry);
      ids.push(entry.id);
      this.#emit('upload-added', entry, { size: entry.size });
    }
    this.#pump();
    this.#host.requestUpdate();
    return ids;
  }

  /** A file turned away before any request (too large, wrong type): listed with its reason. */
  addRefused(file: File, code: string, message: string): string {
    const entry = newEntry(infoOf(file), UploadState.refused);
    entry.error = { code, message };
    this.#entries.set(entry.id, entry);
    this.#emit('upload-added', entry, { size: entry.size });
    this.#emit('upload-error', entry, { code, message, willRetry: false });
    this.#host.requestUpdate();
    return entry.id;
  }

  /**
   * Interrupted uploads found in IndexedDB for this endpoint, each with its
   * kept handle or copy when there is one. One that another tab is driving is
   * shown as such, and this tab queues to take it over.
   */
  async restore(sessions: StoredSession[]): Promise<void> {
    const known = new Set([...this.#entries.values()].map((e) => e.key));
    this.#handoff.connect();
    for (const session of sessions) {
      if (known.has(session.key)) continue;
      const found = await this.#files.findKept(session.key, session.file);
      const elsewhere = await this.#handoff.heldByAnotherTab(session.key);
      const state = elsewhere ? UploadState.lockedElsewhere : UploadState.restored;
      const entry: Entry = {
        ...newEntry(session.file, state),
        ...found,
        bytesSent: session.bytesConfirmed,
        key: session.key,
      };
      this.#entries.set(entry.id, entry);
      if (elsewhere) this.#handoff.watch(entry);
      this.#emit('upload-restored', entry, {
        bytesSent: entry.bytesSent,
        bytesTotal: entry.size,
        elsewhere,
      });
    }
    void this.#files.prune(
      this.#host.protocol,
      absolute(this.#host.endpoint),
      new Set(sessions.map((s) => s.key)),
    );
    this.#host.requestUpdate();
  }

  listSessions(protocol: ProtocolName, endpoint: string): Promise<StoredSession[]> {
    return this.#worker.listSessions(protocol, absolute(endpoint));
  }

  /** Run waiting uploads, resume paused and restored ones, retry failed ones (all, or one). */
  start(id?: string): void {
    for (const entry of this.#select(id)) {
      switch (entry.state) {
        case UploadState.held:
          this.#move(entry, UploadEvent.run);
          break;
        case UploadState.restored:
          if (entry.file) this.#resume(entry);
          else if (entry.handle) void this.#resumeFromHandle(entry);
          break;
        case UploadState.paused:
        case UploadState.failed: {
          // A failed upload that lost its file waits for it to be picked again.
          if (entry.state === UploadState.failed && !entry.file && !entry.handle) break;
          const resumed = entry.state === UploadState.paused && entry.bytesSent > 0;
          this.#move(entry, UploadEvent.run);
          entry.error = undefined;
          entry.wantsRun = true;
          if (resumed) this.#emit('upload-resumed', entry);
        }
      }
    }
    this.#pump();
    this.#host.requestUpdate();
  }

  pause(id?: string): void {
    for (const entry of this.#select(id)) {
      if (!this.#move(entry, UploadEvent.pause)) continue;
      // In the worker already, even while the lock is being asked for: it answers `paused`.
      if (entry.state === UploadState.pausing) this.#worker.post({ type: 'pause', id: entry.id });
      // Not in the worker yet: nothing to stop there.
      else this.#pausedHere(entry);
    }
    this.#settle();
    this.#host.requestUpdate();
  }

  cancel(id?: string): void {
    for (const entry of this.#select(id, true)) {
      if (isElsewhere(entry.state)) {
        // Not this tab's to cancel: it only leaves this tab's list.
        this.#handoff.forget(entry, UploadEvent.cancel);
      } else if (entry.state === UploadState.refused) {
        // Refused before any request: nothing to tell the worker.
        if (this.#move(entry, UploadEvent.cancel)) this.#emit('upload-cancelled', entry);
      } else if (this.#move(entry, UploadEvent.cancel)) {
        this.#worker.post({ type: 'cancel', id: entry.id, key: entry.key, config: this.#config() });
      }
    }
    this.#host.requestUpdate();
  }

  /** Remove finished and refused entries from the list ("Clear finished"). */
  clear(): void {
    for (const entry of [...this.#entries.values()]) this.#handoff.forget(entry, UploadEvent.clear);
    this.#host.requestUpdate();
  }

  /** Take a finished upload off the list (and out of the form's data). */
  dismiss(id: string): void {
    const entry = this.#entries.get(id);
    if (entry) this.#handoff.forget(entry, UploadEvent.dismiss);
    this.#host.requestUpdate();
  }

  /** Form reset: cancel what is unfinished and empty the list. */
  reset(): void {
    this.cancel();
    this.clear();
  }

  /** Uploads whose file must be picked again before they can resume. */
  needsFile(id: string): boolean {
    const entry = this.#entries.get(id);
    return !!entry && !entry.file && !entry.handle;
  }

  /** Move an upload along its life (upload-state.ts): the state it left, or undefined if refused. */
  #move(entry: Entry, event: UploadEvent): UploadState | undefined {
    const left = advance(entry, event);
    if (entry.state === UploadState.removed) this.#entries.delete(entry.id);
    return left;
  }

  #select(id?: string, includeElsewhere = false): Entry[] {
    const all = id === undefined ? [...this.#entries.values()] : [this.#entries.get(id)];
    return all.filter((e): e is Entry => !!e && (includeElsewhere || !isElsewhere(e.state)));
  }

  #config(): UploadConfig {
    return {
      protocol: this.#host.protocol,
      endpoint: absolute(this.#host.endpoint),
      withCredentials: this.#host.withCredentials,
      options: this.#host.protocolOptions(),
      // Saves the worker a round trip to this thread before every request.
      staticHeaders: this.#host.staticHeaders(),
    };
  }

  #running(): number {
    return [...this.#entries.values()].filter(
      (e) => e.status === UploadStatus.uploading && !isElsewhere(e.state),
    ).length;
  }

  /** A restored upload goes on: its file is at hand. */
  #resume(entry: Entry): void {
    if (!this.#move(entry, UploadEvent.run)) return;
    entry.wantsRun = true;
    entry.error = undefined;
    entry.notice = undefined;
    this.#emit('upload-resumed', entry);
  }

  /**
   * Resume a restored upload from its kept handle: ask for read permission
   * (the Resume click is the user activation it needs), then check that the
   * file is the one the upload started with before a byte goes out.
   */
  async #resumeFromHandle(entry: Entry): Promise<void> {
    const file = await this.#fileFromHandle(entry, true);
    if (file) {
      entry.file = file;
      this.#resume(entry);
      this.#pump();
    }
    this.#host.requestUpdate();
  }

  /** A file to carry on with, without asking the user: the kept copy, or the handle's file. */
  async #findFile(entry: Entry): Promise<void> {
    if (!entry.file && !entry.handle && entry.key) {
      const found = await this.#files.findKept(entry.key, entry.info);
      entry.file = found.file;
      entry.handle = found.handle;
      entry.kept = found.kept;
    }
    if (!entry.file && entry.handle) entry.file = await this.#fileFromHandle(entry, false);
  }

  async #fileFromHandle(entry: Entry, ask: boolean): Promise<File | undefined> {
    if (!entry.handle) return undefined;
    const file = await this.#files.readHandle(entry.handle, entry.info, ask);
    if (file === 'denied') {
      if (ask) entry.notice = this.#host.text.permissionNeeded(entry.name);
    } else if (file === 'changed') {
      this.#fileChanged(entry);
    } else {
      return file;
    }
    return undefined;
  }

  /** The kept file is not the one the upload started with any more: ask for the file. */
  #fileChanged(entry: Entry): void {
    this.#files.forget(entry);
    entry.notice = this.#host.text.fileChanged(entry.name);
    this.#emit('upload-error', entry, {
      code: 'file-changed',
      message: entry.notice,
      willRetry: false,
    });
  }

  #pump(): void {
    const limit = Math.max(1, this.#host.parallelUploads);
    for (const entry of this.#entries.values()) {
      if (this.#running() >= limit) break;
      if (entry.state !== UploadState.queued || !entry.file) continue;
      this.#move(entry, UploadEvent.launch);
      this.#meter.restart(entry);
      entry.wantsRun = true;
      void this.#launch(entry);
    }
  }

  /**
   * Check the file, hand it to the worker, and take the upload's lock. The worker
   * starts a new upload at once, so the first request does not wait for this
   * thread (busy with the page, it held the lock's answer back 20-100 ms); a
   * stored session waits in the worker for `go`. A tab that finds the lock
   * taken stops its worker and shows the upload as running elsewhere.
   */
  async #launch(entry: Entry): Promise<void> {
    const launch = ++entry.launch;
    const config = this.#config();
    const key = sessionKey(config.protocol, config.endpoint, entry.info);
    entry.key = key;
    const file = entry.file!;
    // A kept copy or a handle's file must still be the one the server holds bytes of.
    if (!sameFile(entry.info, infoOf(file), false)) {
      this.#fileChanged(entry);
      this.#move(entry, UploadEvent.fileChanged);
      this.#handoff.release(key);
      this.#settle();
      this.#host.requestUpdate();
      return;
    }
    this.#worker.post({ type: 'start', id: entry.id, file, info: entry.info, config });
    // After the batch's `upload-added` events and their announcement, as before.
    queueMicrotask(() =>
      this.#emit('upload-start', entry, {
        protocol: config.protocol,
        resumedFrom: entry.bytesSent,
      }),
    );
    const owned = await this.#handoff.claim(key);
    if (launch !== entry.launch || entry.state !== UploadState.launching) {
      // Paused, cancelled or finished while the lock was asked for (pause and cancel told
      // the worker). A paused upload keeps the lock, as always; an ended one lets it go.
      const ended = this.#entries.get(entry.id) !== entry || entry.state === UploadState.done;
      if (owned && ended) this.#handoff.release(key);
      return;
    }
    if (owned) {
      this.#move(entry, UploadEvent.lockGranted);
      this.#worker.post({ type: 'go', id: entry.id });
      this.#handoff.share(entry);
    } else {
      this.#worker.post({ type: 'pause', id: entry.id });
      this.#move(entry, UploadEvent.lockTaken);
      this.#meter.still(entry);
      this.#handoff.watch(entry);
      this.#settle();
    }
    this.#host.requestUpdate();
  }

  /** The upload is over (finished or cancelled): let go of its lock and kept file. */
  async #ended(entry: Entry, status: 'done' | 'cancelled'): Promise<void> {
    if (!entry.key) return;
    this.#handoff.ended(entry, status);
    entry.kept = undefined;
    await this.#files.drop(entry.key);
  }

  /** A worker that cannot start or crashes must not leave a spinner behind. */
  #workerLost(code: 'worker' | 'missing-file', detail: string): void {
    const text = this.#host.text;
    const message = code === 'worker' ? text.workerStopped(detail) : text.workerMissing;
    for (const entry of this.#entries.values()) {
      // A cancel it will never answer fails too: Remove asks again.
      if (this.#move(entry, UploadEvent.workerLost)) {
        this.#fail(entry, { code, message, willRetry: false });
      }
    }
    this.#host.requestUpdate();
  }

  #receive(report: UploadReport): void {
    const entry = this.#entries.get(report.id);
    if (!entry) return;
    (this.#reports[report.type] as (entry: Entry, report: UploadReport) => void)(entry, report);
    // Progress repaints at the meter's pace; every other report at once.
    if (report.type !== 'progress') this.#host.requestUpdate();
  }

  readonly #reports: ReportHandlers<Entry> = {
    session: (entry, { key, persistent }) => {
      entry.key = key;
      entry.persistent = persistent;
      void this.#files.keep(entry, () => this.#entries.get(entry.id) === entry);
    },
    progress: (entry, { bytesSent, bytesTotal }) => {
      this.#meter.confirmed(entry, bytesSent, bytesTotal);
      const { bytesPerSecond, secondsLeft } = entry;
      this.#emit('upload-progress', entry, { bytesSent, bytesTotal, bytesPerSecond, secondsLeft });
      this.#meter.repaintSoon(entry);
    },
    notice: (entry, { error }) => {
      entry.notice = error.message;
      this.#emit('upload-error', entry, error);
    },
    failed: (entry, { error }) => {
      if (!this.#move(entry, UploadEvent.workerFailed)) return;
      this.#fail(entry, error);
      this.#handoff.share(entry);
    },
    success: (entry, { result }) => {
      if (!this.#move(entry, UploadEvent.workerSucceeded)) return;
      markDone(entry, result);
      entry.bytesPerSecond = 0;
      entry.notice = undefined;
      entry.handle = undefined;
      this.#finishedSinceIdle.done++;
      // Said once nothing of the file is left in storage, like the worker's session record.
      void this.#ended(entry, 'done').then(() => {
        this.#emit('upload-success', entry, { result });
        this.#settle();
        this.#host.requestUpdate();
      });
    },
    paused: (entry) => {
      // Only a pause asked here: one found running elsewhere stopped, and that tab speaks for it.
      if (this.#move(entry, UploadEvent.workerPaused)) {
        this.#pausedHere(entry);
        this.#handoff.share(entry);
      }
      this.#settle();
    },
    cancelled: (entry) => {
      if (!this.#move(entry, UploadEvent.workerCancelled)) return;
      void this.#ended(entry, 'cancelled').then(() => {
        this.#emit('upload-cancelled', entry);
        this.#settle();
        this.#host.requestUpdate();
      });
    },
  };

  #pausedHere(entry: Entry): void {
    this.#meter.still(entry);
    this.#emit('upload-paused', entry);
  }

  /** A different file picked for a restored upload: say so, keep the entry as it was. */
  #refuse(entry: Entry, pickedName: string): void {
    const message = this.#host.text.refusedMismatch(pickedName, entry.name);
    entry.notice = message;
    this.#emit('upload-error', entry, { code: 'file-mismatch', message, willRetry: false });
  }

  #fail(entry: Entry, error: WorkerError): void {
    entry.error = { code: error.code, message: error.message, status: error.status };
    entry.notice = undefined;
    entry.bytesPerSecond = 0;
    this.#finishedSinceIdle.failed++;
    this.#emit('upload-error', entry, { ...error, willRetry: false });
    this.#settle();
  }

  /** Start the next queued upload; say `queue-complete` when nothing is left to do. */
  #settle(): void {
    this.#pump();
    const busy = [...this.#entries.values()].some(
      (e) =>
        !isElsewhere(e.state) &&
        (e.status === UploadStatus.uploading || (e.state === UploadState.queued && !!e.file)),
    );
    const { done, failed } = this.#finishedSinceIdle;
    if (!busy && done + failed > 0) {
      this.#finishedSinceIdle = { done: 0, failed: 0 };
      this.#dispatch('queue-complete', { done, failed });
    }
  }

  /** An event about one upload: its `detail` names the upload (`id`, `name`), then `more`. */
  #emit<K extends UploadEventType>(
    type: K,
    entry: Entry,
    ...more: keyof DetailBeyondName<K> extends never ? [] : [DetailBeyondName<K>]
  ): void {
    this.#dispatch(type, { id: entry.id, name: entry.name, ...more[0] });
  }

  #dispatch<K extends keyof ResumableUploadEventMap>(
    type: K,
    detail: ResumableUploadEventMap[K]['detail'],
  ): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** The worker resolves URLs against its own script URL: hand it absolute ones. */
function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}
