import { chromium } from 'playwright';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { startReferenceServer } from '../server/reference-server.js';
import { startStaticServer } from '../server/static.js';
import { randomFile } from '../test/helpers/random-file.js';
import { MiB } from './harness.js';

/**
 * What a checksummed upload's steps cost here, one at a time, in a worker in Chromium:
 * reading a slice, each hash (hash-wasm incremental, crypto.subtle on a whole slice), the
 * Blob copy, and the send of each kind of body to the reference server's sink. The
 * element's bench (`npm run bench -- --only checksum`) measures them together.
 *
 *   node scripts/with-chromium.mjs node --import tsx bench/hash-speed.ts --size-mib 256
 */
const { values } = parseArgs({ options: { 'size-mib': { type: 'string', default: '256' } } });
const ROOT = resolve(import.meta.dirname, '..');
const api = await startReferenceServer();
const pages = await startStaticServer({
  '/dist': resolve(ROOT, 'dist'),
  '/bench': resolve(ROOT, 'bench/pages'),
});
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const file = await randomFile(Number(values['size-mib']) * MiB, 'bench');
  const page = await browser.newPage();
  await page.goto(`${pages.url}/bench/hash-speed.html`);
  await page.setInputFiles('#file', file.path);
  const result = await page.evaluate(
    (sink) =>
      new Promise<{ rows?: unknown[]; error?: string }>((done) => {
        const worker = new Worker('/bench/hash-speed.worker.js', { type: 'module' });
        worker.onmessage = (event) => done(event.data as { rows?: unknown[]; error?: string });
        worker.onerror = (event) => done({ error: event.message });
        worker.postMessage({
          file: (document.querySelector('#file') as HTMLInputElement).files![0],
          sink,
        });
      }),
    `${api.url}/sink`,
  );
  if (result.error) throw new Error(result.error);
  console.log(`${values['size-mib']} MiB from disk, ${new Date().toISOString()}`);
  console.table(result.rows);
} finally {
  await browser.close();
  await pages.close();
  await api.close();
}
