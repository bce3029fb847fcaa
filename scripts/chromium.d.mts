export declare const chromiumArgs: string[];
export declare function findChromium(): string | undefined;
export declare function chromiumPath(): string;
export declare function ensureChromium(): string;
export declare const INSTALL_HINT: string;
export declare function runWithChromium(argv: string[], prepare?: () => void): never;
