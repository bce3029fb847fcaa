import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Two library builds into one `dist/`:
 * - `vite build`: `dist/index.js` for bundler users, Lit and idb-keyval left external;
 * - `vite build --mode bundle`: `dist/resumable-upload.bundle.js`, self-contained, for pages
 *   with no build step.
 * `base: './'` makes the worker URL relative to the module (`new URL(…, import.meta.url)`),
 * so a copied `dist/` works from any static path.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    base: './',
    worker: { format: 'es' },
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !bundle,
      sourcemap: true,
      minify: true,
      lib: {
        entry: resolve(import.meta.dirname, bundle ? 'src/resumable-upload.ts' : 'src/index.ts'),
        formats: ['es'],
        fileName: () => (bundle ? 'resumable-upload.bundle.js' : 'index.js'),
      },
      rollupOptions: {
        external: bundle ? [] : [/^lit/, /^@lit\//, 'idb-keyval'],
        // Library mode leaves ES output unminified; a page with no build step wants it small.
        output: { minify: true },
      },
    },
  };
});
