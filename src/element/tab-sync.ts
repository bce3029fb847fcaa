/**
 * Two tabs, one upload. A Web Lock per upload (named after its session key)
 * decides which tab drives it; the driving tab tells the others how it goes
 * over a `BroadcastChannel`, and a tab that shows an upload running elsewhere
 * queues for its lock, so it is handed the upload the moment that tab closes.
 * Where either API is missing, every tab simply drives its own uploads.
 */

/** What the driving tab says about an upload. */
export interface RemoteUpdate {
  key: string;
  status: 'uploading' | 'paused' | 'error' | 'done' | 'cancelled';
  bytesSent: number;
  /** Absent from a tab that predates it: then `bytesSent` was the confirmed count. */
  bytesConfirmed?: number;
  bytesTotal: number;
  bytesPerSecond: number;
  secondsLeft: number;
  result?: unknown;
  message?: string;
}

type Message = { type: 'update'; update: RemoteUpdate } | { type: 'ask'; key: string };

export interface TabSyncHandlers {
  /** Another tab reported on an upload. */
  update(update: RemoteUpdate): void;
  /** Another tab asks how an upload this tab drives is going. */
  ask(key: string): RemoteUpdate | undefined;
}

const CHANNEL = 'resumable-upload';
const lockName = (key: string) => `resumable-upload ${key}`;

export class TabSync {
  #channel?: BroadcastChannel;
  /** Locks this tab holds, with the function that lets each go. */
  readonly #held = new Map<string, () => void>();
  readonly #waiting = new Map<string, AbortController>();
  readonly #handlers: TabSyncHandlers;

  constructor(handlers: TabSyncHandlers) {
    this.#handlers = handlers;
  }

  get #locks(): LockManager | undefined {
    return typeof navigator !== 'undefined' ? navigator.locks : undefined;
  }

  /** Start listening to the other tabs. */
  connect(): void {
    if (this.#channel || typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.onmessage = (event: MessageEvent<Message>) => {
      const message = event.data;
      if (message?.type === 'update') this.#handlers.update(message.update);
      else if (message?.type === 'ask' && this.#held.has(message.key)) {
        const answer = this.#handlers.ask(message.key);
        if (answer) this.publish(answer);
      }
    };
  }

  disconnect(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }

  holds(key: string): boolean {
    return this.#held.has(key);
  }

  /** Take the upload's lock if no tab holds it; true when this tab holds it now. */
  acquire(key: string): Promise<boolean> {
    const locks = this.#locks;
    if (!locks || this.#held.has(key)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      locks
        .request(lockName(key), { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>((release) => this.#held.set(key, release));
        })
        .catch(() => resolve(true));
    });
  }

  release(key: string): void {
    this.#held.get(key)?.();
    this.#held.delete(key);
    this.stopWaiting(key);
  }

  /** True when another tab holds the upload's lock. */
  async heldElsewhere(key: string): Promise<boolean> {
    const locks = this.#locks;
    if (!locks || this.#held.has(key)) return false;
    try {
      const { held = [] } = await locks.query();
      return held.some((lock) => lock.name === lockName(key));
    } catch {
      return false;
    }
  }

  /**
   * Queue for the lock another tab holds; `granted` runs once this tab holds
   * it (that tab closed or let go) and decides whether to keep it.
   */
  waitFor(key: string, granted: () => void): void {
    const locks = this.#locks;
    if (!locks || this.#waiting.has(key) || this.#held.has(key)) return;
    const controller = new AbortController();
    this.#waiting.set(key, controller);
    locks
      .request(lockName(key), { signal: controller.signal }, () => {
        this.#waiting.delete(key);
        const kept = new Promise<void>((release) => this.#held.set(key, release));
        granted();
        return kept;
      })
      .catch(() => {
        // Aborted: the upload ended elsewhere or left the list.
      });
    this.ask(key);
  }

  stopWaiting(key: string): void {
    this.#waiting.get(key)?.abort();
    this.#waiting.delete(key);
  }

  publish(update: RemoteUpdate): void {
    if (this.#held.has(update.key)) this.#channel?.postMessage({ type: 'update', update });
  }

  /** Ask the tab driving this upload to say how it goes. */
  ask(key: string): void {
    this.#channel?.postMessage({ type: 'ask', key } satisfies Message);
  }
}
