import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pickButtonIn } from './resumable-upload.templates.js';

export interface FocusKeeperHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * A control that disappears with focus on it (a cancelled upload's row, "Choose
 * file" once the file is back, the Upload button once everything started) must not
 * drop keyboard users at the top of the page: after the update, focus goes to the
 * same row, else the neighbouring one, else the picker button.
 */
export class FocusKeeper implements ReactiveController {
  readonly #host: FocusKeeperHost;
  /** The control that has focus, with its row (by id and place) to fall back to. */
  #focused?: { element: HTMLElement; id: string; index: number };

  constructor(host: FocusKeeperHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.renderRoot.addEventListener('focusin', this.#onFocusIn);
    this.#host.renderRoot.addEventListener('focusout', this.#onFocusOut);
  }

  hostDisconnected(): void {
    this.#host.renderRoot.removeEventListener('focusin', this.#onFocusIn);
    this.#host.renderRoot.removeEventListener('focusout', this.#onFocusOut);
  }

  hostUpdated(): void {
    const held = this.#focused;
    if (!held || held.element.isConnected) return;
    this.#focused = undefined;
    const root = this.#host.shadowRoot!;
    if (root.activeElement) return;
    const items = [...root.querySelectorAll<HTMLElement>('li[data-id]')];
    const row =
      items.find((item) => item.dataset.id === held.id) ??
      (held.id ? items[Math.min(held.index, items.length - 1)] : items[0]);
    const target = row?.querySelector<HTMLButtonElement>('button') ?? pickButtonIn(root);
    target?.focus();
  }

  readonly #onFocusIn = (event: Event): void => {
    const element = event.composedPath()[0] as HTMLElement;
    const item = element.closest<HTMLElement>('li[data-id]');
    const items = [...this.#host.shadowRoot!.querySelectorAll('li[data-id]')];
    this.#focused = {
      element,
      id: item?.dataset.id ?? '',
      index: item ? items.indexOf(item) : 0,
    };
  };

  readonly #onFocusOut = (event: Event): void => {
    const element = event.composedPath()[0] as HTMLElement;
    // Focus moved on by the user (not lost to a removal): nothing to restore.
    queueMicrotask(() => {
      if (element.isConnected && this.#focused?.element === element) {
        this.#focused = undefined;
      }
    });
  };
}
