import type { FileInfo } from '../core/adapter.js';
import {
  FileKeeper,
  keptKind,
  roomForCopy,
  type KeptKind,
  type UnkeptReason,
} from './kept-files.js';
import type { QueueEvents } from './queue-events.js';
import { KEEP_THUMBNAIL_CHARS, type Thumbnail } from './thumbnails.js';
import { said, type Said, type UploadStrings } from './strings.js';
import { UploadStatus, type KeepFiles } from './upload-types.js';

/** What the file sources read and write on an upload. */
export interface Sourced {
  readonly id: string;
  readonly info: FileInfo;
  readonly name: string;
  readonly size: number;
  readonly status: UploadStatus;
  readonly persistent: boolean;
  key?: string;
  file?: File;
  handle?: FileSystemFileHandle;
  kept?: KeptKind;
  unkept?: UnkeptReason;
  notice?: Said;
  thumbnail?: Thumbnail;
}

/** What lets a stored session resume without the picker, when it still fits the session. */
export type FoundFile = Pick<Sourced, 'file' | 'handle' | 'kept' | 'unkept' | 'thumbnail'>;

export interface FileSourcesHost {
  readonly keepFiles: KeepFiles;
  readonly text: UploadStrings;
  requestUpdate(): void;
}

export function infoOf(file: File, relativePath?: string): FileInfo {
  const info = {
    name: file.name,
    size: file.size,
    type: file.type,
    lastModified: file.lastModified,
  };
  return relativePath ? { ...info, relativePath } : info;
}

/** Same name, size and date (and type, unless a handle's file is being checked). */
export function sameFile(a: FileInfo, b: FileInfo, withType = true): boolean {
  return (
    a.name === b.name &&
    a.size === b.size &&
    a.lastModified === b.lastModified &&
    (!withType || a.type === b.type)
  );
}

