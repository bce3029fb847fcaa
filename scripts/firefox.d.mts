import type { BrowserLauncher } from '@web/test-runner';

export declare const FIREFOX_INSTALL_HINT: string;
export declare function findFirefox(): string | undefined;
export declare function ensureFirefox(): string;
export declare function firefoxLauncher(): BrowserLauncher;
