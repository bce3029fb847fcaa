import { existsSync } from 'node:fs';
import * as puppeteerCore from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findOrInstall } from './system-packages.mjs';

/**
 * Firefox for the unit and component tests: Debian's firefox-esr, headless,
 * driven over WebDriver BiDi by puppeteer-core through
 * @web/test-runner-chrome's launcher (which takes any puppeteer `browser`).
 */

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export const FIREFOX_INSTALL_HINT =
  "No Firefox found. Install Debian's: `sudo apt-get update && sudo apt-get install -y firefox-esr`, " +
  'or point FIREFOX_PATH at a Firefox binary.';

/** FIREFOX_PATH, or the first system Firefox found; undefined when there is none. */
export function findFirefox() {
  if (process.env.FIREFOX_PATH)
    return existsSync(process.env.FIREFOX_PATH) ? process.env.FIREFOX_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Find Firefox, installing Debian's firefox-esr when we are root and apt-get exists. */
export function ensureFirefox() {
  return findOrInstall({
    find: findFirefox,
    packages: ['firefox-esr'],
    what: 'Firefox',
    hint: FIREFOX_INSTALL_HINT,
    envOverrides: ['FIREFOX_PATH'],
  });
}

/** A Web Test Runner launcher for Firefox; without one, every test file fails with the install hint. */
export function firefoxLauncher() {
  const executablePath = findFirefox();
  const launcher = chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: { browser: 'firefox', executablePath, headless: true },
  });
  if (!executablePath) {
    launcher.startSession = async () => {
      throw new Error(FIREFOX_INSTALL_HINT);
    };
  }
  return launcher;
}
