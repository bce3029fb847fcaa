import { expect, fixture, html } from '@open-wc/testing';
import { ResumableUpload } from '../../src/resumable-upload.js';
import { FakeWorker, fileOf, until, fakeWorkerForEachTest } from './fake-worker.js';

/**
 * The element speaks the page's language: its `locale` or the nearest `lang` picks a
 * table, loaded when first needed; counts take the language's plural forms, numbers
 * and sizes its formats; the page's `strings` still change any word.
 */

const ENDPOINT = 'https://api.example.test/upload';
let worker: FakeWorker;

fakeWorkerForEachTest((fake) => (worker = fake));

const shadow = (el: ResumableUpload) => el.shadowRoot!;
const pickButton = (el: ResumableUpload) =>
  shadow(el).querySelector('button[part=button]')!.textContent!.trim();
const live = (el: ResumableUpload) => shadow(el).querySelector('[role=status]')!.textContent!;
/** Everything the live region says from now on (each message may stand only a moment). */
function listen(el: ResumableUpload): string[] {
  const said: string[] = [];
  const region = shadow(el).querySelector('[role=status]')!;
  new MutationObserver(() => said.push(region.textContent!.trim())).observe(region, {
    subtree: true,
    childList: true,
    characterData: true,
  });
  return said;
}
/** The message lines of rows (of some rows: WebKit under automation says "not kept" on others). */
const messages = (el: ResumableUpload, rows = '') =>
  [...shadow(el).querySelectorAll(`${rows} [part=message]`)].map((m) => m.textContent!.trim());

/** An uploader inside a container with these attributes (`lang`, `dir`). */
async function uploaderIn(attributes: Record<string, string>, own = '') {
  const container = await fixture<HTMLElement>(html`<div></div>`);
  for (const [name, value] of Object.entries(attributes)) container.setAttribute(name, value);
  container.innerHTML = `<resumable-upload endpoint="${ENDPOINT}" multiple auto-start ${own}></resumable-upload>`;
  const el = container.querySelector('resumable-upload')!;
  await el.updateComplete;
  await el.restored;
  return el;
}

