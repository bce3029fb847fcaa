export declare function canAptInstall(): boolean;
export declare function aptInstall(packages: string[], why: string): void;
export declare function findOrInstall<T>(options: {
  find: () => T | undefined | false | null;
  packages: string[];
  what: string;
  hint: string;
  envOverrides?: string[];
}): T;
