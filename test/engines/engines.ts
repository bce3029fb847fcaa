/** The engines the slice in test/engines runs in, one Playwright project each (`engine-<name>`). */
export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];
