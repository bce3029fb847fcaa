/** `npm run analyze` writes custom-elements.json; `npm test` fails when it is stale. */
export default {
  globs: ['src/element/**/*.ts', 'src/resumable-upload.ts'],
  // The translation tables are data, one file per language: the manifest documents the element.
  exclude: ['src/**/*.test.ts', 'src/element/locales/**'],
  litelement: true,
  // The package.json field is written by hand; the staleness check must not rewrite it.
  packagejson: false,
  outdir: process.env.CEM_OUTDIR ?? '.',
};
