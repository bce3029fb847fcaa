import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

/** Flags without which Chromium hangs on connections this machine cannot make. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** CHROME_PATH, or the first system Chromium found; undefined when there is none. */
export function findChromium() {
  if (process.env.CHROME_PATH)
    return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export function chromiumPath() {
  const found = findChromium();
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

export const INSTALL_HINT =
  "No Chromium found. Install Debian's: `sudo apt-get update && sudo apt-get install -y chromium`, " +
  'or point CHROME_PATH at a Chromium/Chrome binary.';

/** Find Chromium, installing Debian's package when we are root and apt-get exists. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get') && !process.env.CHROME_PATH) {
    console.log("Chromium not found: installing Debian's chromium package with apt-get…");
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(INSTALL_HINT);
}

/**
 * Run `command` with CHROME_PATH set to a Chromium that exists (installing it if we can) and
 * node_modules/.bin on PATH, after `prepare()`; exit with its status. Without a Chromium,
 * print why and exit 1.
 */
export function runWithChromium([command, ...args], prepare = () => {}) {
  let chrome;
  try {
    chrome = ensureChromium();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  prepare();
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
}
