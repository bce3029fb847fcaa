import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { sharedSocketPlugin, wtrBrowsers } from './scripts/wtr-browsers.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

/**
 * Unit and component tests in real Chromium (Debian's, over Playwright),
 * Firefox ESR (over WebDriver BiDi with puppeteer-core) and WebKitGTK
 * (MiniBrowser over WebKitWebDriver, on an Xvfb of its own when DISPLAY is
 * unset); see scripts/wtr-browsers.mjs. WTR_BROWSERS=firefox (or a comma list)
 * runs only some. End-to-end tests run under Playwright.
 */
export default {
  files: ['test/unit/**/*.test.ts', 'test/component/**/*.test.ts'],
  nodeResolve: true,
  // Per engine: one test file at a time in each browser.
  concurrency: 1,
  // WebKitGTK, beside the two other engines on a 2-core machine, once took more than the
  // default 20 s to load one test file's page (the file's tests then ran fine alone): a load
  // stall, not a test failure. A file that truly never starts still fails, after 60 s.
  testsStartTimeout: 60000,
  // Pass the tsconfig, or esbuild emits standard decorators and Lit throws
  // "Unsupported decorator location: field".
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    sharedSocketPlugin(),
  ],
  browsers: wtrBrowsers(),
  reporters: [defaultReporter(), countReporter()],
  // Three engines side by side on 2 cores: in one loaded run a WebKitGTK component test
  // (its axe check included) passed 10 s and failed on mocha's clock alone. A hung test
  // still fails, after 30 s; waits inside tests have their own, shorter limits.
  testFramework: { config: { timeout: 30000 } },
};
