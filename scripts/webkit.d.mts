import type { BrowserLauncher } from '@web/test-runner';

export declare const WEBKIT_INSTALL_HINT: string;
export declare function findWebKitWebDriver(): string | undefined;
export declare function findMiniBrowser(): string | undefined;
export declare function ensureWebKit(): { driver: string; browser: string };

export interface WebKitServices {
  /** Where WebKitWebDriver listens, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The MiniBrowser binary, for `webkitgtk:browserOptions`. */
  browser: string;
  /** The X display MiniBrowser runs on (ours, when DISPLAY was unset). */
  display: string;
  /** End the driver with the browser it started, then our Xvfb. */
  stop(): Promise<void>;
}
export declare function startWebKitWebDriver(options?: {
  timeoutMs?: number;
}): Promise<WebKitServices>;
export declare function webkitLauncher(): BrowserLauncher;