interface PermissionHandle {
  queryPermission?(options: { mode: 'read' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' }): Promise<PermissionState>;
}

/** Read access to a kept handle; asking needs a user gesture (the Resume click). */
async function readPermission(handle: FileSystemFileHandle, ask: boolean): Promise<boolean> {
  const h = handle as FileSystemFileHandle & PermissionHandle;
  if (!h.queryPermission) return true;
  if ((await h.queryPermission({ mode: 'read' })) === 'granted') return true;
  if (!ask || !h.requestPermission) return false;
  return (await h.requestPermission({ mode: 'read' })) === 'granted';
}

/**
 * Where an upload's bytes come from when nobody picks the file again: the handle or copy
 * kept beside its session (kept-files.ts), with the `keep-files` policy, the storage
 * quota, read permission and the check that the file is still the one the server holds
 * bytes of.
 */
export class FileSources<Upload extends Sourced> {
  readonly #host: FileSourcesHost;
  readonly #events: QueueEvents;
  readonly #keeper = new FileKeeper();
  /** Uploads whose handle or copy is being stored right now. */
  readonly #keeping = new WeakSet<Upload>();

  constructor(host: FileSourcesHost, events: QueueEvents) {
    this.#host = host;
    this.#events = events;
  }

  /** The handle or copy kept for a stored session, or why none was, if it is the same file. */
  async findKept(key: string, info: FileInfo): Promise<FoundFile> {
    if (this.#host.keepFiles === 'none') return {};
    const record = await this.#keeper.load(key);
    if (!record || !sameFile(record.info, info)) return {};
    const kept = keptKind(record);
    return {
      file: record.file,
      handle: record.handle,
      kept,
      unkept: kept ? undefined : record.unkept,
      thumbnail: record.thumbnail,
    };
  }

  /** A file to carry on with, without asking the user: the kept copy, or the handle's file. */
  async carryOnFile(upload: Upload): Promise<void> {
    if (!upload.file && !upload.handle && upload.key) {
      const found = await this.findKept(upload.key, upload.info);
      upload.file = found.file;
      upload.handle = found.handle;
      upload.kept = found.kept;
    }
    if (!upload.file && upload.handle) upload.file = await this.fromHandle(upload, false);
  }

  /**
   * The file behind the upload's kept handle: read permission first (`ask` only on a
   * user gesture, the Resume click), then the check that it is still the file the upload
   * started with. Without one, the upload's notice says why.
   */
  async fromHandle(upload: Upload, ask: boolean): Promise<File | undefined> {
    const handle = upload.handle;
    if (!handle) return undefined;
    try {
      if (!(await readPermission(handle, ask))) {
        if (ask) upload.notice = said(this.#host.text, (s) => s.permissionNeeded(upload.name));
        return undefined;
      }
      const file = await handle.getFile();
      if (sameFile(upload.info, infoOf(file), false)) return file;
    } catch {
      // Moved, deleted or unreadable: the picker is the way left.
    }
    this.changed(upload);
    return undefined;
  }

  /** The kept file is not the one the upload started with any more: let it go, ask for the file. */
  changed(upload: Upload): void {
    upload.handle = undefined;
    upload.file = undefined;
    upload.kept = undefined;
    upload.notice = said(this.#host.text, (s) => s.fileChanged(upload.name), 'file-changed');
    const { message } = upload.notice;
    if (upload.key) void this.#keeper.drop(upload.key);
    this.#events.emit('upload-error', upload, { code: 'file-changed', message, willRetry: false });
  }

  /**
   * Keep the file's handle, or a copy of it when storage has room, beside the session
   * that now exists, so a reload can resume without the picker. `listed` says whether
   * the upload is still on the list: it may end while storage is asked.
   */
  async keep(upload: Upload, listed: () => boolean): Promise<void> {
    const key = upload.key;
    const policy = this.#host.keepFiles;
    if (!key || upload.kept || this.#keeping.has(upload)) return;
    if (policy === 'none' || !upload.persistent) return;
    this.#keeping.add(upload);
    try {
      const handle = upload.handle;
      if (!handle && (policy !== 'auto' || !upload.file)) return;
      const room = handle ? true : await roomForCopy(upload.size);
      if (!listed() || upload.status !== UploadStatus.uploading) return;
      const thumbnail = small(upload.thumbnail);
      const source = handle ? { handle, thumbnail } : { file: upload.file, thumbnail };
      const stored = room === true && (await this.#keeper.keep(key, upload.info, source));
      const status = upload.status as UploadStatus;
      if (!listed() || status === UploadStatus.done) return;
      if (stored) upload.kept = handle ? 'handle' : 'copy';
      // Said out loud, not a silent fallback: the row tells why a reload will ask for the file.
      else upload.unkept = room === true ? 'refused' : room;
      this.#host.requestUpdate();
      if (upload.unkept) {
        await this.#keeper.noteUnkept(key, upload.info, upload.unkept, small(upload.thumbnail));
      }
    } finally {
      this.#keeping.delete(upload);
    }
  }

  /** A thumbnail made after the file was kept joins its record, when small. */
  async keepThumbnail(upload: Upload): Promise<void> {
    const thumbnail = small(upload.thumbnail);
    if (!upload.key || !thumbnail || this.#host.keepFiles === 'none') return;
    await this.#keeper.keepThumbnail(upload.key, thumbnail);
  }

  drop(key: string): Promise<void> {
    return this.#keeper.drop(key);
  }

  /** Kept files of this protocol and endpoint whose session is gone, and expired ones, go. */
  prune(protocol: string, endpoint: string, liveKeys: ReadonlySet<string>): Promise<void> {
    return this.#keeper.prune(protocol, endpoint, liveKeys);
  }
}

/** A thumbnail small enough to keep with the session (`KEEP_THUMBNAIL_CHARS`). */
function small(thumbnail: Thumbnail | undefined): Thumbnail | undefined {
  return thumbnail && thumbnail.length <= KEEP_THUMBNAIL_CHARS ? thumbnail : undefined;
}
