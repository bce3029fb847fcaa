/// <reference lib="webworker" />
import type { AdapterContext } from '../core/adapter.js';
import { checksumSetting, hex, type Digest } from '../core/checksum.js';
import { UploadError, isAbort } from '../core/errors.js';
import { abortError, createFetchTransport } from '../core/http.js';
import { credentialScope } from '../core/origins.js';
import { openSessionStore, sessionKey, type SessionStore } from '../core/session-store.js';
import { runUpload } from '../core/upload-loop.js';
import { corsNeeds } from '../protocols/cors.js';
import { loadAdapter } from '../protocols/registry.js';
import { BackgroundHandOffs, gatedAdapter } from './background-messages.js';
import { warmIntl } from './intl-warmup.js';
import type { FromWorker, ToWorker, UploadConfig, WorkerError } from './messages.js';
import { replyWithThumbnail, type ThumbnailRequest } from './thumbnail.js';

/**
 * The chunk engine. The page posts files (a `File` crosses by reference, no
 * bytes are copied) and commands; everything that touches bytes or the
 * network happens here, so the main thread only renders.
 */

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);
let storePromise: Promise<SessionStore>;

interface Running {
  controller: AbortController;
  done: Promise<void>;
  key: string;
  config: UploadConfig;
  cancelled: boolean;
  /** The page said it holds the upload's lock (`go`). */
  allow: () => void;
  /** Stopped to hand the rest to a Background Fetch: it ends without a word to the page. */
  handingOff?: boolean;
  stoppedForHandOff?: boolean;
  /** Sends nothing more; resolves once the requests on the wire are answered. */
  closeGate: () => Promise<void>;
  /** What started it: a hand-off the browser refuses starts it again. */
  started: Extract<ToWorker, { type: 'start' }>;
}
const running = new Map<string, Running>();

let nextRequestId = 1;
const pendingCalls = new Map<
  number,
  { resolve: (v: unknown) => void; reject: (e: Error) => void }
>();

function callPage(hook: string, args: unknown): Promise<unknown> {
  const requestId = nextRequestId++;
  return new Promise((resolve, reject) => {
    pendingCalls.set(requestId, { resolve, reject });
    post({ type: 'page-call', requestId, hook, args });
  });
}

