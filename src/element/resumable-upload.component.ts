import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import type { ProtocolName, ProtocolOptions } from '../core/adapter.js';
import { styles } from './resumable-upload.styles.js';
import type { ResumableUploadEventMap } from './events.js';
import { englishStrings, type UploadStrings } from './strings.js';
import { formatBytes, formatPercent } from './format.js';
import {
  fileInputIn,
  isResumable,
  pickButtonIn,
  renderUploader,
  resultValue,
} from './resumable-upload.templates.js';
import { UploadQueueController } from './upload-queue.js';
import {
  UploadStatus,
  type BackendFunction,
  type HeadersSource,
  type KeepFiles,
  type PickedFile,
  type UploadSnapshot,
  type WorkerFactory,
} from './upload-types.js';
import { defaultWorkerFactory, workerFromUrl } from './worker-client.js';

/**
 * Uploads very large files into the backend you already have, resumably: a
 * dropped connection, a closed tab or a reload never loses confirmed bytes.
 *
 * @summary Resumable, chunked file upload over content-range, segments, multipart, chunked-session or tus.
 *
 * @fires {CustomEvent<UploadAddedDetail>} upload-added - A file was added to the list (`detail.size`).
 * @fires {CustomEvent<UploadStartDetail>} upload-start - An upload began or resumed sending (`detail.protocol`, `detail.resumedFrom`).
 * @fires {CustomEvent<UploadProgressDetail>} upload-progress - The server confirmed more bytes (`bytesSent`, `bytesTotal`, `bytesPerSecond`, `secondsLeft`).
 * @fires {CustomEvent<UploadPausedDetail>} upload-paused - An upload stopped sending at the user's request.
 * @fires {CustomEvent<UploadResumedDetail>} upload-resumed - A paused or restored upload was asked to continue.
 * @fires {CustomEvent<UploadSuccessDetail>} upload-success - The server accepted the whole file (`detail.result`).
 * @fires {CustomEvent<UploadErrorDetail>} upload-error - Something failed (`code`, `message`, `status`, `willRetry`).
 * @fires {CustomEvent<UploadRestoredDetail>} upload-restored - An interrupted upload was found after a reload (`bytesSent`, `bytesTotal`, `elsewhere`).
 * @fires {CustomEvent<UploadCancelledDetail>} upload-cancelled - An upload was cancelled and its session dropped.
 * @fires {CustomEvent<QueueCompleteDetail>} queue-complete - Every started upload has finished or failed (`done`, `failed`).
 *
 * @slot - Replaces the hint beside the button ("or drop or paste them here").
 * @slot button - Replaces the picker button's label ("Choose files").
 *
 * @csspart base - The frame around everything; it is also the drop zone.
 * @csspart dropzone - The row with the button and the hint.
 * @csspart button - The "Choose files" button.
 * @csspart hint - The hint and the accepted types and sizes.
 * @csspart drop-overlay - The "Drop files to upload" layer shown while files are dragged over.
 * @csspart summary - The overall line shown with two or more files.
 * @csspart total-progress - The overall progress track.
 * @csspart toolbar - Pause all / Resume all / Retry failed / Cancel all / Clear finished.
 * @csspart list - The list of uploads.
 * @csspart item - One upload in the list.
 * @csspart name - A file's name.
 * @csspart progress - A file's progress track (`role=progressbar`).
 * @csspart progress-bar - The filled part of a track.
 * @csspart status - A file's status text.
 * @csspart message - An error or notice under a file.
 * @csspart result - What the server answered for a finished file.
 * @csspart actions - The pause / resume / cancel / retry buttons of a file.
 *
 * @cssproperty --resumable-upload-accent - Buttons, focus ring and progress colour.
 * @cssproperty --resumable-upload-accent-contrast - Text on the accent colour.
 * @cssproperty --resumable-upload-surface - Background.
 * @cssproperty --resumable-upload-surface-raised - Background of list items and the drop overlay.
 * @cssproperty --resumable-upload-text - Text colour.
 * @cssproperty --resumable-upload-muted - Secondary text colour.
 * @cssproperty --resumable-upload-border - Border colour.
 * @cssproperty --resumable-upload-track - Empty progress track colour.
 * @cssproperty --resumable-upload-success - Finished progress colour.
 * @cssproperty --resumable-upload-danger - Error colour.
 * @cssproperty --resumable-upload-warning - Paused and interrupted colour.
 * @cssproperty --resumable-upload-radius - Corner radius.
 * @cssproperty --resumable-upload-gap - Spacing.
 * @cssproperty --resumable-upload-font - Font family.
 * @cssproperty --resumable-upload-font-size - Base font size.
 */
