import { chromium, type Browser as PlaywrightBrowser } from '@playwright/test';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { Builder, Capabilities, type WebDriver } from 'selenium-webdriver';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { FIREFOX_INSTALL_HINT, findFirefox } from '../../scripts/firefox.mjs';
import { startWebKitWebDriver } from '../../scripts/webkit.mjs';
import type { Engine } from './engines.js';

/**
 * One small way to drive a page in three engines: Chromium through
 * Playwright, Firefox ESR through puppeteer-core over WebDriver BiDi, and
 * WebKitGTK's MiniBrowser through selenium-webdriver and WebKitWebDriver.
 * Every script reaches the page the same way in all three: as the source
 * text of one expression, whose value comes back as JSON.
 */

export type { Engine };

export interface WaitOptions {
  timeout?: number;
  /** Milliseconds between two checks (the page is asked from Node, never every frame). */
  interval?: number;
  /** What was waited for, for the error. */
  what?: string;
}

/** What a `waitFor` check returns once it is satisfied. */
export type Truthy<R> = Exclude<R, false | null | undefined | 0 | ''>;

export interface EngineDriver {
  readonly engine: Engine;
  /** Open a URL and wait for its `load` event. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Call `fn` in the page with `args`, and return what it resolves to (as
   * JSON: `undefined` comes back as `null`). `fn` and any function in `args`
   * travel as source text, so they must not use anything from their module.
   */
  evaluate<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R>;
  /** Call `fn` in the page until it returns something truthy, and return that. */
  waitFor<A extends unknown[], R>(
    options: WaitOptions,
    fn: (...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<Truthy<R>>;
  /** Page errors and console errors seen, where the engine's driver reports them. */
  readonly problems: string[];
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly engine: Engine;
  /** A fresh page with its own storage (IndexedDB, cookies), closed by the driver's `close()`. */
  newDriver(): Promise<EngineDriver>;
  close(): Promise<void>;
}

/** The expression that calls `fn(...args)` in the page and resolves to `{ v }` or `{ e }` as JSON. */
export function callSource(fn: (...args: never[]) => unknown, args: unknown[]): string {
  const literal = (value: unknown) =>
    typeof value === 'function'
      ? `(${String(value)})`
      : value === undefined
        ? 'undefined'
        : JSON.stringify(value);
  const call = `(${String(fn)})(${args.map(literal).join(', ')})`;
  return `(async () => {
    try {
      const value = await ${call};
      return JSON.stringify({ v: value === undefined ? null : value });
    } catch (error) {
      return JSON.stringify({ e: String((error && error.stack) || error) });
    }
  })()`;
}

function unwrap<R>(json: unknown, engine: Engine): R {
  if (typeof json !== 'string') throw new Error(`${engine}: the page answered ${String(json)}`);
  const answer = JSON.parse(json) as { v?: R; e?: string };
  if (answer.e !== undefined) throw new Error(`${engine}: in the page: ${answer.e}`);
  return answer.v as R;
}

abstract class BaseDriver implements EngineDriver {
  abstract readonly engine: Engine;
  readonly problems: string[] = [];
  abstract goto(url: string): Promise<void>;
  abstract reload(): Promise<void>;
  abstract close(): Promise<void>;
  /** Evaluate one expression in the page; it resolves to a string. */
  protected abstract run(expression: string): Promise<unknown>;

  async evaluate<A extends unknown[], R>(
    fn: (...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<R> {
    return unwrap<R>(await this.run(callSource(fn, args)), this.engine);
  }

  async waitFor<A extends unknown[], R>(
    { timeout = 30_000, interval = 100, what }: WaitOptions,
    fn: (...args: A) => R | Promise<R>,
    ...args: A
  ): Promise<Truthy<R>> {
    const deadline = Date.now() + timeout;
    const expression = callSource(fn, args);
    let last: unknown;
    let lastError: unknown;
    for (;;) {
      try {
        last = unwrap<R>(await this.run(expression), this.engine);
        lastError = undefined;
        if (last) return last as Truthy<R>;
      } catch (error) {
        // A page in the middle of a navigation answers nothing useful: ask again.
        lastError = error;
      }
      if (Date.now() > deadline) {
        const why = lastError
          ? `last error: ${String(lastError)}`
          : `last: ${JSON.stringify(last)}`;
        throw new Error(
          `${this.engine}: timed out after ${timeout} ms waiting for ${what ?? String(fn)} (${why})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

/** What Playwright's and puppeteer-core's pages have alike, as these drivers use them. */
interface ScriptablePage {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  reload(options: { waitUntil: 'load' }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

/** A driver over a Playwright or puppeteer-core page: loads wait for `load`. */
abstract class PageDriver<P extends ScriptablePage> extends BaseDriver {
  constructor(protected readonly page: P) {
    super();
  }
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: 'load' });
  }
  async reload() {
    await this.page.reload({ waitUntil: 'load' });
  }
  protected run(expression: string) {
    return this.page.evaluate(expression);
  }
  /** A `console` listener that keeps the page's console errors in `problems`. */
  protected readonly recordConsoleErrors = (message: {
    type(): string;
    text(): string;
    location(): { url?: string };
  }) => {
    // The browser asks every origin for a favicon; these servers have none.
    if (message.location().url?.endsWith('/favicon.ico')) return;
    if (message.type() === 'error')
      this.problems.push(`console: ${message.text()} ${message.location().url}`);
  };
}

// --- Chromium: Playwright --------------------------------------------------

class PlaywrightDriver extends PageDriver<import('@playwright/test').Page> {
  readonly engine = 'chromium' as const;
  private constructor(page: import('@playwright/test').Page) {
    super(page);
    page.on('pageerror', (error) => this.problems.push(`pageerror: ${error.message}`));
    page.on('console', this.recordConsoleErrors);
  }
  static async open(browser: PlaywrightBrowser) {
    const context = await browser.newContext();
    return new PlaywrightDriver(await context.newPage());
  }
  async close() {
    await this.page.context().close();
  }
}

async function launchChromium(): Promise<EngineBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  return {
    engine: 'chromium',
    newDriver: () => PlaywrightDriver.open(browser),
    close: () => browser.close(),
  };
}

// --- Firefox: puppeteer-core over WebDriver BiDi ----------------------------

class PuppeteerDriver extends PageDriver<import('puppeteer-core').Page> {
  readonly engine = 'firefox' as const;
  private constructor(
    page: import('puppeteer-core').Page,
    private readonly context: import('puppeteer-core').BrowserContext,
  ) {
    super(page);
    page.on('pageerror', (error) => this.problems.push(`pageerror: ${String(error)}`));
    page.on('console', this.recordConsoleErrors);
  }
  static async open(browser: PuppeteerBrowser) {
    // A user context of its own: storage starts empty, as in a new Playwright context.
    const context = await browser.createBrowserContext();
    return new PuppeteerDriver(await context.newPage(), context);
  }
  async close() {
    await this.context.close();
  }
}

async function launchFirefox(): Promise<EngineBrowser> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(FIREFOX_INSTALL_HINT);
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    engine: 'firefox',
    newDriver: () => PuppeteerDriver.open(browser),
    close: () => browser.close(),
  };
}

// --- WebKitGTK: selenium-webdriver and WebKitWebDriver ----------------------

class SeleniumDriver extends BaseDriver {
  readonly engine = 'webkit' as const;
  private constructor(private readonly driver: WebDriver) {
    super();
  }
  static async open(url: string, binary: string) {
    // One MiniBrowser per session: under automation it is a private session, its storage its own.
    const driver = await new Builder()
      .usingServer(url)
      .withCapabilities(
        new Capabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary, args: ['--automation'] },
        }),
      )
      .build();
    await driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
    return new SeleniumDriver(driver);
  }
  async goto(url: string) {
    await this.driver.get(url);
  }
  async reload() {
    await this.driver.navigate().refresh();
  }
  protected run(expression: string) {
    return this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1]; (${expression}).then(done);`,
    );
  }
  async close() {
    await this.driver.quit();
  }
}

async function launchWebKit(): Promise<EngineBrowser> {
  // Starts Xvfb too when DISPLAY is unset; stop() ends the driver, its browsers and Xvfb.
  const services = await startWebKitWebDriver();
  const open = new Set<SeleniumDriver>();
  return {
    engine: 'webkit',
    async newDriver() {
      const driver = await SeleniumDriver.open(services.url, services.browser);
      open.add(driver);
      const close = driver.close.bind(driver);
      driver.close = async () => {
        open.delete(driver);
        await close();
      };
      return driver;
    },
    async close() {
      await Promise.allSettled([...open].map((driver) => driver.close()));
      await services.stop();
    },
  };
}

export function launchEngine(engine: Engine): Promise<EngineBrowser> {
  switch (engine) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit();
  }
}
