import { expect } from '@open-wc/testing';
import { plural } from '../../src/element/format.js';
import { isRightToLeft, languages, loadTable, tableFor } from '../../src/element/languages.js';
import { germanStrings } from '../../src/index.js';
import { englishStrings, type CountedKey, type UploadStrings } from '../../src/element/strings.js';

/**
 * Every translation table against English: the same entries and no other, each counted
 * entry with exactly the plural categories the engine's `Intl.PluralRules` lists for the
 * language, and every function saying what it was given. Runs in each engine, so a
 * category one engine's CLDR adds or drops shows here.
 */

/** The placeholders each counted entry may use. */
const COUNTED: Record<CountedKey, string[]> = {
  summary: ['done', 'files'],
  summaryFailed: ['failed'],
  announceAdded: ['count'],
  announceQueueComplete: ['done'],
};

type Functions = {
  [
    K in keyof UploadStrings as UploadStrings[K] extends (...args: never[]) => string ? K : never
  ]: UploadStrings[K];
};

/**
 * A call of each function with marked values, and the values the result must show:
 * a translation keeps every placeholder's meaning.
 */
const CALLS: { [K in keyof Functions]: Array<[Parameters<Functions[K]>, string[]]> } = {
  limits: [
    [
      ['XACCEPTX', 'XMAXX'],
      ['XACCEPTX', 'XMAXX'],
    ],
    [['XACCEPTX', ''], ['XACCEPTX']],
    [['', 'XMAXX'], ['XMAXX']],
  ],
  actionLabel: [
    [
      ['XACTIONX', 'XNAMEX'],
      ['XACTIONX', 'XNAMEX'],
    ],
  ],
  progressLabel: [[['XNAMEX'], ['XNAMEX']]],
  bytesOf: [
    [
      ['XSENTX', 'XTOTALX'],
      ['XSENTX', 'XTOTALX'],
    ],
  ],
  statusElsewhere: [[['XSTATUSX'], ['XSTATUSX']]],
  refusedPath: [[['XPATHX'], ['XPATHX']]],
  notKept: [
    [['no-room'], []],
    [['refused'], []],
  ],
  restoredNotKept: [
    [['no-room'], []],
    [['refused'], []],
  ],
  retrying: [[['XMESSAGEX'], ['XMESSAGEX']]],
  error: [[['no-such-code', 'XMESSAGEX'], ['XMESSAGEX']]],
  announceStart: [[['XNAMEX'], ['XNAMEX']]],
  announceProgress: [
    [
      ['XNAMEX', 'XPERCENTX'],
      ['XNAMEX', 'XPERCENTX'],
    ],
  ],
  announceDone: [[['XNAMEX'], ['XNAMEX']]],
  announceError: [
    [
      ['XNAMEX', 'XMESSAGEX'],
      ['XNAMEX', 'XMESSAGEX'],
    ],
  ],
  announcePaused: [[['XNAMEX'], ['XNAMEX']]],
  announceResumed: [[['XNAMEX'], ['XNAMEX']]],
  announceCancelled: [[['XNAMEX'], ['XNAMEX']]],
  refusedTooLarge: [
    [
      ['XNAMEX', 'XMAXX'],
      ['XNAMEX', 'XMAXX'],
    ],
  ],
  refusedType: [
    [
      ['XNAMEX', 'XACCEPTX'],
      ['XNAMEX', 'XACCEPTX'],
    ],
  ],
  refusedMismatch: [
    [
      ['XNAMEX', 'XEXPECTEDX'],
      ['XNAMEX', 'XEXPECTEDX'],
    ],
  ],
  permissionNeeded: [[['XNAMEX'], ['XNAMEX']]],
  fileChanged: [[['XNAMEX'], ['XNAMEX']]],
  workerStopped: [
    [['XDETAILX.'], ['XDETAILX']],
    [[''], []],
  ],
  timeLeft: [[['XDURATIONX'], ['XDURATIONX']]],
};

/** Engine messages every language but English words itself. */
const GENERIC_ERRORS = [
  'network',
  'auth',
  'retries-exhausted',
  'session-gone',
  'file-too-large',
  'protocol',
  'internal',
];

