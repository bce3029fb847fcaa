import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * Screenshots of the demo (`npm start`) as a visitor sees it: light, dark,
 * mid-upload, an error, German in the compact variant, and Arabic and Hebrew
 * (right to left, light and dark, with the layout checked by boxes). They land in
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

test('screenshot of a folder uploading, its line opened', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page);
  await page.getByRole('button', { name: /Slow link/ }).click();
  const section = card(page, 'chunked-session');
  const uploader = section.locator('resumable-upload');
  await uploader.evaluate((el) => {
    el.setAttribute('directory', '');
    el.setAttribute('multiple', '');
  });
  const dir = join(tmpdir(), 'resumable-upload-fixtures', 'product-shoot');
  rmSync(dir, { recursive: true, force: true });
  // Real images (drawn in the page), so the rows show their thumbnails; a raw file keeps
  // its badge and keeps the folder uploading on the slow link.
  const [banner, sideView, topView] = await pictures(page);
  for (const [name, from] of [
    ['hero-banner.jpg', banner],
    ['lookbook/look-01.jpg', sideView],
    ['lookbook/look-02.webp', topView],
  ] as const) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    copyFileSync(from, join(dir, name));
  }
  const raw = join(dir, 'raw/DSC_0412.NEF');
  mkdirSync(join(raw, '..'), { recursive: true });
  if (!existsSync(raw) || statSync(raw).size !== 24 * MiB)
    writeFileSync(raw, randomBytes(24 * MiB));
  await section.locator('input[webkitdirectory]').setInputFiles(dir);
  await uploader.getByRole('button', { name: 'product-shoot', exact: true }).click();
  const bar = uploader.locator('[part=folder] > [part=progress]');
  await expect
    .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 })
    .toBeGreaterThan(5);
  await expect
    .poll(() =>
      uploader.evaluate(
        (el) =>
          [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('img.thumbnail')].filter(
            (img) => img.complete && img.naturalWidth > 0,
          ).length,
      ),
    )
    .toBe(3);
  await shoot(section, 'folder');
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

/**
 * Right to left, by boxes: each row's filled bar hugs the right end of its track,
 * the buttons sit left of the name and the file's badge right of it.
 */
async function expectMirrored(uploader: Locator) {
  const row = uploader.locator('[part=item]').first();
  const track = (await row.locator('[part=progress]').boundingBox())!;
  const fill = (await row.locator('[part=progress-bar]').boundingBox())!;
  expect(Math.abs(fill.x + fill.width - (track.x + track.width))).toBeLessThan(1.5);
  expect(fill.width).toBeLessThan(track.width * 0.95);
  expect(fill.x - track.x).toBeGreaterThan(track.width * 0.05);
  const actions = (await row.locator('[part=actions]').boundingBox())!;
  const name = (await row.locator('[part=name]').boundingBox())!;
  const badge = (await row.locator('.badge').boundingBox())!;
  expect(actions.x + actions.width).toBeLessThanOrEqual(name.x + 1);
  expect(badge.x).toBeGreaterThanOrEqual(name.x + name.width - 1);
  const total = (await uploader.locator('[part=total-progress]').boundingBox())!;
  const totalFill = (await uploader
    .locator('[part=total-progress] [part=progress-bar]')
    .boundingBox())!;
  expect(Math.abs(totalFill.x + totalFill.width - (total.x + total.width))).toBeLessThan(1.5);
}

