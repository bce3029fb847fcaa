import type { Page } from '@playwright/test';
import type { ReferenceServer } from '../../server/reference-server.js';
import {
  events,
  expect,
  fileInput,
  mountOn,
  randomFile,
  test,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

/**
 * Resume after a reload without the picker: a picked file's kept copy, or a
 * file handle (here from a stubbed `showOpenFilePicker` returning an OPFS
 * file, which Chromium lets a test create), resumes with one click on Resume
 * from the server's offset; a file that changed is refused before a byte goes;
 * the kept record is gone the moment the upload ends.
 */

const MiB = 1024 * 1024;

type Api = Pick<ReferenceServer, 'faults'>;

function slowChunks(api: Api) {
  api.faults.arm({ kind: 'delay', protocol: 'content-range', phase: 'chunk', ms: 300, times: 1e4 });
}

/** A content-range uploader that keeps file handles (never copies), in 1 MiB chunks. */
function handleAttrs(apiUrl: string) {
  return {
    protocol: 'content-range',
    endpoint: `${apiUrl}/content-range`,
    'auto-start': true,
    'keep-files': 'handles',
    'chunk-size': String(1 * MiB),
  };
}

/** Records in the element's kept-files database: [key, has a File, has a handle]. */
function keptRecords(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Array<{ file: boolean; handle: boolean }>>((done) => {
        const open = indexedDB.open('resumable-upload-files');
        open.onupgradeneeded = () => open.result.createObjectStore('files');
        open.onsuccess = () => {
          const all = open.result.transaction('files', 'readonly').objectStore('files').getAll();
          all.onsuccess = () => {
            done(
              (all.result as Array<{ file?: File; handle?: unknown }>).map((r) => ({
                file: r.file instanceof File,
                handle: !!r.handle,
              })),
            );
            open.result.close();
          };
        };
      }),
  );
}

/** The hash states of the session records: [algorithm, offset] of each that has one. */
function hashStates(page: Page) {
  return page.evaluate(
    () =>
      new Promise<Array<{ algorithm: string; offset: number }>>((done) => {
        const open = indexedDB.open('resumable-upload');
        open.onsuccess = () => {
          const all = open.result
            .transaction('sessions', 'readonly')
            .objectStore('sessions')
            .getAll();
          all.onsuccess = () => {
            type Saved = { hashState?: { algorithm: string; offset: number; state: unknown } };
            done(
              (all.result as Saved[])
                .filter((r) => r.hashState)
                .map(({ hashState }) => ({
                  algorithm: hashState!.algorithm,
                  offset: hashState!.offset,
                  ...(!(hashState!.state instanceof Uint8Array) && { state: 'not bytes' }),
                })),
            );
            open.result.close();
          };
        };
      }),
  );
}

/** Count the pickers the page opens. */
function countPickers(page: Page) {
  const opened = { count: 0 };
  page.on('filechooser', () => opened.count++);
  return opened;
}

