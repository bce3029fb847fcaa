/**
 * `npm run soak [-- --runs 20 --protocol tus --fault cut]`: the fault matrix of
 * issue 8, every protocol × every fault, N runs per cell (default 20), one
 * Chromium for all of it. Prints the table and `N passed, N failed`; exits
 * non-zero when a run failed. Builds its own copy of the bundle into
 * `.tmp/soak-dist` (SKIP_BUILD=1 reuses it) so a rebuild of `dist/` by
 * someone else's test run cannot change the code under test mid-soak.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import {
  FAULTS,
  FAULT_NAMES,
  PROTOCOLS,
  bundleHasTwoTabs,
  runCell,
  skipReason,
  startSoakEnv,
  type FaultName,
  type Protocol,
} from '../test/soak/matrix.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', short: 'n', default: process.env.SOAK_RUNS ?? '20' },
    protocol: { type: 'string', multiple: true },
    fault: { type: 'string', multiple: true },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1`);
const protocols = PROTOCOLS.filter((p) => !values.protocol || values.protocol.includes(p));
const faults = FAULT_NAMES.filter((f) => !values.fault || values.fault.includes(f));

const dist = resolve(ROOT, '.tmp/soak-dist');
if (!process.env.SKIP_BUILD) {
  console.log('Building the bundle into .tmp/soak-dist …');
  execSync('npx vite build --mode bundle --outDir .tmp/soak-dist --emptyOutDir --logLevel error', {
    stdio: 'inherit',
    cwd: ROOT,
  });
}

const features = { twoTabs: bundleHasTwoTabs(dist) };

interface Cell {
  protocol: Protocol;
  fault: FaultName;
  skip?: string;
  passed: number;
  failed: number;
  reasons: Map<string, number>;
  notes: Map<string, number>;
  ms: number[];
}
const cells: Cell[] = [];
for (const protocol of protocols) {
  for (const fault of faults) {
    cells.push({
      protocol,
      fault,
      skip: skipReason(protocol, fault, features),
      passed: 0,
      failed: 0,
      reasons: new Map(),
      notes: new Map(),
      ms: [],
    });
  }
}
const active = cells.filter((c) => !c.skip);

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const env = await startSoakEnv(browser, dist);
const began = Date.now();
try {
  // Rounds outside, cells inside: a soak cut short still covers every cell evenly.
  for (let round = 1; round <= runs; round++) {
    for (const cell of active) {
      const result = await runCell(env, cell.protocol, cell.fault);
      cell.ms.push(result.ms);
      if (result.note) cell.notes.set(result.note, (cell.notes.get(result.note) ?? 0) + 1);
      if (result.ok) cell.passed++;
      else {
        cell.failed++;
        const reason = result.reason ?? 'unknown';
        cell.reasons.set(reason, (cell.reasons.get(reason) ?? 0) + 1);
        console.log(`  ✗ ${cell.protocol} × ${cell.fault} (round ${round}): ${reason}`);
      }
    }
    const done = active.reduce((n, c) => n + c.passed + c.failed, 0);
    const failed = active.reduce((n, c) => n + c.failed, 0);
    console.log(
      `round ${round}/${runs}: ${done} runs, ${failed} failed, ${Math.round((Date.now() - began) / 1000)} s`,
    );
  }
} finally {
  await env.close();
  await browser.close();
}

// The table: one row per protocol, one column per fault.
const header = ['protocol', ...faults.map((f) => FAULTS[f])];
const rows = protocols.map((protocol) => [
  protocol,
  ...faults.map((fault) => {
    const cell = cells.find((c) => c.protocol === protocol && c.fault === fault)!;
    if (cell.skip) return cell.skip;
    const total = cell.passed + cell.failed;
    return cell.failed ? `${cell.passed}/${total} ✗` : `${cell.passed}/${total}`;
  }),
]);
const markdown = [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
console.log(
  `\nFault matrix, ${runs} run(s) per cell, ${Math.round((Date.now() - began) / 1000)} s:\n`,
);
console.log(markdown);

const failures = active.filter((c) => c.failed);
if (failures.length) {
  console.log('\nFailures:');
  for (const cell of failures) {
    for (const [reason, count] of cell.reasons) {
      console.log(`  ${cell.protocol} × ${cell.fault}: ${count}× ${reason}`);
    }
  }
}
const noted = active.filter((c) => c.notes.size);
if (noted.length) {
  console.log('\nNotes (passing runs):');
  for (const cell of noted) {
    for (const [note, count] of cell.notes) {
      console.log(`  ${cell.protocol} × ${cell.fault}: ${count}× ${note}`);
    }
  }
}
const blocked = cells.filter((c) => c.skip === 'blocked');
if (blocked.length) {
  console.log(
    `\nBlocked: ${[...new Set(blocked.map((c) => FAULTS[c.fault]))].join(', ')} (needs the two-tab lock of issue 7).`,
  );
}

mkdirSync(resolve(ROOT, '.tmp'), { recursive: true });
writeFileSync(
  resolve(ROOT, '.tmp/soak-results.json'),
  JSON.stringify(
    {
      runs,
      seconds: Math.round((Date.now() - began) / 1000),
      cells: cells.map((c) => ({
        protocol: c.protocol,
        fault: c.fault,
        skip: c.skip,
        passed: c.passed,
        failed: c.failed,
        reasons: Object.fromEntries(c.reasons),
        notes: Object.fromEntries(c.notes),
        medianMs: c.ms.length ? Math.round(c.ms.sort((a, b) => a - b)[c.ms.length >> 1]) : null,
      })),
      table: markdown,
    },
    null,
    2,
  ),
);
const passed = active.reduce((n, c) => n + c.passed, 0);
const failed = active.reduce((n, c) => n + c.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
