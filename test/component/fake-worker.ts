import type { FileInfo, ProtocolName } from '../../src/core/adapter.js';
import { sessionKey, type StoredSession } from '../../src/core/session-store.js';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { defaultWorkerFactory } from '../../src/element/worker-client.js';
import type { FromWorker, ToWorker } from '../../src/worker/messages.js';
import type { ThumbnailReply, ThumbnailRequest } from '../../src/worker/thumbnail.js';

/**
 * Stands in for the upload worker in component tests: it records what the
 * element asks, answers `list`, `pause` and `cancel` like the real one, and
 * lets a test script what the "server" does (progress, success, failure).
 * Thumbnails are asked of the real worker's code: it passes them on to one.
 */
export class FakeWorker extends EventTarget {
  readonly sent: Array<ToWorker | ThumbnailRequest> = [];
  readonly thumbnailReplies: ThumbnailReply[] = [];
  sessions: StoredSession[] = [];
  #real?: Worker;

  postMessage(message: ToWorker | ThumbnailRequest): void {
    this.sent.push(message);
    if (message.type === 'thumbnail') this.#thumbnail(message);
    else queueMicrotask(() => this.answer(message));
  }

  terminate(): void {
    this.#real?.terminate();
    this.#real = undefined;
  }

  #thumbnail(request: ThumbnailRequest): void {
    if (!this.#real) {
      this.#real = defaultWorkerFactory();
      this.#real.addEventListener('message', (event: MessageEvent<ThumbnailReply>) => {
        if (event.data.type !== 'thumbnail') return;
        this.thumbnailReplies.push(event.data);
        this.dispatchEvent(new MessageEvent('message', { data: event.data }));
      });
    }
    this.#real.postMessage(request);
  }

  thumbnailsAsked(): ThumbnailRequest[] {
    return this.sent.filter((m): m is ThumbnailRequest => m.type === 'thumbnail');
  }

  reply(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }

  starts(): Array<Extract<ToWorker, { type: 'start' }>> {
    return this.sent.filter((m): m is Extract<ToWorker, { type: 'start' }> => m.type === 'start');
  }

  /**
   * Resolves with start number `after` (counting from 0), or by default the next one posted
   * after this call. The element posts `start` while adding a file, before it asks for the
   * lock, so a test that adds its first file names start 0.
   */
  async nextStart(after = this.starts().length): Promise<Extract<ToWorker, { type: 'start' }>> {
    for (let i = 0; i < 200; i++) {
      const starts = this.starts();
      if (starts.length > after) return starts[after];
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the element never started an upload');
  }

  private answer(message: ToWorker): void {
    switch (message.type) {
      case 'list':
        this.reply({
          type: 'sessions',
          requestId: message.requestId,
          sessions: this.sessions.filter(
            (s) => s.protocol === message.protocol && s.endpoint === message.endpoint,
          ),
        });
        break;
      case 'start': {
        const { id, info, config } = message;
        const key = sessionKey(config.protocol, config.endpoint, info);
        this.reply({ type: 'session', id, key, persistent: true });
        break;
      }
      case 'pause':
        this.reply({ type: 'paused', id: message.id });
        break;
      case 'cancel':
        this.sessions = this.sessions.filter((s) => s.key !== message.key);
        this.reply({ type: 'cancelled', id: message.id });
        break;
    }
  }
}

/**
 * Every test of the file gets a fresh fake worker, handed to `use`; after each test,
 * elements make the real worker again.
 */
export function fakeWorkerForEachTest(use: (worker: FakeWorker) => void): void {
  let worker: FakeWorker;
  beforeEach(() => use((worker = useFakeWorker())));
  afterEach(() => {
    worker.terminate();
    ResumableUpload.createWorker = defaultWorkerFactory;
  });
}

/** Every element made after this call gets `worker`. */
export function useFakeWorker(): FakeWorker {
  const worker = new FakeWorker();
  ResumableUpload.createWorker = () => worker as unknown as Worker;
  return worker;
}

export function storedSession(
  protocol: ProtocolName,
  endpoint: string,
  file: FileInfo,
  bytesConfirmed: number,
): StoredSession {
  const now = Date.now();
  return {
    key: sessionKey(protocol, endpoint, file),
    protocol,
    endpoint,
    file,
    handle: { url: `${endpoint}/session` },
    chunkSize: 1024,
    bytesConfirmed,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 60_000,
  };
}

export const fileOf = (size: number, name = 'clip.mp4', type = 'video/mp4') =>
  new File([new Uint8Array(size)], name, { type, lastModified: 1_700_000_000_000 });

export const infoOf = (file: File): FileInfo => ({
  name: file.name,
  size: file.size,
  type: file.type,
  lastModified: file.lastModified,
});

/**
 * Whether this browser's IndexedDB stores a File at all, asked of IndexedDB
 * directly. A private session refuses (WebKitGTK under automation is one:
 * "Error preparing Blob/File data to be stored in object store"), so no copy
 * of a picked file can be kept there for a pick-free resume.
 */
export async function indexedDbTakesFiles(): Promise<boolean> {
  const name = 'resumable-upload-test-probe';
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('probe');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    return await new Promise<boolean>((resolve) => {
      const tx = db.transaction('probe', 'readwrite');
      tx.objectStore('probe').put(new File(['probe'], 'probe.bin'), 'file');
      tx.oncomplete = () => resolve(true);
      tx.onerror = () => resolve(false);
      tx.onabort = () => resolve(false);
    });
  } catch {
    return false;
  } finally {
    db.close();
    indexedDB.deleteDatabase(name);
  }
}

/** Wait until `check` holds, or resolves to what does (the element updates asynchronously). */
export async function until(check: () => unknown, what = 'condition'): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
