import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { BackgroundCompletion, FileInfo, PartRecord, ProtocolName } from './adapter.js';
import type { SavedHashState } from './checksum.js';

/**
 * One record per unfinished upload, saved the moment the server hands out a
 * session and updated after every confirmed chunk. It holds no secrets: auth
 * headers and cookies never come here, and presigned URLs are asked for again.
 */
export interface StoredSession {
  key: string;
  protocol: ProtocolName;
  endpoint: string;
  file: FileInfo;
  handle: unknown;
  chunkSize: number;
  /** Server-confirmed bytes at the last save: a hint, the server's answer wins. */
  bytesConfirmed: number;
  parts?: PartRecord[];
  createdAt: number;
  updatedAt: number;
  /** Epoch ms after which the record is dropped unread. */
  expiresAt: number;
  /**
   * A hash of a few small slices of the file (fingerprint.ts), so a resume notices a
   * file changed in place under the same name, size and date. Older records have none.
   */
  fingerprint?: string;
  /** The whole-file hash so far, at a confirmed offset (checksum-chunks.ts, resume). */
  hashState?: SavedHashState;
  /**
   * Set while the browser's Background Fetch owns the upload: no tab's worker drives it
   * until a page adopts it back (src/worker/background.ts, docs/architecture.md).
   */
  background?: BackgroundOwner;
}

/** The Background Fetch that owns an upload, as the service worker finds and leaves it. */
export interface BackgroundOwner {
  /** The registration's id: `backgroundFetchId(key)`. */
  id: string;
  since: number;
  /** Bytes the server held when the fetch took over, and the bytes the fetch sends. */
  bytesHeld: number;
  total: number;
  /**
   * `sending` until the service worker hears the end; `completed` once it also made the
   * complete call (multipart, a backend that takes it without the page's headers).
   */
  state: 'sending' | 'succeeded' | 'failed' | 'completed';
  /** Multipart: which request carried which part, so the service worker files its ETag. */
  parts?: Array<{ url: string; index: number; size: number }>;
  completion?: BackgroundCompletion;
  /** Why the fetch or the complete call failed, in the browser's or server's words. */
  failure?: string;
}

/** The Background Fetch id of an upload: the service worker finds the record by it. */
export const BACKGROUND_FETCH_PREFIX = 'resumable-upload:';
export function backgroundFetchId(key: string): string {
  return `${BACKGROUND_FETCH_PREFIX}${key}`;
}
/** The session key a Background Fetch id names, or undefined when it is not one of ours. */
export function keyOfBackgroundFetch(id: string): string | undefined {
  return id.startsWith(BACKGROUND_FETCH_PREFIX)
    ? id.slice(BACKGROUND_FETCH_PREFIX.length)
    : undefined;
}
/** The Web Lock the service worker and an adopting worker take in turn. */
export function backgroundLockName(key: string): string {
  return `resumable-upload background ${key}`;
}

/** Records without a protocol-given expiry are kept this long. */
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The same file in two folders of one drop is two uploads; a file without a path keeps
 * the key it always had, so records stored before folders existed still resume.
 */
export function sessionKey(protocol: ProtocolName, endpoint: string, file: FileInfo): string {
  const key = [protocol, endpoint, file.name, file.size, file.lastModified, file.type];
  return JSON.stringify(file.relativePath ? [...key, file.relativePath] : key);
}

export interface SessionStore {
  /** False when IndexedDB is missing or failing: uploads work but do not survive a reload. */
  readonly persistent: boolean;
  get(key: string): Promise<StoredSession | undefined>;
  put(record: StoredSession): Promise<void>;
  remove(key: string): Promise<void>;
  /** Unexpired records for one endpoint and protocol; expired ones are deleted on the way. */
  list(protocol: ProtocolName, endpoint: string, now?: number): Promise<StoredSession[]>;
}

export function createMemoryStore(): SessionStore {
  const map = new Map<string, StoredSession>();
  return {
    persistent: false,
    get: async (key) => map.get(key),
    put: async (record) => void map.set(record.key, structuredClone(record)),
    remove: async (key) => void map.delete(key),
    list: async (protocol, endpoint, now = Date.now()) =>
      [...map.values()].filter(
        (r) => r.protocol === protocol && r.endpoint === endpoint && r.expiresAt > now,
      ),
  };
}

export const DB_NAME = 'resumable-upload';
export const STORE_NAME = 'sessions';

/**
 * The IndexedDB store, or a memory store when IndexedDB cannot be opened
 * (private modes, quota, blocked storage). A write that fails later switches
 * to memory for the rest of the page's life rather than failing the upload.
 */
export async function openSessionStore(): Promise<SessionStore> {
  let store: UseStore;
  try {
    if (typeof indexedDB === 'undefined') return createMemoryStore();
    store = createStore(DB_NAME, STORE_NAME);
    await get('probe', store);
  } catch {
    return createMemoryStore();
  }
  const fallback = createMemoryStore();
  let persistent = true;
  const guard = async <T>(idb: () => Promise<T>, memory: () => Promise<T>): Promise<T> => {
    if (!persistent) return memory();
    try {
      return await idb();
    } catch {
      persistent = false;
      return memory();
    }
  };
  return {
    get persistent() {
      return persistent;
    },
    get: (key) =>
      guard(
        () => get<StoredSession>(key, store),
        () => fallback.get(key),
      ),
    put: (record) =>
      guard(
        () => set(record.key, record, store),
        () => fallback.put(record),
      ),
    remove: (key) =>
      guard(
        async () => {
          await del(key, store);
          await fallback.remove(key);
        },
        () => fallback.remove(key),
      ),
    list: (protocol, endpoint, now = Date.now()) =>
      guard(
        async () => {
          const found: StoredSession[] = [];
          for (const [key, value] of await entries<string, StoredSession>(store)) {
            if (value.expiresAt <= now) await del(key, store);
            else if (value.protocol === protocol && value.endpoint === endpoint) found.push(value);
          }
          return found;
        },
        () => fallback.list(protocol, endpoint, now),
      ),
  };
}
