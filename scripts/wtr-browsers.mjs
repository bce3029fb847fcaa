import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, findChromium, INSTALL_HINT } from './chromium.mjs';
import { ensureFirefox, firefoxLauncher } from './firefox.mjs';
import { ensureWebKit, webkitLauncher } from './webkit.mjs';
import { ensureXvfb } from './xvfb.mjs';

/**
 * The engines the unit and component tests run in, by the name Web Test
 * Runner reports them under. WTR_BROWSERS=chromium,firefox,webkit picks some
 * (for a quick local run); `npm test` runs them all and expects each one's results.
 */
export const ENGINES = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'WebKitGTK',
};

function chromiumLauncher() {
  const executablePath = findChromium();
  const launcher = playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath, headless: true, args: chromiumArgs },
  });
  if (!executablePath) {
    launcher.startSession = async () => {
      throw new Error(INSTALL_HINT);
    };
  }
  return launcher;
}

const LAUNCHERS = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: webkitLauncher };

/** The engines asked for in WTR_BROWSERS, or all of them. */
export function selectedEngines(list = process.env.WTR_BROWSERS) {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (!names.length) return Object.keys(ENGINES);
  const unknown = names.filter((name) => !(name in ENGINES));
  if (unknown.length)
    throw new Error(
      `WTR_BROWSERS: unknown ${unknown.join(', ')} (known: ${Object.keys(ENGINES).join(', ')})`,
    );
  return names;
}

export function wtrBrowsers() {
  return selectedEngines().map((name) => LAUNCHERS[name]());
}

/**
 * Find (or, as root, install) Firefox and WebKitGTK, and Xvfb when there is no
 * display. Not fatal: what is missing is reported here, and each of that
 * engine's test files then fails with the same hint.
 */
export function ensureOtherEngines() {
  for (const ensure of [
    ensureFirefox,
    ensureWebKit,
    ...(process.env.DISPLAY ? [] : [ensureXvfb]),
  ]) {
    try {
      ensure();
    } catch (error) {
      console.error(error.message);
    }
  }
}

/**
 * The selenium launcher (WebKitGTK) runs every test file in an iframe of one
 * page, and they share that page's WebSocket to the runner, which adds one
 * `close` listener to it per file: past 10 files Node warns of a listener
 * leak that is none. Allow one per file.
 */
export function sharedSocketPlugin(files = 100) {
  return {
    name: 'shared-test-socket',
    serverStart({ webSockets }) {
      webSockets?.webSocketServer?.on('connection', (socket) => socket.setMaxListeners(files));
    },
  };
}
