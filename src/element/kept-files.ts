import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { FileInfo } from '../core/adapter.js';
import type { Thumbnail } from './thumbnails.js';

/**
 * What lets an interrupted upload continue after a reload without the picker:
 * the file's `FileSystemFileHandle` (no bytes stored, may need the user's
 * permission again), or a copy of the picked `File` (Chromium keeps its bytes
 * in IndexedDB's blob store, so it costs disk and quota: kept only when
 * `navigator.storage.estimate()` shows room). One record per upload, keyed
 * like its session, in its own database beside the worker's session store;
 * removed the moment the upload ends.
 */
export interface KeptFile {
  key: string;
  info: FileInfo;
  handle?: FileSystemFileHandle;
  file?: File;
  /** Set on a record that holds no file: why none could be kept. */
  unkept?: UnkeptReason;
  /** The picture its row shows, when small (thumbnails.ts): a data URL. */
  thumbnail?: Thumbnail;
  keptAt: number;
  /** A safety net: records whose session vanished unnoticed go after this (epoch ms). */
  expiresAt: number;
}

export type KeptKind = 'handle' | 'copy';

/**
 * Why nothing was kept for a pick-free resume: `no-room` when storage is short, `refused`
 * when the browser will not store a file at all (private windows; WebKit under automation
 * refuses a `File` in IndexedDB and has no `navigator.storage`).
 */
export type UnkeptReason = 'no-room' | 'refused';

export const KEPT_DB_NAME = 'resumable-upload-files';
const KEPT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A copy may take at most this share of the origin's free quota. */
const QUOTA_SHARE = 0.5;

export function keptKind(
  kept: Pick<KeptFile, 'handle' | 'file'> | undefined,
): KeptKind | undefined {
  if (kept?.handle) return 'handle';
  if (kept?.file) return 'copy';
  return undefined;
}

/** Whether the origin has room for a copy of `size` bytes, or why not. */
export async function roomForCopy(size: number): Promise<true | UnkeptReason> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (quota === undefined || usage === undefined) return 'refused';
    return size <= (quota - usage) * QUOTA_SHARE || 'no-room';
  } catch {
    return 'refused';
  }
}

/**
 * The kept files, with writes and deletes of one key run in order, so a
 * delete at the end of an upload can never be overtaken by a slow copy.
 */
export class FileKeeper {
  #store?: UseStore | null;
  readonly #queues = new Map<string, Promise<unknown>>();

  #db(): UseStore | null {
    if (this.#store === undefined) {
      try {
        this.#store = typeof indexedDB === 'undefined' ? null : createStore(KEPT_DB_NAME, 'files');
      } catch {
        this.#store = null;
      }
    }
    return this.#store;
  }

  #serial<T>(key: string, task: (store: UseStore) => Promise<T>): Promise<T | undefined> {
    const store = this.#db();
    if (!store) return Promise.resolve(undefined);
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(
      () => task(store),
      () => task(store),
    );
    const settled = next.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return settled;
  }

  /** Keep a handle or a copy; resolves true once it is stored. */
  async keep(
    key: string,
    info: FileInfo,
    source: { handle?: FileSystemFileHandle; file?: File; thumbnail?: Thumbnail },
  ) {
    const now = Date.now();
    const record: KeptFile = { key, info, ...source, keptAt: now, expiresAt: now + KEPT_TTL_MS };
    const stored = await this.#serial(key, async (store) => {
      await set(key, record, store);
      return true;
    });
    return stored === true;
  }

  /** Remember why no file could be kept, so the row can say so after a reload. */
  async noteUnkept(
    key: string,
    info: FileInfo,
    unkept: UnkeptReason,
    thumbnail?: Thumbnail,
  ): Promise<void> {
    const now = Date.now();
    const expiresAt = now + KEPT_TTL_MS;
    const record: KeptFile = { key, info, unkept, thumbnail, keptAt: now, expiresAt };
    await this.#serial(key, (store) => set(key, record, store));
  }

  /**
   * Add a thumbnail to the record kept for `key`, if there is one: written in turn with
   * `keep`, so a picture that comes while the file is being kept lands in its record.
   */
  async keepThumbnail(key: string, thumbnail: Thumbnail): Promise<void> {
    await this.#serial(key, async (store) => {
      const record = await get<KeptFile>(key, store);
      if (record) await set(key, { ...record, thumbnail }, store);
    });
  }

  load(key: string): Promise<KeptFile | undefined> {
    return this.#serial(key, (store) => get<KeptFile>(key, store));
  }

  drop(key: string): Promise<void> {
    return this.#serial(key, (store) => del(key, store));
  }

  /**
   * Remove records whose upload is over: expired ones, and those of this
   * protocol and endpoint whose session is no longer stored. A record younger
   * than a minute is spared: another tab may have kept it after `liveKeys` was read.
   */
  async prune(protocol: string, endpoint: string, liveKeys: ReadonlySet<string>): Promise<void> {
    const store = this.#db();
    if (!store) return;
    try {
      const now = Date.now();
      for (const [key, value] of await entries<string, KeptFile>(store)) {
        const [p, e] = parseKey(key);
        const orphan =
          p === protocol && e === endpoint && !liveKeys.has(key) && value?.keptAt < now - 60_000;
        if (orphan || !(value?.expiresAt > now)) await this.drop(key);
      }
    } catch {
      // Storage trouble only costs the pick-free resume.
    }
  }
}

function parseKey(key: string): [unknown, unknown] {
  try {
    const parsed = JSON.parse(key) as unknown[];
    return [parsed[0], parsed[1]];
  } catch {
    return [undefined, undefined];
  }
}
