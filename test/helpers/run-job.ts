import type { FileInfo, ProtocolAdapter, ProtocolOptions } from '../../src/core/adapter.js';
import type { UploadError } from '../../src/core/errors.js';
import type { LinkMeter } from '../../src/core/link-meter.js';
import type { ProgressTiming } from '../../src/core/upload-job.js';
import { createMemoryStore, sessionKey, type SessionStore } from '../../src/core/session-store.js';
import { runUpload } from '../../src/core/upload-loop.js';
import type { HttpTransport } from '../../src/core/http.js';
import type { Digest } from '../../src/core/checksum.js';
import { hashKit } from '../../src/core/checksum-wasm.js';

/** A file of `size` bytes whose byte i is i % 251, so any misplaced range shows. */
export function patternFile(size: number, name = 'movie.bin'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return new File([bytes], name, {
    type: 'application/octet-stream',
    lastModified: 1_700_000_000_000,
  });
}

export function infoOf(file: File): FileInfo {
  return { name: file.name, size: file.size, type: file.type, lastModified: file.lastModified };
}

export interface JobRun {
  result: unknown;
  /** Confirmed bytes, one per report. */
  /** With a checksum: the whole file's digest, as the worker reports it. */
  wholeFile?: Digest;
  progress: number[];
  /**
   * Every report: confirmed bytes and bytes on the wire, at the job's clock, and what the
   * upload needs after its last byte (the measured round trip, the finishing calls).
   */
  reports: Array<{ confirmed: number; sent: number; at: number } & ProgressTiming>;
  notices: Array<{ error: UploadError; willRetry: boolean }>;
  store: SessionStore;
}

/** Run the real upload loop over a scripted transport, with retries that do not wait. */
export async function runScripted<H>(
  adapter: ProtocolAdapter<H>,
  transport: HttpTransport,
  file: File,
  options: ProtocolOptions & {
    endpoint?: string;
    store?: SessionStore;
    signal?: AbortSignal;
    stored?: () => Promise<void>;
    /** The file's path inside a dropped or picked folder. */
    relativePath?: string;
    /** The job's clock (a scripted one times the reports). */
    now?: () => number;
    /** Hears each report as it comes, before the run ends. */
    onReport?: (report: JobRun['reports'][number]) => void;
    /** The page's side of `ctx.callPage` (its `backend` functions); none by default. */
    callPage?: (hook: string, args: unknown) => Promise<unknown>;
    /** The clock requests are timed with, and what it learnt (a scripted link's). */
    link?: LinkMeter;
    /** Hears the worker's `session` report (the session is stored, or could not be). */
    onSession?: (persistent: boolean) => void;
  } = {},
): Promise<JobRun> {
  const store = options.store ?? createMemoryStore();
  const endpoint = options.endpoint ?? 'https://api.example.test/upload';
  const progress: number[] = [];
  const reports: JobRun['reports'] = [];
  const now = options.now ?? Date.now;
  const notices: JobRun['notices'] = [];
  const info = options.relativePath
    ? { ...infoOf(file), relativePath: options.relativePath }
    : infoOf(file);
  let wholeFile: Digest | undefined;
  const algorithm = options.checksum;
  const result = await runUpload({
    // The hashing code imported directly: the worker import()s the same module, built apart.
    checksum:
      algorithm && algorithm !== 'none'
        ? { algorithm, kit: hashKit, onWholeFile: (digest) => (wholeFile = digest) }
        : undefined,
    file,
    info,
    key: sessionKey(adapter.protocol, endpoint, info),
    adapter,
    store,
    signal: options.signal ?? new AbortController().signal,
    stored: options.stored,
    link: options.link,
    retryPolicy: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    now,
    context: {
      http: transport,
      endpoint,
      options,
      callPage:
        options.callPage ??
        (async () => {
          throw new Error('no page in unit tests');
        }),
    },
    reporter: {
      progress: (confirmed, _total, sent = confirmed, timing = {}) => {
        progress.push(confirmed);
        reports.push({ confirmed, sent, at: now(), ...timing });
        options.onReport?.(reports.at(-1)!);
      },
      notice: (error, willRetry) => notices.push({ error, willRetry }),
      session: (_record, persistent) => options.onSession?.(persistent),
    },
  });
  return { result, wholeFile, progress, reports, notices, store };
}
