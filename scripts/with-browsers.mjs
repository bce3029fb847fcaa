#!/usr/bin/env node
// Run a command (web-test-runner) with the three engines found or installed (as root, with
// apt-get): Chromium is required; a missing Firefox or WebKitGTK is reported here, and each of
// its test files then fails with the same hint.
import { runWithChromium } from './chromium.mjs';
import { ensureOtherEngines } from './wtr-browsers.mjs';

runWithChromium(process.argv.slice(2), ensureOtherEngines);
