import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { germanStrings } from '../../src/element/locales/de.js';
import { FakeWorker, fileOf, until, fakeWorkerForEachTest } from './fake-worker.js';

/**
 * The queue as a user sees and touches it, with a scripted worker: every
 * state is reachable on demand and checked with axe.
 */

const ENDPOINT = 'https://api.example.test/upload';
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

async function uploader(attrs = '') {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${ENDPOINT} multiple auto-start></resumable-upload>`,
  );
  for (const attr of attrs.split(' ').filter(Boolean)) el.setAttribute(attr, '');
  await el.restored;
  return el;
}

const shadow = (el: ResumableUpload) => el.shadowRoot!;
const buttonNamed = (el: ResumableUpload, name: string) =>
  [...shadow(el).querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name,
  );
const statusOf = (el: ResumableUpload, index = 0) =>
  shadow(el).querySelectorAll('[part=status]')[index]?.textContent?.trim();

describe('queue states (scripted worker)', () => {
  it('is accessible empty, while dragging, uploading, paused, failed and done', async () => {
    const el = await uploader();
    await expect(el).to.be.accessible();

    // Dragging: a visible state on the frame and an overlay.
    const base = shadow(el).querySelector('[part=base]')!;
    const transfer = new DataTransfer();
    transfer.items.add(fileOf(10));
    base.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
    await el.updateComplete;
    expect(base.classList.contains('dragging')).to.equal(true);
    const overlay = shadow(el).querySelector('[part=drop-overlay]')!;
    await until(() => getComputedStyle(overlay).opacity === '1', 'the overlay to show');
    await expect(el).to.be.accessible();
    base.dispatchEvent(new DragEvent('dragleave', { dataTransfer: transfer, bubbles: true }));
    await el.updateComplete;
    expect(base.classList.contains('dragging')).to.equal(false);
    // The overlay fades out over 150 ms: until then axe would read its half-faded text.
    await until(() => getComputedStyle(overlay).opacity === '0', 'the overlay to hide');

    // Uploading, with speed and time left.
    el.addFiles([fileOf(1000, 'a.mp4'), fileOf(2000, 'b.pdf', 'application/pdf')]);
    const [a, b] = [await worker.nextStart(0), await worker.nextStart(1)];
    worker.reply({ type: 'progress', id: a.id, bytesSent: 0, bytesConfirmed: 0, bytesTotal: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    worker.reply({
      type: 'progress',
      id: a.id,
      bytesSent: 400,
      bytesConfirmed: 400,
      bytesTotal: 1000,
    });
    await el.updateComplete;
    expect(statusOf(el, 0)).to.equal('Uploading');
    expect(shadow(el).querySelector('.speed')?.textContent).to.match(
      /(\/s|per second)\s+·\s+\S+ left/,
    );
    // The overall line shows with two files.
    expect(shadow(el).querySelector('[part=summary]')?.textContent).to.contain('0 of 2 files done');
    await expect(el).to.be.accessible();

    // Paused.
    el.pause(a.id);
    await until(() => el.uploads[0].status === 'paused', 'paused');
    await el.updateComplete;
    expect(statusOf(el, 0)).to.equal('Paused');
    await expect(el).to.be.accessible();

    // Failed, with its message.
    worker.reply({
      type: 'failed',
      id: b.id,
      error: { code: 'http', message: 'The server answered 500.', status: 500, willRetry: false },
    });
    await el.updateComplete;
    expect(statusOf(el, 1)).to.equal('Failed');
    expect(shadow(el).querySelector('.status-error [part=message]')?.textContent).to.contain(
      'answered 500',
    );
    await expect(el).to.be.accessible();

    // Done, showing what the server returned.
    el.resume(a.id);
    const again = await worker.nextStart(2);
    worker.reply({
      type: 'success',
      id: again.id,
      result: { id: 'f-123', url: 'https://cdn.example.test/f-123' },
    });
    await el.updateComplete;
    expect(statusOf(el, 0)).to.equal('Done');
    const result = shadow(el).querySelector('[part=result] a') as HTMLAnchorElement;
    expect(result.href).to.equal('https://cdn.example.test/f-123');
    await expect(el).to.be.accessible();
  });

  it('pause all, resume all, retry failed, cancel all and clear finished act on every file', async () => {
    const el = await uploader();
    el.addFiles([fileOf(10, 'a.bin'), fileOf(20, 'b.bin'), fileOf(30, 'c.bin')]);
    el.parallelUploads = 3;
    el.start();
    await worker.nextStart(2);
    await el.updateComplete;
    buttonNamed(el, 'Pause all')!.click();
    await until(() => el.uploads.every((u) => u.status === 'paused'), 'all paused');
    await el.updateComplete;
    buttonNamed(el, 'Resume all')!.click();
    await worker.nextStart(5);
    const [a, b, c] = worker.starts().slice(3);
    worker.reply({ type: 'success', id: a.id, result: 'first' });
    worker.reply({
      type: 'failed',
      id: b.id,
      error: { code: 'network', message: 'Offline.', willRetry: false },
    });
    await el.updateComplete;
    buttonNamed(el, 'Retry failed')!.click();
    const retried = await worker.nextStart(6);
    expect(retried.id).to.equal(b.id);
    await el.updateComplete;
    buttonNamed(el, 'Cancel all')!.click();
    await until(() => el.uploads.length === 1, 'cancelled');
    expect(worker.sent.filter((m) => m.type === 'cancel').map((m) => m.id)).to.have.members([
      b.id,
      c.id,
    ]);
    await el.updateComplete;
    expect(el.uploads[0]).to.include({ name: 'a.bin', status: 'done', result: 'first' });
    // A single upload: no overall line or toolbar.
    expect(shadow(el).querySelector('[part=summary]')).to.equal(null);
    buttonNamed(el, 'Remove a.bin')!.click();
    await el.updateComplete;
    expect(el.uploads).to.deep.equal([]);
  });

  it('Pause turns into Resume on the same button, so keyboard focus stays', async () => {
    const el = await uploader();
    el.addFiles([fileOf(100, 'clip.mp4')]);
    const start = await worker.nextStart(0);
    await el.updateComplete;
    const pause = buttonNamed(el, 'Pause clip.mp4')!;
    pause.focus();
    pause.click();
    await until(() => el.uploads[0].status === 'paused');
    await el.updateComplete;
    const active = shadow(el).activeElement as HTMLButtonElement;
    expect(active.getAttribute('aria-label')).to.equal('Resume clip.mp4');
    active.click();
    const resumed = await worker.nextStart(1);
    expect(resumed.id).to.equal(start.id);
    await el.updateComplete;
    expect((shadow(el).activeElement as HTMLElement).getAttribute('aria-label')).to.equal(
      'Pause clip.mp4',
    );
  });

  it('focus moves to the next file when a cancelled one leaves the list', async () => {
    const el = await uploader();
    el.addFiles([fileOf(10, 'focus-a.bin'), fileOf(20, 'focus-b.bin')]);
    await worker.nextStart(1);
    await el.updateComplete;
    const cancel = buttonNamed(el, 'Cancel focus-a.bin')!;
    cancel.focus();
    cancel.click();
    await until(() => el.uploads.length === 1);
    await el.updateComplete;
    await until(
      () => shadow(el).activeElement?.getAttribute('aria-label') === 'Pause focus-b.bin',
      'focus on the next file',
    );
  });

  it('announces start, quarter milestones, success and errors in a live region', async () => {
    const el = await uploader();
    const live = shadow(el).querySelector('[role=status]')!;
    el.addFiles([fileOf(1000)]);
    const { id } = await worker.nextStart(0);
    await el.updateComplete;
    expect(live.textContent).to.contain('Uploading clip.mp4');
    worker.reply({ type: 'progress', id, bytesSent: 300, bytesConfirmed: 300, bytesTotal: 1000 });
    await el.updateComplete;
    expect(live.textContent).to.contain('clip.mp4: 25%');
    worker.reply({ type: 'success', id, result: { id: 'x' } });
    await until(() => live.textContent!.includes('clip.mp4 uploaded'), 'the success announcement');
    el.maxFileSize = 5;
    el.addFiles([fileOf(10, 'big.bin')]);
    await el.updateComplete;
    expect(live.textContent).to.contain('big.bin failed: big.bin is larger than');
  });

  it('fires upload-progress for every chunk but repaints at most five times a second', async () => {
    const el = await uploader();
    el.addFiles([fileOf(1000)]);
    const { id } = await worker.nextStart(0);
    await el.updateComplete;
    const bar = () => shadow(el).querySelector('[part=progress]')!.getAttribute('aria-valuenow');
    const seen: number[] = [];
    el.addEventListener('upload-progress', (e) => seen.push(e.detail.bytesSent));
    // Repaints the queue asks for (a reactive property's own update passes its name).
    let repaints = 0;
    const requestUpdate = el.requestUpdate.bind(el);
    el.requestUpdate = (...args: Parameters<typeof el.requestUpdate>) => {
      if (args.length === 0) repaints++;
      requestUpdate(...args);
    };
    // The first confirmation is painted at once; the ones right behind it (all below the 50%
    // announcement) wait, and share one repaint.
    worker.reply({ type: 'progress', id, bytesSent: 260, bytesConfirmed: 260, bytesTotal: 1000 });
    expect(repaints).to.equal(1);
    for (const sent of [300, 350, 400, 450]) {
      worker.reply({
        type: 'progress',
        id,
        bytesSent: sent,
        bytesConfirmed: sent,
        bytesTotal: 1000,
      });
    }
    expect(seen).to.deep.equal([260, 300, 350, 400, 450]);
    expect(repaints).to.equal(1);
    await until(() => bar() === '45', 'the coalesced repaint');
  });

  it('a worker that cannot be created fails the upload with the reason, no spinner left', async () => {
    ResumableUpload.createWorker = () => {
      throw new TypeError("This document requires 'TrustedScriptURL' assignment.");
    };
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint=${ENDPOINT} auto-start></resumable-upload>`,
    );
    // The restore listing still settles (with nothing to restore).
    await el.restored;
    el.addFiles([fileOf(1000, 'blocked.bin')]);
    await until(() => el.uploads[0]?.status === 'error', 'the upload to fail');
    expect(el.uploads[0].error?.code).to.equal('worker');
    expect(el.uploads[0].error?.message).to.contain('TrustedScriptURL');
    await el.updateComplete;
    expect(statusOf(el)).to.not.contain('Uploading');
  });

  it('drop adds files and paste adds files', async () => {
    const el = await uploader();
    const base = shadow(el).querySelector('[part=base]')!;
    const dropped = new DataTransfer();
    dropped.items.add(fileOf(10, 'dropped.png', 'image/png'));
    base.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dropped, bubbles: true }));
    base.dispatchEvent(
      new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }),
    );
    await until(() => el.uploads.length === 1, 'drop');
    expect(el.uploads[0].name).to.equal('dropped.png');
    await el.updateComplete;
    expect(base.classList.contains('dragging')).to.equal(false);

    const pasted = new DataTransfer();
    pasted.items.add(fileOf(10, 'pasted.png', 'image/png'));
    const button = shadow(el).querySelector('button[part=button]') as HTMLButtonElement;
    button.focus();
    const paste = new ClipboardEvent('paste', {
      clipboardData: pasted,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    // Firefox builds a scripted ClipboardEvent's clipboardData from its own non-standard
    // `dataType`/`data` members and ignores `clipboardData`: the event comes out with an empty
    // one, so no script can make a paste that carries files there. Only there, hand the event
    // the clipboardData a real paste of a file carries; the element reads it all the same.
    const firefox = navigator.userAgent.includes('Firefox/');
    expect(paste.clipboardData?.files.length).to.equal(firefox ? 0 : 1);
    if (firefox) Object.defineProperty(paste, 'clipboardData', { value: pasted });
    button.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    expect(el.uploads.map((u) => u.name)).to.deep.equal(['dropped.png', 'pasted.png']);
  });

  it('a disabled element takes no drops, pastes or picks', async () => {
    const el = await uploader('disabled');
    await el.updateComplete;
    const transfer = new DataTransfer();
    transfer.items.add(fileOf(10));
    el.shadowRoot!.querySelector('[part=base]')!.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    el.addFiles([fileOf(10)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(el.uploads).to.deep.equal([]);
    expect(
      (shadow(el).querySelector('button[part=button]') as HTMLButtonElement).disabled,
    ).to.equal(true);
  });

  it('shows accepted types and size limits, and refuses others per file', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload
        endpoint=${ENDPOINT}
        multiple
        accept="image/*,.pdf"
        max-file-size="1000"
      ></resumable-upload>`,
    );
    await el.restored;
    expect(shadow(el).querySelector('.limits')?.textContent).to.equal(
      'Up to 1,000 bytes each · Accepted: image/*,.pdf',
    );
    el.addFiles([
      fileOf(10, 'ok.png', 'image/png'),
      fileOf(5000, 'big.png', 'image/png'),
      fileOf(10, 'notes.txt', 'text/plain'),
    ]);
    await el.updateComplete;
    const messages = [...shadow(el).querySelectorAll('[part=message]')].map((m) => m.textContent);
    expect(messages).to.deep.equal([
      'big.png is larger than the 1,000 bytes allowed.',
      'notes.txt is not an accepted type (image/*,.pdf).',
    ]);
    expect(worker.starts()).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('speaks German, with German number formats', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload
        endpoint=${ENDPOINT}
        locale="de"
        .strings=${germanStrings}
      ></resumable-upload>`,
    );
    await el.restored;
    el.addFiles([fileOf(1536 * 1024, 'film.mp4')]);
    await el.updateComplete;
    expect(shadow(el).querySelector('button[part=button]')!.textContent!.trim()).to.equal(
      'Dateien auswählen',
    );
    expect(statusOf(el)).to.equal('Wartet');
    expect(shadow(el).querySelector('.bytes')!.textContent).to.equal('0 Byte von 1,5 MB');
    await expect(el).to.be.accessible();
  });

  it('a partial strings table keeps English for the rest', async () => {
    const el = await uploader();
    el.strings = { chooseFiles: 'Add videos' };
    await el.updateComplete;
    expect(shadow(el).querySelector('button[part=button]')!.textContent!.trim()).to.equal(
      'Add videos',
    );
    expect(shadow(el).querySelector('[part=hint]')!.textContent!.trim()).to.equal(
      'or drop or paste them here',
    );
  });

  it('compact is a denser variant and stays accessible', async () => {
    const el = await uploader('compact');
    el.addFiles([fileOf(10, 'compact.mp4')]);
    await el.updateComplete;
    expect(el.hasAttribute('compact')).to.equal(true);
    const icon = shadow(el).querySelector('.icon')!;
    expect(getComputedStyle(icon).display).to.equal('none');
    await expect(el).to.be.accessible();
  });

  it('upload-success carries what the server answered', async () => {
    const el = await uploader();
    el.addFiles([fileOf(10, 'answer.mp4')]);
    const { id } = await worker.nextStart(0);
    const success = oneEvent(el, 'upload-success');
    worker.reply({ type: 'success', id, result: { key: 'uploads/clip.mp4' } });
    expect((await success).detail.result).to.deep.equal({ key: 'uploads/clip.mp4' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=result]')!.textContent).to.contain('uploads/clip.mp4');
  });

  it('tells the worker which backend functions the page has, and answers its calls to them', async () => {
    const el = await uploader();
    const calls: unknown[] = [];
    el.backend = {
      createSession: (args: { name: string }) => {
        calls.push(args);
        return { url: `https://storage.example.test/${args.name}` };
      },
      notAFunction: 'x' as unknown as () => unknown,
    };
    el.addFiles([fileOf(10, 'clip.mov')]);
    const { config } = await worker.nextStart(0);
    expect(config.options.backend).to.deep.equal(['createSession']);
    expect(await el.pageCall('createSession', { name: 'clip.mov' })).to.deep.equal({
      url: 'https://storage.example.test/clip.mov',
    });
    expect(calls).to.deep.equal([{ name: 'clip.mov' }]);
  });
});