const keysOf = (table: object) => Object.keys(table).sort();
const categories = (lang: string) =>
  [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();

describe('translation tables', () => {
  it('are at least these 28 languages beside English, each a module of its own', () => {
    expect(languages().length).to.be.at.least(29);
    expect(languages()).to.include.members([
      'ar',
      'he',
      'fa',
      'zh-CN',
      'zh-TW',
      'ja',
      'ko',
      'hi',
      'id',
      'vi',
      'th',
      'tr',
      'ru',
      'uk',
      'pl',
      'cs',
      'nl',
      'fr',
      'es',
      'pt-BR',
      'pt-PT',
      'it',
      'sv',
      'da',
      'nb',
      'fi',
      'el',
      'de',
    ]);
  });

  it('the German table is the one exported as germanStrings', async () => {
    expect(await loadTable('de')).to.equal(germanStrings);
  });

  for (const lang of languages()) {
    describe(lang, () => {
      let table: UploadStrings;
      before(async () => {
        table = await loadTable(lang);
      });

      it('has every entry of English and no other, each of the same kind', () => {
        expect(keysOf(table)).to.deep.equal(keysOf(englishStrings));
        for (const key of keysOf(englishStrings) as Array<keyof UploadStrings>) {
          expect(typeof table[key], key).to.equal(typeof englishStrings[key]);
        }
      });

      it('words every count in exactly the plural forms of the language', () => {
        for (const [key, names] of Object.entries(COUNTED) as Array<[CountedKey, string[]]>) {
          const forms = table[key];
          expect(keysOf(forms), `${lang} ${key}`).to.deep.equal(categories(lang));
          for (const [category, form] of Object.entries(forms)) {
            const used = [...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
            expect(names, `${lang} ${key}.${category}: ${form}`).to.include.members(used);
            expect(form.replace(/\{\w+\}/g, ''), form).not.to.match(/[{}]/);
          }
          // The form for many shows the number it counts.
          expect(forms.other, `${lang} ${key}.other`).to.contain(`{${names.at(-1)}}`);
        }
      });

      it('keeps what each function is given', () => {
        for (const [key, calls] of Object.entries(CALLS)) {
          const fn = table[key as keyof Functions] as (...args: string[]) => string;
          for (const [args, shown] of calls as Array<[string[], string[]]>) {
            const said = fn(...args);
            expect(said, `${lang} ${key}(${args.join(', ')})`).to.be.a('string');
            for (const value of shown) expect(said, `${lang} ${key}`).to.contain(value);
            expect(said, `${lang} ${key}`).not.to.contain('undefined');
          }
        }
        expect(table.limits('', '')).to.equal('');
        expect(table.notKept('no-room')).not.to.equal(table.notKept('refused'));
        expect(table.restoredNotKept('no-room')).not.to.equal(table.restoredNotKept('refused'));
        expect(table.workerStopped('XDETAILX.')).not.to.contain('XDETAILX..');
      });

      it('has no empty word and no stray spaces', () => {
        for (const [key, value] of Object.entries(table)) {
          const words =
            typeof value === 'string'
              ? [value]
              : typeof value === 'object'
                ? Object.values(value as object)
                : [];
          for (const word of words as string[]) {
            if (key === 'separator') continue;
            expect(word, `${lang} ${key}`).to.equal(word.trim());
            expect(word, `${lang} ${key}`).not.to.equal('');
          }
        }
      });

      it(
        lang === 'en' ? 'passes engine messages on as they are' : 'words the generic engine errors',
        () => {
          for (const code of GENERIC_ERRORS) {
            const said = table.error(code, 'XMESSAGEX');
            if (lang === 'en') expect(said).to.equal('XMESSAGEX');
            else expect(said, `${lang} ${code}`).not.to.contain('XMESSAGEX');
          }
        },
      );
    });
  }
});

describe('choosing a table', () => {
  const cases: Array<[string, string]> = [
    ['en', 'en'],
    ['en-GB', 'en'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['de-CH', 'de'],
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-PT'],
    ['pt-AO', 'pt-PT'],
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['no', 'nb'],
    ['nn', 'nb'],
    ['nb-NO', 'nb'],
    ['ar-EG', 'ar'],
    ['he-IL', 'he'],
    ['fa-IR', 'fa'],
    ['sr', 'en'],
    ['ur', 'en'],
    ['not a tag', 'en'],
  ];
  for (const [tag, table] of cases) {
    it(`${tag} → ${table}`, () => expect(tableFor(tag)).to.equal(table));
  }

  it('knows which languages are written right to left', () => {
    for (const tag of ['ar', 'he', 'fa', 'ur', 'ar-EG', 'ps', 'yi', 'pa-Arab']) {
      expect(isRightToLeft(tag), tag).to.equal(true);
    }
    for (const tag of ['en', 'fr', 'zh-TW', 'ja', 'hi', 'pa', 'ku', 'not a tag']) {
      expect(isRightToLeft(tag), tag).to.equal(false);
    }
  });
});

describe('plural()', () => {
  const files = {
    one: '{n} file',
    two: 'two files',
    few: '{n} few',
    many: '{n} many',
    other: '{n} other',
  };

  it('picks the form by the plural rules of the language', () => {
    const ru = [1, 2, 5, 11, 21, 22, 25, 1.5].map((n) => plural('ru', n, files, { n }, 'en'));
    expect(ru).to.deep.equal([
      '1 file',
      '2 few',
      '5 many',
      '11 many',
      '21 file',
      '22 few',
      '25 many',
      '1.5 other',
    ]);
    const ar = [0, 1, 2, 3, 11, 100].map((n) =>
      plural('ar', n, { ...files, zero: 'none' }, { n }, 'en'),
    );
    expect(ar).to.deep.equal(['none', '1 file', 'two files', '3 few', '11 many', '100 other']);
    expect(plural('pl', 12, files, { n: 12 }, 'en')).to.equal('12 many');
    expect(plural('pl', 22, files, { n: 22 }, 'en')).to.equal('22 few');
  });

  it('falls back to other when the wording lacks the category', () => {
    expect(plural('ru', 3, { one: '{n} file', other: '{n} files' }, { n: 3 }, 'en')).to.equal(
      '3 files',
    );
  });

  it('formats the numbers with Intl in the locale', () => {
    expect(plural('de', 1234, files, { n: 1234 }, 'de')).to.equal('1.234 other');
    expect(plural('en', 2, { other: '{done} of {files}' }, { done: 1, files: 2 }, 'en')).to.equal(
      '1 of 2',
    );
    expect(plural('en', 2, { other: '{missing}' }, {}, 'en')).to.equal('{missing}');
  });
});
