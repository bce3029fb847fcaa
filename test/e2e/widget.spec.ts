import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { JSHandle, Page } from '@playwright/test';
import {
  events,
  expect,
  fileInput,
  randomFile,
  test,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

/**
 * The widget as people use it, on the built bundle in real Chromium against
 * the reference server: files come in by picker, drop and paste; refused
 * files never reach the network; everything works from the keyboard; axe
 * finds nothing in any state.
 */

const MiB = 1024 * 1024;
const AXE = join(resolve(import.meta.dirname, '../..'), 'node_modules/axe-core/axe.min.js');

type Api = { url: string; storage: { sha256(id: string): Promise<string> } };

async function storedSha(api: Api, result: unknown) {
  return api.storage.sha256((result as { id: string }).id);
}

/** A DataTransfer in the page holding one file with these bytes. */
async function transferOf(
  page: Page,
  name: string,
  bytes: Buffer,
): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(
    ({ name, base64 }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'application/octet-stream' }));
      return transfer;
    },
    { name, base64: bytes.toString('base64') },
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The focused control inside the element: its accessible name and outline. */
function focused(page: Page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return null;
    const style = getComputedStyle(active);
    return {
      name: active.getAttribute('aria-label') ?? active.textContent!.trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
    };
  });
}

async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<AxeResult> } }).axe;
    type AxeResult = { violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> };
    const result = await axe.run({ include: [['resumable-upload']] });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

