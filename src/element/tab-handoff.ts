import type { StoredSession } from '../core/session-store.js';
import { TabSync, type RemoteUpdate } from './tab-sync.js';
import { markDone, type Entry, type UploadList } from './upload-list.js';
import { UploadEvent, UploadState, drivenElsewhere, isElsewhere } from './upload-state.js';
import { UploadStatus } from './upload-types.js';

/** What the handoff needs of the queue beside its list. */
export interface HandoffQueue {
  /** The session stored under this key for the element's protocol and endpoint, if any. */
  storedSession(key: string): Promise<StoredSession | undefined>;
  /** Find the file to carry on with, without asking the user: a kept copy or handle. */
  findFile(entry: Entry): Promise<void>;
  /** The session is a Background Fetch's: watch it (or adopt it) instead of sending. */
  inBackground(entry: Entry, session: StoredSession): void;
  pump(): void;
  requestUpdate(): void;
}

/** What another tab's word about an upload means for it here. */
const heardEvents = {
  uploading: UploadEvent.remoteSending,
  paused: UploadEvent.remotePaused,
  error: UploadEvent.remoteFailed,
  done: UploadEvent.remoteDone,
  cancelled: UploadEvent.remoteCancelled,
} as const satisfies Record<RemoteUpdate['status'], UploadEvent>;

/** How long a tab that let go gets for its last word ("done") to arrive. */
const LAST_WORD_MS = 300;

/**
 * Who drives each upload when several tabs show it, over TabSync (a Web Lock per
 * upload, a BroadcastChannel between tabs): the tab holding the lock sends and tells
 * the others how it goes; the others show that and queue for the lock, and the one
 * that gets it carries on from the stored session. Every cross-tab decision is here.
 */
export class TabHandoff {
  readonly #list: UploadList;
  readonly #queue: HandoffQueue;
  readonly #tabs: TabSync;

