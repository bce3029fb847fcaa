import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pickButtonIn, resultValue } from './resumable-upload.templates.js';
import type { UploadStrings } from './strings.js';
import { UploadStatus, type UploadSnapshot } from './upload-types.js';

/** What the form control reads of its element. */
export interface FormControlHost extends ReactiveControllerHost, HTMLElement {
  readonly name: string;
  readonly required: boolean;
  readonly uploads: UploadSnapshot[];
  readonly text: UploadStrings;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** Statuses that keep the form from being submitted: the upload has not finished. */
const UNFINISHED: ReadonlySet<UploadStatus> = new Set([
  UploadStatus.uploading,
  UploadStatus.queued,
  UploadStatus.paused,
  UploadStatus.restored,
]);

/**
 * The element as a form control, through ElementInternals (the idea of Shoelace's
 * FormControlController). After every update the form's value is what the server
 * answered for each finished upload, and the form is invalid while an upload is
 * unfinished, or, with `required`, until one is done.
 */
export class FormControlController implements ReactiveController {
  readonly #host: FormControlHost;
  /** The element's form-facing side (none where the browser has no ElementInternals). */
  readonly internals: ElementInternals | undefined;
  #fieldsetDisabled = false;

  constructor(host: FormControlHost) {
    this.#host = host;
    this.internals =
      typeof host.attachInternals === 'function' ? host.attachInternals() : undefined;
    host.addController(this);
  }

  /** Inside a disabled `<fieldset>`: the element is disabled too. */
  get fieldsetDisabled(): boolean {
    return this.#fieldsetDisabled;
  }

  set fieldsetDisabled(disabled: boolean) {
    if (disabled === this.#fieldsetDisabled) return;
    this.#fieldsetDisabled = disabled;
    this.#host.requestUpdate();
  }

  hostUpdated(): void {
    const internals = this.internals;
    if (!internals) return;
    const host = this.#host;
    const uploads = host.uploads;
    const done = uploads.filter((u) => u.status === UploadStatus.done);
    if (host.name && done.length) {
      const data = new FormData();
      for (const upload of done) data.append(host.name, resultValue(upload.result));
      internals.setFormValue(data);
    } else {
      internals.setFormValue(null);
    }
    const anchor = pickButtonIn(host.renderRoot);
    if (uploads.some((u) => UNFINISHED.has(u.status))) {
      internals.setValidity({ customError: true }, host.text.formBusy, anchor);
    } else if (host.required && !done.length) {
      internals.setValidity({ valueMissing: true }, host.text.formRequired, anchor);
    } else {
      internals.setValidity({});
    }
  }
}
