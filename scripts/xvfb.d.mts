export declare const XVFB_INSTALL_HINT: string;
export declare function findXvfb(): string | undefined;
export declare function ensureXvfb(): string;
export declare function startXvfb(options?: {
  screen?: string;
  timeoutMs?: number;
}): Promise<{ display: string; stop(): Promise<void> }>;
