import type { ProtocolName, ProtocolOptions } from '../core/adapter.js';
import type { StoredSession } from '../core/session-store.js';
import type { FromWorker, ToWorker, UploadConfig } from '../worker/messages.js';
import { checksumModuleUrl } from './checksum-module.js';
import type { UploadStrings } from './strings.js';
import type { WorkerFactory } from './upload-types.js';

const workerOptions: WorkerOptions = { type: 'module', name: 'resumable-upload' };

/**
 * The worker from the package's own file. Bundlers (Vite, webpack, Parcel) carry a worker
 * along only when they find this exact shape: the global `Worker`, a literal relative path
 * and `import.meta.url`. Keep it that way, or an app's build leaves the worker behind.
 */
const packagedWorker = () =>
  new Worker(new URL('../worker/upload.worker.ts', import.meta.url), {
    type: 'module',
    name: 'resumable-upload',
  });

export const defaultWorkerFactory: WorkerFactory = () => withTrustedWorkerUrls(packagedWorker);

/** The worker from a URL the page gives (`worker-url`): a CDN, or a bundler we do not test. */
export function workerFromUrl(url: string): Worker {
  const resolved = new URL(url, document.baseURI);
  return new Worker(trustedScriptUrl(resolved) as unknown as URL, workerOptions);
}

/**
 * `new Worker(url)` is a Trusted Types sink, and `packagedWorker` must name the global
 * `Worker` for bundlers to see it. So while it runs, and only then (nothing else runs
 * in between), the global is a subclass that hands the real one the URL through our
 * policy; pages without Trusted Types never see the swap.
 */
function withTrustedWorkerUrls(create: () => Worker): Worker {
  if (!('trustedTypes' in globalThis)) return create();
  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(trustedScriptUrl(new URL(url)) as unknown as URL, options);
    }
  };
  try {
    return create();
  } finally {
    globalThis.Worker = NativeWorker;
  }
}

/** The slice of the Trusted Types API used here (TypeScript's DOM lib has none of it). */
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): ScriptUrlPolicy;
}
interface ScriptUrlPolicy {
  createScriptURL(input: string): unknown;
}
let workerPolicy: ScriptUrlPolicy | null | undefined;
/** The one URL the policy lets through: the worker being created right now. */
let workerUrlInFlight: string | undefined;

/**
 * The worker URL in a form a page that requires Trusted Types accepts: created by a
 * policy named `resumable-upload` that lets through only the URL of the worker this
 * code is creating at that moment. A page whose CSP lists policy names
 * (`trusted-types …`) must list this one too.
 */
function trustedScriptUrl(url: URL): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (workerPolicy === undefined) {
    try {
      workerPolicy =
        factory?.createPolicy('resumable-upload', {
          createScriptURL: (input) => {
            if (input !== workerUrlInFlight) throw new TypeError(`Not the upload worker: ${input}`);
            return input;
          },
        }) ?? null;
    } catch {
      // The page's CSP does not allow the name: without enforcement the plain URL works.
      workerPolicy = null;
    }
  }
  if (!workerPolicy) return url.href;
  workerUrlInFlight = url.href;
  try {
    return workerPolicy.createScriptURL(url.href) as string;
  } finally {
    workerUrlInFlight = undefined;
  }
}

/** The worker resolves URLs against its own script URL: hand it absolute ones. */
export function absoluteUrl(url: string): string {
  return new URL(url, document.baseURI).href;
}

/** The element's settings an upload takes to the worker. */
export interface UploadSettings {
  readonly protocol: ProtocolName;
  readonly endpoint: string;
  readonly withCredentials: boolean;
  /** `credentials-to`: space-separated origins, or `*`. */
  readonly credentialsTo: string;
  protocolOptions(): ProtocolOptions;
  /** The page's headers when they are a plain object (undefined when a function hands them out). */
  staticHeaders(): Record<string, string> | undefined;
}

export function uploadConfig(settings: UploadSettings): UploadConfig {
  const options = settings.protocolOptions();
  return {
    protocol: settings.protocol,
    endpoint: absoluteUrl(settings.endpoint),
    withCredentials: settings.withCredentials,
    credentialsTo: (settings.credentialsTo ?? '').split(/\s+/).filter(Boolean),
    options,
    // Saves the worker a round trip to this thread before every request.
    staticHeaders: settings.staticHeaders(),
    ...(options.checksum && options.checksum !== 'none' && { checksumModule: checksumModuleUrl() }),
  };
}

/** The worker's words about Background Fetch hand-offs (background-handoff.ts hears them). */
export type BackgroundReport = Extract<
  FromWorker,
  { type: 'hand-off-plan' | 'hand-off-refused' | 'adopted' }
>;

