import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestTusServer, type TestTusServer } from '../helpers/tus-server.js';
import {
  events,
  expect,
  mountOn,
  sha256File,
  test as base,
  waitForEvent,
  waitForProgress,
  type RecordedEvent,
} from './fixtures.js';

/**
 * A folder chosen with the folder picker (`directory`: `<input webkitdirectory>`, which
 * Playwright fills with a real directory) reaches the server file by file with its path:
 * the DocSpace reference server's `relativePath` and the real `@tus/server`'s stored
 * `Upload-Metadata`. Hidden files and the empty folder add nothing; a name with a control
 * character is refused and never sent. Bytes are checked by SHA-256.
 */

const KiB = 1024;
const folderInput = 'resumable-upload input[webkitdirectory]';

const test = base.extend<{ tusServer: TestTusServer }>({
  tusServer: async ({ pages }, use) => {
    const server = await startTestTusServer({ allowedOrigins: [new URL(pages.url).origin] });
    await use(server);
    await server.close();
  },
});

/** The files each test uploads, under `shoot/`, and what must be left out. */
const UPLOADED = ['shoot/a.jpg', 'shoot/raw/b.bin', 'shoot/raw/deeper/c.bin'];

/** The tree on disk: nested files, hidden files and folders, an empty folder; its root. */
async function shootTree(options: { badName?: string } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'resumable-upload-folder-'));
  const sizes: Record<string, number> = {
    'shoot/a.jpg': 300 * KiB,
    'shoot/raw/b.bin': 1200 * KiB,
    'shoot/raw/deeper/c.bin': 700 * KiB,
    'shoot/.DS_Store': 6 * KiB,
    'shoot/Thumbs.db': 4 * KiB,
    'shoot/.hidden/secret.bin': 1 * KiB,
  };
  if (options.badName) sizes[`shoot/${options.badName}`] = 1 * KiB;
  const sha256: Record<string, string> = {};
  for (const [path, size] of Object.entries(sizes)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, randomBytes(size));
    sha256[path] = await sha256File(full);
  }
  await mkdir(join(root, 'shoot/empty'), { recursive: true });
  return { dir: join(root, 'shoot'), sha256 };
}

async function waitForSuccesses(page: Page, count: number): Promise<RecordedEvent[]> {
  await expect
    .poll(async () => (await events(page, 'upload-success')).length, {
      timeout: 60_000,
    })
    .toBe(count);
  return events(page, 'upload-success');
}

/** The folder's line in the list, and the names under it once opened. */
async function expectOneFolderLine(page: Page, files: number) {
  const folder = page.locator('resumable-upload [part=folder]');
  await expect(folder).toHaveCount(1);
  await expect(folder.locator('[part=folder-name]')).toHaveText('shoot');
  await expect(folder).toContainText(`${files} of ${files} files done`);
  const toggle = folder.locator('[part=folder-toggle]');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return folder.locator('[part=name]').allTextContents();
}

