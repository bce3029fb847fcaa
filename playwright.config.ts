import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { ENGINES, type Engine } from './test/engines/engines.js';

/**
 * End-to-end flows in Debian's Chromium against real servers on 127.0.0.1
 * (project `chromium`, test/e2e), and one slice of them in each engine
 * (projects `engine-chromium`, `engine-firefox`, `engine-webkit`, test/engines):
 * Chromium through Playwright, Firefox ESR through puppeteer-core over
 * WebDriver BiDi, WebKitGTK through selenium-webdriver.
 */
export default defineConfig<object, { engine: Engine }>({
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  // Two cores: one browser at a time keeps throughput-sensitive flows honest.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.tmp/e2e-results.json' }]] : 'list',
  outputDir: '.tmp/test-results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    headless: true,
    trace: 'off',
  },
  projects: [
    { name: 'chromium', testDir: 'test/e2e' },
    ...ENGINES.map((engine) => ({
      name: `engine-${engine}`,
      testDir: 'test/engines',
      timeout: 60_000,
      use: { engine },
    })),
  ],
});
