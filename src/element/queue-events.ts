import type { ResumableUploadEventMap } from './events.js';

/** The events about one upload (`queue-complete` is about them all). */
type UploadEventName = Exclude<
  keyof ResumableUploadEventMap,
  'queue-complete' | 'background-unavailable'
>;
/** What an event's `detail` carries beside the upload's `id` and `name`. */
type DetailBeyondName<K extends UploadEventName> = Omit<
  ResumableUploadEventMap[K]['detail'],
  'id' | 'name' | 'relativePath'
>;

/**
 * The element's events as the queue fires them: typed, bubbling and `composed`, and
 * `queue-complete` once nothing is left to run after something finished or failed.
 */
export class QueueEvents {
  readonly #target: EventTarget;
  #endedSinceIdle = { done: 0, failed: 0 };

  constructor(target: EventTarget) {
    this.#target = target;
  }

  /**
   * An event about one upload: its `detail` names the upload (`id`, `name`, and
   * `relativePath` for a folder's file), then `more`.
   */
  emit<K extends UploadEventName>(
    type: K,
    upload: { id: string; name: string; info?: { relativePath?: string } },
    ...more: keyof DetailBeyondName<K> extends never ? [] : [DetailBeyondName<K>]
  ): void {
    const path = upload.info?.relativePath;
    const named = { id: upload.id, name: upload.name, ...(path ? { relativePath: path } : {}) };
    this.#dispatch(type, { ...named, ...more[0] });
  }

  /** Counted in the next `queue-complete`. */
  ended(how: 'done' | 'failed'): void {
    this.#endedSinceIdle[how]++;
  }

  /** Nothing runs or waits here: `queue-complete`, if anything ended since the last one. */
  idle(): void {
    const { done, failed } = this.#endedSinceIdle;
    if (done + failed === 0) return;
    this.#endedSinceIdle = { done: 0, failed: 0 };
    this.#dispatch('queue-complete', { done, failed });
  }

  #dispatch<K extends keyof ResumableUploadEventMap>(
    type: K,
    detail: ResumableUploadEventMap[K]['detail'],
  ): void {
    this.#target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
