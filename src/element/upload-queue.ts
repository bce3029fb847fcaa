import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProtocolName } from '../core/adapter.js';
import { sessionKey, type StoredSession } from '../core/session-store.js';
import type { WorkerError } from '../worker/messages.js';
import { BackgroundHandoff, type BackgroundHost } from './background-handoff.js';
import { FileSources, infoOf, sameFile, type FileSourcesHost } from './file-sources.js';
import { ProgressMeter } from './progress-meter.js';
import { QueueEvents } from './queue-events.js';
import { restoreSessions } from './restore-sessions.js';
import { TabHandoff } from './tab-handoff.js';
import { Thumbnails } from './thumbnails.js';
import { said, type Said, type UploadStrings } from './strings.js';
import { UploadList, markDone, newEntry, type Entry, type UploadListView } from './upload-list.js';
import { UploadEvent, UploadState, isElsewhere } from './upload-state.js';
import { UploadStatus, type PickedFile, type WorkerFactory } from './upload-types.js';
import {
  WorkerClient,
  absoluteUrl,
  defaultWorkerFactory,
  lossOf,
  uploadConfig,
  type ReportHandlers,
  type UploadReport,
  type UploadSettings,
  type WorkerLoss,
} from './worker-client.js';

/** What the queue needs from the element that hosts it. */
export interface UploadQueueHost
  extends ReactiveControllerHost, HTMLElement, UploadSettings, FileSourcesHost, BackgroundHost {
  readonly autoStart: boolean;
  readonly parallelUploads: number;
  /** Answer the worker's request for headers or a backend call. */
  pageCall(hook: string, args: unknown): Promise<unknown>;
}

/**
 * Owns the worker and the list of uploads: it turns user intents (add, pause,
 * cancel…) into worker commands, and worker reports into moves of each upload's
 * life (upload-state.ts) and events. Its parts: WorkerClient talks to the worker,
 * FileSources keeps what a reload needs to resume without the picker, TabHandoff
 * agrees with the other tabs on who drives each upload, ProgressMeter paces the
 * repaints. The element renders what this holds; it never touches a byte.
 */
