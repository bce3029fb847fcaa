import { BackgroundRefusal, type AdapterContext, type ProtocolAdapter } from '../core/adapter.js';
import { UploadError } from '../core/errors.js';
import { abortError } from '../core/http.js';
import type { SessionStore } from '../core/session-store.js';
import { credentialScope } from '../core/origins.js';
import { loadAdapter } from '../protocols/registry.js';
import { adopt, dropMark, prepareHandOff } from './background.js';
import type { FromWorker, ToWorker, UploadConfig } from './messages.js';

type Start = Extract<ToWorker, { type: 'start' }>;
type BackgroundMessage = Extract<
  ToWorker,
  { type: 'hand-off' | 'handed-off' | 'hand-off-failed' | 'adopt' }
>;

/** What the hand-offs need of a running upload in the worker's entry. */
export interface RunningUpload {
  controller: AbortController;
  done: Promise<void>;
  key: string;
  config: UploadConfig;
  /** Asked to stop for a hand-off: its end is no news to the page. */
  handingOff?: boolean;
  /** It ended because of the hand-off (not finished or failed meanwhile). */
  stoppedForHandOff?: boolean;
  /** The page cancelled it: nothing is handed off, nothing goes on. */
  cancelled: boolean;
  /** Lets the requests on the wire finish, and sends no other: resolves once none is left. */
  closeGate: () => Promise<void>;
  started: Start;
}

/**
 * The adapter of one upload, with a gate on its sends: once closed, the loop's next
 * send stops the upload instead of going out, and the gate opens its `close()` promise
 * when the last request on the wire is answered. So a hand-off cuts no chunk or part:
 * the server holds it whole, and the fetch starts after it (nothing is sent twice).
 */
