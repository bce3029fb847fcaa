import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

/**
 * The walls between layers (docs/architecture.md): element → worker → protocols → core,
 * and never back up. Core, protocols and worker run in the worker: no DOM, no lit. The
 * element talks to the worker, never to an adapter. Nothing in src/ reaches the reference
 * server, the tests, the demo or the benchmarks.
 */
const outsideTheLibrary = {
  group: ['**/server/**', '**/test/**', '**/demo/**', '**/bench/**'],
  message: 'src/ ships to users: it imports nothing from server/, test/, demo/ or bench/.',
};
const litImports = {
  group: ['lit', 'lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*', '@lit/*'],
  message: 'Only the element uses Lit: this code runs in the worker.',
};
const layerAbove = (layer, above) => ({
  group: above.map((name) => `**/${name}/**`),
  message: `${layer} sits below ${above.join(', ')}: imports run down the stack, never up.`,
});
/** Names that exist on a page but not in a worker. */
const domGlobals = [
  'document',
  'window',
  'localStorage',
  'sessionStorage',
  'customElements',
  'HTMLElement',
  'Element',
  'ShadowRoot',
  'DocumentFragment',
  'MutationObserver',
  'alert',
].map((name) => ({ name, message: `${name} is DOM: this layer runs in the worker.` }));
const workerSide = (files, layer, above) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [outsideTheLibrary, litImports, layerAbove(layer, above)] },
    ],
    'no-restricted-globals': ['error', ...domGlobals],
  },
});
const layerWalls = [
  workerSide(['src/core/**/*.ts'], 'core', ['protocols', 'worker', 'element']),
  workerSide(['src/protocols/**/*.ts'], 'protocols', ['worker', 'element']),
  workerSide(['src/worker/**/*.ts'], 'worker', ['element']),
  // The shipped service worker: no DOM either, and none of the page's or the worker's code.
  workerSide(['src/service-worker/**/*.ts'], 'service-worker', ['protocols', 'worker', 'element']),
  {
    files: ['src/element/**/*.ts', 'src/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            outsideTheLibrary,
            {
              group: ['**/protocols/**'],
              message: 'The element talks to the worker, never to a protocol adapter.',
            },
          ],
        },
      ],
    },
  },
  {
    // A translation table is data, built to a file of its own that a page loads alone.
    files: ['src/element/locales/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['*', '**'],
              allowTypeImports: true,
              message:
                'A translation table imports types only: it is built to a file of its own (vite.config.ts).',
            },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'custom-elements.json', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.worker, ...globals.node, ...globals.mocha },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty-pattern': 'off',
    },
  },
  ...layerWalls,
  {
    files: ['src/**/*.ts'],
    plugins: { lit, wc, 'lit-a11y': litA11y },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      ...litA11y.configs.recommended.rules,
    },
  },
);