/** A worker report about one upload (the rest the client answers itself). */
export type UploadReport = Exclude<
  FromWorker,
  { type: 'ready' | 'sessions' | 'page-call' } | BackgroundReport
>;

/** One handler per kind of report, each given the report of its own type. */
export type ReportHandlers<Upload> = {
  [K in UploadReport['type']]: (upload: Upload, report: Extract<UploadReport, { type: K }>) => void;
};

/** What the client asks of the queue that owns it. */
export type WorkerLoss = 'worker' | 'missing-file' | 'cross-origin';

/** The error code and the words, in the language shown, for a worker that was lost. */
export function lossOf(
  why: WorkerLoss,
  detail: string,
): { code: string; words: (s: UploadStrings) => string } {
  const words = {
    worker: (s: UploadStrings) => s.workerStopped(detail),
    'missing-file': (s: UploadStrings) => s.workerMissing,
    'cross-origin': (s: UploadStrings) => s.workerCrossOrigin,
  }[why];
  return { code: why === 'worker' ? 'worker' : 'missing-file', words };
}

export interface WorkerClientOwner {
  report(report: UploadReport): void;
  /** The worker needs the page: headers, or a plain-S3 backend function. */
  pageCall(hook: string, args: unknown): Promise<unknown>;
  /** The worker could not be created, stopped, or (`missing-file`) its file never loaded. */
  /**
   * The worker crashed or never started (`worker`, with the browser's words), its file is
   * missing, or it is on another origin than the page: the last two are setup faults a
   * retry cannot mend.
   */
  lost(why: WorkerLoss, detail: string): void;
  /** A Background Fetch hand-off's plan, refusal or adoption. */
  background?(report: BackgroundReport): void;
}

/**
 * The page's side of the worker: made on first use, commands out, reports in. It
 * answers what concerns no single upload (`ready`, `sessions`, `page-call`) and hands
 * the rest to its owner.
 */
export class WorkerClient {
  readonly #createWorker: WorkerFactory;
  readonly #owner: WorkerClientOwner;
  #worker?: Worker;
  /** The worker said its code loaded; an error before that means its file is missing. */
  #ready = false;
  #nextRequest = 1;
  readonly #listRequests = new Map<number, (sessions: StoredSession[]) => void>();

  constructor(createWorker: WorkerFactory, owner: WorkerClientOwner) {
    this.#createWorker = createWorker;
    this.#owner = owner;
  }

  post(message: ToWorker): void {
    if (!this.#worker) {
      try {
        this.#worker = this.#createWorker();
      } catch (error) {
        // The upload that asked fails with the reason instead of spinning, once it is
        // marked as running. A worker on another origin (the bundle from a CDN) throws a
        // SecurityError; a Trusted Types CSP that lacks our policy name, a TypeError.
        const crossOrigin = error instanceof Error && error.name === 'SecurityError';
        queueMicrotask(() =>
          this.#lost(
            crossOrigin ? 'cross-origin' : 'worker',
            error instanceof Error ? error.message : String(error),
          ),
        );
        return;
      }
      this.#worker.addEventListener('message', (event: MessageEvent<FromWorker>) =>
        this.#receive(event.data),
      );
      this.#ready = false;
      this.#worker.addEventListener('error', (event) => {
        event.preventDefault();
        if (this.#ready) this.#lost('worker', event.message ?? '');
        else this.#lost('missing-file', '');
      });
    }
    this.#worker.postMessage(message);
  }

  /** The sessions the worker has stored for this protocol and (absolute) endpoint. */
  listSessions(protocol: ProtocolName, endpoint: string): Promise<StoredSession[]> {
    const requestId = this.#nextRequest++;
    return new Promise((resolve) => {
      this.#listRequests.set(requestId, resolve);
      this.post({ type: 'list', requestId, protocol, endpoint });
    });
  }

  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #lost(why: WorkerLoss, detail: string): void {
    this.#worker = undefined;
    // Nothing can be listed without it: an empty answer beats a promise that never settles.
    for (const answer of this.#listRequests.values()) answer([]);
    this.#listRequests.clear();
    this.#owner.lost(why, detail);
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.#ready = true;
        return;
      case 'sessions':
        this.#listRequests.get(message.requestId)?.(message.sessions);
        this.#listRequests.delete(message.requestId);
        return;
      case 'page-call':
        void this.#answerPageCall(message.requestId, message.hook, message.args);
        return;
      case 'hand-off-plan':
      case 'hand-off-refused':
      case 'adopted':
        this.#owner.background?.(message);
        return;
      default:
        this.#owner.report(message);
    }
  }

  async #answerPageCall(requestId: number, hook: string, args: unknown): Promise<void> {
    try {
      const value = await this.#owner.pageCall(hook, args);
      this.post({ type: 'page-reply', requestId, ok: true, value });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'page-reply', requestId, ok: false, message });
    }
  }
}
