#!/usr/bin/env node
/**
 * The layer walls in eslint.config.js must fail on a crossing, not only pass on clean
 * code: lint one deliberate violation per wall, as if it were a file in that layer,
 * and exit non-zero when any of them is let through.
 */
import { ESLint } from 'eslint';

const crossings = [
  [
    'src/core/wall-check.ts',
    "import { html } from 'lit';\nexport const a = html;\n",
    'lit in core',
  ],
  ['src/core/wall-check.ts', 'export const a = document.title;\n', 'the DOM in core'],
  [
    'src/core/wall-check.ts',
    "import { tus } from '../protocols/tus.js';\nexport const a = tus;\n",
    'core importing a protocol',
  ],
  [
    'src/protocols/wall-check.ts',
    "import { UploadStatus } from '../element/upload-types.js';\nexport const a = UploadStatus;\n",
    'a protocol importing the element',
  ],
  ['src/protocols/wall-check.ts', 'export const a = window.name;\n', 'the DOM in a protocol'],
  [
    'src/worker/wall-check.ts',
    "import { LitElement } from 'lit';\nexport const a = LitElement;\n",
    'lit in the worker',
  ],
  [
    'src/worker/wall-check.ts',
    "import { englishStrings } from '../element/strings.js';\nexport const a = englishStrings;\n",
    'the worker importing the element',
  ],
  [
    'src/element/wall-check.ts',
    "import { tus } from '../protocols/tus.js';\nexport const a = tus;\n",
    'the element importing an adapter',
  ],
  [
    'src/element/wall-check.ts',
    "import { startReferenceServer } from '../../server/reference-server.js';\nexport const a = startReferenceServer;\n",
    'src importing the reference server',
  ],
  [
    'src/element/locales/wall-check.ts',
    "import { englishStrings } from '../strings.js';\nexport default { ...englishStrings };\n",
    'a translation table importing code',
  ],
];

const eslint = new ESLint();
let letThrough = 0;
for (const [filePath, code, what] of crossings) {
  const [result] = await eslint.lintText(code, { filePath });
  const walls = result.messages.filter((m) =>
    [
      'no-restricted-imports',
      '@typescript-eslint/no-restricted-imports',
      'no-restricted-globals',
    ].includes(m.ruleId ?? ''),
  );
  if (walls.length === 0) {
    letThrough++;
    console.log(`✗ the walls let through ${what} (${filePath})`);
  } else console.log(`✓ stopped: ${what}`);
}
process.exit(letThrough ? 1 : 0);