describe('languages', () => {
  it('a page in French gets French words, plural forms and number formats', async () => {
    const el = await uploaderIn({ lang: 'fr' }, 'max-file-size="1000"');
    expect(pickButton(el)).to.equal('Choisir des fichiers');
    const said = listen(el);
    el.addFiles([fileOf(100, 'a.bin'), fileOf(2048, 'trop-gros.bin'), fileOf(200, 'b.bin')]);
    await el.updateComplete;
    await until(() => said.length > 0, 'the French announcement');
    // The refused file's reason in the same message, not lost behind "3 files added".
    expect(said[0]).to.equal(
      '3 fichiers ajoutés, Échec de trop-gros.bin\u00a0: trop-gros.bin dépasse la taille maximale de 1\u202f000\u00a0octets.',
    );
    expect(messages(el, '.status-error')).to.deep.equal([
      'trop-gros.bin dépasse la taille maximale de 1\u202f000\u00a0octets.',
    ]);
    expect(shadow(el).querySelector('.summary-count')!.textContent).to.equal(
      '0 sur 2 fichiers terminés',
    );
    expect(shadow(el).querySelector('[part=base]')!.getAttribute('lang')).to.equal('fr');
    await expect(el).to.be.accessible();
  });

  it('Russian counts take one, few and many', async () => {
    const el = await uploaderIn({ lang: 'ru' });
    const said = listen(el);
    el.addFiles(Array.from({ length: 5 }, (_, i) => fileOf(10, `f${i}.bin`)));
    await until(() => said.includes('Добавлено 5 файлов'), 'many');
    el.addFiles([fileOf(10, 'g.bin'), fileOf(10, 'h.bin')]);
    await until(() => said.includes('Добавлено 2 файла'), 'few');
    el.addFiles([fileOf(10, 'i.bin')]);
    await until(() => said.includes('Добавлен 1 файл'), 'one');
  });

  it('locale on the element wins over the page, and picks a variant', async () => {
    const pt = await uploaderIn({ lang: 'de' }, 'locale="pt"');
    expect(pickButton(pt)).to.equal('Escolher arquivos');
    const portugal = await uploaderIn({ lang: 'pt-PT' });
    expect(pickButton(portugal)).to.equal('Escolher ficheiros');
    const hongKong = await uploaderIn({ lang: 'zh-HK' });
    expect(pickButton(hongKong)).to.equal('選擇檔案');
    const unknown = await uploaderIn({ lang: 'sr' });
    expect(pickButton(unknown)).to.equal('Choose files');
  });

  it('strings still change any word, merged over the language of the page', async () => {
    const el = await uploaderIn({ lang: 'fr' });
    el.strings = { chooseFiles: 'Ajouter des vidéos' };
    await el.updateComplete;
    expect(pickButton(el)).to.equal('Ajouter des vidéos');
    expect(shadow(el).querySelector('[part=hint]')!.textContent!.trim()).to.equal(
      'ou déposez-les ou collez-les ici',
    );
  });

  it('follows a lang that changes, keeping the old words until the new table is here', async () => {
    const el = await uploaderIn({ lang: 'en' });
    expect(pickButton(el)).to.equal('Choose files');
    el.parentElement!.setAttribute('lang', 'it');
    await until(() => pickButton(el) === 'Scegli file', 'Italian');
    expect(shadow(el).querySelector('[part=base]')!.classList.contains('pending')).to.equal(false);
    el.locale = 'ko';
    await el.updateComplete;
    expect(pickButton(el)).to.equal('파일 선택');
  });

  it('shows no word before the table of its language is here', async () => {
    const container = await fixture<HTMLElement>(html`<div lang="el"></div>`);
    const el = document.createElement('resumable-upload');
    const seen: Array<{ shown: boolean; text: string }> = [];
    el.addController({
      hostUpdated: () => {
        const base = shadow(el).querySelector('[part=base]')!;
        const shown = getComputedStyle(base).visibility !== 'hidden';
        seen.push({ shown, text: pickButton(el) });
      },
    });
    container.append(el);
    await el.updateComplete;
    expect(pickButton(el)).to.equal('Επιλογή αρχείων');
    expect(seen.filter((s) => s.shown).map((s) => s.text)).to.deep.equal(
      seen.filter((s) => s.shown).map(() => 'Επιλογή αρχείων'),
    );
    expect(seen.at(-1)!.shown).to.equal(true);
  });

  it('says engine errors in the language by code, and keeps the event in English', async () => {
    const el = await uploaderIn({ lang: 'es' });
    const errors: string[] = [];
    el.addEventListener('upload-error', (e) => errors.push(e.detail.message));
    el.addFiles([fileOf(100, 'video.mp4')]);
    const { id } = await worker.nextStart(0);
    worker.reply({
      type: 'notice',
      id,
      error: { code: 'network', message: 'The connection was lost.', willRetry: true },
    });
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['Se perdió la conexión con el servidor. Reintentando…']);
    worker.reply({
      type: 'failed',
      id,
      error: {
        code: 'retries-exhausted',
        message: 'The server answered 503. Gave up after 9 attempts.',
        status: 503,
        willRetry: false,
      },
    });
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['La subida falló tras varios intentos.']);
    await until(() => live(el).includes('video.mp4 falló: La subida falló'), 'the announcement');
    expect(errors).to.deep.equal([
      'The connection was lost.',
      'The server answered 503. Gave up after 9 attempts.',
    ]);
    // A message with the server's own words, for a code with no generic wording, stays.
    el.retry();
    const again = await worker.nextStart(1);
    worker.reply({
      type: 'failed',
      id: again.id,
      error: { code: 'http', message: 'Quota exceeded.', status: 400, willRetry: false },
    });
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['Quota exceeded.']);
  });

  it('the element’s own messages follow a change of language', async () => {
    const el = await uploaderIn({ lang: 'de' }, 'accept=".pdf"');
    el.addFiles([fileOf(10, 'bild.png', 'image/png')]);
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['bild.png hat keinen erlaubten Typ (.pdf).']);
    el.locale = 'nl';
    await el.updateComplete;
    expect(messages(el)).to.deep.equal(['bild.png is geen toegestaan type (.pdf).']);
    // What the page was told stays as it was said.
    expect(el.uploads[0].error!.message).to.equal('bild.png hat keinen erlaubten Typ (.pdf).');
  });
});
