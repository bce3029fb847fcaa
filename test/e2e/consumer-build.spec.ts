import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { startStaticServer, type StaticServer } from '../../server/static.js';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import { expect, fileInput, mountOn, randomFile, test } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;

/**
 * The package as an app gets it: `dist/` installed under node_modules, imported by
 * name, and bundled by the app's own Vite build. The app's bundler must see the
 * worker as a worker and carry along the protocol code it loads lazily; if it copies
 * the worker as a plain file, every upload fails to load its adapter.
 */
test.describe('an app that bundles the package with Vite', () => {
  let appDir: string;
  let app: StaticServer;
  let tusServer: TestTusServer;

  test.beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'resumable-upload-app-'));
    const installed = join(appDir, 'node_modules/resumable-upload');
    await mkdir(installed, { recursive: true });
    await cp(join(ROOT, 'package.json'), join(installed, 'package.json'));
    await cp(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true });
    for (const dependency of ['lit', 'lit-html', 'lit-element', '@lit', 'idb-keyval']) {
      await symlink(
        join(ROOT, 'node_modules', dependency),
        join(appDir, 'node_modules', dependency),
      );
    }
    await writeFile(join(appDir, 'main.js'), "import 'resumable-upload';\n");
    await writeFile(
      join(appDir, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>' +
        '<script type="module" src="./main.js"></script></head><body><main id="root"></main></body></html>\n',
    );
    await build({
      root: appDir,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: join(appDir, 'out') },
    });
    app = await startStaticServer({ '/': join(appDir, 'out') });
    tusServer = await startTestTusServer({ allowedOrigins: [new URL(app.url).origin] });
  });

  test.afterAll(async () => {
    await tusServer?.close();
    await app?.close();
    if (appDir) await rm(appDir, { recursive: true, force: true });
  });

  test('uploads through the worker the app built, with its lazily loaded tus code', async ({
    page,
  }) => {
    const file = await randomFile(12 * MiB);
    await page.goto(`${app.url}/index.html`);
    await mountOn(page, { protocol: 'tus', endpoint: tusServer.url, 'auto-start': true });
    await page.evaluate(() => {
      const outcome = new Promise((settle) => {
        document.addEventListener('upload-success', (event) =>
          settle({ url: (event as CustomEvent<{ result: { url: string } }>).detail.result.url }),
        );
        document.addEventListener('upload-error', (event) => {
          const detail = (event as CustomEvent<{ message: string; willRetry: boolean }>).detail;
          if (!detail.willRetry) settle({ error: detail.message });
        });
      });
      (window as unknown as { outcome: Promise<unknown> }).outcome = outcome;
    });
    await page.setInputFiles(fileInput, file.path);
    const outcome = (await page.evaluate(
      () => (window as unknown as { outcome: Promise<unknown> }).outcome,
    )) as { url?: string; error?: string };
    expect(outcome.error).toBeUndefined();
    expect(await tusServer.sha256(outcome.url!)).toBe(file.sha256);
  });
});
