import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResumableUploadEventMap } from './events.js';
import { formatPercent, localeOf } from './format.js';
import { ProgressMilestones } from './progress-milestones.js';
import type { CountedKey, UploadStrings } from './strings.js';
import type { UploadSnapshot } from './upload-types.js';

export interface LiveAnnouncerHost extends ReactiveControllerHost, HTMLElement {
  readonly text: UploadStrings;
  readonly uploads: UploadSnapshot[];
  readonly locale?: string;
  count(key: CountedKey, count: number, values: Record<string, number>): string;
  /** The upload's error or notice line as the element shows it. */
  said(id: string): string | undefined;
}

/** The events the live region speaks about (`upload-restored` is shown, not said). */
type AnnouncedEvent = Exclude<keyof ResumableUploadEventMap, 'upload-restored'>;
type Announcer<K extends AnnouncedEvent> = (
  detail: ResumableUploadEventMap[K]['detail'],
  s: UploadStrings,
) => string | undefined;

/**
 * What the polite live region says, from the element's own events, sparingly: one
 * line for a batch of added files, progress by quarters (and now and then on a slow link), nothing for a problem the
 * element retries by itself. `say` hands the words to the element, which shows them.
 */
export class LiveAnnouncer implements ReactiveController {
  readonly #host: LiveAnnouncerHost;
  readonly #say: (message: string) => void;
  readonly #milestones = new ProgressMilestones();
  #pendingAdded = 0;
  /** What is to be said at the end of this task, as one message. */
  #lines: string[] = [];

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
      this.#pendingAdded++;
      return undefined;
    },
    'upload-start': ({ id, name }, s) => {
      this.#milestones.started(id, performance.now());
      return s.announceStart(name);
    },
    'upload-progress': ({ id, name, bytesSent, bytesTotal }, s) => {
      // Sparingly, so screen readers are not flooded (progress-milestones.ts).
      const fraction = bytesSent / Math.max(1, bytesTotal);
      const said = this.#milestones.reached(id, fraction, performance.now());
      return said === undefined
        ? undefined
        : s.announceProgress(name, formatPercent(said, localeOf(this.#host)));
    },
    'upload-success': ({ name }, s) => s.announceDone(name),
    'upload-error': ({ id, name, code, message, willRetry }, s) =>
      willRetry ? undefined : s.announceError(name, this.#host.said(id) ?? s.error(code, message)),
    'upload-paused': ({ name }, s) => s.announcePaused(name),
    'upload-resumed': ({ name }, s) => s.announceResumed(name),
    'upload-cancelled': ({ name }, s) => s.announceCancelled(name),
    // The row keeps saying "uploading"; progress goes on being announced by quarters.
    'upload-background': () => undefined,
    'background-unavailable': () => undefined,
    'queue-complete': ({ done, failed }, s) => {
      if (this.#host.uploads.length < 2) return undefined;
      const host = this.#host;
      const finished = host.count('announceQueueComplete', done, { done });
      return failed
        ? finished + s.separator + host.count('summaryFailed', failed, { failed })
        : finished;
    },
  };

  readonly #announce = (event: Event): void => {
    const announcer = this.#announcers[event.type as AnnouncedEvent] as Announcer<AnnouncedEvent>;
    const message = announcer((event as CustomEvent).detail, this.#host.text);
    if (message) this.#lines.push(message);
    if (this.#lines.length + this.#pendingAdded === 1) queueMicrotask(() => this.#flush());
  };

  /**
   * One message for what happened in one task: a live region that changes twice before
   * the screen reader looks says only the second (a refused file's reason after "1 file
   * added" was lost that way).
   */
  #flush(): void {
    const host = this.#host;
    const added = this.#pendingAdded;
    const lines = this.#lines;
    this.#pendingAdded = 0;
    this.#lines = [];
    if (added) lines.unshift(host.count('announceAdded', added, { count: added }));
    if (lines.length) this.#say(lines.join(host.text.separator));
  }
}
