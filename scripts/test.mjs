#!/usr/bin/env node
/**
 * `npm test`: format, lint, types and manifest checks, then the unit and
 * component tests (Web Test Runner) in Chromium, Firefox ESR and WebKitGTK,
 * and the end-to-end flows (Playwright) in Chromium. Ends with one line:
 * `N passed, N failed` (checks count as one test each; a unit test counts once
 * per engine), and exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium.mjs';
import { ENGINES, ensureOtherEngines } from './wtr-browsers.mjs';

const bin = (name) => `${process.cwd()}/node_modules/.bin/${name}`;
let chrome;
try {
  chrome = ensureChromium();
} catch (error) {
  console.error(error.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// Firefox and WebKitGTK are found or installed the same way; one that is missing is not fatal
// here: each of its test files fails with why.
ensureOtherEngines();
const env = { ...process.env, CHROME_PATH: chrome };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each failed unit/component test (engine: file: test), repeated at the end so a log's tail names it. */
const failedTests = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status === 0;
}

function check(label, command, args, extraEnv) {
  const ok = run(label, command, args, extraEnv);
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

check('format (prettier --check)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
check('lint (eslint)', bin('eslint'), ['.']);
check('layer walls stop a crossing (scripts/check-walls.mjs)', process.execPath, [
  'scripts/check-walls.mjs',
]);
check('no import cycle in src (scripts/check-cycles.mjs)', process.execPath, [
  'scripts/check-cycles.mjs',
]);
check('types (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']);

// The committed manifest must match what the analyzer makes of the source now.
rmSync('.tmp/cem', { recursive: true, force: true });
const analyzed = run('custom-elements.json is current', bin('cem'), ['analyze', '--quiet'], {
  CEM_OUTDIR: '.tmp/cem',
});
const current =
  analyzed &&
  existsSync('custom-elements.json') &&
  readFileSync('.tmp/cem/custom-elements.json', 'utf8') ===
    readFileSync('custom-elements.json', 'utf8');
if (current) totals.passed++;
else {
  totals.failed++;
  failures.push('custom-elements.json is stale: run `npm run analyze` and commit it');
  console.log('custom-elements.json is stale: run `npm run analyze` and commit it.');
}

rmSync('.tmp/wtr-results.json', { force: true });
const engineNames = Object.values(ENGINES);
const wtrStarted = Date.now();
const unitOk = run(
  `unit and component tests (web-test-runner: ${engineNames.join(', ')})`,
  bin('web-test-runner'),
  [],
  // Every engine, whatever this shell picked for a quick run.
  { WTR_BROWSERS: '' },
);
const wtrSeconds = Math.round((Date.now() - wtrStarted) / 1000);
if (existsSync('.tmp/wtr-results.json')) {
  const counts = JSON.parse(readFileSync('.tmp/wtr-results.json', 'utf8'));
  totals.passed += counts.passed;
  totals.failed += counts.failed + counts.sessionErrors;
  totals.skipped += counts.skipped;
  console.log(`\nweb-test-runner, ${wtrSeconds} s:`);
  for (const name of engineNames) {
    const own = counts.browsers?.[name];
    if (!own?.files) {
      // An engine that ran nothing must not pass as zero failures.
      totals.failed++;
      failures.push(`${name} ran no unit/component test file`);
      console.log(`  ${name}: ran no test file`);
      continue;
    }
    const failed = own.failed + own.sessionErrors;
    console.log(
      `  ${name}: ${own.passed} passed, ${failed} failed${own.skipped ? `, ${own.skipped} skipped` : ''}`,
    );
    if (failed > 0) failures.push(`unit/component tests in ${name}`);
  }
  failedTests.push(...(counts.failures ?? []));
  if (!unitOk && counts.failed + counts.sessionErrors === 0) {
    totals.failed++;
    failures.push('web-test-runner exited with an error');
  }
} else {
  totals.failed++;
  failures.push('web-test-runner produced no results');
}

rmSync('.tmp/e2e-results.json', { force: true });
const e2eOk = run(
  'end-to-end flows (playwright: Chromium; the engine slice in Chromium, Firefox ESR, WebKitGTK)',
  bin('playwright'),
  ['test'],
  {
    CI: '1',
  },
);
if (existsSync('.tmp/e2e-results.json')) {
  const { stats } = JSON.parse(readFileSync('.tmp/e2e-results.json', 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  if (stats.unexpected > 0) failures.push('end-to-end flows');
  if (!e2eOk && stats.unexpected === 0) {
    totals.failed++;
    failures.push('playwright exited with an error');
  }
} else {
  totals.failed++;
  failures.push('playwright produced no results');
}

for (const failure of failedTests) console.log(`  failed: ${failure}`);
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed ? 1 : 0);