test.describe('the widget', () => {
  test('the picker adds several files with multiple, and each arrives intact', async ({
    page,
    api,
    openUploader,
  }) => {
    const one = await randomFile(3 * MiB, 'picked-one');
    const two = await randomFile(2 * MiB, 'picked-two');
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      multiple: true,
      'auto-start': true,
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files' }).click();
    const picker = await chooser;
    expect(picker.isMultiple()).toBe(true);
    await picker.setFiles([one.path, two.path]);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText(['Done', 'Done']);
    // upload-success follows the row's "Done" once the kept copy is deleted: wait for both.
    await expect.poll(async () => (await events(page, 'upload-success')).length).toBe(2);
    const results = (await events(page, 'upload-success')).map((e) => e.detail);
    const byName = Object.fromEntries(results.map((d) => [d.name, d.result]));
    expect(await storedSha(api, byName['picked-one-3145728.bin'])).toBe(one.sha256);
    expect(await storedSha(api, byName['picked-two-2097152.bin'])).toBe(two.sha256);
    // The overall line sums both.
    await expect(page.locator('resumable-upload [part=summary]')).toContainText(
      '2 of 2 files done',
    );
  });

  test('a dropped file shows the drag-over state, then uploads intact', async ({
    page,
    api,
    openUploader,
  }) => {
    const bytes = randomBytes(3 * MiB);
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    const transfer = await transferOf(page, 'dropped.bin', bytes);
    const zone = page.locator('resumable-upload [part=base]');
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await expect(zone).toHaveClass(/dragging/);
    await expect(page.locator('resumable-upload [part=drop-overlay]')).toHaveCSS('opacity', '1');
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await expect(zone).not.toHaveClass(/dragging/);
    const success = await waitForEvent(page, 'upload-success');
    expect(success.detail.name).toBe('dropped.bin');
    expect(await storedSha(api, success.detail.result)).toBe(sha256(bytes));
  });

  test('a pasted file uploads intact', async ({ page, api, openUploader }) => {
    const bytes = randomBytes(2 * MiB);
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    const transfer = await transferOf(page, 'pasted.bin', bytes);
    await page.getByRole('button', { name: 'Choose files' }).focus();
    const prevented = await page.evaluate((clipboardData) => {
      const host = document.querySelector('resumable-upload')!;
      const paste = new ClipboardEvent('paste', {
        clipboardData,
        bubbles: true,
        composed: true,
        cancelable: true,
      });
      host.shadowRoot!.activeElement!.dispatchEvent(paste);
      return paste.defaultPrevented;
    }, transfer);
    expect(prevented).toBe(true);
    const success = await waitForEvent(page, 'upload-success');
    expect(success.detail.name).toBe('pasted.bin');
    expect(await storedSha(api, success.detail.result)).toBe(sha256(bytes));
  });

  test('refused files get their own message and cause no request', async ({
    page,
    api,
    openUploader,
  }) => {
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      multiple: true,
      'auto-start': true,
      accept: '.pdf,image/*',
      'max-file-size': String(1 * MiB),
    });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(api.url)) requests.push(`${r.method()} ${r.url()}`);
    });
    await page.setInputFiles(fileInput, [
      { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * MiB) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    await expect(page.locator('resumable-upload [part=message]')).toHaveText([
      'big.pdf is larger than the 1 MB allowed.',
      'notes.txt is not an accepted type (.pdf,image/*).',
    ]);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText(['Failed', 'Failed']);
    const errors = (await events(page, 'upload-error')).map((e) => e.detail.code);
    expect(errors).toEqual(['file-too-large', 'file-type']);
    await page.waitForTimeout(500);
    expect(requests).toEqual([]);
    // Refused files offer Remove, not Retry.
    await expect(page.getByRole('button', { name: /^Retry / })).toHaveCount(0);
    await page.getByRole('button', { name: 'Remove notes.txt' }).click();
    await expect(page.locator('resumable-upload [part=item]')).toHaveCount(1);
  });

  test('keyboard only: pick, upload, pause and resume, with a visible focus ring', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(12 * MiB, 'keyboard');
    const name = 'keyboard-12582912.bin';
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 250,
      times: 1000,
    });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'chunk-size': String(1 * MiB),
    });
    // Listen first: the picker must be intercepted before Enter opens it.
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ name: 'Choose files', outline: 'solid 3px' });
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(file.path);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Waiting');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ name: 'Upload', outline: 'solid 3px' });
    await page.keyboard.press('Enter');
    // The Upload button goes away; focus lands on the row's first control.
    await expect.poll(async () => (await focused(page))?.name).toBe(`Pause ${name}`);
    await waitForProgress(page, 2 * MiB);

    await page.keyboard.press('Enter');
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Paused');
    expect(await focused(page)).toEqual({ name: `Resume ${name}`, outline: 'solid 3px' });
    const pausedAt = (await events(page, 'upload-progress')).at(-1)!.detail.bytesConfirmed;

    await page.keyboard.press('Enter');
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Uploading');
    api.faults.clear();
    const success = await waitForEvent(page, 'upload-success');
    expect(await storedSha(api, success.detail.result)).toBe(file.sha256);
    const starts = await events(page, 'upload-start');
    expect(starts.map((s) => s.detail.resumedFrom)).toEqual([0, pausedAt]);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Done');
  });

  test('forced colors: system colours for bars and borders, focus still visible, axe clean', async ({
    page,
    api,
    openUploader,
  }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 300,
      times: 1000,
    });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(1 * MiB),
    });
    const file = await randomFile(8 * MiB, 'forced');
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 1 * MiB);
    const colours = await page.evaluate(() => {
      const root = document.querySelector('resumable-upload')!.shadowRoot!;
      const probe = document.createElement('div');
      probe.style.color = 'Highlight';
      document.body.append(probe);
      const highlight = getComputedStyle(probe).color;
      probe.remove();
      return { highlight, bar: getComputedStyle(root.querySelector('.bar')!).backgroundColor };
    });
    expect(colours.bar).toBe(colours.highlight);
    await page.getByRole('button', { name: /^Pause forced/ }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.outline).toBe('solid 3px');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('axe finds no violations empty, dragging, uploading, paused, failed and done', async ({
    page,
    api,
    openUploader,
  }) => {
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      multiple: true,
      'auto-start': true,
      'chunk-size': String(1 * MiB),
    });
    expect(await axeViolations(page), 'empty').toEqual([]);

    const transfer = await transferOf(page, 'drag.bin', randomBytes(16));
    const zone = page.locator('resumable-upload [part=base]');
    await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
    await expect(page.locator('resumable-upload [part=drop-overlay]')).toHaveCSS('opacity', '1');
    expect(await axeViolations(page), 'dragging').toEqual([]);
    await zone.dispatchEvent('dragleave', { dataTransfer: transfer });

    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 300,
      times: 1000,
    });
    const a = await randomFile(8 * MiB, 'axe-a');
    const b = await randomFile(8 * MiB, 'axe-b');
    await page.setInputFiles(fileInput, [a.path, b.path]);
    await waitForProgress(page, 1 * MiB);
    await expect(page.locator('resumable-upload [part=summary]')).toBeVisible();
    expect(await axeViolations(page), 'uploading').toEqual([]);

    await page.getByRole('button', { name: 'Pause all' }).click();
    await expect(page.locator('resumable-upload [part=status]')).toHaveText(['Paused', 'Paused']);
    expect(await axeViolations(page), 'paused').toEqual([]);

    api.faults.clear();
    // The server is still finishing the chunks the pause cut off (they sit in the delay):
    // let them drain, or one of them takes the fault meant for the next real chunk.
    await page.waitForTimeout(1000);
    api.faults.arm({ kind: 'status', protocol: 'content-range', phase: 'chunk', status: 400 });
    await page.getByRole('button', { name: 'Resume all' }).click();
    await expect(
      page.locator('resumable-upload [part=status]').filter({ hasText: 'Failed' }),
    ).toHaveCount(1);
    expect(await axeViolations(page), 'failed').toEqual([]);

    api.faults.clear();
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await expect(page.locator('resumable-upload [part=status]')).toHaveText(['Done', 'Done']);
    expect(await axeViolations(page), 'done').toEqual([]);
  });
});
