import { expect, fixture, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { FileKeeper } from '../../src/element/kept-files.js';
import { englishStrings } from '../../src/element/strings.js';
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
 * When no copy of a file can be kept for a pick-free resume (storage full, or a browser
 * that refuses files in IndexedDB, as private windows and WebKit under automation do),
 * the row says so while uploading and again after a reload, instead of falling back
 * silently to asking for the file.
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));
afterEach(() => {
  // Back to the browser's own `navigator.storage` (the prototype's getter), if a test hid it.
  delete (navigator as { storage?: unknown }).storage;
});

const message = (el: ResumableUpload) =>
  el.shadowRoot!.querySelector('[part=message]')?.textContent?.trim();

/** Make `navigator.storage.estimate()` answer as a full disk, or as a browser without it. */
function storageThatIs(kind: 'full' | 'absent') {
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: kind === 'full' ? { estimate: async () => ({ quota: 1000, usage: 990 }) } : undefined,
  });
}

async function uploadingOne(endpoint: string, file: File) {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${endpoint} auto-start></resumable-upload>`,
  );
  await el.restored;
  el.addFiles([file]);
  await worker.nextStart(0);
  return el;
}

describe('a file that could not be kept', () => {
  for (const [kind, reason] of [
    ['full', 'no-room'],
    ['absent', 'refused'],
  ] as const) {
    it(`says why a reload will ask for it (storage ${kind})`, async () => {
      storageThatIs(kind);
      const endpoint = `https://api.example.test/unkept-${kind}`;
      const file = fileOf(4096, `${kind}.bin`);
      const el = await uploadingOne(endpoint, file);
      await until(() => el.uploads[0]?.unkept === reason, `unkept: ${reason}`);
      expect(el.uploads[0].kept).to.equal(undefined);
      await el.updateComplete;
      expect(message(el)).to.equal(englishStrings.notKept(reason));

      // What the row will say after a reload is stored beside the session.
      const key = sessionKey('content-range', endpoint, infoOf(file));
      expect((await new FileKeeper().load(key))?.unkept).to.equal(reason);
      el.cancel();
      await until(async () => !(await new FileKeeper().load(key)), 'the note to go on cancel');
    });

    it(`after a reload, the restored row says why the file is asked for (${reason})`, async () => {
      const endpoint = `https://api.example.test/restored-unkept-${kind}`;
      const file = fileOf(4096, `${kind}-restored.bin`);
      const session = storedSession('content-range', endpoint, infoOf(file), 1024);
      await new FileKeeper().noteUnkept(session.key, infoOf(file), reason);
      worker.sessions = [session];
      const el = await fixture<ResumableUpload>(
        html`<resumable-upload endpoint=${endpoint}></resumable-upload>`,
      );
      await el.restored;
      await el.updateComplete;
      expect(el.uploads[0]).to.include({ status: 'restored', unkept: reason });
      expect(el.uploads[0].kept).to.equal(undefined);
      expect(message(el)).to.equal(englishStrings.restoredNotKept(reason));
      await expect(el).to.be.accessible();
      el.cancel();
      await until(async () => !(await new FileKeeper().load(session.key)), 'the note to go');
    });
  }

  it('a finished upload drops the note and shows no warning', async () => {
    storageThatIs('absent');
    const endpoint = 'https://api.example.test/unkept-done';
    const file = fileOf(2048, 'done.bin');
    const el = await uploadingOne(endpoint, file);
    await until(() => el.uploads[0]?.unkept === 'refused', 'the upload to be marked');
    const { id } = worker.starts()[0];
    worker.reply({ type: 'success', id, result: 'ok' });
    await until(() => el.uploads[0]?.status === 'done', 'done');
    await el.updateComplete;
    expect(message(el)).to.not.equal(englishStrings.notKept('refused'));
    const key = sessionKey('content-range', endpoint, infoOf(file));
    await until(async () => !(await new FileKeeper().load(key)), 'the note to go');
  });
});
