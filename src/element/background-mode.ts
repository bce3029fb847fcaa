import type { ComplexAttributeConverter } from 'lit';

/**
 * When the element hands uploads to the browser's Background Fetch (`background`):
 * - `off` (no attribute): never; uploads stop with the page and resume on the next visit.
 * - `when-hidden` (the bare attribute, or `background="when-hidden"`): when the page is
 *   hidden, or on the user's "Continue in background". A visible tab closed at once cannot
 *   hand off (Chromium refuses every way to do it from a closing page).
 * - `immediately`: as soon as each upload's session exists on the server, so the tab can
 *   be closed at any moment after. Opt-in: the browser then sends the whole remainder as
 *   it likes, without the page's per-chunk retries and link tuning.
 */
export type BackgroundMode = 'off' | 'when-hidden' | 'immediately';

/** The property also takes a boolean, as before the attribute had values: `true` is `when-hidden`. */
export type BackgroundSetting = BackgroundMode | boolean;

const MODES: readonly string[] = ['off', 'when-hidden', 'immediately'];

/** The mode a property value stands for. */
export function backgroundMode(setting: BackgroundSetting | null | undefined): BackgroundMode {
  if (setting === true) return 'when-hidden';
  if (setting === false || setting === null || setting === undefined) return 'off';
  return setting;
}

/**
 * The attribute's value as a mode. A value it does not know still turns the hand-off on as
 * the bare attribute does (what the page asked for, at the least), and the console says
 * which values there are.
 */
export function parseBackgroundAttribute(value: string | null): BackgroundMode {
  if (value === null) return 'off';
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return 'when-hidden';
  if (MODES.includes(trimmed)) return trimmed as BackgroundMode;
  console.warn(
    `<resumable-upload> background="${value}" is not one of "when-hidden" or "immediately" (or "off"): it hands off when the page is hidden, as the bare attribute does.`,
  );
  return 'when-hidden';
}

/** The bare attribute for `when-hidden`, the value for `immediately`, none for off. */
export const backgroundConverter: ComplexAttributeConverter<BackgroundSetting> = {
  fromAttribute: parseBackgroundAttribute,
  toAttribute(setting) {
    const mode = backgroundMode(setting);
    if (mode === 'off') return null;
    return mode === 'when-hidden' ? '' : mode;
  },
};
