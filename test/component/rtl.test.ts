import { expect, fixture, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { FakeWorker, fileOf, until, fakeWorkerForEachTest } from './fake-worker.js';

/**
 * Right to left, measured by boxes in each engine: under `dir="rtl"`, or a language
 * written right to left where the page states no direction, the layout mirrors, and
 * the bars fill from the right.
 */

const ENDPOINT = 'https://api.example.test/upload';
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

const shadow = (el: ResumableUpload) => el.shadowRoot!;
const box = (el: ResumableUpload, selector: string) =>
  shadow(el).querySelector(selector)!.getBoundingClientRect();
const frameDir = (el: ResumableUpload) =>
  shadow(el).querySelector('[part=base]')!.getAttribute('dir');

/** An uploader inside a container with these attributes, and `style` on the container. */
async function uploaderIn(attributes: Record<string, string>) {
  const container = await fixture<HTMLElement>(html`<div style="width: 640px"></div>`);
  for (const [name, value] of Object.entries(attributes)) container.setAttribute(name, value);
  container.innerHTML = `<resumable-upload endpoint="${ENDPOINT}" multiple auto-start></resumable-upload>`;
  const el = container.querySelector('resumable-upload')!;
  await el.updateComplete;
  await el.restored;
  return el;
}

/** Two files, the first 30% sent, so the rows, bars and the overall line show. */
async function uploading(el: ResumableUpload) {
  el.addFiles([fileOf(1000, 'تقرير.pdf'), fileOf(1000, 'notes.txt')]);
  const { id } = await worker.nextStart(0);
  await worker.nextStart(1);
  worker.reply({ type: 'progress', id, bytesSent: 300, bytesConfirmed: 300, bytesTotal: 1000 });
  await until(() => el.uploads[0].bytesSent === 300, 'progress');
  await new Promise((resolve) => setTimeout(resolve, 250));
  await el.updateComplete;
}

function expectMirrored(el: ResumableUpload) {
  const track = box(el, '.item [part=progress]');
  const fill = box(el, '.item [part=progress-bar]');
  // The filled part hugs the right end of its track.
  expect(Math.abs(fill.right - track.right), 'filled from the right').to.be.below(1.5);
  expect(fill.width / track.width).to.be.closeTo(0.3, 0.02);
  expect(fill.left - track.left).to.be.above(track.width * 0.6);
  // Buttons on the left, the file's badge on the right, the name between.
  const actions = box(el, '.item [part=actions]');
  const name = box(el, '.item [part=name]');
  const badge = box(el, '.item .badge');
  expect(actions.right, 'buttons left of the name').to.be.at.most(name.left + 1);
  expect(badge.left, 'badge right of the name').to.be.at.least(name.right - 1);
  // The picker button on the right of its row; the status at the row's start (left).
  const button = box(el, '[part=button]');
  const hint = box(el, '[part=hint]');
  expect(button.left, 'picker right of the hint').to.be.at.least(hint.right - 1);
  const total = box(el, '[part=total-progress]');
  const totalFill = box(el, '[part=total-progress] [part=progress-bar]');
  expect(Math.abs(totalFill.right - total.right)).to.be.below(1.5);
}

describe('right to left', () => {
  it('mirrors under dir="rtl": bars fill from the right, buttons sit on the left', async () => {
    const el = await uploaderIn({ dir: 'rtl', lang: 'ar' });
    await uploading(el);
    expect(frameDir(el)).to.equal('rtl');
    expect(shadow(el).querySelector('button[part=button]')!.textContent!.trim()).to.equal(
      'اختر الملفات',
    );
    expectMirrored(el);
    await expect(el).to.be.accessible();
  });

  it('mirrors for Hebrew with no dir on the page, from the language alone', async () => {
    const el = await uploaderIn({ lang: 'he' });
    await uploading(el);
    expect(frameDir(el)).to.equal('rtl');
    expectMirrored(el);
    await expect(el).to.be.accessible();
  });

  it('a dir the page states wins over the language', async () => {
    const el = await uploaderIn({ lang: 'ar', dir: 'ltr' });
    expect(frameDir(el)).to.equal('ltr');
    await uploading(el);
    const track = box(el, '.item [part=progress]');
    const fill = box(el, '.item [part=progress-bar]');
    expect(Math.abs(fill.left - track.left)).to.be.below(1.5);
  });

  it('reads dir across shadow roots, and a stylesheet’s direction', async () => {
    const outer = await fixture<HTMLElement>(html`<div dir="rtl" lang="fa"></div>`);
    const root = outer.attachShadow({ mode: 'open' });
    root.innerHTML = `<resumable-upload endpoint="${ENDPOINT}"></resumable-upload>`;
    const inner = root.querySelector('resumable-upload')!;
    await inner.updateComplete;
    expect(frameDir(inner)).to.equal('rtl');
    expect(shadow(inner).querySelector('button[part=button]')!.textContent!.trim()).to.equal(
      'انتخاب فایل‌ها',
    );

    const styled = await uploaderIn({ style: 'direction: rtl', lang: 'en' });
    expect(frameDir(styled)).to.equal('rtl');
  });

  it('follows a dir that changes', async () => {
    const el = await uploaderIn({ lang: 'ar' });
    expect(frameDir(el)).to.equal('rtl');
    el.parentElement!.setAttribute('dir', 'ltr');
    await until(() => frameDir(el) === 'ltr', 'left to right');
    el.setAttribute('dir', 'rtl');
    await until(() => frameDir(el) === 'rtl', 'right to left again');
  });
});
