import { parentAcross } from './format.js';
import { englishStrings, type UploadStrings } from './strings.js';

type Table = () => Promise<{ default: UploadStrings }>;

/**
 * Every language beside English, one module each, loaded when a page asks for it.
 * Each `import()` names its file literally, so every bundler (Vite, webpack, Parcel,
 * esbuild with splitting, Rollup) carries the tables along as chunks of their own.
 */
const tables: Record<string, Table> = {
  ar: () => import('./locales/ar.js'),
  cs: () => import('./locales/cs.js'),
  da: () => import('./locales/da.js'),
  de: () => import('./locales/de.js'),
  el: () => import('./locales/el.js'),
  es: () => import('./locales/es.js'),
  fa: () => import('./locales/fa.js'),
  fi: () => import('./locales/fi.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  hi: () => import('./locales/hi.js'),
  id: () => import('./locales/id.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  nb: () => import('./locales/nb.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  'pt-PT': () => import('./locales/pt-PT.js'),
  ru: () => import('./locales/ru.js'),
  sv: () => import('./locales/sv.js'),
  th: () => import('./locales/th.js'),
  tr: () => import('./locales/tr.js'),
  uk: () => import('./locales/uk.js'),
  vi: () => import('./locales/vi.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
  'zh-TW': () => import('./locales/zh-TW.js'),
};

/** The languages with a table: English and every file under `locales/`. */
export function languages(): string[] {
  return ['en', ...Object.keys(tables)];
}

/**
 * The table for a locale: the tag itself (`pt-BR`), else its language (`fr-CA` → `fr`),
 * where Chinese goes by script (`zh-Hant`, `zh-TW`, `zh-HK` → Traditional), Portuguese
 * by region (Brazil, or none, → `pt-BR`; the rest → `pt-PT`) and Norwegian `no`/`nn` →
 * `nb`. English when there is none.
 */
export function tableFor(tag: string): string {
  if (Object.hasOwn(tables, tag)) return tag;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag).maximize();
  } catch {
    return 'en';
  }
  const { language, script, region } = locale;
  if (language === 'zh') return script === 'Hant' ? 'zh-TW' : 'zh-CN';
  if (language === 'pt') return region === 'BR' ? 'pt-BR' : 'pt-PT';
  if (language === 'no' || language === 'nn') return 'nb';
  return Object.hasOwn(tables, language) ? language : 'en';
}

const loading = new Map<string, Promise<UploadStrings>>();
const loaded = new Map<string, UploadStrings>([['en', englishStrings]]);

/** A language's table if this page has it already (English always). */
export function loadedTable(id: string): UploadStrings | undefined {
  return loaded.get(id);
}

/** A language's table, loaded once per page; a failed load may be tried again later. */
export function loadTable(id: string): Promise<UploadStrings> {
  const known = loaded.get(id);
  if (known) return Promise.resolve(known);
  let table = loading.get(id);
  if (!table) {
    table = tables[id]().then((module) => {
      loaded.set(id, module.default);
      return module.default;
    });
    table.catch(() => loading.delete(id));
    loading.set(id, table);
  }
  return table;
}

/** Scripts written right to left (Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi). */
const RTL_SCRIPTS = ['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg'];

/** The locale's language is written right to left (by its likely script: `ur` → Arab). */
export function isRightToLeft(tag: string): boolean {
  try {
    return RTL_SCRIPTS.includes(new Intl.Locale(tag).maximize().script ?? '');
  } catch {
    return false;
  }
}

export type Direction = 'ltr' | 'rtl';

/**
 * The element's direction: the nearest `dir` attribute (across shadow roots: every
 * engine reads attributes alike, where `:dir()` inside a shadow tree is newer), the
 * computed `direction` for `dir="auto"` or a stylesheet's `direction: rtl`, and
 * where the page states none, the direction of its language (`lang="ar"` alone).
 */
export function directionOf(element: Element, locale: string): Direction {
  let dir: string | null = null;
  for (let node: Element | null = element; node && !dir; node = parentAcross(node)) {
    dir = node.getAttribute('dir')?.toLowerCase() ?? null;
  }
  if (dir === 'ltr' || dir === 'rtl') return dir;
  if (getComputedStyle(element).direction === 'rtl') return 'rtl';
  return !dir && isRightToLeft(locale) ? 'rtl' : 'ltr';
}