function toWorkerError(error: unknown, willRetry: boolean): WorkerError {
  if (error instanceof UploadError) {
    return { code: error.code, message: error.message, status: error.status, willRetry };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected failure: ${message}`, willRetry };
}

async function start(message: Extract<ToWorker, { type: 'start' }>) {
  const { id, file, info, config } = message;
  if (running.has(id)) return;
  const controller = new AbortController();
  const key = sessionKey(config.protocol, config.endpoint, info);
  let allow = () => {};
  // Settles on `go`; fails when the upload is paused or cancelled first.
  const allowed = new Promise<void>((resolve, reject) => {
    allow = resolve;
    controller.signal.addEventListener('abort', () => reject(abortError()));
  });
  // Only a stored session waits for it: a new upload must not leave it unhandled.
  allowed.catch(() => {});
  const entry: Running = {
    controller,
    key,
    config,
    cancelled: false,
    done: Promise.resolve(),
    allow,
    closeGate: async () => {},
    started: message,
  };
  running.set(id, entry);

  entry.done = (async () => {
    const store = await storePromise;
    try {
      const adapter = await loadAdapter(config.protocol).catch((error: unknown) => {
        // The built worker is one file, so this fails only where its modules are served
        // one by one (a dev server) and one is missing: a setup fault, not a network blip.
        throw new UploadError(
          'missing-file',
          `The ${config.protocol} protocol code could not be loaded (${String(error)}). See "Bundlers" in the README of resumable-upload.`,
        );
      });
      if (!adapter)
        throw new UploadError('config', `The protocol "${config.protocol}" is not supported.`);
      const context = makeContext(config);
      const background = backgroundOf(store);
      const gate = gatedAdapter(adapter, () => controller.abort());
      entry.closeGate = gate.close;
      const setting = await checksumSetting(config.options.checksum, config.checksumModule);
      let sha256: string | undefined;
      const checksum = setting && {
        ...setting,
        onWholeFile: (digest: Digest) => {
          if (digest.algorithm === 'sha256') sha256 = hex(digest.bytes);
        },
      };
      const result = await runUpload({
        checksum,
        file,
        info,
        key,
        adapter: gate.adapter,
        context,
        store,
        signal: controller.signal,
        // A session a Background Fetch owns is not driven here until a page adopts it.
        stored: () => allowed.then(() => background.notOwned(key)),
        reporter: {
          progress: (bytesConfirmed, bytesTotal, bytesSent = bytesConfirmed, timing = {}) =>
            post({ type: 'progress', id, bytesSent, bytesConfirmed, bytesTotal, ...timing }),
          notice: (error, willRetry) =>
            post({ type: 'notice', id, error: toWorkerError(error, willRetry) }),
          session: (_record, persistent) => post({ type: 'session', id, key, persistent }),
        },
      });
      post({ type: 'success', id, result, ...(sha256 && { sha256 }) });
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) {
        if (entry.handingOff) entry.stoppedForHandOff = true;
        else if (!entry.cancelled) post({ type: 'paused', id });
        return;
      }
      post({ type: 'failed', id, error: toWorkerError(error, false) });
    } finally {
      running.delete(id);
    }
  })();
}

/** The upload's context. Throws a ConfigError when `credentials-to` holds something else than origins. */
function makeContext(config: UploadConfig): Omit<AdapterContext, 'signal'> {
  return {
    http: createFetchTransport({
      // A function may hand out a fresh token each time, so it is asked before every request.
      getHeaders: config.staticHeaders
        ? async () => config.staticHeaders!
        : async () => (await callPage('headers', null)) as Record<string, string>,
      withCredentials: config.withCredentials,
      credentialsFor: credentialScope(config.endpoint, config.options.urls, config.credentialsTo),
      blocked: {
        advice: corsNeeds(config.protocol, config.options.checksum),
        endpoint: config.endpoint,
      },
    }),
    endpoint: config.endpoint,
    options: config.options,
    callPage,
  };
}

/** Stop sending, tell the server to drop the session, and forget it locally. */
async function cancel(message: Extract<ToWorker, { type: 'cancel' }>) {
  const { id } = message;
  const entry = running.get(id);
  if (entry) {
    entry.cancelled = true;
    entry.controller.abort();
    await entry.done;
  }
  const key = entry?.key ?? message.key;
  const config = entry?.config ?? message.config;
  const store = await storePromise;
  const record = key ? await store.get(key) : undefined;
  const adapter = record && (await loadAdapter(record.protocol).catch(() => undefined));
  if (record && adapter?.abort && config) {
    const signal = AbortSignal.timeout(10_000);
    const abort = async () =>
      adapter.abort!({ ...makeContext(config), signal }, record.handle as never);
    await abort().catch(() => {});
  }
  if (key) await store.remove(key);
  post({ type: 'cancelled', id });
}

function onMessage(event: MessageEvent<ToWorker | ThumbnailRequest>) {
  const message = event.data;
  switch (message.type) {
    case 'thumbnail':
      // Asked of an instance of its own (src/element/thumbnails.ts), never of one that uploads.
      void replyWithThumbnail(message, (reply) => self.postMessage(reply));
      break;
    case 'start':
      void start(message);
      break;
    case 'go':
      running.get(message.id)?.allow();
      break;
    case 'pause':
      running.get(message.id)?.controller.abort();
      break;
    case 'cancel':
      void cancel(message);
      break;
    case 'list':
      // Where adapters are modules of their own (a dev server; the built worker inlines them),
      // the page's listing on connect is the moment to fetch one, long before a file is
      // picked. A failure is reported by the upload that needs it.
      loadAdapter(message.protocol).catch(() => undefined);
      void storePromise.then(async (store) => {
        const sessions = await store.list(message.protocol, message.endpoint);
        post({
          type: 'sessions',
          requestId: message.requestId,
          sessions,
        });
      });
      break;
    case 'hand-off':
    case 'handed-off':
    case 'hand-off-failed':
    case 'adopt':
      void storePromise.then((store) => backgroundOf(store).receive(message));
      break;
    case 'page-reply': {
      const call = pendingCalls.get(message.requestId);
      pendingCalls.delete(message.requestId);
      if (!call) break;
      if (message.ok) call.resolve(message.value);
      else call.reject(new UploadError('page', message.message));
      break;
    }
  }
}

let handOffs: BackgroundHandOffs | undefined;
function backgroundOf(store: SessionStore): BackgroundHandOffs {
  handOffs ??= new BackgroundHandOffs({
    store,
    post,
    makeContext,
    running: (id) => running.get(id),
    restart: (message) => {
      void start(message);
      running.get(message.id)?.allow();
    },
  });
  return handOffs;
}

/**
 * WebKit evaluates a module worker's entry a second time when a chunk imports from it.
 * The build keeps the worker one file so that cannot happen; should it ever, a second
 * evaluation must not answer every message a second time (two uploads of each file).
 */
const evaluated = Symbol.for('resumable-upload.worker');
if (!(evaluated in self)) {
  Object.defineProperty(self, evaluated, { value: true });
  storePromise = openSessionStore();
  self.addEventListener('message', onMessage);
  // Tells the page the worker's file loaded: an error before this is a missing file.
  post({ type: 'ready' });
  // In a task of its own, after messages already waiting; usually long before a file is picked.
  setTimeout(warmIntl, 0);
}
