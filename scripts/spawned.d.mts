import type { ChildProcess, SpawnOptions } from 'node:child_process';

export declare function spawnTracked(
  command: string,
  args: string[],
  options?: SpawnOptions,
): {
  child: ChildProcess;
  /** Resolves with the exit code (or the spawn error) once the process has ended. */
  exited: Promise<number | null | Error>;
  stop(graceMs?: number): Promise<void>;
};
