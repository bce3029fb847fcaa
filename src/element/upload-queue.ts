import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FileInfo, ProtocolName, ProtocolOptions } from '../core/adapter.js';
import type { StoredSession } from '../core/session-store.js';
import type { FromWorker, ToWorker, UploadConfig, WorkerError } from '../worker/messages.js';
import type { ResumableUploadEventMap } from './events.js';

/** The states ELEMENT.md promises for `uploads[i].status`. */
export const UploadStatus = {
  queued: 'queued',
  uploading: 'uploading',
  paused: 'paused',
  done: 'done',
  error: 'error',
  restored: 'restored',
} as const;
export type UploadStatus = (typeof UploadStatus)[keyof typeof UploadStatus];

/** A read-only view of one upload, as `element.uploads` hands it out. */
export interface UploadSnapshot {
  id: string;
  name: string;
  size: number;
  type: string;
  bytesSent: number;
  status: UploadStatus;
  bytesPerSecond: number;
  secondsLeft: number;
  /** What the server answered at the end, once `done`. */
  result?: unknown;
  /** The last error, while `error`. */
  error?: { code: string; message: string; status?: number };
  /** The last retried problem, while the upload carries on. */
  notice?: string;
  /** False when progress cannot survive a reload (no IndexedDB). */
  persistent: boolean;
}

interface Entry extends UploadSnapshot {
  info: FileInfo;
  file?: File;
  /** The stored session's key, once the worker has one. */
  key?: string;
  /** Added without `auto-start`: waits for `start()`. */
  held: boolean;
  pausing: boolean;
  cancelling: boolean;
  lastProgressAt: number;
  lastProgressBytes: number;
}

/** What the queue needs from the element that hosts it. */
export interface UploadQueueHost extends ReactiveControllerHost, HTMLElement {
  readonly protocol: ProtocolName;
  readonly endpoint: string;
  readonly withCredentials: boolean;
  readonly autoStart: boolean;
  readonly parallelUploads: number;
  protocolOptions(): ProtocolOptions;
  /** Answer the worker's request for headers or a backend call. */
  pageCall(hook: string, args: unknown): Promise<unknown>;
}

/** Pulled apart for tests and for pages that want their own worker URL. */
export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/upload.worker.ts', import.meta.url), {
    type: 'module',
    name: 'resumable-upload',
  });

/**
 * Owns the worker and the list of uploads: it turns user intents (add, pause,
 * cancel…) into worker commands and worker reports into state and events.
 * The element renders what this holds; it never touches a byte.
 */
export class UploadQueueController implements ReactiveController {
  private readonly host: UploadQueueHost;
  private readonly createWorker: WorkerFactory;
  private worker?: Worker;
  private readonly entries = new Map<string, Entry>();
  private nextRequest = 1;
  private readonly listRequests = new Map<number, (sessions: StoredSession[]) => void>();
  private finishedSinceIdle = { done: 0, failed: 0 };

  constructor(host: UploadQueueHost, createWorker: WorkerFactory = defaultWorkerFactory) {
    this.host = host;
    this.createWorker = createWorker;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    // Moving the element in the DOM must not kill running uploads.
    if (![...this.entries.values()].some((e) => e.status === UploadStatus.uploading)) {
      this.worker?.terminate();
      this.worker = undefined;
    }
  }

  get uploads(): UploadSnapshot[] {
    return [...this.entries.values()].map(snapshot);
  }

  get(id: string): UploadSnapshot | undefined {
    const entry = this.entries.get(id);
    return entry && snapshot(entry);
  }

