import { expect, fixture, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { FileKeeper } from '../../src/element/kept-files.js';
import type { RemoteUpdate } from '../../src/element/tab-sync.js';
import {
  FakeWorker,
  fileOf,
  indexedDbTakesFiles,
  infoOf,
  storedSession,
  until,
  fakeWorkerForEachTest,
} from './fake-worker.js';

/**
 * Restored uploads with a kept file, and uploads another tab drives; the
 * other tab is played by the test: it holds the Web Lock and talks on the
 * BroadcastChannel.
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

const shadow = (el: ResumableUpload) => el.shadowRoot!;
const statusText = (el: ResumableUpload) =>
  shadow(el).querySelector('[part=status]')?.textContent?.trim();
const button = (el: ResumableUpload, label: string) =>
  shadow(el).querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);

async function mount(endpoint: string) {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${endpoint} auto-start></resumable-upload>`,
  );
  await el.restored;
  await el.updateComplete;
  return el;
}

/** Hold the upload's lock like another tab would, until `release()`. */
function holdLock(key: string) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    void navigator.locks.request(`resumable-upload ${key}`, () => {
      resolve();
      return new Promise<void>((r) => (release = r));
    });
  });
  return { held, release: () => release() };
}

/** A stored session of `file` whose lock another tab holds: this tab sees it driven elsewhere. */
async function sessionHeldElsewhere(endpoint: string, file: File, bytesConfirmed: number) {
  const session = storedSession('content-range', endpoint, infoOf(file), bytesConfirmed);
  worker.sessions = [session];
  const other = holdLock(session.key);
  await other.held;
  return { session, other };
}

/** The other tab's last word on the channel: its upload of `size` bytes is done. */
function postDone(channel: BroadcastChannel, key: string, size: number, resultId: string) {
  const update: RemoteUpdate = {
    key,
    status: 'done',
    bytesSent: size,
    bytesTotal: size,
    bytesPerSecond: 0,
    secondsLeft: 0,
    result: { id: resultId },
  };
  channel.postMessage({ type: 'update', update });
}

