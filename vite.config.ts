import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// Vite 8 builds with rolldown (a dependency of vite), whose native MagicString keeps the source map.
import { RolldownMagicString, rolldown } from 'rolldown';
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
 * queue's entries and the methods its parts call on one another (upload-list,
 * progress-meter, file-sources, tab-handoff, TabSync, FileKeeper). None is in a public
 * type, an event, a stored record, a message to another tab or to the worker (built
 * apart, so a renamed field would no longer match there), nor read by Lit or the DOM
 * (so no `state`, `select`, `add`, `all`…). A minifier never renames properties on its
 * own; these it may, like local variables. Keep a name here only while all of that holds.
 */
const internalProperties = [
  // Entry fields
  'launch',
  'wantsRun',
  // UploadQueueController, as the element uses it
  'addRefused',
  'dismiss',
  // WorkerClient
  'listSessions',
  // UploadList (the element reads some through the queue's view)
  'awaiting',
  'byKey',
  'holding',
  'needsFile',
  'snapshots',
  'totals',
  // ProgressMeter
  'confirmed',
  'repaintSoon',
  'restart',
  'still',
  // FileSources
  'carryOnFile',
  'findKept',
  'fromHandle',
  // TabHandoff
  'claim',
  'forget',
  'heldByAnotherTab',
  'reconnect',
  'watch',
  // TabSync and FileKeeper
  'acquire',
  'heldElsewhere',
  'prune',
  'publish',
  'stopWaiting',
  'waitFor',
];

/**
 * An app that bundles `dist/index.js` must find the worker as a worker, or it copies the
 * file as a plain asset or not at all. Vite, webpack and Parcel look for the literal
 * `new Worker(new URL("./…", import.meta.url), { type: "module" })` with the global
 * `Worker`, which our own library build turns into a URL built from a URL. Put the literal
 * back, padded to the same length so the source map stays aligned.
 */
function workerFoundByBundlers(): Plugin {
  const built =
    /new Worker\(new URL\(new URL\(`(assets\/upload\.worker\.js)`,import\.meta\.url\)\.href,``\+import\.meta\.url\),\{type:`module`,name:`([\w-]+)`\}\)/;
  return {
    name: 'worker-found-by-bundlers',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const match = built.exec(chunk.code);
        if (!match) {
          this.error(
            `The worker construction in ${chunk.fileName} no longer has the expected shape.`,
          );
        }
        const [found, file, name] = match;
        const literal = `new Worker(new URL("./${file}",import.meta.url),{type:"module",name:"${name}"})`;
        if (literal.length > found.length)
          this.error('The rewritten worker construction is longer.');
        chunk.code = chunk.code.replace(found, literal.padEnd(found.length, ' '));
      }
    },
  };
}

/**
 * The worker must stay one file: a chunk that imports the worker's entry back makes
 * WebKit evaluate the entry a second time (two message handlers, every file uploaded
 * twice). Fail the build if the worker ever grows a chunk or an import. The one
 * exception is the hashing code (`checksumChunk`): `import()` of a URL the element hands
 * over, of a leaf file that imports nothing, so it cannot bring the worker back.
 */