export class ResumableUpload extends LitElement {
  static override styles = styles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static formAssociated = true;

  /**
   * How every instance makes its upload worker. Replace it before the first
   * upload to load the worker from your own URL (a strict CSP, Trusted Types).
   */
  static createWorker: WorkerFactory = defaultWorkerFactory;

  /**
   * The reactive properties: the attribute each one reads (kebab-case for
   * camelCase names, none for objects and functions) and whether it reflects.
   * One table instead of a decorator per field: the decorator calls cost the
   * built file about 230 bytes gzipped.
   */
  static override properties: PropertyDeclarations = {
    protocol: { reflect: true },
    endpoint: {},
    chunkSize: { attribute: 'chunk-size', type: Number },
    concurrency: { type: Number },
    parallelUploads: { attribute: 'parallel-uploads', type: Number },
    multiple: { type: Boolean, reflect: true },
    accept: {},
    maxFileSize: { attribute: 'max-file-size', type: Number },
    disabled: { type: Boolean, reflect: true },
    autoStart: { attribute: 'auto-start', type: Boolean },
    withCredentials: { attribute: 'with-credentials', type: Boolean },
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    compact: { type: Boolean, reflect: true },
    keepFiles: { attribute: 'keep-files' },
    headers: { attribute: false },
    metadata: { attribute: false },
    urls: { attribute: false },
    backend: { attribute: false },
    strings: { attribute: false },
    locale: {},
    workerUrl: { attribute: 'worker-url' },
    dragging: { state: true, attribute: false },
    formDisabled: { state: true, attribute: false },
    liveMessage: { state: true, attribute: false },
  };

  /** Wire protocol: `content-range`, `segments`, `multipart`, `chunked-session` or `tus`. */
  protocol: ProtocolName = 'content-range';

  /** URL of the protocol's first request. */
  endpoint = '';

  /** Bytes per chunk / segment / part. Each protocol has a valid default and refuses sizes it cannot use. */
  chunkSize?: number;

  /** Requests in flight per file, where the protocol allows it (`segments`, `multipart`). */
  concurrency?: number;

  /** Files uploading at once; the rest wait in the queue. */
  parallelUploads = 2;

  /** Allow choosing several files. */
  multiple = false;

  /** Accepted types, as on `<input type=file>` (`image/*,.pdf`). */
  accept = '';

  /** Largest file accepted, in bytes. Larger files are refused before any request. */
  maxFileSize?: number;

  /** No files can be added and the buttons are disabled (also inside a disabled fieldset). */
  disabled = false;

  /** Start uploading as soon as files are chosen. */
  autoStart = false;

  /** Send cookies with every request (`credentials: 'include'`). */
  withCredentials = false;

  /** Form field name: the form submits what the server returned for each finished file. */
  name = '';

  /** The form is invalid until at least one file has finished uploading. */
  required = false;

  /** A denser layout for sidebars and table cells. */
  compact = false;

  /**
   * What is kept so an interrupted upload resumes after a reload with one
   * click: `auto` keeps a file's handle when it came with one (a drop, or
   * `addHandles()`), else a copy of the file when `navigator.storage.estimate()`
   * shows room; `handles` opens the File System Access picker where the
   * browser has it and never copies bytes; `none` keeps nothing (the file is
   * chosen again after a reload).
   */
  keepFiles: KeepFiles = 'auto';

  /** Request headers, or a (sync or async) function returning them; asked before each request. Never stored. */
  headers?: HeadersSource;

  /** Extra fields a protocol sends on creation (OCC `uploadType`, tus `Upload-Metadata`, …). */
  metadata: Record<string, unknown> = {};

  /** Per-protocol URL overrides (e.g. `{ segments: '/ccagent/v1/files' }`). */
  urls: Record<string, string> = {};

  /** Functions the worker may call on the page (plain S3 mode: create, sign, list, complete, abort). */
  backend: Record<string, BackendFunction> = {};

  /** Every word the element shows, for translation; missing entries stay English. */
  strings: Partial<UploadStrings> = englishStrings;