  constructor(list: UploadList, queue: HandoffQueue) {
    this.#list = list;
    this.#queue = queue;
    this.#tabs = new TabSync({
      update: (update) => this.#heard(update),
      ask: (key) => {
        const entry = list.byKey(key);
        return entry && !isElsewhere(entry.state) ? this.#report(entry) : undefined;
      },
    });
  }

  connect(): void {
    this.#tabs.connect();
  }

  /** On the page again: listen, and queue again for the uploads other tabs drive. */
  reconnect(entries: Iterable<Entry>): void {
    this.#tabs.connect();
    for (const entry of entries) if (drivenElsewhere(entry.state)) this.watch(entry);
  }

  /** Off the page with nothing running here: stop listening and queuing. */
  disconnect(entries: Iterable<Entry>): void {
    for (const entry of entries) if (entry.key) this.#tabs.stopWaiting(entry.key);
    this.#tabs.disconnect();
  }

  /** Another tab holds the lock of this stored session (asked after a reload). */
  heldByAnotherTab(key: string): Promise<boolean> {
    return this.#tabs.heldElsewhere(key);
  }

  /** The lock of an upload this tab launches, if no tab holds it: true when this tab has it. */
  claim(key: string): Promise<boolean> {
    return this.#tabs.acquire(key);
  }

  release(key: string): void {
    this.#tabs.release(key);
  }

  /** Queue for the lock of an upload another tab drives, to take over when it lets go. */
  watch(entry: Entry): void {
    if (entry.key) this.#tabs.waitFor(entry.key, () => void this.#takeOver(entry.id));
  }

  /** Take an upload off this tab's list; its session stays. */
  forget(entry: Entry, event: UploadEvent): void {
    const shown = entry.status;
    const left = this.#list.move(entry, event);
    if (!left || !entry.key) return;
    this.#tabs.stopWaiting(entry.key);
    // Never the lock of an upload this tab is sending.
    if (!isElsewhere(left) && shown !== UploadStatus.uploading) this.#tabs.release(entry.key);
  }

  /** Tell the other tabs how an upload this tab drives goes (only the lock holder speaks). */
  share(entry: Entry, status?: RemoteUpdate['status']): void {
    const update = this.#report(entry);
    if (update) this.#tabs.publish(status ? { ...update, status } : update);
  }

  /** Over here, finished or cancelled: the others hear so last, then the lock goes. */
  ended(entry: Entry, status: 'done' | 'cancelled'): void {
    if (!entry.key) return;
    this.share(entry, status);
    this.#tabs.release(entry.key);
  }

  /** What this tab tells the others about an upload it drives. */
  #report(entry: Entry): RemoteUpdate | undefined {
    if (!entry.key) return undefined;
    const status: RemoteUpdate['status'] =
      entry.status === UploadStatus.done
        ? 'done'
        : entry.status === UploadStatus.error
          ? 'error'
          : entry.status === UploadStatus.paused
            ? 'paused'
            : 'uploading';
    return {
      key: entry.key,
      status,
      bytesSent: entry.bytesSent,
      bytesConfirmed: entry.bytesConfirmed,
      bytesTotal: entry.size,
      bytesPerSecond: entry.bytesPerSecond,
      secondsLeft: entry.secondsLeft,
      result: entry.result,
      message: entry.error?.message,
    };
  }

  /** Another tab's word about an upload this tab does not drive. */
  #heard(update: RemoteUpdate): void {
    const entry = this.#list.byKey(update.key);
    // Deaf only to news of an upload this tab drives. While this tab takes the lock over,
    // the upload is still the other tab's: its last word ("done") may come after its lock.
    if (!entry || (this.#tabs.holds(update.key) && !isElsewhere(entry.state))) return;
    const event = heardEvents[update.status];
    if (event === UploadEvent.remoteCancelled) {
      this.forget(entry, event);
      this.#queue.requestUpdate();
      return;
    }
    const wasHere = !isElsewhere(entry.state);
    if (!this.#list.move(entry, event)) return;
    if (event === UploadEvent.remoteDone) {
      if (wasHere) {
        entry.bytesPerSecond = 0;
        entry.secondsLeft = Infinity;
      }
      markDone(entry, update.result);
      if (entry.key) this.#tabs.stopWaiting(entry.key);
    } else {
      entry.error =
        event === UploadEvent.remoteFailed
          ? { code: 'elsewhere', message: update.message ?? '' }
          : undefined;
      entry.bytesSent = update.bytesSent;
      entry.bytesConfirmed = update.bytesConfirmed ?? update.bytesSent;
      entry.bytesPerSecond = update.bytesPerSecond;
      entry.secondsLeft = update.secondsLeft;
      if (wasHere) this.watch(entry);
    }
    this.#queue.requestUpdate();
  }

  /**
   * The tab that drove this upload let go of its lock (closed, or finished).
   * If the session is still stored, this tab carries on: at once when that
   * tab was sending (or this one had asked to), with the file it has.
   */
  async #takeOver(id: string): Promise<void> {
    const entry = this.#list.get(id);
    const key = entry?.key;
    if (!entry || !key) return;
    if (!isElsewhere(entry.state)) {
      if (entry.status !== UploadStatus.uploading) this.#tabs.release(key);
      return;
    }
    const session = await this.#queue.storedSession(key);
    if (!session) {
      // It ended there; its last word ("done") may still be on its way.
      await new Promise((resolve) => setTimeout(resolve, LAST_WORD_MS));
      this.#tabs.release(key);
      this.forget(entry, UploadEvent.endedElsewhere);
      this.#queue.requestUpdate();
      return;
    }
    // What the server holds: the other tab's bytes still on the wire are not.
    entry.bytesSent = entry.bytesConfirmed = Math.max(entry.bytesConfirmed, session.bytesConfirmed);
    entry.bytesPerSecond = 0;
    if (session.background && this.#list.move(entry, UploadEvent.handedOff)) {
      entry.error = undefined;
      this.#queue.inBackground(entry, session);
      this.#queue.requestUpdate();
      return;
    }
    await this.#queue.findFile(entry);
    // Sending there, or wanted here: carry on. Paused there: paused here. Else wait here.
    const carryOn = entry.wantsRun || entry.state === UploadState.sendingElsewhere;
    const event = !entry.file
      ? UploadEvent.takeOverIdle
      : carryOn
        ? UploadEvent.takeOver
        : entry.state === UploadState.pausedElsewhere
          ? UploadEvent.takeOverPaused
          : UploadEvent.takeOverIdle;
    if (!this.#list.move(entry, event)) return;
    if (event !== UploadEvent.takeOverPaused) entry.error = undefined;
    if (event === UploadEvent.takeOver) this.#queue.pump();
    if (event === UploadEvent.takeOverIdle) this.#tabs.release(key);
    this.#queue.requestUpdate();
  }
}
