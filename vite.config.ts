import { resolve } from 'node:path';
// Vite 8 builds with rolldown (a dependency of vite), whose native MagicString keeps the source map.
import { RolldownMagicString } from 'rolldown';
import { defineConfig, type Plugin } from 'vite';

/** How the static text of each kind of Lit template is squeezed. */
const squeezers = new Map<string, (text: string) => string>([
  // Markup: a run of whitespace that spans lines renders as one space (there is no <pre>).
  ['html', (text) => text.replace(/\s*\n\s*/g, ' ')],
  ['svg', (text) => text.replace(/\s*\n\s*/g, ' ')],
  [
    'css',
    (text) =>
      text
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,>])\s*/g, '$1')
        // Only after `(` and before `)`: `and (` in a media query needs its space.
        .replace(/\(\s+/g, '(')
        .replace(/\s+\)/g, ')')
        .replace(/:\s+/g, ':')
        .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
        .replace(/;}/g, '}'),
  ],
]);

interface TaggedTemplate {
  type: 'TaggedTemplateExpression';
  /** Set when the tag is a plain identifier (`html`, not `lit.html`). */
  tag: { name?: string };
  quasi: { quasis: Array<{ start: number; end: number }> };
}

function isTaggedTemplate(node: unknown): node is TaggedTemplate {
  return (node as { type?: string })?.type === 'TaggedTemplateExpression';
}

/**
 * Lit's html``, svg`` and css`` templates are strings to the minifier, so their
 * indentation, line breaks and comments would ship as is. Squeeze their static
 * text (never the expressions inside), keeping the source map true.
 */
function minifyLitTemplates(): Plugin {
  return {
    name: 'minify-lit-templates',
    transform(code, id) {
      if (!/\/src\/element\/[^?]*\.ts$/.test(id)) return null;
      const edited = new RolldownMagicString(code);
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const squeeze = isTaggedTemplate(node) && squeezers.get(node.tag.name ?? '');
        if (squeeze) {
          for (const { start, end } of node.quasi.quasis) {
            const text = code.slice(start, end);
            const squeezed = squeeze(text);
            if (squeezed !== text) edited.overwrite(start, end, squeezed);
          }
        }
        for (const child of Object.values(node)) visit(child);
      };
      visit(this.parse(code));
      if (!edited.hasChanged()) return null;
      return {
        code: edited.toString(),
        map: edited.generateMap({ source: id, hires: 'boundary' }).toString(),
      };
    },
  };
}

/**
 * Property names that live only in the element's main-thread code: fields of the
 * queue's entries and the methods the queue calls on its helpers (TabSync,
 * FileKeeper). None is in a public type, an event, a stored record, a message to
 * another tab or to the worker (built apart, so a renamed field would no longer
 * match there), nor read by Lit or the DOM. A minifier never renames properties
 * on its own; these it may, like local variables. Keep a name here only while
 * all of that holds.
 */
const internalProperties = [
  // Entry fields
  'cancelling',
  'heardLive',
  'keeping',
  'lastProgressAt',
  'lastProgressBytes',
  'launch',
  'remote',
  'wantsRun',
  // UploadQueueController, as the element uses it
  'addRefused',
  'dismiss',
  'holding',
  'listSessions',
  'needsFile',
  'totals',
  // TabSync and FileKeeper, as the queue uses them
  'acquire',
  'heldElsewhere',
  'prune',
  'publish',
  'stopWaiting',
  'waitFor',
];

/**
 * An app that bundles `dist/index.js` must find the worker as a worker, or it copies the
 * file as a plain asset and leaves behind the adapter chunks the worker imports (a Vite
 * app did exactly that: every upload then failed to load its protocol). Vite, Parcel and
 * friends look for the literal `new Worker(new URL("./…", import.meta.url))`, which our
 * own library build rewrites and minifies away. Put it back, with `Worker` bound to our
 * Trusted Types subclass, padded to the same length so the source map stays aligned.
 */
function workerFoundByBundlers(): Plugin {
  const built =
    /new class extends globalThis\.Worker\{constructor\((\w+),(\w+)\)\{super\(([\w$]+)\(\1\),\2\)\}\}\(new URL\(new URL\(`(assets\/upload\.worker-[\w-]+\.js)`,import\.meta\.url\)\.href,``\+import\.meta\.url\),(\{[^}]*\})\)/;
  return {
    name: 'worker-found-by-bundlers',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunk = bundle['index.js'];
      if (!chunk || chunk.type !== 'chunk') return;
      const match = built.exec(chunk.code);
      if (!match) {
        this.error('The worker construction in index.js no longer has the expected shape.');
      }
      const [found, a, b, policy, file, options] = match;
      const literal =
        `(Worker=>new Worker(new URL("./${file}",import.meta.url),${options}))` +
        // Outside the arrow, `Worker` is the browser's own again.
        `(class extends Worker{constructor(${a},${b}){super(${policy}(${a}),${b})}})`;
      if (literal.length > found.length) this.error('The rewritten worker construction is longer.');
      chunk.code = chunk.code.replace(found, literal.padEnd(found.length, ' '));
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
    plugins: [minifyLitTemplates(), workerFoundByBundlers()],
    // No /* @__PURE__ */ marks in the worker either: nothing bundles it after us.
    worker: { format: 'es', rollupOptions: { output: { comments: { annotation: false } } } },
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
        output: {
          // No /* @__PURE__ */ or /* @vite-ignore */ marks. The bundle has no later bundler
          // to read them; in index.js (side effects: it defines the element) the first only
          // sit on class fields and state the element uses, which no consumer could drop,
          // and a consumer's Vite build of index.js comes out byte-identical without them.
          comments: { annotation: false },
          // Library mode leaves ES output unminified; a page with no build step wants it small.
          minify: {
            compress: true,
            mangle: true,
            codegen: true,
            mangleProps: { include: new RegExp(`^(${internalProperties.join('|')})$`) },
          },
        },
      },
    },
  };
});
