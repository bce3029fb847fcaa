import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * Screenshots of the demo (`npm start`) as a visitor sees it: light, dark,
 * mid-upload, an error, and German in the compact variant. They land in
 * `.tmp/screenshots/`; with `UPDATE_SCREENSHOTS=1` in `docs/screenshots/`,
 * which the README shows.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = process.env.UPDATE_SCREENSHOTS
  ? join(ROOT, 'docs/screenshots')
  : join(ROOT, '.tmp/screenshots');
const MiB = 1024 * 1024;
const PORTS = { API_PORT: '4721', TUS_PORT: '4722', PORT: '4723' };
const API = `http://127.0.0.1:${PORTS.API_PORT}`;

let child: ChildProcess;
let demoUrl = '';

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  child = spawn(process.execPath, ['--import', 'tsx', 'server/dev.ts'], {
    env: { ...process.env, ...PORTS },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  demoUrl = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`demo did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /Demo:\s+(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
  });
});

test.afterAll(() => {
  child?.kill('SIGTERM');
});

/** A file of random bytes on disk with a name that reads well in a screenshot. */
function file(name: string, size: number): string {
  const dir = join(tmpdir(), 'resumable-upload-fixtures', 'named');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if (!existsSync(path) || statSync(path).size !== size) writeFileSync(path, randomBytes(size));
  return path;
}

async function openDemo(page: Page, query = '') {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${demoUrl}?api=${API}&tus=http://127.0.0.1:${PORTS.TUS_PORT}/files/${query}`);
  await expect(page.locator('resumable-upload')).toHaveCount(5);
  await fetch(`${API}/__admin/faults`, { method: 'DELETE' });
}

const card = (page: Page, protocol: string) => page.locator(`section[data-protocol="${protocol}"]`);

async function shoot(target: Page | Locator, name: string) {
  const path = join(OUT, `${name}.png`);
  await target.screenshot({ path, animations: 'disabled' });
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

async function finishedUploads(page: Page) {
  await card(page, 'content-range')
    .locator('input[type=file]')
    .setInputFiles([file('quarterly-report.pdf', 3 * MiB), file('product-shots.zip', 6 * MiB)]);
  await card(page, 'multipart')
    .locator('input[type=file]')
    .setInputFiles([file('launch-video.mp4', 12 * MiB)]);
  await card(page, 'segments')
    .locator('input[type=file]')
    .setInputFiles([file('storefront-banner.png', 2 * MiB)]);
  await expect(card(page, 'content-range').locator('[part=status]')).toHaveText(['Done', 'Done']);
  await expect(card(page, 'multipart').locator('[part=status]')).toHaveText(['Done']);
  await expect(card(page, 'segments').locator('[part=status]')).toHaveText(['Done']);
}

test('screenshots of the demo: light and dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page);
  await finishedUploads(page);
  await shoot(page, 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))
    .toBe('rgb(2, 6, 23)');
  await shoot(page, 'dark');
});

test('screenshot of the demo mid-upload, on a slow link', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page);
  await page.getByRole('button', { name: /Slow link/ }).click();
  await expect(page.getByRole('button', { name: /Slow link/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const uploader = card(page, 'content-range').locator('resumable-upload');
  await uploader.evaluate((el) => el.setAttribute('chunk-size', String(1024 * 1024)));
  await card(page, 'content-range')
    .locator('input[type=file]')
    .setInputFiles([
      file('site-backup.tar.gz', 40 * MiB),
      file('interview-raw.mov', 28 * MiB),
      file('notes.txt', 200 * 1024),
    ]);
  await card(page, 'segments')
    .locator('input[type=file]')
    .setInputFiles([file('catalog-images.zip', 48 * MiB)]);
  const bars = uploader.locator('[part=progress]');
  await expect
    .poll(async () => Number(await bars.first().getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThan(8);
  await expect(uploader.locator('.speed').first()).toBeVisible();
  await shoot(page.locator('#protocols'), 'mid-upload');
  await page.getByRole('button', { name: 'Clear faults' }).click();
});

test('screenshot of the demo with an error', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page);
  const section = card(page, 'content-range');
  await section.locator('input[type=file]').setInputFiles([file('contract-signed.pdf', 2 * MiB)]);
  await expect(section.locator('[part=status]')).toHaveText(['Done']);
  await fetch(`${API}/__admin/faults`, {
    method: 'POST',
    body: JSON.stringify({
      kind: 'status',
      protocol: 'content-range',
      phase: 'chunk',
      status: 403,
    }),
  });
  await section.locator('input[type=file]').setInputFiles([file('payroll-2025.xlsx', 4 * MiB)]);
  await expect(section.locator('[part=status]')).toHaveText(['Done', 'Failed']);
  await shoot(section, 'error');
});

test('screenshot of the demo in German, compact', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page, '&lang=de');
  await page.getByLabel('Compact').check();
  const section = card(page, 'tus');
  await section
    .locator('input[type=file]')
    .setInputFiles([file('Jahresbericht.pdf', 3 * MiB), file('Messestand.jpg', 2 * MiB)]);
  await expect(section.locator('[part=status]')).toHaveText(['Fertig', 'Fertig']);
  await shoot(section, 'german-compact');
});
