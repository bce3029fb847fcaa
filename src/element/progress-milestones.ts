/**
 * When the live region speaks of an upload's progress: at each quarter, but never two
 * progress lines within PROGRESS_LINE_GAP_MS (a fast upload crosses every quarter in a
 * blink), and on a slow link, where a quarter can take many minutes, the whole percent
 * once PROGRESS_LINE_EVERY_MS passed without a word. Times are in ms, from the caller.
 */

/** The least time between two progress lines about one upload. */
export const PROGRESS_LINE_GAP_MS = 5_000;
/** The longest the region stays silent about an upload whose bytes move. */
export const PROGRESS_LINE_EVERY_MS = 30_000;

interface Said {
  quarter: number;
  percent: number;
  /** The last line about this upload (its start counts), and the last progress line. */
  lineAt: number;
  progressAt: number;
}

export class ProgressMilestones {
  readonly #said = new Map<string, Said>();

  /** The upload started (or resumed) at `at`: its start was announced. */
  started(id: string, at: number): void {
    this.#said.set(id, { quarter: 0, percent: 0, lineAt: at, progressAt: -Infinity });
  }

  /** The fraction to announce now that `fraction` of the upload has gone out, if any. */
  reached(id: string, fraction: number, at: number): number | undefined {
    let said = this.#said.get(id);
    if (!said) this.#said.set(id, (said = { quarter: 0, percent: 0, lineAt: at, progressAt: at }));
    if (!(fraction < 1)) return undefined;
    const quarter = Math.floor(fraction * 4);
    const percent = Math.floor(fraction * 100);
    if (quarter > said.quarter && at - said.progressAt >= PROGRESS_LINE_GAP_MS) {
      Object.assign(said, { quarter, percent: quarter * 25, lineAt: at, progressAt: at });
      return quarter / 4;
    }
    if (percent > said.percent && at - said.lineAt >= PROGRESS_LINE_EVERY_MS) {
      Object.assign(said, { percent, lineAt: at, progressAt: at });
      return percent / 100;
    }
    return undefined;
  }
}
