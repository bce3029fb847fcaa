import { expect, fixture, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { sessionKey } from '../../src/core/session-store.js';
import {
  FakeWorker,
  fileOf,
  infoOf,
  storedSession,
  until,
  fakeWorkerForEachTest,
} from './fake-worker.js';

/**
 * Dropped folders and the folder picker (folder-drop.ts, file-intake.ts, folder-groups.ts)
 * in each engine, with a scripted worker.
 *
 * No engine lets a script make real directory entries: a `DataTransfer` built by a script
 * holds files only (the first test records what each engine's `webkitGetAsEntry()` gives
 * for one), and real entries exist only in a drop the user makes. So the traversal runs
 * on a small fake `FileSystemEntry` tree with the engines' API shape: `createReader()`,
 * `readEntries()` handing out batches until an empty one, `file()`. The engine-specific
 * parts are tested as they are: the entries API and `webkitdirectory` exist, a file
 * entry of a script's drop (where the engine gives one) comes in as a file, and real
 * `File`s carry through.
 */

/**
 * One endpoint per element: uploads of an earlier test's element still hold the Web Locks
 * of their session keys, and the same files here would show as running in another tab.
 */
const endpoint = () => `https://api.example.test/upload/${crypto.randomUUID()}`;
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

interface FakeTree {
  [name: string]: File | FakeTree;
}

/** A directory entry over `tree`, whose reader hands out at most `batch` entries a call. */
function directoryEntry(name: string, tree: FakeTree, path = `/${name}`, batch = 2) {
  const children = () =>
    Object.entries(tree).map(([child, value]) =>
      value instanceof File
        ? fileEntry(value, `${path}/${child}`)
        : directoryEntry(child, value, `${path}/${child}`, batch),
    );
  return {
    name,
    fullPath: path,
    isFile: false,
    isDirectory: true,
    reads: 0,
    createReader() {
      const all = children();
      let at = 0;
      // Each call must wait for the previous one's answer, as in the engines.
      return {
        readEntries: (done: (entries: unknown[]) => void) => {
          this.reads++;
          const next = all.slice(at, at + batch);
          at += next.length;
          setTimeout(() => done(next), 0);
        },
      };
    },
  };
}

function fileEntry(file: File, path: string) {
  return {
    name: file.name,
    fullPath: path,
    isFile: true,
    isDirectory: false,
    file: (done: (f: File) => void) => setTimeout(() => done(file), 0),
  };
}

/** A drop whose items give these entries (a folder, or a plain file's item). */
function drop(el: ResumableUpload, entries: Array<{ entry?: unknown; file?: File }>) {
  const items = entries.map(({ entry, file }) => ({
    kind: 'file',
    type: file?.type ?? '',
    getAsFile: () => file ?? null,
    webkitGetAsEntry: () => entry ?? null,
  }));
  const transfer = {
    items,
    files: entries.flatMap((e) => (e.file ? [e.file] : [])),
    types: ['Files'],
  };
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: transfer });
  el.shadowRoot!.querySelector('[part=base]')!.dispatchEvent(event);
}

