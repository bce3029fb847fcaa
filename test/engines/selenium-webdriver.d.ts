/**
 * The little of selenium-webdriver (which ships no types) the engine tests
 * use to drive WebKitGTK's MiniBrowser.
 */
declare module 'selenium-webdriver' {
  export class Capabilities {
    constructor(other?: Record<string, unknown>);
  }
  export interface WebDriver {
    get(url: string): Promise<void>;
    navigate(): { refresh(): Promise<void> };
    executeAsyncScript<T = unknown>(script: string, ...args: unknown[]): Promise<T>;
    manage(): {
      setTimeouts(timeouts: {
        script?: number;
        pageLoad?: number;
        implicit?: number;
      }): Promise<void>;
    };
    quit(): Promise<void>;
  }
  export class Builder {
    usingServer(url: string): this;
    withCapabilities(capabilities: Capabilities | Record<string, unknown>): this;
    build(): Promise<WebDriver> & WebDriver;
  }
}