  /** Add accepted files; a file matching an interrupted upload resumes it instead. */
  add(files: File[], target?: string): string[] {
    const ids: string[] = [];
    for (const file of files) {
      const info: FileInfo = {
        name: file.name,
        size: file.size,
        type: file.type,
        lastModified: file.lastModified,
      };
      const targeted = target ? this.entries.get(target) : undefined;
      if (targeted && targeted.status === UploadStatus.restored) {
        if (!sameFile(targeted.info, info)) {
          this.refuse(targeted, file.name);
          continue;
        }
      }
      const restored =
        targeted?.status === UploadStatus.restored
          ? targeted
          : [...this.entries.values()].find(
              (e) => e.status === UploadStatus.restored && sameFile(e.info, info),
            );
      if (restored) {
        restored.file = file;
        restored.status = UploadStatus.queued;
        restored.error = undefined;
        restored.notice = undefined;
        ids.push(restored.id);
        this.emit('upload-resumed', { id: restored.id, name: restored.name });
        continue;
      }
      const entry = this.newEntry(file);
      this.entries.set(entry.id, entry);
      ids.push(entry.id);
      this.emit('upload-added', { id: entry.id, name: entry.name, size: entry.size });
    }
    this.pump();
    this.host.requestUpdate();
    return ids;
  }

  /** A file turned away before any request (too large, wrong type): listed with its reason. */
  addRefused(file: File, code: string, message: string): string {
    const entry = this.newEntry(file);
    entry.status = UploadStatus.error;
    entry.file = undefined;
    entry.error = { code, message };
    this.entries.set(entry.id, entry);
    this.emit('upload-added', { id: entry.id, name: entry.name, size: entry.size });
    this.emit('upload-error', { id: entry.id, name: entry.name, code, message, willRetry: false });
    this.host.requestUpdate();
    return entry.id;
  }

  /** Interrupted uploads found in IndexedDB for this endpoint. */
  restore(sessions: StoredSession[]): void {
    const known = new Set([...this.entries.values()].map((e) => e.key));
    for (const session of sessions) {
      if (known.has(session.key)) continue;
      const entry: Entry = {
        id: crypto.randomUUID(),
        name: session.file.name,
        size: session.file.size,
        type: session.file.type,
        bytesSent: session.bytesConfirmed,
        status: UploadStatus.restored,
        bytesPerSecond: 0,
        secondsLeft: Infinity,
        persistent: true,
        info: session.file,
        key: session.key,
        held: false,
        pausing: false,
        cancelling: false,
        lastProgressAt: 0,
        lastProgressBytes: 0,
      };
      this.entries.set(entry.id, entry);
      this.emit('upload-restored', {
        id: entry.id,
        name: entry.name,
        bytesSent: entry.bytesSent,
        bytesTotal: entry.size,
      });
    }
    this.host.requestUpdate();
  }

