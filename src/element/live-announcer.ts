import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResumableUploadEventMap } from './events.js';
import { formatPercent, localeOf } from './format.js';
import type { UploadStrings } from './strings.js';
import type { UploadSnapshot } from './upload-types.js';

export interface LiveAnnouncerHost extends ReactiveControllerHost, HTMLElement {
  readonly text: UploadStrings;
  readonly uploads: UploadSnapshot[];
  readonly locale?: string;
}

/** The events the live region speaks about (`upload-restored` is shown, not said). */
type AnnouncedEvent = Exclude<keyof ResumableUploadEventMap, 'upload-restored'>;
type Announcer<K extends AnnouncedEvent> = (
  detail: ResumableUploadEventMap[K]['detail'],
  s: UploadStrings,
) => string | undefined;

/**
 * What the polite live region says, from the element's own events, sparingly: one
 * line for a batch of added files, progress by quarters, nothing for a problem the
 * element retries by itself. `say` hands the words to the element, which shows them.
 */
export class LiveAnnouncer implements ReactiveController {
  readonly #host: LiveAnnouncerHost;
  readonly #say: (message: string) => void;
  /** The last quarter announced for each upload. */
  readonly #milestones = new Map<string, number>();
  #pendingAdded = 0;

  constructor(host: LiveAnnouncerHost, say: (message: string) => void) {
    this.#host = host;
    this.#say = say;
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of Object.keys(this.#announcers)) {
      this.#host.addEventListener(type, this.#announce);
    }
  }

  hostDisconnected(): void {
    for (const type of Object.keys(this.#announcers)) {
      this.#host.removeEventListener(type, this.#announce);
    }
  }

  /** What the live region says for each event (nothing when an announcer returns undefined). */
  readonly #announcers: { [K in AnnouncedEvent]: Announcer<K> } = {
    'upload-added': () => {
      // Announced once per batch: the list tells the rest.
      queueMicrotask(() => {
        const added = this.#pendingAdded;
        this.#pendingAdded = 0;
        if (added) this.#say(this.#host.text.announceAdded(added));
      });
      this.#pendingAdded++;
      return undefined;
    },
    'upload-start': ({ id, name }, s) => {
      this.#milestones.set(id, 0);
      return s.announceStart(name);
    },
    'upload-progress': ({ id, name, bytesSent, bytesTotal }, s) => {
      // Quarters only, so screen readers are not flooded.
      const quarter = Math.floor((bytesSent / Math.max(1, bytesTotal)) * 4);
      if (quarter <= (this.#milestones.get(id) ?? 0) || quarter >= 4) return undefined;
      this.#milestones.set(id, quarter);
      return s.announceProgress(name, formatPercent(quarter / 4, localeOf(this.#host)));
    },
    'upload-success': ({ name }, s) => s.announceDone(name),
    'upload-error': ({ name, code, message, willRetry }, s) =>
      willRetry ? undefined : s.announceError(name, s.error(code, message)),
    'upload-paused': ({ name }, s) => s.announcePaused(name),
    'upload-resumed': ({ name }, s) => s.announceResumed(name),
    'upload-cancelled': ({ name }, s) => s.announceCancelled(name),
    'queue-complete': ({ done, failed }, s) =>
      this.#host.uploads.length > 1 ? s.announceQueueComplete(done, failed) : undefined,
  };

  readonly #announce = (event: Event): void => {
    const announcer = this.#announcers[event.type as AnnouncedEvent] as Announcer<AnnouncedEvent>;
    const message = announcer((event as CustomEvent).detail, this.#host.text);
    if (message) this.#say(message);
  };
}