export class UploadQueueController implements ReactiveController {
  readonly #host: UploadQueueHost;
  readonly #worker: WorkerClient;
  readonly #list = new UploadList();
  readonly #events: QueueEvents;
  readonly #files: FileSources<Entry>;
  readonly #handoff: TabHandoff;
  readonly #background: BackgroundHandoff;
  /** Other tabs hear of progress with the next repaint, not after every chunk. */
  readonly #meter = new ProgressMeter<Entry>((changed) => {
    for (const entry of changed) this.#handoff.share(entry);
    this.#host.requestUpdate();
  });

  constructor(host: UploadQueueHost, createWorker: WorkerFactory = defaultWorkerFactory) {
    this.#host = host;
    this.#events = new QueueEvents(host);
    this.#files = new FileSources<Entry>(host, this.#events);
    this.#worker = new WorkerClient(createWorker, {
      report: (report) => (this.#background.heard(report), this.#receive(report)),
      pageCall: (hook, args) => host.pageCall(hook, args),
      lost: (why, detail) => this.#workerLost(why, detail),
      background: (report) => this.#background.receive(report),
    });
    this.#background = new BackgroundHandoff(host, {
      list: this.#list,
      events: this.#events,
      post: (message) => this.#worker.post(message),
      config: () => uploadConfig(host),
      report: (report) => this.#receive(report),
      start: (id) => this.start(id),
    });
    this.#handoff = new TabHandoff(this.#list, {
      storedSession: async (key) =>
        (await this.#listSessions(host.protocol, host.endpoint)).find((s) => s.key === key),
      findFile: (entry) => this.#files.carryOnFile(entry),
      inBackground: (entry, session) => void this.#background.restored(entry, session.background!),
      pump: () => this.#pump(),
      requestUpdate: () => host.requestUpdate(),
    });
    // It registers itself, and puts each picture on its upload.
    new Thumbnails<Entry>(host, createWorker, {
      uploads: () => this.#list.all(),
      made: (entry) => (void this.#files.keepThumbnail(entry), host.requestUpdate()),
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#handoff.reconnect(this.#list.all());
  }

  hostDisconnected(): void {
    this.#meter.stop();
    // Moving the element in the DOM must not kill running uploads.
    if (!this.#list.all().some((e) => e.status === UploadStatus.uploading)) {
      this.#worker.terminate();
      this.#handoff.disconnect(this.#list.all());
    }
  }

  /** The list as the element reads it to render. */
  get view(): UploadListView {
    return this.#list;
  }

  /** Add accepted files; a file matching an interrupted upload resumes it instead. */
  add(files: PickedFile[], target?: string): string[] {
    const ids: string[] = [];
    for (const { file, handle, relativePath } of files) {
      const info = infoOf(file, relativePath);
      const targeted = target ? this.#list.get(target) : undefined;
      const restoring = targeted?.state === UploadState.restored ? targeted : undefined;
      if (restoring && !sameFile(restoring.info, info)) {
        this.#refuse(restoring, file.name);
        continue;
      }
      const waiting = restoring ?? this.#list.awaiting(info);
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
      this.#list.add(entry);
      ids.push(entry.id);
      this.#events.emit('upload-added', entry, { size: entry.size });
    }
    this.#pump();
    this.#host.requestUpdate();
    return ids;
  }

  /** A file turned away before any request (too large, wrong type): listed with its reason. */
  addRefused(file: File, code: string, words: (s: UploadStrings) => string, path?: string): string {
    const entry = newEntry(infoOf(file, path), UploadState.refused);
    const { message } = (entry.error = { ...said(this.#host.text, words), code });
    this.#list.add(entry);
    this.#events.emit('upload-added', entry, { size: entry.size });
    this.#events.emit('upload-error', entry, { code, message, willRetry: false });
    this.#host.requestUpdate();
    return entry.id;
  }

  /** The interrupted uploads stored for this protocol and endpoint, listed (restore-sessions.ts). */
  async restore(protocol: ProtocolName, endpoint: string, signal: AbortSignal): Promise<number> {
    const found = await restoreSessions(protocol, absoluteUrl(endpoint), signal, {
      list: this.#list,
      files: this.#files,
      handoff: this.#handoff,
      events: this.#events,
      background: this.#background,
      worker: this.#worker,
    });
    this.#host.requestUpdate();
    return found;
  }

  #listSessions(protocol: ProtocolName, endpoint: string): Promise<StoredSession[]> {
    return this.#worker.listSessions(protocol, absoluteUrl(endpoint));
  }

  /** Run waiting uploads, resume paused and restored ones, retry failed ones (all, or one). */
  start(id?: string): void {
    for (const entry of this.#list.select(id)) {
      switch (entry.state) {
        case UploadState.held:
          this.#list.move(entry, UploadEvent.run);
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
          this.#list.move(entry, UploadEvent.run);
          entry.error = undefined;
          entry.wantsRun = true;
          if (resumed) this.#events.emit('upload-resumed', entry);
        }
      }
    }
    this.#pump();
    this.#host.requestUpdate();
  }

  pause(id?: string): void {
    for (const entry of this.#list.select(id)) {
      if (!this.#list.move(entry, UploadEvent.pause)) continue;
      // In the worker already, even while the lock is being asked for: it answers `paused`.
      if (entry.state === UploadState.pausing) this.#worker.post({ type: 'pause', id: entry.id });
      // Not in the worker yet: nothing to stop there.
      else this.#pausedHere(entry);
    }
    this.#settle();
    this.#host.requestUpdate();
  }

  cancel(id?: string): void {
    for (const entry of this.#list.select(id, true)) {
      if (isElsewhere(entry.state)) {
        // Not this tab's to cancel: it only leaves this tab's list.
        this.#handoff.forget(entry, UploadEvent.cancel);
      } else if (entry.state === UploadState.refused) {
        // Refused before any request: nothing to tell the worker.
        if (this.#list.move(entry, UploadEvent.cancel))
          this.#events.emit('upload-cancelled', entry);
      } else if (this.#list.move(entry, UploadEvent.cancel)) {
        this.#background.cancelled(entry);
        const { id, key } = entry;
        this.#worker.post({ type: 'cancel', id, key, config: uploadConfig(this.#host) });
      }
    }
    this.#host.requestUpdate();
  }

  /** Hand-offs to the browser's Background Fetch: `continueInBackground()`, the rows' control. */
  get background(): BackgroundHandoff {
    return this.#background;
  }

  /** Remove finished and refused entries from the list ("Clear finished"). */
  clear(): void {
    for (const entry of this.#list.all()) this.#handoff.forget(entry, UploadEvent.clear);
    this.#host.requestUpdate();
  }

  /** Take a finished upload off the list (and out of the form's data). */
  dismiss(id: string): void {
    const entry = this.#list.get(id);
    if (entry) this.#handoff.forget(entry, UploadEvent.dismiss);
    this.#host.requestUpdate();
  }

  /** Form reset: cancel what is unfinished and empty the list. */
  reset(): void {
    this.cancel();
    this.clear();
  }

  /** A restored upload goes on: its file is at hand. */
  #resume(entry: Entry): void {
    if (!this.#list.move(entry, UploadEvent.run)) return;
    entry.wantsRun = true;
    entry.error = undefined;
    entry.notice = undefined;
    this.#events.emit('upload-resumed', entry);
  }

  /**
   * Resume a restored upload from its kept handle: ask for read permission
   * (the Resume click is the user activation it needs), then check that the
   * file is the one the upload started with before a byte goes out.
   */
  async #resumeFromHandle(entry: Entry): Promise<void> {
    const file = await this.#files.fromHandle(entry, true);
    if (file) {
      entry.file = file;
      this.#resume(entry);
      this.#pump();
    }
    this.#host.requestUpdate();
  }

  #pump(): void {
    const limit = Math.max(1, this.#host.parallelUploads);
    for (const entry of this.#list.all()) {
      if (this.#list.running() >= limit) break;
      if (entry.state !== UploadState.queued || !entry.file) continue;
      this.#list.move(entry, UploadEvent.launch);
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
    const config = uploadConfig(this.#host);
    const key = sessionKey(config.protocol, config.endpoint, entry.info);
    entry.key = key;
    const file = entry.file!;
    // A kept copy or a handle's file must still be the one the server holds bytes of.
    if (!sameFile(entry.info, infoOf(file), false)) {
      this.#files.changed(entry);
      this.#list.move(entry, UploadEvent.fileChanged);
      this.#handoff.release(key);
      this.#settle();
      this.#host.requestUpdate();
      return;
    }
    this.#worker.post({ type: 'start', id: entry.id, file, info: entry.info, config });
    // After the batch's `upload-added` events and their announcement.
    queueMicrotask(() =>
      this.#events.emit('upload-start', entry, {
        protocol: config.protocol,
        resumedFrom: entry.bytesConfirmed,
      }),
    );
    const owned = await this.#handoff.claim(key);
    if (launch !== entry.launch || entry.state !== UploadState.launching) {
      // Paused, cancelled or finished while the lock was asked for (pause and cancel told
      // the worker). A paused upload keeps the lock, as always; an ended one lets it go.
      const ended = this.#list.get(entry.id) !== entry || entry.state === UploadState.done;
      if (owned && ended) this.#handoff.release(key);
      return;
    }
    if (owned) {
      this.#list.move(entry, UploadEvent.lockGranted);
      this.#worker.post({ type: 'go', id: entry.id });
      this.#handoff.share(entry);
    } else {
      this.#worker.post({ type: 'pause', id: entry.id });
      this.#list.move(entry, UploadEvent.lockTaken);
      this.#meter.still(entry);
      this.#handoff.watch(entry);
      this.#settle();
    }
    this.#host.requestUpdate();
  }

  /**
   * The upload is over (finished or cancelled): its lock and kept file go, and then,
   * like the worker's session record, the page hears of it.
   */
  async #ended(entry: Entry, how: 'done' | 'cancelled', say: () => void): Promise<void> {
    if (entry.key) {
      this.#handoff.ended(entry, how);
      entry.kept = undefined;
      await this.#files.drop(entry.key);
    }
    say();
    this.#settle();
    this.#host.requestUpdate();
  }

  /** A worker that cannot start or crashes must not leave a spinner behind. */
  #workerLost(why: WorkerLoss, detail: string): void {
    const { code, words } = lossOf(why, detail);
    for (const entry of this.#list.all()) {
      // A cancel it will never answer fails too: Remove asks again.
      if (this.#list.move(entry, UploadEvent.workerLost)) {
        this.#fail(entry, { code, message: words(this.#host.text), willRetry: false }, words);
      }
    }
    this.#host.requestUpdate();
  }

  #receive(report: UploadReport): void {
    const entry = this.#list.get(report.id);
    if (!entry) return;
    (this.#reports[report.type] as (entry: Entry, report: UploadReport) => void)(entry, report);
    // Progress repaints at the meter's pace; every other report at once.
    if (report.type !== 'progress') this.#host.requestUpdate();
  }

  readonly #reports: ReportHandlers<Entry> = {
    session: (entry, { key, persistent }) => {
      entry.key = key;
      entry.persistent = persistent;
      void this.#files.keep(entry, () => this.#list.get(entry.id) === entry);
    },
    progress: (entry, { bytesSent, bytesConfirmed, bytesTotal, ...timing }) => {
      const progress = this.#meter.moved(entry, bytesSent, bytesConfirmed, bytesTotal, timing);
      this.#events.emit('upload-progress', entry, progress);
      this.#meter.repaintSoon(entry);
    },
    notice: (entry, { error }) => {
      entry.notice = { code: error.code, message: error.message };
      this.#events.emit('upload-error', entry, error);
    },
    failed: (entry, { error }) => {
      if (!this.#list.move(entry, UploadEvent.workerFailed)) return;
      this.#fail(entry, error);
      this.#handoff.share(entry);
    },
    success: (entry, { result, sha256 }) => {
      if (!this.#list.move(entry, UploadEvent.workerSucceeded)) return;
      markDone(entry, result);
      entry.bytesPerSecond = 0;
      entry.notice = undefined;
      entry.handle = undefined;
      this.#events.ended('done');
      void this.#ended(entry, 'done', () =>
        this.#events.emit('upload-success', entry, { result, ...(sha256 && { sha256 }) }),
      );
    },
    paused: (entry) => {
      // Only a pause asked here: one found running elsewhere stopped, and that tab speaks for it.
      if (this.#list.move(entry, UploadEvent.workerPaused)) {
        this.#pausedHere(entry);
        this.#handoff.share(entry);
      }
      this.#settle();
    },
    cancelled: (entry) => {
      if (!this.#list.move(entry, UploadEvent.workerCancelled)) return;
      void this.#ended(entry, 'cancelled', () => this.#events.emit('upload-cancelled', entry));
    },
  };

  #pausedHere(entry: Entry): void {
    this.#meter.still(entry);
    this.#events.emit('upload-paused', entry);
  }

  /** A different file picked for a restored upload: say so, keep the entry as it was. */
  #refuse(entry: Entry, pickedName: string): void {
    entry.notice = said(this.#host.text, (s) => s.refusedMismatch(pickedName, entry.name));
    const { message } = entry.notice;
    this.#events.emit('upload-error', entry, { code: 'file-mismatch', message, willRetry: false });
  }

  /** `words` says one of the element's own messages again in the language shown. */
  #fail(entry: Entry, error: WorkerError, words?: Said['words']): void {
    entry.error = { code: error.code, message: error.message, status: error.status, words };
    entry.notice = undefined;
    // The bar falls back to what the server holds: a retry starts there.
    this.#meter.still(entry);
    this.#events.ended('failed');
    this.#events.emit('upload-error', entry, { ...error, willRetry: false });
    this.#settle();
  }

  /** Start the next queued upload; say `queue-complete` when nothing is left to do. */
  #settle(): void {
    this.#pump();
    if (!this.#list.busy()) this.#events.idle();
  }
}