  /** Locale for sizes and durations (defaults to the nearest `lang`, then the browser's). */
  locale?: string;

  /**
   * Where to load the upload worker from, when the page serves the package's
   * `dist/assets/upload.worker.js` itself (a CDN, or a bundler that does not
   * carry workers along). Set it before the first upload; without it the
   * worker is found next to the package's module.
   */
  workerUrl?: string;

  private dragging = false;
  private formDisabled = false;
  private liveMessage = '';

  get #input(): HTMLInputElement {
    return fileInputIn(this.renderRoot);
  }

  get #pickButton(): HTMLButtonElement | undefined {
    return pickButtonIn(this.renderRoot);
  }

  readonly #queue = new UploadQueueController(this, () =>
    this.workerUrl
      ? workerFromUrl(this.workerUrl)
      : (this.constructor as typeof ResumableUpload).createWorker(),
  );
  readonly #internals: ElementInternals | undefined =
    typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  /** The restored upload whose file the open picker is choosing. */
  #pickingFor?: string;
  readonly #milestones = new Map<string, number>();
  /** Drag events fire for every child crossed; the frame is left when this is back at 0. */
  #dragDepth = 0;
  /** The control that has focus, to move focus on if it leaves the DOM. */
  #focusedControl?: { element: HTMLElement; id: string; index: number };

  /** Lists the interrupted uploads of this endpoint whenever it changes. */
  readonly #restoreTask = new Task(this, {
    task: ([protocol, endpoint]: readonly [ProtocolName, string], { signal }) =>
      endpoint ? this.#queue.restore(protocol, endpoint, signal) : 0,
    args: () => [this.protocol, this.endpoint] as const,
  });

  /** The current uploads (read-only snapshots). */
  get uploads(): UploadSnapshot[] {
    return this.#queue.uploads;
  }

  /** Resolves once the interrupted uploads of this endpoint are listed. */
  get restored(): Promise<unknown> {
    return this.#restoreTask.taskComplete;
  }

  /** @internal Every word, with the page's translations applied. */
  get text(): UploadStrings {
    return { ...englishStrings, ...this.strings };
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals?.form ?? null;
  }

  /** The form validity: `customError` while uploads run, `valueMissing` when `required` and empty. */
  get validity(): ValidityState | undefined {
    return this.#internals?.validity;
  }

  /** Why the form cannot be submitted yet, in the element's language. */
  get validationMessage(): string {
    return this.#internals?.validationMessage ?? '';
  }

  /** As on form controls: false (and an `invalid` event) while the element blocks its form. */
  checkValidity(): boolean {
    return this.#internals?.checkValidity() ?? true;
  }

  /** As `checkValidity()`, and shows the browser's message by the picker button. */
  reportValidity(): boolean {
    return this.#internals?.reportValidity() ?? true;
  }

  /** Add files as if chosen in the picker; returns the ids of those accepted. */
  addFiles(files: FileList | File[] | Iterable<File>): string[] {
    return this.#take([...files].map((file) => ({ file })));
  }

  /**
   * Add files by their `FileSystemFileHandle` (from `showOpenFilePicker()` or
   * a drop): the handle is kept beside the session, so after a reload one
   * click resumes the upload without the picker and without a stored copy.
   */
  async addHandles(handles: Iterable<FileSystemFileHandle>): Promise<string[]> {
    const picked = await Promise.all(
      [...handles].map(async (handle) => ({ file: await handle.getFile(), handle })),
    );
    return this.#take(picked);
  }

  /** Start waiting uploads and resume paused or restored ones (one, or all). */
  start(id?: string): void {
    this.#queue.start(id);
  }

  /** Stop sending (one upload, or all); the server keeps what it confirmed. */
  pause(id?: string): void {
    this.#queue.pause(id);
  }

  /** Continue paused uploads; a restored upload whose file was not kept opens the picker for it. */
  resume(id?: string): void {
    if (id && this.#queue.needsFile(id)) {
      this.#openPicker(id);
      return;
    }
    this.#queue.start(id);
  }

  /** Stop, tell the server to drop the session, and forget it. */
  cancel(id?: string): void {
    this.#queue.cancel(id);
  }

  /** Try a failed upload again (one, or every failed one). */
  retry(id?: string): void {
    if (id) this.#queue.start(id);
    else for (const u of this.uploads) if (u.status === UploadStatus.error) this.#queue.start(u.id);
  }

  /** Remove finished uploads from the list. */
  clearFinished(): void {
    this.#queue.clear();
  }

  /** @internal Called by the queue to fill `ProtocolOptions` for a new upload. */
  protocolOptions(): ProtocolOptions {
    return {
      chunkSize: this.chunkSize,
      concurrency: this.concurrency,
      metadata: { ...this.metadata },
      urls: { ...this.urls },
    };
  }

  /** @internal Plain-object headers go to the worker once; a function is asked before each request. */
  staticHeaders(): Record<string, string> | undefined {
    return typeof this.headers === 'function' ? undefined : { ...(this.headers ?? {}) };
  }

  /** @internal The worker asks the page for headers or a backend call. */
  async pageCall(hook: string, args: unknown): Promise<unknown> {
    if (hook === 'headers') {
      const source = this.headers;
      const value = typeof source === 'function' ? await source() : source;
      return { ...(value ?? {}) };
    }
    const fn = this.backend[hook];
    if (typeof fn !== 'function') {
      throw new Error(
        `<resumable-upload> has no backend.${hook}() function; the ${this.protocol} protocol needs one.`,
      );
    }
    return await (fn as (a: unknown) => unknown)(args);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const type of Object.keys(this.#announcers)) this.addEventListener(type, this.#announce);
    this.addEventListener('paste', this.#onPaste);
    document.addEventListener('dragend', this.#endDrag);
    document.addEventListener('drop', this.#endDrag);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of Object.keys(this.#announcers))
      this.removeEventListener(type, this.#announce);
    this.removeEventListener('paste', this.#onPaste);
    document.removeEventListener('dragend', this.#endDrag);
    document.removeEventListener('drop', this.#endDrag);
  }

  /** @internal */
  formResetCallback(): void {
    this.#queue.reset();
    this.requestUpdate();
  }

  /** @internal */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  get #isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  /** The locale for `Intl`: the `locale` property, the nearest `lang`, or the browser's. */
  get #intlLocale(): string | undefined {
    return this.locale || this.closest<HTMLElement>('[lang]')?.lang || undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#updateFormState();
    this.#keepFocus();
  }

  #updateFormState(): void {
    if (!this.#internals) return;
    const uploads = this.#queue.uploads;
    const done = uploads.filter((u) => u.status === UploadStatus.done);
    if (this.name && done.length) {
      const data = new FormData();
      for (const upload of done) data.append(this.name, resultValue(upload.result));
      this.#internals.setFormValue(data);
    } else {
      this.#internals.setFormValue(null);
    }
    const unfinished = uploads.some(
      (u) =>
        u.status === UploadStatus.uploading ||
        u.status === UploadStatus.queued ||
        u.status === UploadStatus.paused ||
        u.status === UploadStatus.restored,
    );
    const anchor = this.#pickButton;
    if (unfinished) {
      this.#internals.setValidity({ customError: true }, this.text.formBusy, anchor);
    } else if (this.required && !done.length) {
      this.#internals.setValidity({ valueMissing: true }, this.text.formRequired, anchor);
    } else {
      this.#internals.setValidity({});
    }
  }

  /**
   * A control that disappears with focus on it (a cancelled upload's row,
   * "Choose file" once the file is back, the Upload button once everything
   * started) must not drop keyboard users at the top of the page: focus goes
   * to the same row, else the neighbouring one, else the picker button.
   */
  #keepFocus(): void {
    const held = this.#focusedControl;
    if (!held || held.element.isConnected) return;
    this.#focusedControl = undefined;
    const root = this.shadowRoot!;
    if (root.activeElement) return;
    const items = [...root.querySelectorAll<HTMLElement>('li[data-id]')];
    const row =
      items.find((item) => item.dataset.id === held.id) ??
      (held.id ? items[Math.min(held.index, items.length - 1)] : items[0]);
    const target = row?.querySelector<HTMLButtonElement>('button') ?? this.#pickButton;
    target?.focus();
  }

  #onFocusIn(event: FocusEvent): void {
    const element = event.composedPath()[0] as HTMLElement;
    const item = element.closest<HTMLElement>('li[data-id]');
    const items = [...this.shadowRoot!.querySelectorAll('li[data-id]')];
    this.#focusedControl = {
      element,
      id: item?.dataset.id ?? '',
      index: item ? items.indexOf(item) : 0,
    };
  }

  #onFocusOut(event: FocusEvent): void {
    const element = event.composedPath()[0] as HTMLElement;
    // Focus moved on by the user (not lost to a removal): nothing to restore.
    queueMicrotask(() => {
      if (element.isConnected && this.#focusedControl?.element === element) {
        this.#focusedControl = undefined;
      }
    });
  }

  /** What the live region says for each event (nothing when an announcer returns undefined). */
  readonly #announcers: { [K in AnnouncedEvent]: Announcer<K> } = {
    'upload-added': () => {
      // Announced once per batch: the list tells the rest.
      queueMicrotask(() => {
        const added = this.#pendingAdded;
        this.#pendingAdded = 0;
        if (added) this.liveMessage = this.text.announceAdded(added);
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
      return s.announceProgress(name, formatPercent(quarter / 4, this.#intlLocale));
    },
    'upload-success': ({ name }, s) => s.announceDone(name),
    'upload-error': ({ name, code, message, willRetry }, s) =>
      willRetry ? undefined : s.announceError(name, s.error(code, message)),
    'upload-paused': ({ name }, s) => s.announcePaused(name),
    'upload-resumed': ({ name }, s) => s.announceResumed(name),
    'upload-cancelled': ({ name }, s) => s.announceCancelled(name),
    'queue-complete': ({ done, failed }, s) =>
      this.uploads.length > 1 ? s.announceQueueComplete(done, failed) : undefined,
  };

  readonly #announce = (event: Event): void => {
    const announcer = this.#announcers[event.type as AnnouncedEvent] as Announcer<AnnouncedEvent>;
    const message = announcer((event as CustomEvent).detail, this.text);
    if (message) this.liveMessage = message;
  };
  #pendingAdded = 0;

  /** Check each file against `accept`, `max-file-size` and `multiple`, then queue it. */
  #take(files: PickedFile[]): string[] {
    const target = this.#pickingFor;
    this.#pickingFor = undefined;
    if (this.#isDisabled) return [];
    const chosen = this.multiple || target ? files : files.slice(0, 1);
    const ids: string[] = [];
    const s = this.text;
    // One at a time, so the list keeps the order the files came in.
    for (const picked of target ? chosen.slice(0, 1) : chosen) {
      const { file } = picked;
      if (this.maxFileSize !== undefined && file.size > this.maxFileSize) {
        this.#queue.addRefused(
          file,
          'file-too-large',
          s.refusedTooLarge(file.name, formatBytes(this.maxFileSize, this.#intlLocale)),
        );
      } else if (this.accept && !matchesAccept(file, this.accept)) {
        this.#queue.addRefused(file, 'file-type', s.refusedType(file.name, this.accept));
      } else {
        ids.push(...this.#queue.add([picked], target));
      }
    }
    return ids;
  }

  #openPicker(target?: string): void {
    if (this.#isDisabled) return;
    this.#pickingFor = target;
    const systemPicker = (window as unknown as { showOpenFilePicker?: OpenFilePicker })
      .showOpenFilePicker;
    if (this.keepFiles === 'handles' && typeof systemPicker === 'function') {
      systemPicker({ multiple: this.multiple && !target, types: pickerTypes(this.accept) }).then(
        (handles) => void this.addHandles(handles),
        (error: unknown) => {
          // Dismissed: nothing to do. Refused (a cross-origin frame…): the plain picker works.
          if ((error as Error)?.name !== 'AbortError') this.#input.click();
          else this.#pickingFor = undefined;
        },
      );
      return;
    }
    this.#input.click();
  }

  #onInputChange(): void {
    const files = [...(this.#input.files ?? [])];
    this.#take(files.map((file) => ({ file })));
    // Clear so that choosing the same file again fires `change` again.
    this.#input.value = '';
  }

  #onDragEnter(event: DragEvent): void {
    if (this.#isDisabled || !hasFiles(event)) return;
    event.preventDefault();
    this.#dragDepth++;
    this.dragging = true;
  }

  #onDragOver(event: DragEvent): void {
    if (this.#isDisabled || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    this.dragging = true;
  }

  #onDragLeave(): void {
    this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    if (this.#dragDepth === 0) this.dragging = false;
  }

  readonly #endDrag = (): void => {
    this.#dragDepth = 0;
    this.dragging = false;
  };

  #onDrop(event: DragEvent): void {
    this.#endDrag();
    const transfer = event.dataTransfer;
    if (this.#isDisabled || !transfer) return;
    event.preventDefault();
    const items = [...transfer.items].filter((item) => item.kind === 'file');
    if (!items.length) {
      this.#take([...transfer.files].map((file) => ({ file })));
      return;
    }
    // Everything must be asked of the items now: the drag data is gone after this event.
    const wanted = items.map((item) => {
      const entry = item.webkitGetAsEntry?.();
      const withHandle = item as DataTransferItem & {
        getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
      };
      return {
        file: item.getAsFile(),
        folder: entry?.isDirectory === true,
        handle:
          this.keepFiles !== 'none' && withHandle.getAsFileSystemHandle
            ? withHandle.getAsFileSystemHandle().catch(() => null)
            : Promise.resolve(null),
      };
    });
    void Promise.all(
      wanted.map(async ({ file, folder, handle }): Promise<PickedFile | undefined> => {
        const h = await handle;
        if (!file || folder || h?.kind === 'directory') return undefined;
        return { file, handle: h?.kind === 'file' ? (h as FileSystemFileHandle) : undefined };
      }),
    ).then((picked) => this.#take(picked.filter((p): p is PickedFile => !!p)));
  }

  readonly #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length || this.#isDisabled) return;
    event.preventDefault();
    this.#take(files.map((file) => ({ file })));
  };

  override render() {
    return renderUploader({
      text: this.text,
      locale: this.#intlLocale,
      disabled: this.#isDisabled,
      accept: this.accept,
      multiple: this.multiple,
      maxFileSize: this.maxFileSize,
      uploads: this.#queue.uploads,
      holding: this.#queue.holding,
      totals: () => this.#queue.totals,
      liveMessage: this.liveMessage,
      dropZone: {
        dragging: this.dragging,
        onDragEnter: (event) => this.#onDragEnter(event),
        onDragOver: (event) => this.#onDragOver(event),
        onDragLeave: () => this.#onDragLeave(),
        onDrop: (event) => this.#onDrop(event),
        onInputChange: () => this.#onInputChange(),
      },
      onFocusIn: (event) => this.#onFocusIn(event),
      onFocusOut: (event) => this.#onFocusOut(event),
      pick: (id) => this.#openPicker(id),
      start: () => this.start(),
      pause: (id) => this.pause(id),
      resume: (id) => this.resume(id),
      cancel: (id) => this.cancel(id),
      retry: (id) => this.retry(id),
      dismiss: (id) => this.#queue.dismiss(id),
      clearFinished: () => this.clearFinished(),
      resumeAll: () => {
        for (const u of this.uploads) if (isResumable(u)) this.#queue.start(u.id);
      },
      cancelUnfinished: () => {
        for (const u of this.uploads) {
          if (u.status !== UploadStatus.done && u.status !== UploadStatus.error && !u.elsewhere) {
            this.#queue.cancel(u.id);
          }
        }
      },
    });
  }
}

/** The events the live region speaks about (`upload-restored` is shown, not said). */
type AnnouncedEvent = Exclude<keyof ResumableUploadEventMap, 'upload-restored'>;
type Announcer<K extends AnnouncedEvent> = (
  detail: ResumableUploadEventMap[K]['detail'],
  s: UploadStrings,
) => string | undefined;

type OpenFilePicker = (options: {
  multiple?: boolean;
  types?: Array<{ description?: string; accept: Record<string, string[]> }>;
}) => Promise<FileSystemFileHandle[]>;

function hasFiles(event: DragEvent): boolean {
  return !!event.dataTransfer?.types.includes('Files');
}

/** `accept` in the shape `showOpenFilePicker` wants (undefined: any file). */
function pickerTypes(accept: string) {
  const tokens = accept
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (!tokens.length) return undefined;
  const byType: Record<string, string[]> = {};
  for (const token of tokens) {
    if (token.startsWith('.')) (byType['application/octet-stream'] ??= []).push(token);
    else byType[token] ??= [];
  }
  return [{ accept: byType }];
}

/** `<input accept>` semantics: extensions, exact MIME types and `type/*`. */
export function matchesAccept(file: File, accept: string): boolean {
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return accept
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean)
    .some((token) => {
      if (token.startsWith('.')) return name.endsWith(token);
      if (token.endsWith('/*')) return type.startsWith(token.slice(0, -1));
      return type === token;
    });
}
