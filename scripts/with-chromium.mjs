#!/usr/bin/env node
// Run a command with CHROME_PATH set to a Chromium that exists (installing it if we can).
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';

let chrome;
try {
  chrome = ensureChromium();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
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
