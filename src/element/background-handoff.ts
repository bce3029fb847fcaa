import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProtocolName } from '../core/adapter.js';
import { originOf, pageOrigin } from '../core/origins.js';
import type {
  BackgroundFetchEnded,
  BackgroundFetchManagerSlice,
  BackgroundFetchRegistrationSlice,
} from '../core/background-fetch.js';
import type { BackgroundOwner } from '../core/session-store.js';
import type { ToWorker, UploadConfig } from '../worker/messages.js';
import { backgroundMode, type BackgroundSetting } from './background-mode.js';
import type { BackgroundUnavailableDetail } from './events.js';
import type { QueueEvents } from './queue-events.js';
import type { Entry, UploadList } from './upload-list.js';
import { UploadEvent, UploadState } from './upload-state.js';
import type { BackgroundReport, UploadReport } from './worker-client.js';

/** What the hand-off needs of the element. */
export interface BackgroundHost extends ReactiveControllerHost, Pick<EventTarget, 'dispatchEvent'> {
  /** The `background` attribute: when to hand uploads to Background Fetch (background-mode.ts). */
  readonly background: BackgroundSetting;
  readonly protocol: ProtocolName;
  readonly endpoint: string;
}

/**
 * Protocols whose requests are built from each chunk's bytes in the page (segments:
 * base64 JSON), so their adapters have no `remainderRequests`: no row offers the control.
 */
const STAYS_IN_PAGE: ReadonlySet<ProtocolName> = new Set(['segments']);

/** What the hand-off needs of the queue. */
export interface BackgroundQueue {
  readonly list: UploadList;
  readonly events: QueueEvents;
  post(message: ToWorker): void;
  config(): UploadConfig;
  /** A report as if the worker had made it (progress of the fetch). */
  report(report: UploadReport): void;
  /** Resume an upload the fetch left unfinished (its file is at hand). */
  start(id: string): void;
}

type Availability =
  | { manager: BackgroundFetchManagerSlice }
  | { manager?: undefined; reason: BackgroundUnavailableDetail['reason']; message: string };

/**
 * Hands running uploads to the browser's Background Fetch when the page is hidden or
 * closed (or on `continueInBackground()`), shows a fetch's progress while this page
 * is open, and adopts the upload back when it ends: finished, or resumed here from
 * the server's offset. Where Background Fetch cannot work it says so once
 * (`background-unavailable`) and uploads stay in the page, as without the attribute.
 */
export class BackgroundHandoff implements ReactiveController {
  readonly #host: BackgroundHost;
  readonly #queue: BackgroundQueue;
  #availability?: Promise<Availability>;
  /** What `#availability` found, once it has: the rows' control shows only then. */
  #found?: Availability;
  /** Uploads the worker refused to hand off (another origin, page headers…): no control. */
  readonly #refused = new Set<string>();
  /** Reasons already told, so each is said once. */
  readonly #told = new Set<string>();
  /** Uploads whose hand-off the worker prepares. */
  readonly #handing = new Set<string>();
  /** Uploads whose session the server has made (a hand-off before it has nothing to go on from). */
  readonly #sessionMade = new Set<string>();
  /**
   * Uploads to hand off again once the server confirms enough: refused while too much was
   * left (DocSpace's last chunk), or back from a failed fetch (only after the page moved
   * bytes itself, so a fetch that fails at once is never asked again and again).
   */
  readonly #askAgainWhen = new Map<string, (bytesConfirmed: number) => boolean>();
  /** Uploads `immediately` already asked to hand off: each is asked once, whatever came of it. */
  readonly #askedAtOnce = new Set<string>();
  /** The fetch each upload in the background is watched through. */
  readonly #fetches = new Map<string, BackgroundFetchRegistrationSlice>();

