import type { EngineDriver } from './driver.js';
import { expect, markServers, test, tusUploadIds, type Servers } from './fixtures.js';
import {
  finalEvents,
  mount,
  pageState,
  seededBytes,
  sha256Of,
  type FileSpec,
} from './page-side.js';

/**
 * A dropped folder in Chromium, Firefox ESR and WebKitGTK, to the real @tus/server and
 * the DocSpace reference server: each file's path arrives as the protocol carries it,
 * the bytes by SHA-256. No engine lets a script make a real directory entry (a drop the
 * user makes is the only source), so the drop's items give a small tree of fake
 * `FileSystemEntry`s, read in batches as the engines' are, over real `File`s; what the
 * engine contributes for real is the element, its worker, the hashing and the network.
 */

const KiB = 1024;

/** The tree the drop gives: nested, with hidden files and an empty folder. */
const TREE: Record<string, FileSpec | null> = {
  'shoot/a.jpg': {
    name: 'a.jpg',
    size: 90 * KiB + 3,
    seed: 11,
    lastModified: Date.UTC(2024, 4, 1),
  },
  'shoot/raw/b.bin': {
    name: 'b.bin',
    size: 600 * KiB,
    seed: 12,
    lastModified: Date.UTC(2024, 4, 1),
  },
  'shoot/raw/deeper/c.bin': {
    name: 'c.bin',
    size: 300 * KiB + 1,
    seed: 13,
    lastModified: Date.UTC(2024, 4, 1),
  },
  'shoot/.DS_Store': { name: '.DS_Store', size: 10, seed: 14, lastModified: 0 },
  'shoot/Thumbs.db': { name: 'Thumbs.db', size: 10, seed: 15, lastModified: 0 },
  'shoot/empty/': null,
};
const SENT = ['shoot/a.jpg', 'shoot/raw/b.bin', 'shoot/raw/deeper/c.bin'];

/**
 * In the page: a drop whose one item is the folder `shoot`, as a fake directory entry over
 * real Files (`tree` maps paths to file specs; a path ending in `/` is an empty folder).
 */
function dropFolder(tree: Record<string, FileSpec | null>, bytesOf: typeof seededBytes) {
  type Node = { name: string; path: string; file?: File; children?: Map<string, Node> };
  const root: Node = { name: 'shoot', path: '/shoot', children: new Map() };
  for (const [path, spec] of Object.entries(tree)) {
    const parts = path.split('/').filter(Boolean).slice(1);
    let at = root;
    parts.forEach((part, i) => {
      const leaf = i === parts.length - 1 && spec;
      if (!at.children!.has(part)) {
        at.children!.set(part, {
          name: part,
          path: `${at.path}/${part}`,
          file: leaf
            ? new File([bytesOf(spec.size, spec.seed)], spec.name, {
                lastModified: spec.lastModified,
              })
            : undefined,
          children: leaf ? undefined : new Map(),
        });
      }
      at = at.children!.get(part)!;
    });
  }
  const entry = (node: Node): unknown =>
    node.file
      ? {
          name: node.name,
          fullPath: node.path,
          isFile: true,
          isDirectory: false,
          file: (done: (f: File) => void) => setTimeout(() => done(node.file!), 0),
        }
      : {
          name: node.name,
          fullPath: node.path,
          isFile: false,
          isDirectory: true,
          createReader() {
            const all = [...node.children!.values()].map(entry);
            let at = 0;
            return {
              readEntries(done: (e: unknown[]) => void) {
                const batch = all.slice(at, at + 2);
                at += batch.length;
                setTimeout(() => done(batch), 0);
              },
            };
          },
        };
  const item = {
    kind: 'file',
    type: '',
    getAsFile: () => null,
    webkitGetAsEntry: () => entry(root),
  };
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', {
    value: { items: [item], files: [], types: ['Files'] },
  });
  const element = document.querySelector('resumable-upload')!;
  element.shadowRoot!.querySelector('[part=base]')!.dispatchEvent(event);
}

async function dropAndFinish(
  driver: EngineDriver,
  servers: Servers,
  attrs: Record<string, string | boolean>,
) {
  await driver.goto(`${servers.pages.url}/pages/index.html`);
  await driver.evaluate(mount, { multiple: true, 'auto-start': true, ...attrs });
  await driver.evaluate(dropFolder, TREE, seededBytes);
  const finals = await driver.waitFor(
    { timeout: 60_000, what: 'three final events' },
    finalEvents,
    SENT.length,
  );
  for (const final of finals)
    expect(final.type, String(final.detail.message)).toBe('upload-success');
  const { uploads } = await driver.evaluate(pageState);
  expect(uploads.map((u) => (u as { relativePath?: string }).relativePath).sort()).toEqual(SENT);
  return finals;
}

test('a dropped folder reaches @tus/server with each file’s relativePath', async ({
  driver,
  servers,
}) => {
  const mark = await markServers(servers);
  const finals = await dropAndFinish(driver, servers, {
    protocol: 'tus',
    endpoint: servers.tus.url,
  });
  const ids = (await tusUploadIds(servers.tus)).filter((id) => !mark.tusUploads.has(id));
  expect(ids).toHaveLength(SENT.length);
  const byPath: Record<string, string> = {};
  for (const id of ids) {
    const upload = (await servers.tus.upload(id))!;
    byPath[upload.metadata.relativePath!] = await servers.tus.sha256(id);
  }
  expect(Object.keys(byPath).sort()).toEqual(SENT);
  for (const path of SENT) expect(byPath[path], path).toBe(sha256Of(TREE[path]!));
  expect(finals.map((f) => f.detail.relativePath).sort()).toEqual(SENT);
});

test('a dropped folder reaches the DocSpace reference server with each file’s folders', async ({
  driver,
  servers,
}) => {
  const finals = await dropAndFinish(driver, servers, {
    protocol: 'chunked-session',
    endpoint: `${servers.api.url}/api/2.0/files/3/upload/create_session`,
  });
  for (const final of finals) {
    const path = final.detail.relativePath as string;
    const result = final.detail.result as { id: string; relativePath: string };
    expect(result.relativePath).toBe(path.slice(0, path.lastIndexOf('/')));
    expect(await servers.api.storage.sha256(result.id)).toBe(sha256Of(TREE[path]!));
  }
});