function workerIsOneFile(): Plugin {
  return {
    name: 'worker-is-one-file',
    apply: 'build',
    writeBundle(options, bundle) {
      const workerFiles = Object.keys(bundle).filter(
        (file) => file.startsWith('assets/') && file.endsWith('.js') && file !== CHECKSUM_FILE,
      );
      if (workerFiles.length !== 1 || workerFiles[0] !== 'assets/upload.worker.js') {
        this.error(
          `The worker must be the one file assets/upload.worker.js, found: ${workerFiles.join(', ')}`,
        );
      }
      const code = readFileSync(resolve(options.dir!, workerFiles[0]), 'utf8');
      const imports = code.match(/\bimport\s*\(/g) ?? [];
      const loader = code.split(LAZY_IMPORT).length - 1;
      if (
        /\bimport\s*[\w{*]|\bfrom\s*["'`]/.test(code) ||
        imports.length !== loader ||
        loader > 1
      ) {
        this.error(
          'assets/upload.worker.js imports another file: it must be self-contained, but for the one import() of the checksum file.',
        );
      }
    },
  };
}

/** The hashing code's file, beside the worker (src/element/checksum-module.ts). */
const CHECKSUM_FILE = 'assets/checksum.js';
/** How the worker's one `import()` reads once `lazyImportIgnoredByBundlers` marked it. */
const LAZY_IMPORT = 'import(/* webpackIgnore: true */ /* @vite-ignore */ ';

/**
 * `assets/checksum.js`: hash-wasm's code (src/core/checksum-wasm.ts), built on its own
 * like the translation tables, and a leaf: it must import nothing. The element names it
 * with the literal `new URL("./assets/checksum.js", import.meta.url)`, the shape every
 * bundler carries as a file (the source names the .ts module, for a dev server).
 */
function checksumChunk(): Plugin {
  const source = /new URL\((["'`])\.\.\/core\/checksum-wasm\.ts\1,import\.meta\.url\)/;
  return {
    name: 'checksum-chunk',
    apply: 'build',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const found = source.exec(chunk.code)?.[0];
        if (!found) this.error(`${chunk.fileName} no longer names the checksum file as expected.`);
        const literal = `new URL("./${CHECKSUM_FILE}",import.meta.url)`;
        chunk.code = chunk.code.replace(found, literal.padEnd(found.length, ' '));
      }
      const build = await rolldown({
        input: resolve(import.meta.dirname, 'src/core/checksum-wasm.ts'),
        platform: 'browser',
        logLevel: 'warn',
      });
      const { output } = await build.generate({
        format: 'es',
        minify: true,
        comments: { annotation: false },
      });
      await build.close();
      const [chunk, ...more] = output.filter((file) => file.type === 'chunk');
      if (more.length || chunk.imports.length || chunk.dynamicImports.length) {
        this.error(`${CHECKSUM_FILE} must be one file that imports nothing.`);
      }
      this.emitFile({ type: 'asset', fileName: CHECKSUM_FILE, source: chunk.code });
    },
  };
}

/**
 * The worker's `import()` of the checksum file takes a URL known at run time. Bundlers
 * that build the worker again (webpack, Vite, Parcel) must leave it alone: webpack would
 * make it a module context that finds nothing. The minifier drops the comments that say
 * so; put them back, and shift the source map's columns after them on that line.
 */
function lazyImportIgnoredByBundlers(): Plugin {
  return {
    name: 'lazy-import-ignored-by-bundlers',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const imports = [...chunk.code.matchAll(/\bimport\(/g)];
        if (imports.length === 0) continue;
        if (imports.length > 1) this.error(`${chunk.fileName} has more than one import().`);
        const at = imports[0].index + 'import('.length;
        const inserted = LAZY_IMPORT.slice('import('.length);
        chunk.code = chunk.code.slice(0, at) + inserted + chunk.code.slice(at);
        if (chunk.map) {
          const line = chunk.code.slice(0, at).split('\n').length - 1;
          const column = at - (chunk.code.lastIndexOf('\n', at - 1) + 1);
          chunk.map.mappings = shiftColumns(chunk.map.mappings, line, column, inserted.length);
        }
      }
    },
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A source map's `mappings` with every segment of generated `line` at or after `column`
 * moved `by` columns right. Columns are relative within a line, so only the first such
 * segment's (base64 VLQ) first field changes.
 */
function shiftColumns(mappings: string, line: number, column: number, by: number): string {
  const lines = mappings.split(';');
  const segments = lines[line].split(',');
  let generated = 0;
  for (let i = 0; i < segments.length; i++) {
    const fields = decodeVlq(segments[i]);
    generated += fields[0];
    if (generated < column) continue;
    fields[0] += by;
    segments[i] = fields.map(encodeVlq).join('');
    break;
  }
  lines[line] = segments.join(',');
  return lines.join(';');
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

function encodeVlq(number: number): string {
  let value = number < 0 ? (-number << 1) | 1 : number << 1;
  let text = '';
  do {
    const digit = value & 31;
    value >>>= 5;
    text += BASE64[value ? digit | 32 : digit];
  } while (value);
  return text;
}

const LOCALES = resolve(import.meta.dirname, 'src/element/locales');

/**
 * One file per language beside the entry, `locales/fr.js`, loaded by `import()` when a
 * page asks for that language (src/element/languages.ts). The main build leaves those
 * imports as they are (the entry stays one chunk, which property mangling needs), and a
 * build of its own writes the tables: each is data and must import nothing, so a page in
 * French loads that one file, and index.js and the bundle share the same files.
 */
function localeTables(): Plugin {
  return {
    name: 'locale-tables',
    apply: 'build',
    // Before Vite's resolver, which would bring the files into this build.
    enforce: 'pre',
    resolveId(source, importer) {
      const table = /(?:^|\/)locales\/([\w-]+)\.js$/.exec(source)?.[1];
      if (!table || !importer?.startsWith(resolve(import.meta.dirname, 'src'))) return null;
      // index.js exports `germanStrings` from a copy of the German table: a module both
      // imported (even unused) and import()ed stays in an app's main chunk (Vite 8 does
      // that), and every app that bundles index.js would carry German.
      if (importer === resolve(import.meta.dirname, 'src/index.ts')) {
        return { id: `./german-strings.js`, external: true };
      }
      return { id: `./locales/${table}.js`, external: true };
    },
    async generateBundle() {
      const input = Object.fromEntries(
        readdirSync(LOCALES)
          .filter((file) => file.endsWith('.ts'))
          .map((file) => [file.slice(0, -3), resolve(LOCALES, file)]),
      );
      const build = await rolldown({ input, platform: 'browser', logLevel: 'warn' });
      const { output } = await build.generate({
        format: 'es',
        minify: true,
        entryFileNames: 'locales/[name].js',
        comments: { annotation: false },
      });
      await build.close();
      for (const chunk of output) {
        if (chunk.type !== 'chunk' || !chunk.isEntry || chunk.imports.length) {
          this.error(`${chunk.fileName}: a table must be one file that imports nothing.`);
        }
        this.emitFile({ type: 'asset', fileName: chunk.fileName, source: chunk.code });
        if (chunk.name === 'de') {
          this.emitFile({ type: 'asset', fileName: 'german-strings.js', source: chunk.code });
        }
      }
    },
  };
}

const SERVICE_WORKER = resolve(import.meta.dirname, 'src/service-worker');

/**
 * The service worker an app serves from its own origin, `resumable-upload.sw.js`, and the
 * module an app with a service worker of its own imports, `service-worker.js` (its
 * handlers as functions). Both self-contained (idb-keyval inlined): a service worker is
 * evaluated alone, and an app's service worker build may not resolve bare imports.
 */
function serviceWorkerFiles(): Plugin {
  return {
    name: 'service-worker-files',
    apply: 'build',
    async generateBundle() {
      const entries = {
        'resumable-upload.sw': resolve(SERVICE_WORKER, 'resumable-upload.sw.ts'),
        'service-worker': resolve(SERVICE_WORKER, 'background-uploads.ts'),
      };
      for (const [name, input] of Object.entries(entries)) {
        const build = await rolldown({ input, platform: 'browser', logLevel: 'warn' });
        const { output } = await build.generate({
          format: 'es',
          minify: true,
          codeSplitting: false,
          entryFileNames: `${name}.js`,
          comments: { annotation: false },
        });
        await build.close();
        const [chunk, ...more] = output.filter((o) => o.type === 'chunk');
        if (more.length || chunk.imports.length || chunk.dynamicImports.length) {
          this.error(
            `${chunk.fileName}: a service worker file must be one file that imports nothing.`,
          );
        }
        this.emitFile({ type: 'asset', fileName: chunk.fileName, source: chunk.code });
      }
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
    plugins: [
      minifyLitTemplates(),
      workerFoundByBundlers(),
      workerIsOneFile(),
      localeTables(),
      checksumChunk(),
      ...(bundle ? [] : [serviceWorkerFiles()]),
    ],
    // No /* @__PURE__ */ marks in the worker either: nothing bundles it after us.
    worker: {
      format: 'es',
      plugins: () => [lazyImportIgnoredByBundlers()],
      rollupOptions: {
        output: {
          // One self-contained file: every protocol inlined, no chunks. A chunk that imports
          // from the worker's entry makes WebKit evaluate the entry twice (two handlers, every
          // file uploaded twice), Parcel leaves a worker's dynamic imports unresolved, and
          // esbuild or Rollup apps would have to copy a whole chunk graph instead of one file.
          codeSplitting: false,
          // A stable name: a page that serves the worker itself (`worker-url`) copies one
          // known file. No /* @__PURE__ */ marks either: nothing bundles it after us.
          entryFileNames: 'assets/[name].js',
          comments: { annotation: false },
        },
      },
    },
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