  listSessions(protocol: ProtocolName, endpoint: string): Promise<StoredSession[]> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.listRequests.set(requestId, resolve);
      this.post({ type: 'list', requestId, protocol, endpoint: absolute(endpoint) });
    });
  }

  /** Queue paused, failed or waiting uploads (all, or one). */
  start(id?: string): void {
    for (const entry of this.select(id)) {
      entry.held = false;
      const canRun = entry.file || entry.status === UploadStatus.paused;
      if (canRun && (entry.status === UploadStatus.paused || entry.status === UploadStatus.error)) {
        const wasPaused = entry.status === UploadStatus.paused && entry.bytesSent > 0;
        entry.status = UploadStatus.queued;
        entry.error = undefined;
        if (wasPaused) this.emit('upload-resumed', { id: entry.id, name: entry.name });
      }
    }
    this.pump();
    this.host.requestUpdate();
  }

  pause(id?: string): void {
    for (const entry of this.select(id)) {
      if (entry.status === UploadStatus.uploading) {
        entry.pausing = true;
        this.post({ type: 'pause', id: entry.id });
      } else if (entry.status === UploadStatus.queued) {
        this.setPaused(entry);
      }
    }
    this.host.requestUpdate();
  }

  cancel(id?: string): void {
    for (const entry of this.select(id)) {
      if (entry.status === UploadStatus.done || entry.cancelling) continue;
      if (entry.status === UploadStatus.error && !entry.file && !entry.key) {
        // Refused before any request: nothing to tell the worker.
        this.entries.delete(entry.id);
        this.emit('upload-cancelled', { id: entry.id, name: entry.name });
        continue;
      }
      entry.cancelling = true;
      this.post({ type: 'cancel', id: entry.id, key: entry.key, config: this.config() });
    }
    this.host.requestUpdate();
  }

  /** Remove finished entries from the list (form reset, "clear"). */
  clear(): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.status === UploadStatus.uploading) continue;
      if (entry.status !== UploadStatus.done && entry.status !== UploadStatus.error) continue;
      this.entries.delete(entry.id);
    }
    this.host.requestUpdate();
  }

  /** Uploads whose file must be picked again before they can resume. */
  needsFile(id: string): boolean {
    const entry = this.entries.get(id);
    return !!entry && !entry.file;
  }

  private newEntry(file: File): Entry {
    return {
      id: crypto.randomUUID(),
      name: file.name,
      size: file.size,
      type: file.type,
      bytesSent: 0,
      status: UploadStatus.queued,
      bytesPerSecond: 0,
      secondsLeft: Infinity,
      persistent: true,
      info: { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified },
      file,
      held: !this.host.autoStart,
      pausing: false,
      cancelling: false,
      lastProgressAt: 0,
      lastProgressBytes: 0,
    };
  }

  private select(id?: string): Entry[] {
    if (id === undefined) return [...this.entries.values()];
    const entry = this.entries.get(id);
    return entry ? [entry] : [];
  }

  private config(): UploadConfig {
    return {
      protocol: this.host.protocol,
      endpoint: absolute(this.host.endpoint),
      withCredentials: this.host.withCredentials,
      options: this.host.protocolOptions(),
    };
  }

  private running(): number {
    return [...this.entries.values()].filter((e) => e.status === UploadStatus.uploading).length;
  }

  private pump(): void {
    const limit = Math.max(1, this.host.parallelUploads);
    for (const entry of this.entries.values()) {
      if (this.running() >= limit) break;
      if (entry.status !== UploadStatus.queued || !entry.file || entry.held) continue;
      entry.status = UploadStatus.uploading;
      entry.pausing = false;
      entry.lastProgressAt = 0;
      entry.bytesPerSecond = 0;
      entry.secondsLeft = Infinity;
      const config = this.config();
      this.post({ type: 'start', id: entry.id, file: entry.file, info: entry.info, config });
      this.emit('upload-start', {
        id: entry.id,
        name: entry.name,
        protocol: config.protocol,
        resumedFrom: entry.bytesSent,
      });
    }
  }

  private post(message: ToWorker): void {
    if (!this.worker) {
      this.worker = this.createWorker();
      this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) =>
        this.receive(event.data),
      );
      this.worker.addEventListener('error', (event) => this.workerCrashed(event));
    }
    this.worker.postMessage(message);
  }

  /** A worker that fails to load or crashes must not leave a spinner behind. */
  private workerCrashed(event: ErrorEvent): void {
    event.preventDefault();
    this.worker = undefined;
    for (const entry of this.entries.values()) {
      if (entry.status !== UploadStatus.uploading) continue;
      this.fail(entry, {
        code: 'worker',
        message: `The upload worker stopped${event.message ? `: ${event.message}` : ''}. Retry to continue.`,
        willRetry: false,
      });
    }
  }

  private receive(message: FromWorker): void {
    if (message.type === 'sessions') {
      this.listRequests.get(message.requestId)?.(message.sessions);
      this.listRequests.delete(message.requestId);
      return;
    }
    if (message.type === 'page-call') {
      void this.answerPageCall(message.requestId, message.hook, message.args);
      return;
    }
    const entry = this.entries.get(message.id);
    if (!entry) return;
    switch (message.type) {
      case 'session':
        entry.key = message.key;
        entry.persistent = message.persistent;
        break;
      case 'progress':
        this.progress(entry, message.bytesSent, message.bytesTotal);
        break;
      case 'notice':
        entry.notice = message.error.message;
        this.emit('upload-error', { id: entry.id, name: entry.name, ...message.error });
        break;
      case 'failed':
        this.fail(entry, message.error);
        break;
      case 'success':
        entry.status = UploadStatus.done;
        entry.result = message.result;
        entry.bytesSent = entry.size;
        entry.notice = undefined;
        entry.file = undefined;
        this.finishedSinceIdle.done++;
        this.emit('upload-success', { id: entry.id, name: entry.name, result: message.result });
        this.settle();
        break;
      case 'paused':
        if (!entry.cancelling) this.setPaused(entry);
        this.settle();
        break;
      case 'cancelled':
        this.entries.delete(entry.id);
        this.emit('upload-cancelled', { id: entry.id, name: entry.name });
        this.settle();
        break;
    }
    this.host.requestUpdate();
  }

  private progress(entry: Entry, bytesSent: number, bytesTotal: number): void {
    const now = performance.now();
    if (entry.lastProgressAt > 0 && bytesSent > entry.lastProgressBytes) {
      const seconds = (now - entry.lastProgressAt) / 1000;
      const instant = (bytesSent - entry.lastProgressBytes) / Math.max(seconds, 0.001);
      // Smoothed so the estimate does not jump with every chunk.
      entry.bytesPerSecond = entry.bytesPerSecond
        ? entry.bytesPerSecond * 0.7 + instant * 0.3
        : instant;
    }
    entry.lastProgressAt = now;
    entry.lastProgressBytes = bytesSent;
    entry.bytesSent = bytesSent;
    entry.secondsLeft =
      entry.bytesPerSecond > 0 ? (bytesTotal - bytesSent) / entry.bytesPerSecond : Infinity;
    this.emit('upload-progress', {
      id: entry.id,
      name: entry.name,
      bytesSent,
      bytesTotal,
      bytesPerSecond: entry.bytesPerSecond,
      secondsLeft: entry.secondsLeft,
    });
  }

  private setPaused(entry: Entry): void {
    entry.status = UploadStatus.paused;
    entry.pausing = false;
    entry.bytesPerSecond = 0;
    this.emit('upload-paused', { id: entry.id, name: entry.name });
  }

  /** A different file picked for a restored upload: say so, keep the entry as it was. */
  private refuse(entry: Entry, pickedName: string): void {
    const message = `"${pickedName}" is not "${entry.name}" (${entry.size} bytes), the file this upload started with. Choose that same, unchanged file to resume.`;
    entry.notice = message;
    this.emit('upload-error', {
      id: entry.id,
      name: entry.name,
      code: 'file-mismatch',
      message,
      willRetry: false,
    });
  }

  private fail(entry: Entry, error: WorkerError): void {
    entry.status = UploadStatus.error;
    entry.error = { code: error.code, message: error.message, status: error.status };
    entry.notice = undefined;
    entry.bytesPerSecond = 0;
    this.finishedSinceIdle.failed++;
    this.emit('upload-error', { id: entry.id, name: entry.name, ...error, willRetry: false });
    this.settle();
  }

  /** Start the next queued upload; say `queue-complete` when nothing is left to do. */
  private settle(): void {
    this.pump();
    const busy = [...this.entries.values()].some(
      (e) =>
        e.status === UploadStatus.uploading ||
        (e.status === UploadStatus.queued && e.file && !e.held),
    );
    const { done, failed } = this.finishedSinceIdle;
    if (!busy && done + failed > 0) {
      this.finishedSinceIdle = { done: 0, failed: 0 };
      this.emit('queue-complete', { done, failed });
    }
  }

  private async answerPageCall(requestId: number, hook: string, args: unknown): Promise<void> {
    try {
      const value = await this.host.pageCall(hook, args);
      this.post({ type: 'page-reply', requestId, ok: true, value });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'page-reply', requestId, ok: false, message });
    }
  }

  private emit<K extends keyof ResumableUploadEventMap>(
    type: K,
    detail: ResumableUploadEventMap[K]['detail'],
  ): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** The worker resolves URLs against its own script URL: hand it absolute ones. */
function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}

function sameFile(a: FileInfo, b: FileInfo): boolean {
  return (
    a.name === b.name && a.size === b.size && a.lastModified === b.lastModified && a.type === b.type
  );
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
  };
}