  constructor(host: BackgroundHost, queue: BackgroundQueue) {
    this.#host = host;
    this.#queue = queue;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onHidden);
    window.addEventListener('pagehide', this.#onHidden);
    navigator.serviceWorker?.addEventListener('message', this.#onServiceWorker);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onHidden);
    window.removeEventListener('pagehide', this.#onHidden);
    navigator.serviceWorker?.removeEventListener('message', this.#onServiceWorker);
  }

  hostUpdated(): void {
    const mode = backgroundMode(this.#host.background);
    // Checked, and told, as soon as the page turns the attribute on.
    if (mode !== 'off') void this.#available();
    // The page repaints on every report but progress, so on the session's too.
    if (mode === 'immediately') this.#handOffAtOnce();
  }

  /**
   * Whether the row of this upload offers "Continue in background": `background` is
   * set, this browser has Background Fetch and a service worker, and the upload is
   * sending here in a protocol (and to an origin) a fetch can carry, not refused before.
   */
  offers(id: string): boolean {
    const entry = this.#queue.list.get(id);
    return (
      entry !== undefined &&
      backgroundMode(this.#host.background) !== 'off' &&
      this.#found?.manager !== undefined &&
      entry.state === UploadState.sending &&
      !this.#handing.has(entry.id) &&
      !this.#refused.has(entry.id) &&
      !this.#askAgainWhen.has(entry.id) &&
      !STAYS_IN_PAGE.has(this.#host.protocol) &&
      sameOrigin(this.#host.endpoint)
    );
  }

  /** A Background Fetch holds this upload's rest: this page only shows its progress. */
  handedOff(id: string): boolean {
    return this.#queue.list.get(id)?.state === UploadState.background;
  }

  /**
   * Hand these uploads (one, or every one sending here) to Background Fetch. Resolves
   * once each hand-off is asked for; `upload-background` fires for each that the
   * browser took.
   */
  async handOff(id?: string): Promise<void> {
    const sending = this.#queue.list
      .select(id)
      .filter((e) => e.state === UploadState.sending && !this.#handing.has(e.id));
    if (!sending.length) return;
    const { manager } = await this.#available();
    if (!manager) return;
    for (const entry of sending) {
      if (entry.state !== UploadState.sending) continue;
      this.#handing.add(entry.id);
      this.#host.requestUpdate();
      const bytesPerSecond = entry.bytesPerSecond;
      this.#queue.post({ type: 'hand-off', id: entry.id, bytesPerSecond });
    }
  }

  /**
   * `immediately`: each upload sending here whose session the server has made goes to the
   * fetch now, as on "Continue in background", so the tab may close any time after.
   * Refused (another origin, page headers, expiring URLs, no Background Fetch), it goes on
   * here and `background-unavailable` says why, once.
   */
  #handOffAtOnce(): void {
    for (const entry of this.#queue.list.all()) {
      const ready = entry.state === UploadState.sending && this.#sessionMade.has(entry.id);
      if (!ready || this.#askedAtOnce.has(entry.id)) continue;
      this.#askedAtOnce.add(entry.id);
      void this.handOff(entry.id);
    }
  }

  /**
   * A worker report, before the queue handles it: a `session` (or bytes the server
   * confirmed) says the session exists. The queue then repaints, and `hostUpdated` hands
   * the upload off once this tab also drives it (`sending`).
   */
  heard(report: UploadReport): void {
    const made =
      report.type === 'session' || (report.type === 'progress' && report.bytesConfirmed > 0);
    if (made) this.#sessionMade.add(report.id);
    const askAgainWhen = this.#askAgainWhen.get(report.id);
    if (report.type === 'progress' && askAgainWhen?.(report.bytesConfirmed)) {
      // Asked again as the first time (`immediately`, a hidden page, the row's button).
      this.#askAgainWhen.delete(report.id);
      this.#askedAtOnce.delete(report.id);
      if (document.visibilityState === 'hidden') void this.handOff(report.id);
      this.#host.requestUpdate();
    }
  }

  /** The worker's word on a hand-off or an adoption. */
  receive(report: BackgroundReport): void {
    const entry = this.#queue.list.get(report.id);
    if (!entry) return;
    switch (report.type) {
      case 'hand-off-plan':
        void this.#register(entry, report);
        return;
      case 'hand-off-refused':
        this.#refusedNow(entry, report);
        return;
      case 'adopted':
        this.#adopted(entry, report.bytesConfirmed);
    }
  }

  #refusedNow(entry: Entry, report: Extract<BackgroundReport, { type: 'hand-off-refused' }>) {
    this.#handing.delete(entry.id);
    const most = report.askAgainAtBytesLeft;
    if (most !== undefined) {
      this.#askAgainWhen.set(entry.id, (confirmed) => entry.size - confirmed <= most);
    } else if (report.reason !== 'finished') this.#refused.add(entry.id);
    if (report.reason !== 'finished') this.#tell(report.reason, report.message, entry);
    this.#host.requestUpdate();
  }

  /** A stored session a Background Fetch owns, found on this visit: watch it, or adopt it. */
  async restored(entry: Entry, owner: BackgroundOwner): Promise<void> {
    const availability = await this.#available(false);
    const fetch = await availability.manager?.get(owner.id).catch(() => undefined);
    if (fetch && fetch.result === '') this.#watch(entry, fetch, owner.bytesHeld);
    else this.#adopt(entry);
  }

  /** Cancel: the fetch stops too (its service worker then finds no record). */
  cancelled(entry: Entry): void {
    const fetch = this.#fetches.get(entry.id);
    this.#fetches.delete(entry.id);
    void fetch?.abort().catch(() => false);
  }

  readonly #onHidden = (event: Event): void => {
    if (backgroundMode(this.#host.background) === 'off') return;
    if (event.type === 'visibilitychange' && document.visibilityState !== 'hidden') return;
    void this.handOff();
  };

  /** The service worker recorded a fetch's end: adopt it now, not at the next progress. */
  readonly #onServiceWorker = (event: MessageEvent<BackgroundFetchEnded>): void => {
    if (event.data?.type !== 'resumable-upload:background-ended') return;
    const entry = this.#queue.list.byKey(event.data.key);
    if (entry?.state === UploadState.background && this.#fetches.has(entry.id)) {
      this.#fetches.delete(entry.id);
      this.#adopt(entry);
    }
  };

  async #register(
    entry: Entry,
    { fetchId, plan }: Extract<BackgroundReport, { type: 'hand-off-plan' }>,
  ): Promise<void> {
    try {
      await this.#registerNow(entry, fetchId, plan);
    } finally {
      // Only now: the row's control stays hidden until the browser said yes or no.
      this.#handing.delete(entry.id);
      this.#host.requestUpdate();
    }
  }

  async #registerNow(
    entry: Entry,
    fetchId: string,
    plan: Extract<BackgroundReport, { type: 'hand-off-plan' }>['plan'],
  ): Promise<void> {
    const { manager } = await this.#available();
    // Paused or cancelled while the worker prepared it: the upload stays here, stopped.
    const stillSending = () => entry.state === UploadState.sending;
    if (!stillSending()) {
      this.#queue.post({ type: 'hand-off-failed', id: entry.id, resume: false });
      return;
    }
    const requests = plan.requests.map(
      (r) =>
        new Request(r.url, {
          method: r.method,
          headers: r.headers,
          body: r.body,
          // A presigned URL is the grant: no cookies with it, as in the page.
          credentials: r.auth === false ? 'omit' : 'same-origin',
        }),
    );
    const uploadTotal = plan.requests.reduce((sum, r) => sum + (r.end - r.start), 0);
    let fetch: BackgroundFetchRegistrationSlice;
    try {
      if (!manager) throw new Error('Background Fetch is not available.');
      fetch = await manager.fetch(fetchId, requests, { title: entry.name, uploadTotal });
    } catch (error) {
      // The upload goes on here, from the server's offset, as if nothing happened.
      this.#queue.post({ type: 'hand-off-failed', id: entry.id, resume: stillSending() });
      const why = error instanceof Error ? error.message : String(error);
      this.#refused.add(entry.id);
      this.#tell('refused', `The browser refused the background upload: ${why}`, entry);
      return;
    }
    if (!stillSending()) {
      // Paused or cancelled while the browser registered it: the fetch must not go on alone.
      void fetch.abort().catch(() => false);
      this.#queue.post({ type: 'hand-off-failed', id: entry.id, resume: false });
      return;
    }
    // The fetch holds the bytes: the worker's loop ends for good.
    this.#queue.post({ type: 'handed-off', id: entry.id });
    this.#queue.list.move(entry, UploadEvent.handedOff);
    this.#queue.events.emit('upload-background', entry, {
      bytesSent: plan.bytesHeld,
      bytesTotal: entry.size,
    });
    this.#watch(entry, fetch, plan.bytesHeld);
    this.#host.requestUpdate();
  }

  /** Show the fetch's progress on the row; adopt the upload back when it ends. */
  #watch(entry: Entry, fetch: BackgroundFetchRegistrationSlice, confirmed: number): void {
    this.#fetches.set(entry.id, fetch);
    const show = () => {
      if (this.#fetches.get(entry.id) !== fetch) return;
      const bytesSent = Math.min(entry.size, confirmed + fetch.uploaded);
      if (bytesSent > entry.bytesSent) {
        // On the wire, not confirmed: the server's word comes when the page adopts it back.
        this.#queue.report({
          type: 'progress',
          id: entry.id,
          bytesSent,
          bytesConfirmed: confirmed,
          bytesTotal: entry.size,
        });
      }
      if (fetch.result !== '') {
        this.#fetches.delete(entry.id);
        this.#adopt(entry);
      }
    };
    fetch.addEventListener('progress', show);
    show();
  }

  #adopt(entry: Entry): void {
    if (!entry.key) return;
    const { id, key, info } = entry;
    this.#queue.post({ type: 'adopt', id, key, info, config: this.#queue.config() });
  }

  #adopted(entry: Entry, bytesConfirmed: number | undefined): void {
    if (bytesConfirmed === undefined) {
      this.#queue.list.move(entry, UploadEvent.endedElsewhere);
      this.#host.requestUpdate();
      return;
    }
    if (!this.#queue.list.move(entry, UploadEvent.backgroundEnded)) return;
    this.#askAgainWhen.set(entry.id, (confirmed) => confirmed > bytesConfirmed);
    entry.bytesSent = bytesConfirmed;
    entry.bytesPerSecond = 0;
    this.#host.requestUpdate();
    // With its file at hand (this tab, or a kept copy), it goes on from the server's offset.
    if (entry.file) this.#queue.start(entry.id);
  }

  /**
   * Whether Background Fetch can take uploads here; the first time, a page that turned
   * the attribute on hears why not.
   */
  #available(tell = true): Promise<Availability> {
    this.#availability ??= availability().then((found) => {
      this.#found = found;
      // The rows' "Continue in background" control shows from now on.
      if (found.manager) this.#host.requestUpdate();
      return found;
    });
    return this.#availability.then((found) => {
      if (!found.manager && tell) this.#tell(found.reason, found.message);
      return found;
    });
  }

  #tell(reason: BackgroundUnavailableDetail['reason'], message: string, entry?: Entry): void {
    if (this.#told.has(reason)) return;
    this.#told.add(reason);
    const detail: BackgroundUnavailableDetail = { reason, message };
    if (entry) Object.assign(detail, { id: entry.id, name: entry.name });
    this.#host.dispatchEvent(
      new CustomEvent('background-unavailable', { detail, bubbles: true, composed: true }),
    );
  }
}

/** Background Fetch sends no CORS preflight: only an endpoint on the page's origin can go. */
function sameOrigin(endpoint: string): boolean {
  return originOf(endpoint, location.href) === pageOrigin();
}

async function availability(): Promise<Availability> {
  if (!('BackgroundFetchManager' in globalThis)) {
    return {
      reason: 'unsupported',
      message:
        'This browser has no Background Fetch (Firefox and Safari have none): uploads stop when the page closes and resume on the next visit.',
    };
  }
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  const manager = (registration as { backgroundFetch?: BackgroundFetchManagerSlice } | undefined)
    ?.backgroundFetch;
  if (!registration?.active || !manager) {
    return {
      reason: 'no-service-worker',
      message:
        'No service worker controls this page: register resumable-upload.sw.js (README, "Background uploads") for uploads to go on after the page closes.',
    };
  }
  return { manager };
}
