import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { localeOf, plural } from './format.js';
import { directionOf, loadTable, loadedTable, tableFor, type Direction } from './languages.js';
import { englishStrings, type CountedKey, type UploadStrings } from './strings.js';

export interface LanguageHost extends ReactiveControllerHost, HTMLElement {
  readonly locale?: string;
  /** The page's own words, merged over the chosen table. */
  readonly strings: Partial<UploadStrings>;
}

/** How long the element stays blank waiting for its first table before it shows English. */
const BLANK_AT_MOST_MS = 1500;

/** Every connected element, told when a `lang` or `dir` changes anywhere in the document. */
const watching = new Set<LanguageController>();
let observer: MutationObserver | undefined;

/**
 * The element's language and direction: its `locale` or the nearest `lang` picks the
 * table (languages.ts), loaded on demand; `dir` or the language decides the direction.
 * Until the first table arrives the element is laid out but not shown (at most
 * BLANK_AT_MOST_MS, then in English), so no word flashes by in the wrong language.
 * A later change of language keeps the old words until the new table is here.
 */
export class LanguageController implements ReactiveController {
  readonly #host: LanguageHost;
  /** The locale `Intl` formats in (a canonical BCP 47 tag). */
  locale = '';
  dir: Direction = 'ltr';
  /** The table shown: `en` or a file of `locales/`. */
  #table = 'en';
  #words: UploadStrings = englishStrings;
  #wanted = '';
  /** Set when a `lang` or `dir` changed somewhere: look again at the next update. */
  #stale = true;
  #shown = false;
  #ready: Promise<unknown> = Promise.resolve();

  constructor(host: LanguageHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    watching.add(this);
    this.#stale = true;
    if (!observer) {
      observer = new MutationObserver(() => {
        for (const language of watching) language.#changed();
      });
      observer.observe(document, {
        subtree: true,
        attributes: true,
        attributeFilter: ['lang', 'dir'],
      });
    }
  }

  hostDisconnected(): void {
    watching.delete(this);
    if (!watching.size) {
      observer?.disconnect();
      observer = undefined;
    }
  }

  #changed(): void {
    this.#stale = true;
    this.#host.requestUpdate();
  }

  /** Before each render: the locale is cheap to read; direction and table only when it moved. */
  hostUpdate(): void {
    const locale = localeOf(this.#host);
    if (locale === this.locale && !this.#stale) return;
    this.#stale = false;
    this.locale = locale;
    this.dir = directionOf(this.#host, locale);
    this.#choose(tableFor(locale));
  }

  #choose(id: string): void {
    if (id === this.#wanted) return;
    this.#wanted = id;
    const known = loadedTable(id);
    if (known) {
      // In this update already: no blank render, no second one.
      this.#words = known;
      this.#table = id;
      this.#shown = true;
      this.#ready = Promise.resolve();
      return;
    }
    const settle = (words?: UploadStrings) => {
      if (this.#wanted !== id) return;
      if (words) {
        this.#words = words;
        this.#table = id;
      }
      this.#shown = true;
      this.#host.requestUpdate();
    };
    // Not longer than BLANK_AT_MOST_MS: then English shows, and updateComplete goes on.
    const waited = new Promise<void>((resolve) =>
      setTimeout(() => {
        if (!this.#shown) {
          this.#shown = true;
          this.#host.requestUpdate();
        }
        resolve();
      }, BLANK_AT_MOST_MS),
    );
    this.#ready = Promise.race([loadTable(id).then(settle, () => settle()), waited]);
  }

  /** Nothing shown yet: the first table is on its way. */
  get pending(): boolean {
    return !this.#shown;
  }

  /** Settles once the table asked for last is in use, could not load, or is late. */
  get ready(): Promise<unknown> {
    return this.#ready;
  }

  /** Every word: the chosen table with the page's `strings` over it. */
  get text(): UploadStrings {
    return { ...this.#words, ...this.#host.strings };
  }

  /**
   * A counted entry for `count`, its placeholders filled with `values`: by the plural
   * rules of the table's language, or of the page's locale when the page gave the forms.
   */
  count(key: CountedKey, count: number, values: Record<string, number>): string {
    const lang = this.#host.strings[key] ? this.locale : this.#table;
    return plural(lang, count, this.text[key], values, this.locale);
  }
}
