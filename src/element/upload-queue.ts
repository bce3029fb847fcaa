import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FileInfo, ProtocolName, ProtocolOptions } from '../core/adapter.js';
import { sessionKey, type StoredSession } from '../core/session-store.js';
import type { UploadConfig, WorkerError } from '../worker/messages.js';
import type { ResumableUploadEventMap } from './events.js';
import { FileSources, infoOf, sameFile } from './file-sources.js';
import { ProgressMeter } from './progress-meter.js';
import type { UploadStrings } from './strings.js';
import { TabSync, type RemoteUpdate } from './tab-sync.js';
import {
  UploadStatus,
  type KeepFiles,
  type PickedFile,
  type QueueTotals,
  type UploadSnapshot,
  type WorkerFactory,
} from './upload-types.js';
import { WorkerClient, defaultWorkerFactory, type UploadReport } from './worker-client.js';

interface Entry extends UploadSnapshot {
  info: FileInfo;
  file?: File;
  handle?: FileSystemFileHandle;
  /** The stored session's key, once known. */
  key?: string;
  /** Added without `auto-start`: waits for `start()`. */
  held: boolean;
  cancelling: boolean;
  /** Non-zero while a launch is on its way to the worker; bumped to make it drop out. */
  launch: number;
  /** This tab asked to run it: it takes over when the tab driving it closes. */
  wantsRun: boolean;
  /** The last state another tab reported, and whether one was heard since. */
  remote?: RemoteUpdate;
  heardLive: boolean;
}

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
  readonly #tabs: TabSync;
  /** Other tabs hear of progress with the next repaint, not after every chunk. */
  readonly #meter = new ProgressMeter<Entry>((changed) => {
    for (const entry of changed) this.#share(entry);
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
    this.#tabs = new TabSync({
      update: (update) => this.#remoteUpdate(update),
      ask: (key) => {
        const entry = this.#byKey(key);
        return entry && !entry.elsewhere ? this.#report(entry) : undefined;
      },
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#tabs.connect();
    for (const entry of this.#entries.values()) {
      if (entry.elsewhere && entry.key && entry.status !== UploadStatus.done) {
        this.#tabs.waitFor(entry.key, () => void this.#takeOver(entry.id));
      }
    }
  }

  hostDisconnected(): void {
    this.#meter.stop();
    // Moving the element in the DOM must not kill running uploads.
    if (![...this.#entries.values()].some((e) => e.status === UploadStatus.uploading)) {
      this.#worker.terminate();
      for (const entry of this.#entries.values()) if (entry.key) this.#tabs.stopWaiting(entry.key);
      this.#tabs.disconnect();
    }
  }

  get uploads(): UploadSnapshot[] {
    return [...this.#entries.values()].map(snapshot);
  }

  /** Some upload waits for `start()` (added without `auto-start`). */
  get holding(): boolean {
    return [...this.#entries.values()].some(
      (e) => e.status === UploadStatus.queued && e.held && !e.elsewhere,
    );
  }

  get totals(): QueueTotals {
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
    for (const entry of this.#entries.values()) {
      const refused = entry.status === UploadStatus.error && !entry.file && !entry.key;
      if (refused) continue;
      totals.files++;
      totals.bytesTotal += entry.size;
      totals.bytesSent += entry.status === UploadStatus.done ? entry.size : entry.bytesSent;
      if (entry.status === UploadStatus.done) totals.done++;
      else if (entry.status === UploadStatus.error) totals.failed++;
      if (entry.status === UploadStatus.uploading) {
        totals.active++;
        totals.bytesPerSecond += entry.bytesPerSecond;
      }
    }
    const left = [...this.#entries.values()]
      .filter((e) => e.status === UploadStatus.uploading || e.status === UploadStatus.queued)
      .reduce((sum, e) => sum + (e.size - e.bytesSent), 0);
    if (totals.bytesPerSecond > 0) totals.secondsLeft = left / totals.bytesPerSecond;
    return totals;
  }

  /** Add accepted files; a file matching an interrupted upload resumes it instead. */
  add(files: PickedFile[], target?: string): string[] {
    const ids: string[] = [];
    for (const { file, handle } of files) {
      const info = infoOf(file);
      const targeted = target ? this.#entries.get(target) : undefined;
      if (targeted && targeted.status === UploadStatus.restored) {
        if (!sameFile(targeted.info, info)) {
          this.#refuse(targeted, file.name);
          continue;
        }
      }
      const restored =
        targeted?.status === UploadStatus.restored
          ? targeted
          : [...this.#entries.values()].find(
              (e) =>
                (e.status === UploadStatus.restored || (e.elsewhere && !e.file)) &&
                e.status !== UploadStatus.done &&
                sameFile(e.info, info),
            );
      if (restored) {
        restored.file = file;
        restored.handle = handle ?? restored.handle;
        restored.wantsRun = true;
        ids.push(restored.id);
        if (!restored.elsewhere) this.#requeue(restored); // else taken over when the other tab lets go
        continue;
      }
      const entry = this.#newEntry(file);
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
    const entry = this.#newEntry(file);
    entry.status = UploadStatus.error;
    entry.file = undefined;
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
    this.#tabs.connect();
    for (const session of sessions) {
      if (known.has(session.key)) continue;
      const found = await this.#files.findKept(session.key, session.file);
      const elsewhere = await this.#tabs.heldElsewhere(session.key);
      const entry: Entry = {
        ...this.#newEntry(undefined, session.file),
        bytesSent: session.bytesConfirmed,
        status: UploadStatus.restored,
        key: session.key,
        held: false,
        ...found,
      };
      this.#entries.set(entry.id, entry);
      if (elsewhere) this.#markElsewhere(entry);
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
      entry.held = false;
      const { status } = entry;
      if (status === UploadStatus.restored) {
        if (entry.file) this.#requeue(entry);
        else if (entry.handle) void this.#resumeFromHandle(entry);
      } else if (status === UploadStatus.paused || status === UploadStatus.error) {
        if (!entry.file && !entry.handle && status === UploadStatus.error) continue;
        const wasPaused = status === UploadStatus.paused && entry.bytesSent > 0;
        entry.status = UploadStatus.queued;
        entry.error = undefined;
        entry.wantsRun = true;
        if (wasPaused) this.#emit('upload-resumed', entry);
      }
    }
    this.#pump();
    this.#host.requestUpdate();
  }

  pause(id?: string): void {
    for (const entry of this.#select(id)) {
      if (entry.status === UploadStatus.uploading && !entry.elsewhere) {
        // In the worker already, even while the lock is being asked for; it answers `paused`.
        if (entry.launch !== 0) entry.launch++;
        this.#worker.post({ type: 'pause', id: entry.id });
      } else if (entry.status === UploadStatus.queued) {
        // Not in the worker yet: nothing to stop there.
        entry.launch++;
        this.#setPaused(entry);
      }
    }
    this.#settle();
    this.#host.requestUpdate();
  }

  cancel(id?: string): void {
    for (const entry of this.#select(id, true)) {
      if (entry.status === UploadStatus.done || entry.cancelling) continue;
      if (entry.elsewhere) {
        // Not this tab's to cancel: it only leaves this tab's list.
        this.#forgetLocally(entry);
        continue;
      }
      if (entry.status === UploadStatus.error && !entry.file && !entry.key) {
        // Refused before any request: nothing to tell the worker.
        this.#entries.delete(entry.id);
        this.#emit('upload-cancelled', entry);
        continue;
      }
      entry.cancelling = true;
      entry.launch++;
      this.#worker.post({ type: 'cancel', id: entry.id, key: entry.key, config: this.#config() });
    }
    this.#host.requestUpdate();
  }

  /** Remove finished and failed entries from the list ("Clear finished"). */
  clear(): void {
    for (const entry of [...this.#entries.values()]) {
      if (entry.status === UploadStatus.done) this.#forgetLocally(entry);
      else if (entry.status === UploadStatus.error && !entry.file && !entry.key) {
        this.#entries.delete(entry.id);
      }
    }
    this.#host.requestUpdate();
  }

  /** Take a finished upload off the list (and out of the form's data). */
  dismiss(id: string): void {
    const entry = this.#entries.get(id);
    if (entry?.status === UploadStatus.done) this.#forgetLocally(entry);
    this.#host.requestUpdate();
  }

  /** Form reset: cancel what is unfinished and empty the list. */
  reset(): void {
    this.cancel();
    for (const entry of [...this.#entries.values()]) {
      if (!entry.cancelling) this.#forgetLocally(entry);
    }
    this.#host.requestUpdate();
  }

  /** Uploads whose file must be picked again before they can resume. */
  needsFile(id: string): boolean {
    const entry = this.#entries.get(id);
    return !!entry && !entry.file && !entry.handle;
  }

  #newEntry(file: File | undefined, known?: FileInfo): Entry {
    const info = known ?? infoOf(file!);
    return {
      id: crypto.randomUUID(),
      name: info.name,
      size: info.size,
      type: info.type,
      bytesSent: 0,
      status: UploadStatus.queued,
      bytesPerSecond: 0,
      secondsLeft: Infinity,
      persistent: true,
      elsewhere: false,
      info,
      file,
      held: !this.#host.autoStart,
      cancelling: false,
      launch: 0,
      wantsRun: false,
      heardLive: false,
    };
  }

  #select(id?: string, includeElsewhere = false): Entry[] {
    const all = id === undefined ? [...this.#entries.values()] : [this.#entries.get(id)];
    return all.filter((e): e is Entry => !!e && (includeElsewhere || !e.elsewhere));
  }

  #byKey(key: string): Entry | undefined {
    return [...this.#entries.values()].find((e) => e.key === key);
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
      (e) => e.status === UploadStatus.uploading && !e.elsewhere,
    ).length;
  }

  #requeue(entry: Entry): void {
    entry.status = UploadStatus.queued;
    entry.held = false;
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
    if (!file) {
      this.#host.requestUpdate();
      return;
    }
    entry.file = file;
    if (entry.status !== UploadStatus.restored) return;
    this.#requeue(entry);
    this.#pump();
    this.#host.requestUpdate();
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
      if (entry.status !== UploadStatus.queued || !entry.file || entry.held || entry.elsewhere) {
        continue;
      }
      entry.status = UploadStatus.uploading;
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
    const token = ++entry.launch;
    const config = this.#config();
    const key = sessionKey(config.protocol, config.endpoint, entry.info);
    entry.key = key;
    const file = entry.file!;
    // A kept copy or a handle's file must still be the one the server holds bytes of.
    if (!sameFile(entry.info, infoOf(file), false)) {
      this.#fileChanged(entry);
      entry.status = UploadStatus.restored;
      this.#tabs.release(key);
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
    const owned = await this.#tabs.acquire(key);
    if (token !== entry.launch || entry.status !== UploadStatus.uploading) {
      // Paused, cancelled or finished while the lock was asked for (pause and cancel told
      // the worker). A paused upload keeps the lock, as always; an ended one lets it go.
      const ended = this.#entries.get(entry.id) !== entry || entry.status === UploadStatus.done;
      if (owned && ended) this.#tabs.release(key);
      return;
    }
    entry.launch = 0;
    if (owned) {
      this.#worker.post({ type: 'go', id: entry.id });
      this.#share(entry);
    } else {
      this.#worker.post({ type: 'pause', id: entry.id });
      this.#markElsewhere(entry);
      this.#settle();
    }
    this.#host.requestUpdate();
  }

  #markElsewhere(entry: Entry, update?: RemoteUpdate): void {
    entry.elsewhere = true;
    this.#meter.still(entry);
    if (update) this.#applyRemote(entry, update);
    else entry.status = UploadStatus.uploading;
    if (entry.key) this.#tabs.waitFor(entry.key, () => void this.#takeOver(entry.id));
  }

  #remoteUpdate(update: RemoteUpdate): void {
    const entry = this.#byKey(update.key);
    if (!entry || this.#tabs.holds(update.key)) return;
    if (!entry.elsewhere) {
      // Only an upload this tab is not running can be running elsewhere.
      if (entry.status === UploadStatus.uploading || entry.status === UploadStatus.done) return;
      if (update.status === 'cancelled') {
        if (entry.status === UploadStatus.restored) this.#forgetLocally(entry);
        this.#host.requestUpdate();
        return;
      }
      this.#markElsewhere(entry, update);
    } else {
      this.#applyRemote(entry, update);
    }
    this.#host.requestUpdate();
  }

  /** Finished, here or in another tab: full, with the server's answer, and the file let go. */
  #setDone(entry: Entry, result: unknown): void {
    entry.status = UploadStatus.done;
    entry.result = result;
    entry.bytesSent = entry.size;
    entry.file = undefined;
  }

  #applyRemote(entry: Entry, update: RemoteUpdate): void {
    entry.remote = update;
    entry.heardLive = true;
    switch (update.status) {
      case 'cancelled':
        this.#forgetLocally(entry);
        return;
      case 'done':
        this.#setDone(entry, update.result);
        if (entry.key) this.#tabs.stopWaiting(entry.key);
        return;
      case 'error':
        entry.status = UploadStatus.error;
        entry.error = { code: 'elsewhere', message: update.message ?? '' };
        break;
      default:
        entry.status = update.status;
        entry.error = undefined;
    }
    entry.bytesSent = update.bytesSent;
    entry.bytesPerSecond = update.bytesPerSecond;
    entry.secondsLeft = update.secondsLeft;
  }

  /**
   * The tab that drove this upload let go of its lock (closed, or finished).
   * If the session is still stored, this tab carries on: at once when that
   * tab was sending (or this one had asked to), with the file it has.
   */
  async #takeOver(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    const key = entry?.key;
    if (!entry || !key) return;
    if (!entry.elsewhere) {
      if (entry.status !== UploadStatus.uploading) this.#tabs.release(key);
      return;
    }
    const sessions = await this.listSessions(this.#host.protocol, this.#host.endpoint);
    const session = sessions.find((s) => s.key === key);
    if (!session) {
      // It ended there; its last word ("done") may still be on its way.
      await new Promise((resolve) => setTimeout(resolve, 300));
      this.#tabs.release(key);
      if (entry.status !== UploadStatus.done) this.#forgetLocally(entry);
      this.#host.requestUpdate();
      return;
    }
    entry.elsewhere = false;
    entry.bytesSent = Math.max(entry.bytesSent, session.bytesConfirmed);
    entry.bytesPerSecond = 0;
    if (!entry.file && !entry.handle) {
      const found = await this.#files.findKept(key, entry.info);
      entry.file = found.file;
      entry.handle = found.handle;
      entry.kept = found.kept;
    }
    if (!entry.file && entry.handle) entry.file = await this.#fileFromHandle(entry, false);
    const last = entry.remote?.status ?? 'uploading';
    const carryOn = entry.wantsRun || (entry.heardLive && last === 'uploading');
    if (entry.file && carryOn) {
      entry.status = UploadStatus.queued;
      entry.held = false;
      entry.error = undefined;
      this.#pump();
    } else if (entry.file && last === 'paused') {
      entry.status = UploadStatus.paused;
    } else {
      entry.status = UploadStatus.restored;
      entry.error = undefined;
      this.#tabs.release(key);
    }
    this.#host.requestUpdate();
  }

  /** Drop an entry from this tab's list without touching its session. */
  #forgetLocally(entry: Entry): void {
    this.#entries.delete(entry.id);
    if (entry.key) {
      this.#tabs.stopWaiting(entry.key);
      if (!entry.elsewhere && entry.status !== UploadStatus.uploading)
        this.#tabs.release(entry.key);
    }
  }

  /** What this tab tells the others about an upload it drives. */
  #report(entry: Entry): RemoteUpdate | undefined {
    if (!entry.key) return undefined;
    const status: RemoteUpdate['status'] =
      entry.status === UploadStatus.done
        ? 'done'
        : entry.status === UploadStatus.error
          ? 'error'
          : entry.status === UploadStatus.paused
            ? 'paused'
            : 'uploading';
    return {
      key: entry.key,
      status,
      bytesSent: entry.bytesSent,
      bytesTotal: entry.size,
      bytesPerSecond: entry.bytesPerSecond,
      secondsLeft: entry.secondsLeft,
      result: entry.result,
      message: entry.error?.message,
    };
  }

  #share(entry: Entry, status?: RemoteUpdate['status']): void {
    const update = this.#report(entry);
    if (update) this.#tabs.publish(status ? { ...update, status } : update);
  }

  /** The upload is over (finished or cancelled): let go of its lock and kept file. */
  async #ended(entry: Entry, status: 'done' | 'cancelled'): Promise<void> {
    if (!entry.key) return;
    this.#share(entry, status);
    this.#tabs.release(entry.key);
    entry.kept = undefined;
    await this.#files.drop(entry.key);
  }

  /** A worker that cannot start or crashes must not leave a spinner behind. */
  #workerLost(code: 'worker' | 'missing-file', detail: string): void {
    const text = this.#host.text;
    const message = code === 'worker' ? text.workerStopped(detail) : text.workerMissing;
    for (const entry of this.#entries.values()) {
      if (entry.status !== UploadStatus.uploading || entry.elsewhere) continue;
      this.#fail(entry, { code, message, willRetry: false });
    }
    this.#host.requestUpdate();
  }

  #receive(message: UploadReport): void {
    const entry = this.#entries.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'session':
        entry.key = message.key;
        entry.persistent = message.persistent;
        void this.#files.keep(entry, () => this.#entries.get(entry.id) === entry);
        break;
      case 'progress': {
        const { bytesSent, bytesTotal } = message;
        this.#meter.confirmed(entry, bytesSent, bytesTotal);
        const { bytesPerSecond, secondsLeft } = entry;
        this.#emit('upload-progress', entry, {
          bytesSent,
          bytesTotal,
          bytesPerSecond,
          secondsLeft,
        });
        this.#meter.repaintSoon(entry);
        return;
      }
      case 'notice':
        entry.notice = message.error.message;
        this.#emit('upload-error', entry, message.error);
        break;
      case 'failed':
        this.#fail(entry, message.error);
        this.#share(entry);
        break;
      case 'success':
        this.#setDone(entry, message.result);
        entry.bytesPerSecond = 0;
        entry.notice = undefined;
        entry.handle = undefined;
        this.#finishedSinceIdle.done++;
        // Said once nothing of the file is left in storage, like the worker's session record.
        void this.#ended(entry, 'done').then(() => {
          this.#emit('upload-success', entry, { result: message.result });
          this.#settle();
          this.#host.requestUpdate();
        });
        break;
      case 'paused':
        // An upload found running elsewhere stopped here; that tab speaks for it now.
        if (!entry.cancelling && !entry.elsewhere) {
          this.#setPaused(entry);
          this.#share(entry);
        }
        this.#settle();
        break;
      case 'cancelled':
        this.#entries.delete(entry.id);
        void this.#ended(entry, 'cancelled').then(() => {
          this.#emit('upload-cancelled', entry);
          this.#settle();
          this.#host.requestUpdate();
        });
        break;
    }
    this.#host.requestUpdate();
  }

  #setPaused(entry: Entry): void {
    entry.status = UploadStatus.paused;
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
    entry.status = UploadStatus.error;
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
        !e.elsewhere &&
        (e.status === UploadStatus.uploading ||
          (e.status === UploadStatus.queued && e.file && !e.held)),
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

function snapshot(entry: Entry): UploadSnapshot {
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
    elsewhere: entry.elsewhere,
    kept: entry.kept,
    unkept: entry.unkept,
  };
}
