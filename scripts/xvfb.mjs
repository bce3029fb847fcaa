import { existsSync } from 'node:fs';
import { findOrInstall } from './system-packages.mjs';
import { spawnTracked } from './spawned.mjs';

/** A virtual X display for browsers that have no headless mode (WebKitGTK's MiniBrowser). */

const CANDIDATES = ['/usr/bin/Xvfb'];

export const XVFB_INSTALL_HINT =
  "No Xvfb found (WebKitGTK needs an X display when DISPLAY is unset). Install Debian's: " +
  '`sudo apt-get update && sudo apt-get install -y xvfb`, or point XVFB_PATH at an Xvfb binary.';

/** XVFB_PATH, or Debian's Xvfb; undefined when there is none. */
export function findXvfb() {
  if (process.env.XVFB_PATH)
    return existsSync(process.env.XVFB_PATH) ? process.env.XVFB_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Find Xvfb, installing Debian's package when we are root and apt-get exists. */
export function ensureXvfb() {
  return findOrInstall({
    find: findXvfb,
    packages: ['xvfb'],
    what: 'Xvfb',
    hint: XVFB_INSTALL_HINT,
    envOverrides: ['XVFB_PATH'],
  });
}

/**
 * Start Xvfb on a display number it picks itself (`-displayfd`, so two runs
 * at once never collide). Resolves `{ display: ':N', stop }` once the server
 * accepts connections; `stop()` ends it (it also dies with this process).
 */
export async function startXvfb({ screen = '1280x1024x24', timeoutMs = 15000 } = {}) {
  const xvfb = findXvfb();
  if (!xvfb) throw new Error(XVFB_INSTALL_HINT);
  const server = spawnTracked(
    xvfb,
    ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  server.child.stderr.on('data', (data) => (stderr = (stderr + data).slice(-4000)));
  let timer;
  try {
    const display = await new Promise((resolve, reject) => {
      let out = '';
      server.child.stdio[3].on('data', (data) => {
        out += data;
        if (out.includes('\n')) resolve(`:${out.trim()}`);
      });
      void server.exited.then((code) =>
        reject(new Error(`Xvfb exited (${code}) before it was ready:\n${stderr}`)),
      );
      timer = setTimeout(
        () => reject(new Error(`Xvfb was not ready after ${timeoutMs} ms:\n${stderr}`)),
        timeoutMs,
      );
    });
    return { display, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
