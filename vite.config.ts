import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * Lit's css`` templates are strings to the minifier, so their indentation and
 * comments would ship as is. Squeeze them (no expressions inside: ours have none).
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return code.replace(/css`([^`$]*)`/g, (_all, text: string) => {
        const squeezed = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${squeezed}\``;
      });
    },
  };
}

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
    plugins: [minifyCssTemplates()],
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