describe('restored uploads and other tabs', () => {
  it('a restored upload with a kept copy resumes with one click, no picker (without one, asks for the file)', async () => {
    const endpoint = 'https://api.example.test/kept';
    const file = fileOf(4096, 'kept.bin');
    const session = storedSession('content-range', endpoint, infoOf(file), 1024);
    worker.sessions = [session];
    const kept = await new FileKeeper().keep(session.key, infoOf(file), { file });
    // Kept wherever IndexedDB stores a File; not in a private session (WebKitGTK under automation).
    expect(kept).to.equal(await indexedDbTakesFiles());
    const el = await mount(endpoint);
    expect(statusText(el)).to.equal('Interrupted');
    await expect(el).to.be.accessible();
    const input = shadow(el).querySelector('input[type=file]') as HTMLInputElement;
    let pickers = 0;
    input.click = () => void pickers++;
    if (kept) {
      expect(el.uploads[0]).to.include({ status: 'restored', bytesSent: 1024, kept: 'copy' });
      button(el, 'Resume kept.bin')!.click();
    } else {
      // No copy: no one-click Resume. The row asks for the file, Choose opens the picker for
      // it, and the file chosen there continues the stored session.
      expect(el.uploads[0]).to.include({ status: 'restored', bytesSent: 1024, kept: undefined });
      expect(button(el, 'Resume kept.bin')).to.equal(null);
      button(el, 'Choose file kept.bin')!.click();
      expect(pickers).to.equal(1);
      const chosen = new DataTransfer();
      chosen.items.add(file);
      input.files = chosen.files;
      input.dispatchEvent(new Event('change'));
    }
    const start = await worker.nextStart(0);
    expect(start.info).to.deep.equal(infoOf(file));
    expect(start.file.size).to.equal(4096);
    expect(pickers).to.equal(kept ? 0 : 1);
    worker.reply({ type: 'success', id: start.id, result: 'ok' });
    await until(async () => !(await new FileKeeper().load(session.key)), 'the kept copy to go');
  });

  it('without a kept file, Resume opens the picker for that upload', async () => {
    const endpoint = 'https://api.example.test/not-kept';
    const file = fileOf(2048, 'lost.bin');
    worker.sessions = [storedSession('content-range', endpoint, infoOf(file), 512)];
    const el = await mount(endpoint);
    expect(el.uploads[0].kept).to.equal(undefined);
    expect(button(el, 'Resume lost.bin')).to.equal(null);
    const input = shadow(el).querySelector('input[type=file]') as HTMLInputElement;
    let pickers = 0;
    input.click = () => void pickers++;
    button(el, 'Choose file lost.bin')!.click();
    expect(pickers).to.equal(1);
  });

  it('hands a new file to the worker before the lock is granted, then says go', async () => {
    const el = await mount('https://api.example.test/go');
    el.addFiles([fileOf(100, 'early.bin')]);
    // Posted while adding, not after the lock's answer: the worker starts a new upload at once.
    expect(worker.starts()).to.have.length(1);
    expect(worker.sent.some((m) => m.type === 'go')).to.equal(false);
    const { id } = worker.starts()[0];
    await until(() => worker.sent.some((m) => m.type === 'go' && m.id === id), 'go');
    expect(el.uploads[0]).to.include({ status: 'uploading', elsewhere: false });
    el.cancel();
  });

  it('stops its worker and shows the upload elsewhere when another tab holds the lock', async () => {
    const endpoint = 'https://api.example.test/lock-taken';
    const file = fileOf(100, 'taken.bin');
    const other = holdLock(storedSession('content-range', endpoint, infoOf(file), 0).key);
    await other.held;
    const el = await mount(endpoint);
    el.addFiles([file]);
    const { id } = worker.starts()[0];
    await until(() => worker.sent.some((m) => m.type === 'pause' && m.id === id), 'pause');
    await el.updateComplete;
    expect(worker.sent.some((m) => m.type === 'go')).to.equal(false);
    // The worker's `paused` answer does not turn it into this tab's paused upload.
    expect(el.uploads[0]).to.include({ status: 'uploading', elsewhere: true });
    expect(statusText(el)).to.equal('Uploading in another tab');
    other.release();
    el.cancel();
  });

  it('shows an upload another tab drives, with its progress, and takes over when that tab lets go', async () => {
    const endpoint = 'https://api.example.test/elsewhere';
    const file = fileOf(10_000, 'shared.bin');
    const session = storedSession('content-range', endpoint, infoOf(file), 1000);
    worker.sessions = [session];
    const kept = await new FileKeeper().keep(session.key, infoOf(file), { file });
    expect(kept).to.equal(await indexedDbTakesFiles());
    const other = holdLock(session.key);
    await other.held;
    const channel = new BroadcastChannel('resumable-upload');
    const asked: string[] = [];
    channel.onmessage = (event) => {
      if (event.data.type === 'ask') asked.push(event.data.key);
    };
    const el = await mount(endpoint);
    expect(el.uploads[0]).to.include({ status: 'uploading', elsewhere: true });
    expect(statusText(el)).to.equal('Uploading in another tab');
    expect(shadow(el).querySelectorAll('[part=actions] button')).to.have.length(0);
    await until(() => asked.includes(session.key), 'the element to ask how it goes');
    await expect(el).to.be.accessible();

    const update: RemoteUpdate = {
      key: session.key,
      status: 'uploading',
      bytesSent: 6000,
      bytesTotal: 10_000,
      bytesPerSecond: 2000,
      secondsLeft: 2,
    };
    channel.postMessage({ type: 'update', update });
    await until(() => el.uploads[0].bytesSent === 6000, 'live progress');
    await el.updateComplete;
    const bar = shadow(el).querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('60');
    expect(worker.starts()).to.deep.equal([]);

    // The other tab closes: this one carries on from the stored session.
    worker.sessions = [{ ...session, bytesConfirmed: 6000 }];
    const started = worker.starts().length;
    other.release();
    if (!kept) {
      // Where no copy could be kept (WebKitGTK under automation) this tab has no file to carry
      // on with: it lists the upload as interrupted at the other tab's offset and waits for the
      // file; chosen again, it continues from the stored session.
      await until(() => el.uploads[0].status === 'restored', 'the upload to wait for its file');
      expect(el.uploads[0]).to.include({ elsewhere: false, bytesSent: 6000, kept: undefined });
      expect(worker.starts()).to.deep.equal([]);
      el.addFiles([file]);
    }
    const start = await worker.nextStart(started);
    expect(start.info).to.deep.equal(infoOf(file));
    await el.updateComplete;
    expect(el.uploads[0]).to.include({ status: 'uploading', elsewhere: false });
    expect(statusText(el)).to.equal('Uploading');
    channel.close();
    el.cancel();
  });

  it('an upload finished in another tab shows as done there', async () => {
    const endpoint = 'https://api.example.test/elsewhere-done';
    const file = fileOf(500, 'remote.bin');
    const { session, other } = await sessionHeldElsewhere(endpoint, file, 100);
    const el = await mount(endpoint);
    const channel = new BroadcastChannel('resumable-upload');
    postDone(channel, session.key, file.size, 'remote-1');
    await until(() => el.uploads[0].status === 'done', 'done elsewhere');
    await el.updateComplete;
    expect(statusText(el)).to.equal('Done in another tab');
    expect(shadow(el).querySelector('[part=result]')!.textContent).to.contain('remote-1');
    other.release();
    channel.close();
  });

  it("an upload finished in another tab shows as done even when that tab's lock goes before its last word", async () => {
    const endpoint = 'https://api.example.test/elsewhere-done-late';
    const file = fileOf(500, 'late-word.bin');
    const { session, other } = await sessionHeldElsewhere(endpoint, file, 100);
    const el = await mount(endpoint);
    expect(el.uploads[0]).to.include({ status: 'uploading', elsewhere: true });
    // The other tab finished: its session is gone and it lets go of the lock. This tab is
    // granted the lock before the other's "done" arrives (a busy machine does that).
    worker.sessions = [];
    other.release();
    await until(
      () => navigator.locks.query().then(({ held }) => held?.length === 1),
      'the lock here',
    );
    const channel = new BroadcastChannel('resumable-upload');
    postDone(channel, session.key, file.size, 'remote-2');
    await until(() => el.uploads[0]?.status === 'done', 'done elsewhere');
    // Still listed as done after the wait for the last word, not dropped as ended elsewhere.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await el.updateComplete;
    expect(el.uploads[0]).to.include({ status: 'done', elsewhere: true });
    expect(statusText(el)).to.equal('Done in another tab');
    channel.close();
  });
});
