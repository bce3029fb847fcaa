import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { events, expect, fileInput, sha256File, test } from './fixtures.js';

/**
 * Pictures of large images are made off the main thread: while fifty 4000 × 3000 JPEGs
 * are added, uploaded and pictured, the page's main thread runs no long task (over 50 ms,
 * as the browser's PerformanceObserver reports them), and every file arrives byte for byte.
 */

const COUNT = 50;

/**
 * One 12 MP JPEG, drawn in the page (Node has no JPEG encoder): gradients and noise, so it
 * compresses like a photo, a few MB. Written to disk fifty times under different names.
 */
async function photos(page: Page): Promise<{ paths: string[]; sha256: string; size: number }> {
  const base64 = await page.evaluate(async () => {
    const [w, h] = [4000, 3000];
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, w, h);
    gradient.addColorStop(0, '#0ea5e9');
    gradient.addColorStop(0.5, '#f97316');
    gradient.addColorStop(1, '#22c55e');
    context.fillStyle = gradient;
    context.fillRect(0, 0, w, h);
    const noise = context.getImageData(0, 0, w, h);
    let seed = 42;
    for (let i = 0; i < noise.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = (seed % 48) - 24;
      noise.data[i] += n;
      noise.data[i + 1] += n;
      noise.data[i + 2] += n;
    }
    context.putImageData(noise, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  });
  const bytes = Buffer.from(base64, 'base64');
  const dir = join(tmpdir(), 'resumable-upload-fixtures', 'photos');
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 1; i <= COUNT; i++) {
    const path = join(dir, `photo-${String(i).padStart(2, '0')}.jpg`);
    await writeFile(path, bytes);
    paths.push(path);
  }
  return { paths, sha256: await sha256File(paths[0]), size: bytes.length };
}

test('fifty 12 MP JPEGs: pictures made with no long task on the main thread, then every byte arrives', async ({
  page,
  api,
  openUploader,
}) => {
  test.setTimeout(240_000);
  // Held until Start: the rows' own work while uploads finish is not what this measures.
  await openUploader({
    protocol: 'content-range',
    endpoint: `${api.url}/content-range`,
    multiple: true,
  });
  const files = await photos(page);
  expect(files.size).toBeGreaterThan(1024 * 1024);
  const element = page.locator('resumable-upload');
  await page.setInputFiles(fileInput, files.paths);
  await expect(element.locator('[part=item]')).toHaveCount(COUNT);
  const pictured = () =>
    element.evaluate(
      (el) =>
        [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('img.thumbnail')].filter(
          (img) => img.complete && img.naturalWidth > 0,
        ).length,
    );
  // Playwright installs its script in the page on the first evaluate: a long task of its
  // own (200 ms under load), so it happens before the window opens.
  await pictured();
  // Long tasks from the moment the fifty rows are on screen until every picture is: the
  // page's record-events.js observes them since its load.
  const from = await page.evaluate(
    () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
  );
  await expect.poll(pictured, { timeout: 120_000 }).toBe(COUNT);
  const longTasks = await page.evaluate(
    (since) =>
      (window as unknown as { longTasks: Array<{ start: number }> }).longTasks.filter(
        (task) => task.start >= since,
      ),
    from,
  );
  expect(longTasks).toEqual([]);

  await element.evaluate((el) => (el as unknown as { start(): void }).start());
  await expect(element.locator('[part=status]')).toHaveText(Array(COUNT).fill('Done'), {
    timeout: 180_000,
  });
  const successes = await events(page, 'upload-success');
  expect(successes).toHaveLength(COUNT);
  for (const success of successes) {
    const id = (success.detail.result as { id: string }).id;
    expect(await api.storage.sha256(id)).toBe(files.sha256);
  }
});
