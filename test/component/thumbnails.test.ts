import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { FileKeeper } from '../../src/element/kept-files.js';
import { sessionKey } from '../../src/core/session-store.js';
import { FakeWorker, fakeWorkerForEachTest, infoOf, storedSession, until } from './fake-worker.js';

/**
 * Pictures of images in the rows, made by the worker's code (the fake worker passes
 * thumbnail requests on to a real one); uploads are the fake's.
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

const ENDPOINT = 'https://api.example.test/pictures';

/** An image drawn and encoded in the test: two colours, so a picture is not blank. */
async function picture(name: string, type: 'image/png' | 'image/jpeg', w = 640, h = 480) {
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#1d4ed8';
  context.fillRect(0, 0, w, h);
  context.fillStyle = '#f59e0b';
  context.fillRect(w / 4, h / 4, w / 2, h / 2);
  const blob = await canvas.convertToBlob({ type, quality: 0.9 });
  return new File([blob], name, { type, lastModified: 1_700_000_000_000 });
}

const row = (el: ResumableUpload, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLLIElement>('li[part=item]')].find(
    (li) => li.querySelector('[part=name]')?.textContent === name,
  );
const pictureIn = (li: HTMLElement) => li.querySelector<HTMLImageElement>('img.thumbnail');
/** The picture is in the row and the browser decoded it. */
const shown = (li: HTMLElement | undefined) => {
  const img = li && pictureIn(li);
  return !!img && img.complete && img.naturalWidth > 0 && !img.hidden;
};

async function mount() {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${ENDPOINT} multiple auto-start></resumable-upload>`,
  );
  await el.restored;
  return el;
}

describe('thumbnails', () => {
  it('a PNG and a JPEG get a picture made in the worker; a PDF keeps its badge', async () => {
    const el = await mount();
    const png = await picture('banner.png', 'image/png');
    const jpeg = await picture('product.jpg', 'image/jpeg', 300, 600);
    const pdf = new File(['%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'], 'terms.pdf', {
      type: 'application/pdf',
    });
    el.addFiles([png, pdf, jpeg]);
    await until(
      () => shown(row(el, 'banner.png')) && shown(row(el, 'product.jpg')),
      'both pictures shown',
    );
    // Only the images went to the worker, each as a square of device pixels.
    const asked = worker.thumbnailsAsked();
    expect(asked.map((m) => (m.file as File).name)).to.deep.equal(['banner.png', 'product.jpg']);
    const img = pictureIn(row(el, 'product.jpg')!)!;
    expect(img.naturalWidth).to.equal(img.naturalHeight);
    expect(img.naturalWidth).to.equal(asked[1].edge);
    expect(img.getAttribute('alt')).to.equal('');
    const pdfRow = row(el, 'terms.pdf')!;
    expect(pictureIn(pdfRow)).to.equal(null);
    expect(pdfRow.querySelector('.badge')!.textContent!.trim()).to.equal('PDF');
    // The picture is a few KB at most.
    for (const reply of worker.thumbnailReplies) {
      expect(reply.ok).to.equal(true);
      if (reply.ok) expect(reply.dataUrl).to.match(/^data:image\/(webp|jpeg);base64,/);
      if (reply.ok) expect(reply.dataUrl.length).to.be.below(16 * 1024);
    }
    await expect(el).to.be.accessible();
  });

  it('a corrupt image keeps its badge and still uploads', async () => {
    const el = await mount();
    const good = await picture('good.png', 'image/png');
    // A PNG whose header is whole but whose pixel data is garbage: the size reads, the decode fails.
    const bytes = new Uint8Array(await good.arrayBuffer());
    for (let i = 40; i < bytes.length; i++) bytes[i] = (i * 37) & 0xff;
    const corrupt = new File([bytes], 'broken.png', { type: 'image/png', lastModified: 1 });
    el.addFiles([corrupt, good]);
    // One at a time, in order: once the good one shows, the corrupt one was answered.
    await until(() => shown(row(el, 'good.png')), 'the good picture');
    expect(worker.thumbnailReplies.map((r) => r.ok)).to.deep.equal([false, true]);
    const broken = row(el, 'broken.png')!;
    expect(pictureIn(broken)).to.equal(null);
    expect(broken.querySelector('.badge')!.textContent!.trim()).to.equal('PNG');
    const start = worker.starts().find((s) => (s.file as File).name === 'broken.png')!;
    worker.reply({ type: 'success', id: start.id, result: { id: 'broken-1' } });
    await until(
      () => broken.querySelector('[part=status]')?.textContent?.trim() === 'Done',
      'the corrupt image uploaded',
    );
  });

  it('a restored row keeps its small picture from before the reload', async () => {
    const first = await mount();
    const png = await picture('hero.png', 'image/png');
    first.addFiles([png]);
    await until(() => shown(row(first, 'hero.png')), 'the picture');
    const key = sessionKey('content-range', ENDPOINT, infoOf(png));
    const keeper = new FileKeeper();
    await until(async () => (await keeper.load(key))?.thumbnail, 'the picture kept');
    const kept = (await keeper.load(key))!.thumbnail!;
    expect(kept.length).to.be.within(1, 16 * 1024);

    // The "reload": a new element finds the stored session and its kept record.
    fixtureCleanup();
    worker.sessions = [storedSession('content-range', ENDPOINT, infoOf(png), 1024)];
    const askedBefore = worker.thumbnailsAsked().length;
    const second = await mount();
    await until(() => row(second, 'hero.png'), 'the restored row');
    const restored = row(second, 'hero.png')!;
    await until(() => shown(restored), 'the kept picture');
    // This tab's first element still holds the upload's lock: it shows as running elsewhere.
    expect(second.uploads.map((u) => [u.name, u.elsewhere])).to.deep.equal([['hero.png', true]]);
    // Shown from storage: nothing was decoded again.
    expect(worker.thumbnailsAsked().length).to.equal(askedBefore);
    await expect(second).to.be.accessible();
    second.cancel();
    await keeper.drop(key);
  });
});