test.describe('resume after a reload without the picker', () => {
  test('a picked file kept as a copy resumes with one click from the server offset', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(16 * MiB, 'kept-copy');
    slowChunks(api);
    const attrs = {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(1 * MiB),
    };
    await openUploader(attrs);
    await page.setInputFiles(fileInput, file.path);
    await expect.poll(() => keptRecords(page)).toEqual([{ file: true, handle: false }]);
    await waitForProgress(page, 3 * MiB);
    await page.reload();
    const pickers = countPickers(page);
    await mountOn(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    const confirmed = Number(restored.detail.bytesSent);
    expect(confirmed).toBeGreaterThanOrEqual(3 * MiB);
    await expect(page.locator('resumable-upload [part=status]')).toHaveText('Interrupted');
    await expect(page.locator('resumable-upload [part=message]')).toHaveText(
      'Resume continues where it stopped, without choosing the file again.',
    );
    api.faults.clear();

    await page.getByRole('button', { name: /^Resume kept-copy/ }).click();
    const start = await waitForEvent(page, 'upload-start');
    expect(Number(start.detail.resumedFrom)).toBe(confirmed);
    const success = await waitForEvent(page, 'upload-success');
    const id = (success.detail.result as { id: string }).id;
    expect(await api.storage.sha256(id)).toBe(file.sha256);
    expect(api.storage.overlaps(id)).toEqual([]);
    expect(pickers.count).toBe(0);
    await expect.poll(() => keptRecords(page)).toEqual([]);
  });

  test('a file from showOpenFilePicker is kept as a handle only, and resumes with one click', async ({
    page,
    api,
    openUploader,
  }) => {
    await stubPicker(page, 'handle.bin');
    slowChunks(api);
    const attrs = handleAttrs(api.url);
    await openUploader(attrs);
    const sha256 = await writeOpfsFile(page, 'handle.bin', 12 * MiB);
    const pickers = countPickers(page);
    await page.getByRole('button', { name: 'Choose files' }).click();
    await expect.poll(() => keptRecords(page)).toEqual([{ file: false, handle: true }]);
    await reloadAndResumeFromHandle(page, api, attrs, 'handle.bin', sha256);
    expect(pickers.count).toBe(0);
  });

  test('a drop that carries a file handle keeps the handle, not a copy, and resumes with one click', async ({
    page,
    api,
    openUploader,
  }) => {
    slowChunks(api);
    // keep-files stays "auto": without the drop's handle the element would keep a copy.
    const attrs = { ...handleAttrs(api.url), 'keep-files': 'auto' };
    await openUploader(attrs);
    const sha256 = await writeOpfsFile(page, 'dropped.bin', 12 * MiB);
    const pickers = countPickers(page);
    await page.evaluate(async () => {
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('dropped.bin');
      // What Chromium gives for a file dragged in from the desktop; a synthetic drag has none.
      Object.assign(DataTransferItem.prototype, {
        getAsFileSystemHandle: () => Promise.resolve(handle),
      });
      const dropped = new DataTransfer();
      dropped.items.add(await handle.getFile());
      const base = document
        .querySelector('resumable-upload')!
        .shadowRoot!.querySelector('[part=base]')!;
      base.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dropped, bubbles: true }));
      base.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }),
      );
    });
    await expect.poll(() => keptRecords(page)).toEqual([{ file: false, handle: true }]);
    await reloadAndResumeFromHandle(page, api, attrs, 'dropped.bin', sha256);
    expect(pickers.count).toBe(0);
  });

  test('a kept file that changed since is refused before any byte is sent', async ({
    page,
    api,
    openUploader,
  }) => {
    await stubPicker(page, 'changing.bin');
    slowChunks(api);
    const attrs = handleAttrs(api.url);
    await openUploader(attrs);
    await writeOpfsFile(page, 'changing.bin', 8 * MiB);
    await page.getByRole('button', { name: 'Choose files' }).click();
    await expect.poll(() => keptRecords(page)).toHaveLength(1);
    await waitForProgress(page, 1 * MiB);
    await page.reload();
    await mountOn(page, attrs);
    await waitForEvent(page, 'upload-restored');
    // The file grows on disk while the page was away.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getFileHandle('changing.bin');
      const writable = await handle.createWritable({ keepExistingData: true });
      await writable.write({
        type: 'write',
        position: (await handle.getFile()).size,
        data: 'more',
      });
      await writable.close();
    });
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(api.url)) sent.push(r.method());
    });
    await page.getByRole('button', { name: 'Resume changing.bin' }).click();
    await expect(page.locator('resumable-upload [part=message]')).toContainText(
      'has changed since this upload started',
    );
    const errors = await events(page, 'upload-error');
    expect(errors.map((e) => e.detail.code)).toEqual(['file-changed']);
    expect(sent).toEqual([]);
    // What is left: choosing the unchanged file, or cancelling.
    await expect(page.getByRole('button', { name: 'Choose file changing.bin' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Resume changing.bin' })).toHaveCount(0);
    await expect.poll(() => keptRecords(page)).toEqual([]);
  });

  test('with checksum="sha256" the hash state is kept with the offset, and the resumed upload reports the file\'s SHA-256', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(12 * MiB, 'kept-hash');
    slowChunks(api);
    const attrs = {
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(1 * MiB),
      checksum: 'sha256',
    };
    await openUploader(attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 3 * MiB);
    await page.reload();
    await mountOn(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    const confirmed = Number(restored.detail.bytesSent);
    // The session record holds the SHA-256 state at the confirmed offset, through IndexedDB.
    expect(await hashStates(page)).toEqual([{ algorithm: 'sha256', offset: confirmed }]);
    api.faults.clear();

    await page.getByRole('button', { name: /^Resume kept-hash/ }).click();
    const start = await waitForEvent(page, 'upload-start');
    expect(Number(start.detail.resumedFrom)).toBe(confirmed);
    const success = await waitForEvent(page, 'upload-success');
    expect(success.detail.sha256).toBe(file.sha256);
    const id = (success.detail.result as { id: string }).id;
    expect(await api.storage.sha256(id)).toBe(file.sha256);
  });

  test('cancel removes the kept copy at once', async ({ page, api, openUploader }) => {
    const file = await randomFile(8 * MiB, 'kept-cancel');
    slowChunks(api);
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
      'chunk-size': String(1 * MiB),
    });
    await page.setInputFiles(fileInput, file.path);
    await expect.poll(() => keptRecords(page)).toHaveLength(1);
    await page.getByRole('button', { name: /^Cancel / }).click();
    await waitForEvent(page, 'upload-cancelled');
    await expect.poll(() => keptRecords(page)).toEqual([]);
  });
});

