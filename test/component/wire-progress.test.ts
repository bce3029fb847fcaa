import { expect, fixture, html } from '@open-wc/testing';
import type { UploadProgressDetail, UploadStartDetail } from '../../src/element/events.js';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import { FakeWorker, fakeWorkerForEachTest, fileOf, until } from './fake-worker.js';

/**
 * The bar moves with the bytes on the wire, and falls back to the bytes the server
 * confirmed when the upload fails or pauses: a resume starts from those.
 */
const ENDPOINT = 'https://api.example.test/upload';
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

async function uploader() {
  const el = await fixture<ResumableUpload>(
    html`<resumable-upload endpoint=${ENDPOINT} auto-start></resumable-upload>`,
  );
  await el.restored;
  return el;
}

const bar = (el: ResumableUpload) =>
  el.shadowRoot!.querySelector('[part=progress]')?.getAttribute('aria-valuenow');

describe('bytes on the wire in the element', () => {
  it('shows sent bytes, falls back to confirmed ones after a failure, and resumes from those', async () => {
    const el = await uploader();
    const progress: UploadProgressDetail[] = [];
    const starts: UploadStartDetail[] = [];
    el.addEventListener('upload-progress', (e) => progress.push(e.detail));
    el.addEventListener('upload-start', (e) => starts.push(e.detail));
    el.addFiles([fileOf(1000)]);
    const { id } = await worker.nextStart(0);
    worker.reply({ type: 'progress', id, bytesSent: 600, bytesConfirmed: 200, bytesTotal: 1000 });
    await until(() => bar(el) === '60', 'the bar at the sent bytes');
    expect(el.uploads[0].bytesSent).to.equal(600);
    expect(el.uploads[0].bytesConfirmed).to.equal(200);
    expect(progress.at(-1)).to.include({ bytesSent: 600, bytesConfirmed: 200, bytesTotal: 1000 });
    await expect(el).to.be.accessible();

    worker.reply({
      type: 'failed',
      id,
      error: { code: 'network', message: 'The network went away.', willRetry: false },
    });
    await until(() => el.uploads[0].status === 'error', 'the failure');
    await until(() => bar(el) === '20', 'the bar back at the confirmed bytes');
    expect(el.uploads[0].bytesSent).to.equal(200);

    el.resume(id);
    await worker.nextStart(1);
    await until(() => starts.length === 2, 'the second start');
    expect(starts[1].resumedFrom).to.equal(200);
  });

  it('a pause shows the confirmed bytes too', async () => {
    const el = await uploader();
    // Another file than the first test's, whose lock that test's element may still hold.
    el.addFiles([fileOf(1000, 'paused.mp4')]);
    const { id } = await worker.nextStart(0);
    worker.reply({ type: 'progress', id, bytesSent: 900, bytesConfirmed: 500, bytesTotal: 1000 });
    await until(() => bar(el) === '90', 'the bar at the sent bytes');
    el.pause(id);
    await until(() => el.uploads[0].status === 'paused', 'paused');
    await until(() => bar(el) === '50', 'the bar back at the confirmed bytes');
  });
});
