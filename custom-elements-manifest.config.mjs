/** `npm run analyze` writes custom-elements.json; `npm test` fails when it is stale. */
export default {
  globs: ['src/element/**/*.ts', 'src/resumable-upload.ts'],
  exclude: ['src/**/*.test.ts'],
  litelement: true,
  outdir: process.env.CEM_OUTDIR ?? '.',
};