test.describe('folders end to end (Chromium, real servers)', () => {
  test('a picked folder reaches the DocSpace reference server with each file’s folders', async ({
    page,
    api,
    openUploader,
  }) => {
    const tree = await shootTree();
    await openUploader({
      protocol: 'chunked-session',
      endpoint: `${api.url}/api/2.0/files/1841/upload/create_session`,
      multiple: true,
      directory: true,
      'auto-start': true,
    });
    await page
      .locator('resumable-upload')
      .getByRole('button', { name: 'Choose a folder' })
      .waitFor();
    await page.setInputFiles(folderInput, tree.dir);
    const successes = await waitForSuccesses(page, UPLOADED.length);
    const byPath = new Map(successes.map((e) => [e.detail.relativePath as string, e.detail]));
    expect([...byPath.keys()].sort()).toEqual(UPLOADED);
    for (const path of UPLOADED) {
      const result = byPath.get(path)!.result as {
        id: string;
        relativePath: string;
        title: string;
      };
      // DocSpace takes the folders; the name goes in fileName (the result's title).
      expect(result.relativePath).toBe(path.slice(0, path.lastIndexOf('/')));
      expect(result.title).toBe(path.slice(path.lastIndexOf('/') + 1));
      expect(await api.storage.sha256(result.id)).toBe(tree.sha256[path]);
    }
    expect(await expectOneFolderLine(page, UPLOADED.length)).toEqual([
      'a.jpg',
      'raw/b.bin',
      'raw/deeper/c.bin',
    ]);
  });

  test('a picked folder reaches @tus/server with relativePath in its stored metadata', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const tree = await shootTree();
    await openUploader({
      protocol: 'tus',
      endpoint: tusServer.url,
      multiple: true,
      directory: true,
      'auto-start': true,
    });
    await page.setInputFiles(folderInput, tree.dir);
    const successes = await waitForSuccesses(page, UPLOADED.length);
    const stored = new Map<string, string>();
    for (const success of successes) {
      const url = (success.detail.result as { url: string }).url;
      const upload = (await tusServer.upload(url))!;
      expect(upload.metadata.relativePath).toBe(success.detail.relativePath);
      expect(upload.metadata.filename).toBe(success.detail.name);
      stored.set(upload.metadata.relativePath!, await tusServer.sha256(url));
    }
    expect([...stored.keys()].sort()).toEqual(UPLOADED);
    for (const path of UPLOADED) expect(stored.get(path)).toBe(tree.sha256[path]);
    // Nothing of the hidden files went out.
    expect(tusServer.requests.filter((r) => r.method === 'POST')).toHaveLength(UPLOADED.length);
  });

  test('a name with a control character is refused with its message and never sent', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const tree = await shootTree({ badName: 'bell\u0007.bin' });
    await openUploader({
      protocol: 'tus',
      endpoint: tusServer.url,
      multiple: true,
      directory: true,
      'auto-start': true,
    });
    await page.setInputFiles(folderInput, tree.dir);
    await waitForSuccesses(page, UPLOADED.length);
    const errors = await events(page, 'upload-error');
    expect(errors).toHaveLength(1);
    expect(errors[0].detail).toMatchObject({ code: 'file-path', name: 'bell\u0007.bin' });
    expect(errors[0].detail.message).toContain(
      'cannot be uploaded: a path with "..", an absolute part or control characters is not allowed.',
    );
    await expect(page.locator('resumable-upload [part=message]')).toContainText(
      'cannot be uploaded',
    );
    expect(tusServer.requests.filter((r) => r.method === 'POST')).toHaveLength(UPLOADED.length);
    const sent = await Promise.all(
      (await events(page, 'upload-success')).map(async (e) => {
        const url = (e.detail.result as { url: string }).url;
        return (await tusServer.upload(url))!.metadata.relativePath;
      }),
    );
    expect(sent.some((path) => path?.includes('bell'))).toBe(false);
    await waitForEvent(page, 'queue-complete');
  });

  test('after a reload a folder’s file resumes with its path: one tus upload, its metadata kept', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const root = await mkdtemp(join(tmpdir(), 'resumable-upload-folder-'));
    const path = join(root, 'shoot/raw/big.bin');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, randomBytes(12 * 1024 * KiB));
    const sha256 = await sha256File(path);
    tusServer.patchDelayMs = 300;
    const attrs = {
      protocol: 'tus',
      endpoint: tusServer.url,
      multiple: true,
      directory: true,
      'auto-start': true,
      'chunk-size': String(1024 * KiB),
    };
    await openUploader(attrs);
    await page.setInputFiles(folderInput, join(root, 'shoot'));
    await waitForProgress(page, 3 * 1024 * KiB);
    await page.reload();
    tusServer.patchDelayMs = 0;

    await mountOn(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    expect(restored.detail.relativePath).toBe('shoot/raw/big.bin');
    // The copy kept in IndexedDB: Resume on the folder's line carries it on.
    await page.getByRole('button', { name: 'Resume shoot' }).click();
    const success = await waitForEvent(page, 'upload-success');
    expect(success.detail.relativePath).toBe('shoot/raw/big.bin');
    const url = (success.detail.result as { url: string }).url;
    expect((await tusServer.upload(url))!.metadata.relativePath).toBe('shoot/raw/big.bin');
    expect(await tusServer.sha256(url)).toBe(sha256);
    expect(tusServer.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('a chosen folder that is itself hidden is taken; the hidden files inside it are not', async ({
    page,
    tusServer,
    openUploader,
  }) => {
    const root = await mkdtemp(join(tmpdir(), 'resumable-upload-folder-'));
    for (const path of ['.config/settings.json', '.config/.cache/x.bin']) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), randomBytes(2 * KiB));
    }
    await openUploader({
      protocol: 'tus',
      endpoint: tusServer.url,
      multiple: true,
      directory: true,
      'auto-start': true,
    });
    await page.setInputFiles(folderInput, join(root, '.config'));
    const [success] = await waitForSuccesses(page, 1);
    expect(success.detail.relativePath).toBe('.config/settings.json');
    await waitForEvent(page, 'queue-complete');
    expect(await events(page, 'upload-added')).toHaveLength(1);
  });
});
