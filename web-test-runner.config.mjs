import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

/** Unit and component tests in real (Debian) Chromium. End-to-end tests run under Playwright. */
export default {
  files: ['test/unit/**/*.test.ts', 'test/component/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // Pass the tsconfig, or esbuild emits standard decorators and Lit throws
  // "Unsupported decorator location: field".
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs },
    }),
  ],
  reporters: [defaultReporter(), countReporter()],
  testFramework: { config: { timeout: 10000 } },
};
