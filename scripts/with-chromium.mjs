#!/usr/bin/env node
// Run a command with CHROME_PATH set to a Chromium that exists (installing it if we can).
import { runWithChromium } from './chromium.mjs';

runWithChromium(process.argv.slice(2));