const rightToLeft: Array<[string, string, string[]]> = [
  ['ar', 'اختر الملفات', ['تقرير-الربع-الثالث.pdf', 'صور-المنتج.zip', 'ملاحظات.txt']],
  ['he', 'בחירת קבצים', ['דוח-רבעוני.pdf', 'תמונות-מוצר.zip', 'הערות.txt']],
];
for (const [lang, chooseFiles, names] of rightToLeft) {
  test(`screenshots of the demo in ${lang}, right to left, light and dark`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openDemo(page, `&lang=${lang}`);
    const section = card(page, 'content-range');
    const uploader = section.locator('resumable-upload');
    await expect(uploader.locator('[part=button]')).toHaveText(chooseFiles);
    await expect(uploader.locator('[part=base]')).toHaveAttribute('dir', 'rtl');
    await page.getByRole('button', { name: /Slow link/ }).click();
    await expect(page.getByRole('button', { name: /Slow link/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await uploader.evaluate((el) => el.setAttribute('chunk-size', String(1024 * 1024)));
    await section
      .locator('input[type=file]')
      .setInputFiles([
        file(names[0], 24 * MiB),
        file(names[1], 16 * MiB),
        file(names[2], 200 * 1024),
      ]);
    const bars = uploader.locator('[part=progress]');
    await expect
      .poll(async () => Number(await bars.first().getAttribute('aria-valuenow')), {
        timeout: 60_000,
      })
      .toBeGreaterThan(12);
    await expect(uploader.locator('.speed').first()).toBeVisible();
    await expectMirrored(uploader);
    await shoot(section, `${lang}-light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))
      .toBe('rgb(2, 6, 23)');
    await expectMirrored(uploader);
    await shoot(section, `${lang}-dark`);
    await page.getByRole('button', { name: 'Clear faults' }).click();
  });
}

/**
 * Pictures for the thumbnails screenshot, drawn in the page (Node has no image encoder):
 * a backdrop, a "product" and a shadow, each in its own colours.
 */
async function pictures(page: Page): Promise<string[]> {
  const shots: Array<[string, string, string, string, 'image/jpeg' | 'image/png' | 'image/webp']> =
    [
      ['spring-banner.jpg', '#fde68a', '#f97316', 'circle', 'image/jpeg'],
      ['sneaker-side.jpg', '#bfdbfe', '#1d4ed8', 'shoe', 'image/jpeg'],
      ['sneaker-top.webp', '#e9d5ff', '#7e22ce', 'shoe', 'image/webp'],
      ['logo-mark.png', 'transparent', '#059669', 'circle', 'image/png'],
      ['lookbook-07.jpg', '#fecdd3', '#be123c', 'square', 'image/jpeg'],
    ];
  const encoded = await page.evaluate(async (list) => {
    const out: string[] = [];
    for (const [, back, front, shape, type] of list) {
      const [w, h] = [1600, 1200];
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d')!;
      if (back !== 'transparent') {
        const gradient = g.createLinearGradient(0, 0, w, h);
        gradient.addColorStop(0, back);
        gradient.addColorStop(1, '#ffffff');
        g.fillStyle = gradient;
        g.fillRect(0, 0, w, h);
        g.fillStyle = 'rgba(0, 0, 0, 0.12)';
        g.beginPath();
        g.ellipse(w / 2, h * 0.8, w * 0.3, h * 0.06, 0, 0, Math.PI * 2);
        g.fill();
      }
      g.fillStyle = front;
      g.beginPath();
      if (shape === 'circle') g.arc(w / 2, h / 2, h * 0.32, 0, Math.PI * 2);
      else if (shape === 'square') g.roundRect(w * 0.3, h * 0.2, w * 0.4, h * 0.55, 40);
      else {
        g.roundRect(w * 0.18, h * 0.45, w * 0.64, h * 0.25, 120);
        g.roundRect(w * 0.2, h * 0.3, w * 0.3, h * 0.3, 80);
      }
      g.fill();
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      out.push(btoa(binary));
    }
    return out;
  }, shots);
  const dir = join(tmpdir(), 'resumable-upload-fixtures', 'pictures');
  mkdirSync(dir, { recursive: true });
  return shots.map(([name], i) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.from(encoded[i], 'base64'));
    return path;
  });
}

test('screenshot of images with their thumbnails', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openDemo(page);
  const section = card(page, 'content-range');
  const uploader = section.locator('resumable-upload');
  const paths = [...(await pictures(page)), file('size-chart.pdf', 1 * MiB)];
  await section.locator('input[type=file]').setInputFiles(paths);
  await expect(section.locator('[part=status]')).toHaveText(Array(paths.length).fill('Done'));
  // Every image shows its picture; the PDF keeps its badge.
  await expect
    .poll(() =>
      uploader.evaluate(
        (el) =>
          [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('img.thumbnail')].filter(
            (img) => img.complete && img.naturalWidth > 0,
          ).length,
      ),
    )
    .toBe(paths.length - 1);
  await shoot(section, 'thumbnails');
});