export function gatedAdapter<H>(
  given: ProtocolAdapter<H>,
  abort: () => void,
): { adapter: ProtocolAdapter<H>; close: () => Promise<void> } {
  const adapter = given.forUpload?.() ?? given;
  let inFlight = 0;
  let closed = false;
  let drained: (() => void) | undefined;
  const gated: ProtocolAdapter<H> = {
    ...adapter,
    forUpload: undefined,
    async sendChunk(ctx, handle, chunk, file) {
      if (closed) {
        abort();
        throw abortError();
      }
      inFlight++;
      try {
        return await adapter.sendChunk(ctx, handle, chunk, file);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    },
  };
  const close = () =>
    new Promise<void>((resolve) => {
      closed = true;
      if (inFlight === 0) resolve();
      else drained = resolve;
    });
  return { adapter: gated, close };
}

export interface HandOffHost {
  store: SessionStore;
  post(message: FromWorker): void;
  makeContext(config: UploadConfig): Omit<AdapterContext, 'signal'>;
  running(id: string): RunningUpload | undefined;
  /** Start the upload again, as if the page had said `start` and `go`. */
  restart(message: Start): void;
}

/**
 * The worker's part in Background Fetch hand-offs, by message: a running upload stops
 * and stays suspended (its file and settings kept here) until the page says the
 * registration holds the bytes, or that the browser refused it and the loop goes on.
 */
export class BackgroundHandOffs {
  readonly #host: HandOffHost;
  readonly #suspended = new Map<string, { started: Start; key: string }>();

  constructor(host: HandOffHost) {
    this.#host = host;
  }

  /** Throws when a Background Fetch owns the stored session: no tab's loop may drive it. */
  async notOwned(key: string): Promise<void> {
    const record = await this.#host.store.get(key);
    if (record?.background) {
      throw new UploadError(
        'background',
        'The browser is uploading the rest of this file in the background; this page shows its progress.',
      );
    }
  }

  receive(message: BackgroundMessage): Promise<void> {
    switch (message.type) {
      case 'hand-off':
        return this.#handOff(message.id, message.bytesPerSecond);
      case 'handed-off':
        this.#suspended.delete(message.id);
        return Promise.resolve();
      case 'hand-off-failed':
        return this.#resume(message.id, message.resume);
      case 'adopt':
        return this.#adopt(message);
    }
  }

  async #handOff(id: string, bytesPerSecond: number): Promise<void> {
    const { post, store } = this.#host;
    const entry = this.#host.running(id);
    if (!entry) {
      post({ type: 'hand-off-refused', id, reason: 'finished', message: 'Not running here.' });
      return;
    }
    // The chunks or parts on the wire finish; then the loop stops wherever it is (a
    // status query, a wait before a retry). The server's status answer is where the
    // fetch begins.
    entry.handingOff = true;
    await entry.closeGate();
    entry.controller.abort();
    await entry.done;
    const { started, key, config } = entry;
    if (!entry.stoppedForHandOff || entry.cancelled) {
      // It finished, failed or was cancelled meanwhile, and the page heard so.
      post({ type: 'hand-off-refused', id, reason: 'finished', message: 'It ended first.' });
      return;
    }
    this.#suspended.set(id, { started, key });
    try {
      const adapter = await this.#adapter(config);
      const ctx = { ...this.#host.makeContext(config), signal: AbortSignal.timeout(60_000) };
      const { fetchId, plan } = await prepareHandOff({
        adapter,
        ctx,
        store,
        key,
        file: started.file,
        info: started.info,
        bytesPerSecond,
        needsPageHeaders: pageHeadersFor(config),
      });
      post({ type: 'hand-off-plan', id, fetchId, plan });
    } catch (error) {
      const refusal =
        error instanceof BackgroundRefusal
          ? error
          : new BackgroundRefusal(
              'protocol',
              `Asking the server before the hand-off failed: ${error instanceof Error ? error.message : String(error)}`,
            );
      const { reason, message, askAgainAtBytesLeft } = refusal;
      post({ type: 'hand-off-refused', id, reason, message, askAgainAtBytesLeft });
      await this.#resume(id, true);
    }
  }

  /** The upload is the page's again: its loop goes on, or it stays paused as the page asked. */
  async #resume(id: string, resume: boolean): Promise<void> {
    const suspended = this.#suspended.get(id);
    if (!suspended) return;
    this.#suspended.delete(id);
    await dropMark(this.#host.store, suspended.key);
    if (resume) this.#host.restart(suspended.started);
    else this.#host.post({ type: 'paused', id });
  }

  async #adopt(message: Extract<ToWorker, { type: 'adopt' }>): Promise<void> {
    const { id, key, info, config } = message;
    const { post, store } = this.#host;
    try {
      const adapter = await this.#adapter(config);
      const ctx = { ...this.#host.makeContext(config), signal: AbortSignal.timeout(60_000) };
      const adoption = await adopt(adapter, ctx, store, key, info);
      if (adoption.kind === 'finished') post({ type: 'success', id, result: adoption.result });
      else if (adoption.kind === 'unfinished') {
        post({ type: 'adopted', id, bytesConfirmed: adoption.bytesConfirmed });
      } else post({ type: 'adopted', id });
    } catch (error) {
      const known = error instanceof UploadError;
      post({
        type: 'failed',
        id,
        error: {
          code: known ? error.code : 'internal',
          message: `Finishing the background upload failed: ${error instanceof Error ? error.message : String(error)}`,
          status: known ? error.status : undefined,
          willRetry: false,
        },
      });
    }
  }

  async #adapter(config: UploadConfig): Promise<ProtocolAdapter> {
    const adapter = await loadAdapter(config.protocol);
    if (!adapter)
      throw new UploadError('config', `The protocol "${config.protocol}" is not supported.`);
    return adapter.forUpload?.() ?? adapter;
  }
}

/**
 * Whether a request to a URL would carry the page's headers: the page set some (a
 * function may hand out a token at any time) and the URL is within their scope.
 */
function pageHeadersFor(config: UploadConfig): (url: string) => boolean {
  const hasHeaders = !config.staticHeaders || Object.keys(config.staticHeaders).length > 0;
  if (!hasHeaders) return () => false;
  const scope = credentialScope(config.endpoint, config.options.urls, config.credentialsTo);
  return scope;
}
