#!/usr/bin/env node
// Run a command (web-test-runner) with the three engines found or installed (as root, with
// apt-get): Chromium is required; a missing Firefox or WebKitGTK is reported here, and each of
// its test files then fails with the same hint.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';
import { ensureOtherEngines } from './wtr-browsers.mjs';

let chrome;
try {
  chrome = ensureChromium();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
ensureOtherEngines();
const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, {
  stdio: 'inherit',
  shell: false,
  env: {
    ...process.env,
    CHROME_PATH: chrome,
    PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`,
  },
});
process.exit(result.status ?? 1);
