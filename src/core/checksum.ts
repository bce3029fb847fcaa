import { ConfigError, UploadError } from './errors.js';

/**
 * Checksums the worker computes over the bytes it sends (docs/element.md, `checksum`).
 * The hashing itself is WebAssembly from `hash-wasm`, built into a file of its own
 * (`assets/checksum.js`, from checksum-wasm.ts) that imports nothing: the worker loads it
 * with `import()` only when an upload asks for a checksum, so a page that never does
 * never downloads it, and the worker stays one self-contained file.
 */

export const CHECKSUM_ALGORITHMS = ['none', 'crc32c', 'md5', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
export type HashAlgorithm = Exclude<ChecksumAlgorithm, 'none'>;

export function isChecksumAlgorithm(value: unknown): value is ChecksumAlgorithm {
  return CHECKSUM_ALGORITHMS.includes(value as ChecksumAlgorithm);
}

/** One running hash: fed in order, read once. hash-wasm's `IHasher`, narrowed. */
export interface Hasher {
  init(): void;
  update(bytes: Uint8Array): void;
  /** The raw digest (4 bytes for CRC32C, big-endian, as S3 and GCS encode it). */
  digest(): Uint8Array;
  /** The state so far, to go on later with `load` (hash-wasm's save/load). */
  save(): Uint8Array;
  load(state: Uint8Array): void;
}

/** What the lazily loaded file provides. */
export interface HashKit {
  create(algorithm: HashAlgorithm): Promise<Hasher>;
}

/**
 * A running whole-file hash saved with the server-confirmed offset it reached (hash-wasm's
 * `save()`), kept in the session record: a resume from that same offset goes on from it
 * instead of reading and hashing the prefix again.
 */
export interface SavedHashState {
  algorithm: HashAlgorithm;
  offset: number;
  state: Uint8Array;
}

/** A digest of some bytes, in one algorithm. */
export interface Digest {
  algorithm: HashAlgorithm;
  bytes: Uint8Array;
}

/** Where the chunk file puts its kit, besides exporting it: a bundler may drop the export. */
export const HASH_KIT_GLOBAL = Symbol.for('resumable-upload.hash-kit');

let loading: Promise<HashKit> | undefined;

/**
 * The hashing code, from `url` (the element passes the chunk's URL, resolved against its
 * own module so every bundler that carries the element carries the chunk). Loaded once
 * per worker; a failure is a setup fault (the file is not where the page looked).
 */
export function loadHashKit(url: string): Promise<HashKit> {
  loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ url).then(
    (module: { hashKit?: HashKit }) => {
      const kit = (globalThis as Record<symbol, HashKit | undefined>)[HASH_KIT_GLOBAL];
      const found = module.hashKit ?? kit;
      if (!found) throw new Error(`${url} holds no hashing code`);
      return found;
    },
  );
  return loading.catch((error: unknown) => {
    loading = undefined;
    throw new UploadError(
      'missing-file',
      `The checksum code could not be loaded from ${url} (${String(error)}). It is dist/assets/checksum.js, served from assets/ beside the package's script; or set checksum="none". See "Bundlers" in the README of resumable-upload.`,
    );
  });
}

/**
 * The algorithm a page asked for, with its code loaded from `moduleUrl`; undefined for
 * `none`. Throws a ConfigError for a name that is not one of CHECKSUM_ALGORITHMS.
 */
export async function checksumSetting(
  algorithm: unknown = 'none',
  moduleUrl?: string,
): Promise<{ algorithm: HashAlgorithm; kit: HashKit } | undefined> {
  if (!isChecksumAlgorithm(algorithm)) {
    throw new ConfigError(
      `checksum="${String(algorithm)}" is not one of ${CHECKSUM_ALGORITHMS.join(', ')}.`,
    );
  }
  if (algorithm === 'none') return undefined;
  if (!moduleUrl)
    throw new ConfigError('A checksum was asked for, but no checksum code was given.');
  return { algorithm, kit: await loadHashKit(moduleUrl) };
}

/** Standard base64 (S3's `x-amz-checksum-*`, `Content-MD5`, GCS's `X-Goog-Hash`, tus). */
export function base64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * The server's checksum of what it received is not ours: bytes changed on the way. The
 * chunk is sent again from the same bytes (`resendOnMismatch`, checksum-chunks.ts) a few
 * times at once, not with the network's backoff; when it keeps happening the upload fails
 * with code `checksum`, and nothing is completed.
 */
export class ChecksumError extends UploadError {
  override readonly name = 'ChecksumError';
  /** `resendable`: sending the same chunk again can mend it (false: the whole object differs). */
  constructor(
    message: string,
    status?: number,
    readonly resendable = true,
  ) {
    super('checksum', message, { status });
  }
}
