import type { Plural } from './strings.js';

/** Sizes, speeds, durations, percents and counts through Intl, in the page's (or a given) locale. */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * Formatters are costly to build (about a millisecond each with ICU) and a
 * render of a busy queue asks for dozens: keep one per locale and shape.
 */
const formatters = new Map<string, unknown>();
function cached<F>(key: string, make: () => F): F {
  let format = formatters.get(key) as F | undefined;
  if (!format) formatters.set(key, (format = make()));
  return format;
}
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions) {
  return cached(
    `${locale}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

function scaled(bytes: number, locale: string | undefined, perSecond: boolean): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: perSecond ? `${UNITS[unit]}-per-second` : UNITS[unit],
    // "0 bytes", "1 byte", but "3.5 MB".
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function formatBytes(bytes: number, locale?: string): string {
  return scaled(bytes, locale, false);
}

/** "3.5 MB/s", as the locale writes a speed. */
export function formatSpeed(bytesPerSecond: number, locale?: string): string {
  return scaled(bytesPerSecond, locale, true);
}

export function formatPercent(fraction: number, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** `Intl.DurationFormat` (2024/25 in every engine), not yet in TypeScript's lib. */
type DurationFormat = { format(duration: Record<string, number>): string };
const DurationFormat = (
  Intl as unknown as {
    DurationFormat?: new (locale: string | undefined, options: object) => DurationFormat;
  }
).DurationFormat;

export function formatDuration(seconds: number, locale?: string): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (s < 60) return unit(s, 'second');
  const [hours, minutes, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  // Two units as the locale joins them ("1 h 5 min", "1時間5分"); DurationFormat leaves out a 0.
  const duration: Record<string, number> = hours ? { hours, minutes } : { minutes, seconds: rest };
  if (DurationFormat) {
    return cached(
      `${locale}|duration`,
      () => new DurationFormat(locale, { style: 'narrow' }),
    ).format(duration);
  }
  return hours
    ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`
    : `${unit(minutes, 'minute')} ${unit(rest, 'second')}`;
}

/**
 * The wording of `forms` for `count` under the plural rules of `lang`
 * (`other` when the table lacks that category), with each `{name}` replaced by
 * `values[name]` formatted as a number in `locale`.
 */
export function plural(
  lang: string,
  count: number,
  forms: Plural,
  values: Record<string, number>,
  locale?: string,
): string {
  const rules = cached(`${lang}|plural`, () => new Intl.PluralRules(lang));
  const form = forms[rules.select(count)] ?? forms.other;
  return form.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? numberFormat(locale, {}).format(values[name]) : placeholder,
  );
}

/** The element, or the host of the shadow root it is in. */
export function parentAcross(node: Element): Element | null {
  return node.parentElement ?? (node.getRootNode() as Partial<ShadowRoot>).host ?? null;
}

/**
 * The locale for `Intl` and the strings: the element's `locale`, the nearest
 * `lang` (across shadow roots), or the browser's. A tag `Intl` refuses counts
 * as none.
 */
export function localeOf(element: HTMLElement & { readonly locale?: string }): string {
  let tag = element.locale;
  for (let node: Element | null = element; !tag && node; node = parentAcross(node)) {
    tag = node.getAttribute('lang') ?? undefined;
  }
  try {
    return Intl.getCanonicalLocales(tag || navigator.language)[0] ?? 'en';
  } catch {
    return navigator.language || 'en';
  }
}
