import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  MAX_IMAGE_BYTES,
  type ThumbnailReply,
  type ThumbnailRequest,
} from '../worker/thumbnail.js';

/**
 * A thumbnail as made, shown and kept (kept-files.ts): a `data:` URL of a WebP or JPEG
 * (src/worker/thumbnail.ts says why not a `blob:` one).
 */
export type Thumbnail = string;

/**
 * A thumbnail is kept with its restored row only up to this length: one is 1-8 KB (a 128
 * px square WebP or JPEG, a third more as a data URL), and fifty of them must not weigh
 * on the origin's quota.
 */
export const KEEP_THUMBNAIL_CHARS = 16 * 1024;

/** The square's side in CSS pixels: the row shows it at 40, a page may show it larger. */
const CSS_EDGE = 64;
/** A worker that answers nothing in this time (a page's own factory, an old file) gives up. */
const ANSWER_MS = 20_000;
/** The instance goes after this long without work: a decode's memory goes with it. */
const IDLE_MS = 10_000;

/** The types the worker decodes (AVIF where the engine does); anything else keeps its badge. */
const PICTURE_TYPES = /^image\/(png|jpeg|gif|webp|avif)$/;
const PICTURE_NAMES = /\.(png|jpe?g|gif|webp|avif)$/i;

/** Worth asking the worker for a picture of: an image type of a size the worker reads. */
export function mayHaveThumbnail(file: Blob & { name?: string }): boolean {
  const named = !file.type && PICTURE_NAMES.test(file.name ?? '');
  return (PICTURE_TYPES.test(file.type) || named) && file.size > 0 && file.size <= MAX_IMAGE_BYTES;
}

/** What the maker reads and writes on an upload. */
export interface Pictured {
  file?: File;
  thumbnail?: Thumbnail;
}

export interface ThumbnailsOwner<Upload extends Pictured> {
  /** The uploads listed now. */
  uploads(): readonly Upload[];
  /** `upload` has its thumbnail (to keep it, and to show it). */
  made(upload: Upload): void;
}

/**
 * Pictures of the images on the list, made by a second instance of the upload worker's
 * file, one image at a time, after the upload has been handed to the first instance: a
 * decode never runs on this thread, and never in the instance that sends the bytes. An
 * image that cannot be read keeps its badge and uploads as it would anyway.
 */
export class Thumbnails<Upload extends Pictured> implements ReactiveController {
  readonly #createWorker: () => Worker;
  readonly #owner: ThumbnailsOwner<Upload>;
  #worker?: Worker;
  /** The worker could not be made, or crashed, or did not answer: no more pictures. */
  #broken = false;
  readonly #asked = new WeakSet<Upload>();
  readonly #waiting: Array<{ upload: Upload; file: File }> = [];
  #current?: { requestId: number; upload: Upload; timer: ReturnType<typeof setTimeout> };
  #nextRequest = 1;
  #idle?: ReturnType<typeof setTimeout>;

  constructor(
    host: ReactiveControllerHost,
    createWorker: () => Worker,
    owner: ThumbnailsOwner<Upload>,
  ) {
    this.#createWorker = createWorker;
    this.#owner = owner;
    host.addController(this);
  }

  /** After a render: the uploads added since wait for their picture. */
  hostUpdated(): void {
    if (this.#broken) return;
    for (const upload of this.#owner.uploads()) {
      const { file } = upload;
      if (this.#asked.has(upload) || upload.thumbnail || !file) continue;
      this.#asked.add(upload);
      if (mayHaveThumbnail(file)) this.#waiting.push({ upload, file });
    }
    this.#next();
  }

  hostDisconnected(): void {
    for (const { upload } of this.#waiting) this.#asked.delete(upload);
    this.#waiting.length = 0;
    if (this.#current) this.#asked.delete(this.#current.upload);
    this.#stop();
  }

  #next(): void {
    if (this.#current || this.#broken) return;
    let job = this.#waiting.shift();
    // One cancelled or removed meanwhile is no longer shown.
    if (job) {
      const listed = new Set(this.#owner.uploads());
      while (job && !listed.has(job.upload)) job = this.#waiting.shift();
    }
    if (!job) {
      if (this.#worker && this.#idle === undefined) {
        this.#idle = setTimeout(() => this.#stop(), IDLE_MS);
      }
      return;
    }
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const worker = this.#ensureWorker();
    if (!worker) return;
    const requestId = this.#nextRequest++;
    const timer = setTimeout(() => this.#giveUp(), ANSWER_MS);
    this.#current = { requestId, upload: job.upload, timer };
    const edge = Math.round(CSS_EDGE * Math.min(Math.max(devicePixelRatio || 1, 1), 2));
    const request: ThumbnailRequest = { type: 'thumbnail', requestId, file: job.file, edge };
    worker.postMessage(request);
  }

  #ensureWorker(): Worker | undefined {
    if (this.#worker) return this.#worker;
    try {
      const worker = this.#createWorker();
      worker.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
        if (event.data?.type === 'thumbnail') this.#receive(event.data as ThumbnailReply);
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        this.#giveUp();
      });
      this.#worker = worker;
    } catch {
      this.#giveUp();
    }
    return this.#worker;
  }

  #receive(reply: ThumbnailReply): void {
    const current = this.#current;
    if (!current || reply.requestId !== current.requestId) return;
    clearTimeout(current.timer);
    this.#current = undefined;
    if (reply.ok) {
      current.upload.thumbnail = reply.dataUrl;
      this.#owner.made(current.upload);
    }
    this.#next();
  }

  /** Pictures are a nicety: a worker that fails them once makes no more, and uploads go on. */
  #giveUp(): void {
    this.#broken = true;
    this.#waiting.length = 0;
    this.#stop();
  }

  #stop(): void {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}
