/**
 * The hashing code's file, resolved against this module: `../core/checksum-wasm.ts` as
 * a source module (a dev server compiles it), rewritten by the build to the literal
 * `new URL("./assets/checksum.js", import.meta.url)` (vite.config.ts, `checksumChunk`).
 * In that shape every bundler that carries the element finds the file and carries it
 * too (Vite, webpack and Parcel as an asset, Rollup's `importMetaAssets`), and a page
 * loading the bundle from a CDN loads it from beside the bundle. It is written here, in
 * the element, and not in the worker: a bundler that only copies the worker (Rollup,
 * `worker-url`) would leave the file behind.
 */
export const checksumModuleUrl = (): string =>
  // Not a literal in the source, so the library build leaves it for checksumChunk to rewrite.
  new URL('../core/checksum-wasm' + '.ts', import.meta.url).href;