async function uploader(attrs: Record<string, string> = {}) {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${endpoint()} multiple auto-start></resumable-upload>`,
  );
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  await el.restored;
  await el.updateComplete;
  return el;
}

const shadow = (el: ResumableUpload) => el.shadowRoot!;
const toggle = (el: ResumableUpload) =>
  shadow(el).querySelector<HTMLButtonElement>('[part=folder-toggle]')!;
const folderButton = (el: ResumableUpload, name: string) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('[part=folder] .folder-line button')].find(
    (b) => b.getAttribute('aria-label') === name,
  );

/** A shoot as a camera card and a laptop leave it: nested, hidden files, an empty folder. */
const shoot = (): FakeTree => ({
  'a.jpg': fileOf(100, 'a.jpg', 'image/jpeg'),
  '.DS_Store': fileOf(10, '.DS_Store', ''),
  'Thumbs.db': fileOf(10, 'Thumbs.db', ''),
  '.cache': { 'x.jpg': fileOf(10, 'x.jpg', 'image/jpeg') },
  empty: {},
  raw: {
    'b.jpg': fileOf(200, 'b.jpg', 'image/jpeg'),
    'c.jpg': fileOf(300, 'c.jpg', 'image/jpeg'),
    deeper: { 'd.jpg': fileOf(400, 'd.jpg', 'image/jpeg'), 'e.jpg': fileOf(1, 'e.jpg') },
  },
});

describe('folders: drop, picker, paths and the folder line', () => {
  it('the engine has the entries API and the folder picker (what a script drop gives is noted)', async () => {
    expect(typeof DataTransferItem.prototype.webkitGetAsEntry).to.equal('function');
    expect('webkitdirectory' in HTMLInputElement.prototype).to.equal(true);
    expect('webkitRelativePath' in File.prototype).to.equal(true);
    // A script's DataTransfer: no directory entry in any engine; a file entry or null.
    const transfer = new DataTransfer();
    transfer.items.add(fileOf(5, 'plain.txt', 'text/plain'));
    const entry = transfer.items[0].webkitGetAsEntry();
    expect(entry === null || entry.isFile).to.equal(true);
    console.info(`a script's DataTransfer item gives ${entry ? 'a file entry' : 'no entry'}`);

    // Whatever the engine gives, a real drop of that DataTransfer adds the file on its own.
    const el = await uploader();
    const base = shadow(el).querySelector('[part=base]')!;
    base.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    await until(() => el.uploads.length === 1, 'the dropped file');
    expect(el.uploads[0].name).to.equal('plain.txt');
    expect(el.uploads[0].relativePath).to.equal(undefined);
  });

  it('a dropped folder adds every file inside with its path; hidden files and empty folders add nothing', async () => {
    const el = await uploader();
    const folder = directoryEntry('shoot', shoot());
    const loose = fileOf(7, 'loose.txt', 'text/plain');
    drop(el, [{ entry: folder }, { file: loose }]);
    await until(() => el.uploads.length === 6, 'six files');
    expect(el.uploads.map((u) => u.relativePath ?? u.name)).to.deep.equal([
      'shoot/a.jpg',
      'shoot/raw/b.jpg',
      'shoot/raw/c.jpg',
      'shoot/raw/deeper/d.jpg',
      'shoot/raw/deeper/e.jpg',
      'loose.txt',
    ]);
    // Read in batches of two until an empty batch: five entries at the top take four reads.
    expect(folder.reads).to.equal(4);
    // The path goes to the worker with the file, for the protocol to send.
    await worker.nextStart(1);
    expect(worker.starts()[0].info.relativePath).to.equal('shoot/a.jpg');
    expect(worker.starts()[1].info.relativePath).to.equal('shoot/raw/b.jpg');
  });

  it('include-hidden takes the hidden files too', async () => {
    const el = await uploader({ 'include-hidden': '' });
    drop(el, [{ entry: directoryEntry('shoot', shoot()) }]);
    await until(() => el.uploads.length === 8, 'eight files');
    const paths = el.uploads.map((u) => u.relativePath);
    expect(paths).to.include.members(['shoot/.DS_Store', 'shoot/Thumbs.db', 'shoot/.cache/x.jpg']);
  });

  it('accept and max-file-size apply to each file of a folder', async () => {
    const el = await uploader({ accept: 'image/*', 'max-file-size': '250' });
    drop(el, [{ entry: directoryEntry('shoot', shoot()) }]);
    await until(() => el.uploads.length === 5, 'five files');
    const byPath = Object.fromEntries(
      el.uploads.map((u) => [u.relativePath, u.error?.code ?? u.status]),
    );
    expect(byPath).to.deep.equal({
      'shoot/a.jpg': 'uploading',
      'shoot/raw/b.jpg': 'uploading',
      'shoot/raw/c.jpg': 'file-too-large',
      'shoot/raw/deeper/d.jpg': 'file-too-large',
      'shoot/raw/deeper/e.jpg': 'file-type',
    });
  });

  it('a file of the folder that cannot be read is listed as refused with its path', async () => {
    const el = await uploader();
    const tree = directoryEntry('shoot', { 'a.jpg': fileOf(5, 'a.jpg', 'image/jpeg') });
    const gone = {
      ...fileEntry(fileOf(1, 'gone.jpg'), '/shoot/gone.jpg'),
      file: (_: unknown, fail: (e: Error) => void) => setTimeout(() => fail(new Error('gone')), 0),
    };
    const reader = tree.createReader.bind(tree);
    tree.createReader = () => {
      const inner = reader();
      let first = true;
      return {
        readEntries: (done: (entries: unknown[]) => void) =>
          first ? ((first = false), setTimeout(() => done([gone]), 0)) : inner.readEntries(done),
      };
    };
    drop(el, [{ entry: tree }]);
    await until(() => el.uploads.length === 2, 'two rows');
    const refused = el.uploads.find((u) => u.name === 'gone.jpg')!;
    expect(refused.error).to.include({ code: 'file-unreadable' });
    expect(refused.error!.message).to.equal('shoot/gone.jpg could not be read.');
    expect(el.uploads.find((u) => u.name === 'a.jpg')!.relativePath).to.equal('shoot/a.jpg');
  });

  it('a path with "..", or control characters, is refused and never reaches the worker', async () => {
    const el = await uploader({ 'include-hidden': '' });
    const bad = directoryEntry('shoot', {
      '..': { 'passwd.jpg': fileOf(5, 'passwd.jpg', 'image/jpeg') },
      'bell\u0007.jpg': fileOf(5, 'bell\u0007.jpg', 'image/jpeg'),
    });
    drop(el, [{ entry: bad }]);
    await until(() => el.uploads.length === 2, 'two refused files');
    expect(el.uploads.map((u) => u.error?.code)).to.deep.equal(['file-path', 'file-path']);
    expect(el.uploads[0].error!.message).to.contain('shoot/../passwd.jpg cannot be uploaded');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.starts()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('a folder is one line with its totals; the disclosure button shows its files, by keyboard too', async () => {
    const el = await uploader();
    drop(el, [{ entry: directoryEntry('shoot', shoot()) }, { file: fileOf(7, 'loose.txt') }]);
    await until(() => el.uploads.length === 6, 'six files');
    await el.updateComplete;
    const folders = shadow(el).querySelectorAll('[part=folder]');
    expect(folders).to.have.length(1);
    expect(folders[0].querySelector('[part=folder-name]')!.textContent).to.equal('shoot');
    expect(folders[0].textContent).to.contain('0 of 5 files done');
    // Closed: the folder's files are not shown, the loose file is.
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('false');
    expect([...shadow(el).querySelectorAll('[part=name]')].map((n) => n.textContent)).to.deep.equal(
      ['loose.txt'],
    );
    await expect(el).to.be.accessible();

    // A native button: the keyboard reaches it, and Enter and Space press it.
    toggle(el).focus();
    expect(shadow(el).activeElement).to.equal(toggle(el));
    toggle(el).click();
    await el.updateComplete;
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('true');
    const names = [...folders[0].querySelectorAll('[part=name]')].map((n) => n.textContent);
    expect(names).to.deep.equal([
      'a.jpg',
      'raw/b.jpg',
      'raw/c.jpg',
      'raw/deeper/d.jpg',
      'raw/deeper/e.jpg',
    ]);
    await expect(el).to.be.accessible();

    toggle(el).click();
    await el.updateComplete;
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('false');

    // Totals follow the files' progress.
    const [a] = [await worker.nextStart(0)];
    worker.reply({ type: 'success', id: a.id, result: { id: 'a' } });
    await until(() => folders[0].textContent!.includes('1 of 5 files done'), 'the folder count');
  });

  it('Pause, Resume and Cancel of a folder act on its files only', async () => {
    const el = await uploader({ 'parallel-uploads': '3' });
    drop(el, [{ entry: directoryEntry('shoot', shoot()) }, { file: fileOf(7, 'loose.txt') }]);
    await until(() => el.uploads.length === 6, 'six files');
    await el.updateComplete;
    const loose = el.uploads.find((u) => u.name === 'loose.txt')!;

    folderButton(el, 'Pause shoot')!.click();
    await until(
      () => el.uploads.filter((u) => u.relativePath).every((u) => u.status === 'paused'),
      'the folder paused',
    );
    expect(el.uploads.find((u) => u.id === loose.id)!.status).to.not.equal('paused');
    await el.updateComplete;
    expect(folderButton(el, 'Pause shoot')).to.equal(undefined);

    folderButton(el, 'Resume shoot')!.click();
    await until(
      () => el.uploads.filter((u) => u.relativePath).every((u) => u.status !== 'paused'),
      'the folder resumed',
    );

    await el.updateComplete;
    folderButton(el, 'Cancel shoot')!.click();
    await until(() => el.uploads.length === 1, 'the folder cancelled');
    expect(el.uploads[0].name).to.equal('loose.txt');
    expect(shadow(el).querySelector('[part=folder]')).to.equal(null);
  });

  it('the directory attribute offers a folder picker whose files keep their webkitRelativePath', async () => {
    const el = await uploader();
    expect(shadow(el).querySelector('[part=folder-button]')).to.equal(null);
    el.setAttribute('directory', '');
    await el.updateComplete;
    const button = shadow(el).querySelector<HTMLButtonElement>('[part=folder-button]')!;
    expect(button.textContent!.trim()).to.equal('Choose a folder');
    const input = shadow(el).querySelector<HTMLInputElement>('input[webkitdirectory]')!;
    expect(input.webkitdirectory).to.equal(true);
    let clicked = 0;
    input.addEventListener('click', (e) => {
      clicked++;
      e.preventDefault();
    });
    button.click();
    expect(clicked).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('after a reload a folder’s file is restored under its folder and resumes with its path', async () => {
    const url = endpoint();
    const file = fileOf(4096, 'b.jpg', 'image/jpeg');
    const info = { ...infoOf(file), relativePath: 'shoot/raw/b.jpg' };
    worker.sessions = [storedSession('content-range', url, info, 1024)];
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint=${url} multiple keep-files="none"></resumable-upload>`,
    );
    await el.restored;
    await el.updateComplete;
    expect(el.uploads[0]).to.include({ status: 'restored', relativePath: 'shoot/raw/b.jpg' });
    expect(shadow(el).querySelector('[part=folder-name]')!.textContent).to.equal('shoot');
    await expect(el).to.be.accessible();
    // The same file, picked again on its own (no path of its own): it continues the session.
    el.addFiles([file]);
    const start = await worker.nextStart(0);
    expect(start.info).to.deep.equal(info);
    expect(start.config.endpoint).to.equal(url);
    expect(sessionKey('content-range', url, start.info)).to.equal(worker.sessions[0].key);
  });
});
