import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/resumable-upload.js';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import { matchesAccept } from '../../src/element/file-intake.js';

const file = (size: number, name = 'clip.mp4', type = 'video/mp4') =>
  new File([new Uint8Array(size)], name, { type, lastModified: 1_700_000_000_000 });

describe('<resumable-upload>', () => {
  it('has a labelled picker button and a real file input in its shadow root', async () => {
    const el = await fixture<ResumableUpload>(html`<resumable-upload></resumable-upload>`);
    const button = el.shadowRoot!.querySelector('button[part=button]') as HTMLButtonElement;
    expect(button.textContent?.trim()).to.equal('Choose files');
    const input = el.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
    expect(input).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('the button opens the picker, from the keyboard too', async () => {
    const el = await fixture<ResumableUpload>(html`<resumable-upload></resumable-upload>`);
    const input = el.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
    let opened = 0;
    input.click = () => {
      opened++;
    };
    const button = el.shadowRoot!.querySelector('button[part=button]') as HTMLButtonElement;
    button.focus();
    expect(el.shadowRoot!.activeElement).to.equal(button);
    button.click();
    expect(opened).to.equal(1);
  });

  it('reflects multiple and accept onto the input', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload multiple accept="image/*,.pdf"></resumable-upload>`,
    );
    const input = el.shadowRoot!.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.multiple).to.equal(true);
    expect(input.accept).to.equal('image/*,.pdf');
  });

  it('refuses a file over max-file-size before any request, with a message', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload max-file-size="1000" endpoint="/never" auto-start></resumable-upload>`,
    );
    const errored = oneEvent(el, 'upload-error');
    el.addFiles([file(2000)]);
    const { detail } = await errored;
    expect(detail.code).to.equal('file-too-large');
    expect(detail.message).to.contain('clip.mp4');
    expect(detail.willRetry).to.equal(false);
    await el.updateComplete;
    expect(el.uploads[0].status).to.equal('error');
    const message = el.shadowRoot!.querySelector('[part=message]')!;
    expect(message.textContent).to.contain('larger than');
    await expect(el).to.be.accessible();
  });

  it('refuses a type outside accept', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload accept="image/*" endpoint="/never"></resumable-upload>`,
    );
    const errored = oneEvent(el, 'upload-error');
    el.addFiles([file(10, 'notes.txt', 'text/plain')]);
    expect((await errored).detail.code).to.equal('file-type');
  });

  it('lists a held upload with a labelled progressbar and controls, and stays accessible', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint="/never"></resumable-upload>`,
    );
    const added = oneEvent(el, 'upload-added');
    el.addFiles([file(5000)]);
    const { detail } = await added;
    expect(detail.size).to.equal(5000);
    await el.updateComplete;
    const bar = el.shadowRoot!.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-label')).to.equal('Upload progress of clip.mp4');
    expect(bar.getAttribute('aria-valuenow')).to.equal('0');
    expect(el.uploads[0]).to.include({
      name: 'clip.mp4',
      size: 5000,
      bytesSent: 0,
      status: 'queued',
    });
    const cancel = el.shadowRoot!.querySelector('button[aria-label="Cancel clip.mp4"]');
    expect(cancel).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('events bubble and cross the shadow boundary (composed)', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div><resumable-upload endpoint="/never"></resumable-upload></div>`,
    );
    const el = host.querySelector('resumable-upload')!;
    const heard = oneEvent(host, 'upload-added');
    el.addFiles([file(1)]);
    const event = await heard;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
  });

  it('without multiple, takes only the first file', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint="/never"></resumable-upload>`,
    );
    el.addFiles([file(1, 'a.bin'), file(1, 'b.bin')]);
    expect(el.uploads.map((u) => u.name)).to.deep.equal(['a.bin']);
  });

  it('cancel removes a refused entry without a request', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload max-file-size="1" endpoint="/never"></resumable-upload>`,
    );
    el.addFiles([file(5)]);
    el.cancel();
    expect(el.uploads).to.deep.equal([]);
  });

  it('the form is invalid while an upload is queued to run', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><resumable-upload name="doc" endpoint="/never"></resumable-upload></form>`,
    );
    const el = form.querySelector('resumable-upload')!;
    expect(form.checkValidity()).to.equal(true);
    el.addFiles([file(5)]);
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
  });
});

describe('matchesAccept', () => {
  it('matches extensions, exact types and wildcards like <input accept>', () => {
    expect(matchesAccept(file(1, 'a.PDF', 'application/pdf'), '.pdf')).to.equal(true);
    expect(matchesAccept(file(1, 'a.png', 'image/png'), 'image/*')).to.equal(true);
    expect(matchesAccept(file(1, 'a.png', 'image/png'), 'video/*,.pdf')).to.equal(false);
    expect(matchesAccept(file(1, 'a.csv', 'text/csv'), 'text/csv')).to.equal(true);
  });
});
