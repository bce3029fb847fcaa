/** Sizes and durations through Intl, in the page's (or a given) locale. */
const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * Formatters are costly to build (about a millisecond each with ICU) and a
 * render of a busy queue asks for dozens: keep one per locale and shape.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions) {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

export function formatBytes(bytes: number, locale?: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    // "0 bytes", "1 byte", but "3.5 MB".
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function formatPercent(fraction: number, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

export function formatDuration(seconds: number, locale?: string): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (s >= 3600)
    return `${unit(Math.floor(s / 3600), 'hour')} ${unit(Math.floor((s % 3600) / 60), 'minute')}`;
  if (s >= 60) return `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  return unit(s, 'second');
}

/** The locale for `Intl`: the element's `locale`, the nearest `lang`, or the browser's. */
export function localeOf(element: HTMLElement & { readonly locale?: string }): string | undefined {
  return element.locale || element.closest<HTMLElement>('[lang]')?.lang || undefined;
}
