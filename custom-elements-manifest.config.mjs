/** `npm run analyze` writes custom-elements.json; `npm test` fails when it is stale. */
export default {
  globs: ['src/element/**/*.ts', 'src/resumable-upload.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  // The package.json field is written by hand; the staleness check must not rewrite it.
  packagejson: false,
  outdir: process.env.CEM_OUTDIR ?? '.',
};