/**
 * Reload mid-upload, then one click on Resume: it goes on from the stored offset with the
 * kept handle, the server ends up with the file's bytes, and the kept record is gone.
 */
async function reloadAndResumeFromHandle(
  page: Page,
  api: Pick<ReferenceServer, 'faults' | 'storage'>,
  attrs: Record<string, string | boolean>,
  name: string,
  sha256: string,
) {
  await waitForProgress(page, 2 * MiB);
  await page.reload();
  await mountOn(page, attrs);
  const restored = await waitForEvent(page, 'upload-restored');
  api.faults.clear();
  await page.getByRole('button', { name: `Resume ${name}` }).click();
  const start = await waitForEvent(page, 'upload-start');
  expect(Number(start.detail.resumedFrom)).toBe(Number(restored.detail.bytesSent));
  const success = await waitForEvent(page, 'upload-success');
  const id = (success.detail.result as { id: string }).id;
  expect(await api.storage.sha256(id)).toBe(sha256);
  await expect.poll(() => keptRecords(page)).toEqual([]);
}

/** Make `showOpenFilePicker` return the handle of the OPFS file `name`, now and after reloads. */
async function stubPicker(page: Page, name: string) {
  await page.addInitScript((name) => {
    const picker = async () => [await (await navigator.storage.getDirectory()).getFileHandle(name)];
    Object.assign(window, { showOpenFilePicker: picker });
  }, name);
}

/** Write `size` random bytes to the OPFS file `name` (on the page's origin); its SHA-256. */
function writeOpfsFile(page: Page, name: string, size: number): Promise<string> {
  return page.evaluate(
    async ({ name, size }) => {
      const root = await navigator.storage.getDirectory();
      const handle = await root.getFileHandle(name, { create: true });
      const writable = await handle.createWritable();
      for (let left = size; left > 0; left -= 65536) {
        await writable.write(crypto.getRandomValues(new Uint8Array(Math.min(left, 65536))));
      }
      await writable.close();
      const digest = await crypto.subtle.digest(
        'SHA-256',
        await (await handle.getFile()).arrayBuffer(),
      );
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
    { name, size },
  );
}
