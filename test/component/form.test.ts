import { expect, fixture, html } from '@open-wc/testing';
import '../../src/resumable-upload.js';
import { FakeWorker, fileOf, until, fakeWorkerForEachTest } from './fake-worker.js';

/** Form association through ElementInternals, with a scripted worker. */

const ENDPOINT = 'https://api.example.test/form-upload';
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

async function formWith(attrs: { required?: boolean } = {}) {
  const form = await fixture<HTMLFormElement>(html`
    <form>
      <fieldset>
        <resumable-upload
          name="attachment"
          endpoint=${ENDPOINT}
          multiple
          auto-start
          ?required=${attrs.required}
        ></resumable-upload>
      </fieldset>
    </form>
  `);
  const el = form.querySelector('resumable-upload')!;
  await el.restored;
  return { form, el };
}

describe('<resumable-upload> in a form', () => {
  it('submits what the server returned for each finished file', async () => {
    const { form, el } = await formWith();
    el.addFiles([fileOf(10, 'form-a.bin'), fileOf(20, 'form-b.bin')]);
    const [a, b] = [await worker.nextStart(0), await worker.nextStart(1)];
    worker.reply({ type: 'success', id: a.id, result: { url: 'https://cdn.example.test/a' } });
    worker.reply({ type: 'success', id: b.id, result: { id: 'file-b', size: 20 } });
    await el.updateComplete;
    expect(new FormData(form).getAll('attachment')).to.deep.equal([
      'https://cdn.example.test/a',
      'file-b',
    ]);
    expect(form.checkValidity()).to.equal(true);
  });

  it('is invalid, with a message, while uploads are still running', async () => {
    const { form, el } = await formWith();
    el.addFiles([fileOf(10, 'form-busy.bin')]);
    const { id } = await worker.nextStart(0);
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity!.customError).to.equal(true);
    expect(el.validationMessage).to.equal('Wait until the uploads have finished.');
    // A paused upload is not finished either.
    el.pause(id);
    await until(() => el.uploads[0].status === 'paused');
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    el.resume(id);
    const again = await worker.nextStart(1);
    worker.reply({ type: 'success', id: again.id, result: 'ok' });
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).get('attachment')).to.equal('ok');
  });

  it('with required, is invalid while empty', async () => {
    const { form, el } = await formWith({ required: true });
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity!.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Upload a file.');
    // A refused file does not count.
    el.maxFileSize = 5;
    el.addFiles([fileOf(10, 'form-big.bin')]);
    await el.updateComplete;
    expect(el.validity!.valueMissing).to.equal(true);
  });

  it('form reset cancels what runs and empties the list', async () => {
    const { form, el } = await formWith();
    el.addFiles([fileOf(10, 'form-reset-a.bin'), fileOf(20, 'form-reset-b.bin')]);
    const [a] = [await worker.nextStart(0), await worker.nextStart(1)];
    worker.reply({ type: 'success', id: a.id, result: 'done-a' });
    await el.updateComplete;
    form.reset();
    await until(() => el.uploads.length === 0, 'an empty list');
    expect(worker.sent.filter((m) => m.type === 'cancel')).to.have.length(1);
    await el.updateComplete;
    expect(new FormData(form).getAll('attachment')).to.deep.equal([]);
    expect(form.checkValidity()).to.equal(true);
  });

  it('a disabled fieldset disables the element', async () => {
    const { form, el } = await formWith();
    form.querySelector('fieldset')!.disabled = true;
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('button[part=button]') as HTMLButtonElement;
    expect(button.disabled).to.equal(true);
    expect(el.addFiles([fileOf(1, 'form-disabled.bin')])).to.deep.equal([]);
  });
});
