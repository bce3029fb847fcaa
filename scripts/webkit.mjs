import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, Capabilities } from 'selenium-webdriver';
import { SeleniumLauncher } from '@web/test-runner-selenium';
import { findOrInstall } from './system-packages.mjs';
import { spawnTracked } from './spawned.mjs';
import { startXvfb } from './xvfb.mjs';

/**
 * WebKitGTK for the unit and component tests: Debian's `WebKitWebDriver`
 * (package webkit2gtk-driver) driving its `MiniBrowser` (package
 * libwebkit2gtk-4.1-0, pulled in by the driver). MiniBrowser has no headless
 * mode: without DISPLAY we start an Xvfb of our own.
 */

export const WEBKIT_INSTALL_HINT =
  "No WebKitGTK WebDriver found. Install Debian's: " +
  '`sudo apt-get update && sudo apt-get install -y webkit2gtk-driver` (it brings MiniBrowser), ' +
  'or point WEBKIT_WEBDRIVER at WebKitWebDriver and MINIBROWSER_PATH at MiniBrowser.';

/** WEBKIT_WEBDRIVER, or Debian's WebKitWebDriver; undefined when there is none. */
export function findWebKitWebDriver() {
  if (process.env.WEBKIT_WEBDRIVER)
    return existsSync(process.env.WEBKIT_WEBDRIVER) ? process.env.WEBKIT_WEBDRIVER : undefined;
  return ['/usr/bin/WebKitWebDriver'].find((path) => existsSync(path));
}

/** MINIBROWSER_PATH, or WebKitGTK's MiniBrowser under /usr/lib/<arch>/; undefined when there is none. */
export function findMiniBrowser() {
  if (process.env.MINIBROWSER_PATH)
    return existsSync(process.env.MINIBROWSER_PATH) ? process.env.MINIBROWSER_PATH : undefined;
  const libDirs = ['/usr/lib', '/usr/libexec'];
  for (const dir of ['/usr/lib', '/usr/lib64']) {
    try {
      for (const entry of readdirSync(dir))
        if (entry.includes('-linux-')) libDirs.push(`${dir}/${entry}`);
    } catch {
      // No such directory.
    }
  }
  for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
    for (const dir of libDirs) {
      const path = `${dir}/${api}/MiniBrowser`;
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

function findBoth() {
  const driver = findWebKitWebDriver();
  const browser = findMiniBrowser();
  return driver && browser ? { driver, browser } : undefined;
}

/** Find WebKitWebDriver and MiniBrowser, installing Debian's packages when we are root. */
export function ensureWebKit() {
  return findOrInstall({
    find: findBoth,
    packages: ['webkit2gtk-driver'],
    what: 'WebKitGTK WebDriver',
    hint: WEBKIT_INSTALL_HINT,
    envOverrides: ['WEBKIT_WEBDRIVER', 'MINIBROWSER_PATH'],
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment MiniBrowser runs in. WebKitGTK takes `navigator.language`
 * (and so Intl's default locale) from the process locale: under LANG=C it is
 * "C", which ICU reads as en-US-u-va-posix (no digit grouping). Chromium and
 * Firefox default to en-US whatever the locale; so does WebKit here.
 */
function browserEnv(display) {
  const env = { ...process.env, DISPLAY: display, LANG: 'en_US.UTF-8', NO_AT_BRIDGE: '1' };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[name];
  return env;
}

/**
 * Start WebKitWebDriver (and Xvfb first, when DISPLAY is unset) on a free
 * port. Resolves `{ url, stop }` once the driver answers /status; `stop()`
 * ends the driver with the browser it started, then Xvfb.
 */
export async function startWebKitWebDriver({ timeoutMs = 15000 } = {}) {
  const found = findBoth();
  if (!found) throw new Error(WEBKIT_INSTALL_HINT);
  const xvfb = process.env.DISPLAY ? undefined : await startXvfb();
  const display = process.env.DISPLAY || xvfb.display;
  let driver;
  try {
    const port = await freePort();
    driver = spawnTracked(found.driver, [`--port=${port}`, '--host=local'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: browserEnv(display),
    });
    let output = '';
    const keep = (data) => (output = (output + data).slice(-4000));
    driver.child.stdout.on('data', keep);
    driver.child.stderr.on('data', keep);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void driver.exited.then(() => (gone = true));
    for (;;) {
      if (gone) throw new Error(`WebKitWebDriver exited before it was ready:\n${output}`);
      try {
        const answer = await fetch(`${url}/status`);
        if (answer.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline)
        throw new Error(
          `WebKitWebDriver did not answer on ${url} within ${timeoutMs} ms:\n${output}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const running = driver;
    return {
      url,
      browser: found.browser,
      display,
      stop: async () => {
        await running.stop();
        await xvfb?.stop();
      },
    };
  } catch (error) {
    await driver?.stop();
    await xvfb?.stop();
    throw error;
  }
}

/**
 * A Web Test Runner launcher for WebKitGTK: @web/test-runner-selenium's, with
 * the driver (and Xvfb) started when the run begins and stopped when WebKit's
 * tests are done. When they cannot start, every test file fails with why.
 */
class WebKitGtkLauncher extends SeleniumLauncher {
  #services;
  #failure;

  constructor() {
    super(new Builder());
    this.name = 'WebKitGTK';
  }

  async initialize(config, testFiles) {
    try {
      this.#services = await startWebKitWebDriver();
      const capabilities = new Capabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: this.#services.browser, args: ['--automation'] },
      });
      this.driverBuilder.usingServer(this.#services.url).withCapabilities(capabilities);
      await super.initialize(config, testFiles);
    } catch (error) {
      this.#failure = error;
      this.config = config;
    }
    this.name = 'WebKitGTK';
  }

  async startSession(id, url) {
    if (this.#failure) throw new Error(`WebKitGTK could not start: ${this.#failure.message}`);
    return super.startSession(id, url);
  }

  /**
   * Each test file gets a fresh iframe. The runner reuses a finished file's frame: it sets
   * its src to about:blank, then the next file's URL; in WebKitGTK that second navigation
   * was now and then lost (the next file "did not start", after 60 s, in 1 of about 150
   * files: a different file each time, each passing alone).
   */
  async stopSession(id) {
    const result = await super.stopSession(id);
    const frameId = this.iframeManager?.inactiveFrames.pop();
    if (frameId) {
      await this.driver.executeScript(
        `document.getElementById(${JSON.stringify(frameId)})?.remove();`,
      );
    }
    return result;
  }

  async stop() {
    await super.stop();
    const services = this.#services;
    this.#services = undefined;
    await services?.stop();
  }
}

export function webkitLauncher() {
  return new WebKitGtkLauncher();
}
