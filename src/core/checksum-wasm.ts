import { createCRC32, createMD5, createSHA256, type IHasher } from 'hash-wasm';
import type { HashAlgorithm, Hasher, HashKit } from './checksum.js';

/**
 * The hashing code, built into `assets/checksum.js` on its own (vite.config.ts,
 * `checksumChunk`): hash-wasm's WebAssembly for CRC32C, MD5 and SHA-256. It imports
 * nothing, so loading it cannot evaluate the worker a second time (WebKit), and no
 * bundler has a graph of chunks to carry. The worker `import()`s it the first time an
 * upload asks for a checksum (checksum.ts, `loadHashKit`).
 */

/** CRC32C's (Castagnoli) reversed polynomial: S3's and GCS's `crc32c`. */
const CASTAGNOLI = 0x82f63b78;

const makers: Record<HashAlgorithm, () => Promise<IHasher>> = {
  crc32c: () => createCRC32(CASTAGNOLI),
  md5: createMD5,
  sha256: createSHA256,
};

function narrowed(hasher: IHasher): Hasher {
  return {
    init: () => void hasher.init(),
    update: (bytes) => void hasher.update(bytes),
    digest: () => hasher.digest('binary'),
    save: () => hasher.save(),
    load: (state) => void hasher.load(state),
  };
}

export const hashKit: HashKit = {
  create: async (algorithm) => narrowed(await makers[algorithm]()),
};

// Also where a bundler that re-emits this file without its exports still leaves it.
// The key is checksum.ts's HASH_KIT_GLOBAL, written out: this file imports no code.
(globalThis as Record<symbol, HashKit>)[Symbol.for('resumable-upload.hash-kit')] = hashKit;
