import { LitElement, type PropertyDeclarations } from 'lit';
import { Task } from '@lit/task';
import type { ProtocolName, ProtocolOptions } from '../core/adapter.js';
import type { ChecksumAlgorithm } from '../core/checksum.js';
import { backgroundConverter, type BackgroundSetting } from './background-mode.js';
import { FileIntake } from './file-intake.js';
import { OpenFolders } from './folder-groups.js';
import { FocusKeeper } from './focus-keeper.js';
import { FormControlController } from './form-control.js';
import { LanguageController } from './language.js';
import { LiveAnnouncer } from './live-announcer.js';
import { folderStyles } from './folder.styles.js';
import { previewStyles } from './preview.styles.js';
import { styles } from './resumable-upload.styles.js';
import { answerPageCall, staticHeadersOf } from './page-calls.js';
import { renderUploader } from './resumable-upload.templates.js';
import { uploaderView } from './uploader-view.js';
import type { CountedKey, UploadStrings } from './strings.js';
import { UploadQueueController } from './upload-queue.js';
import {
  UploadStatus,
  type BackendFunction,
  type HeadersSource,
  type KeepFiles,
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
 * @fires {CustomEvent<UploadBackgroundDetail>} upload-background - The browser's Background Fetch took the rest of an upload (`background`); progress goes on.
 * @fires {CustomEvent<BackgroundUnavailableDetail>} background-unavailable - `background` is set but cannot work here, said once per reason (`reason`, `message`); uploads stay in the page.
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
 * @csspart thumbnail - The picture of an image file, over its type badge.
 * @csspart name - A file's name (under a folder: its path inside the folder).
 * @csspart folder-button - The "Choose a folder" button (`directory`).
 * @csspart folder - A folder's line in the list, with its files under it.
 * @csspart folder-toggle - The button that shows or hides a folder's files (`aria-expanded`).
 * @csspart folder-name - A folder's name.
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
  static override styles = [previewStyles, folderStyles, styles];
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
    checksum: {},
    parallelUploads: { attribute: 'parallel-uploads', type: Number },
    multiple: { type: Boolean, reflect: true },
    directory: { type: Boolean },
    includeHidden: { attribute: 'include-hidden', type: Boolean },
    accept: {},
    maxFileSize: { attribute: 'max-file-size', type: Number },
    disabled: { type: Boolean, reflect: true },
    autoStart: { attribute: 'auto-start', type: Boolean },
    withCredentials: { attribute: 'with-credentials', type: Boolean },
    credentialsTo: { attribute: 'credentials-to' },
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
    background: { converter: backgroundConverter, reflect: true },
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

  /**
   * What each chunk carries to prove it arrived intact, in the protocol's own header:
   * `none`, `crc32c`, `md5` or `sha256` (docs/element.md#checksum). `none` by default:
   * a store that does not expect a checksum header (a presigner that does not sign it,
   * a bucket CORS rule that does not allow it) would refuse every part.
   */
  checksum: ChecksumAlgorithm = 'none';

  /** Files uploading at once; the rest wait in the queue. */
  parallelUploads = 2;

  /** Allow choosing several files. */
  multiple = false;

  /** A "Choose a folder" button too: each file of the folder comes with its path. */
  directory = false;

  /** Take a folder's hidden files too (dot-files, `.DS_Store`, `Thumbs.db`): left out by default. */
  includeHidden = false;

  /** Accepted types, as on `<input type=file>` (`image/*,.pdf`). */
  accept = '';

  /** Largest file accepted, in bytes. Larger files are refused before any request. */
  maxFileSize?: number;

  /** No files can be added and the buttons are disabled (also inside a disabled fieldset). */
  disabled = false;

  /** Start uploading as soon as files are chosen. */
  autoStart = false;

  /** Send cookies (`credentials: 'include'`) with the requests that get the page's credentials. */
  withCredentials = false;

  /**
   * Where else the page's `headers` and cookies may go, as space-separated origins
   * (`https://uploads.example.com`), or `*` for everywhere. By default they go only to
   * the origin of `endpoint` (and of `urls`); session, upload and presigned URLs on
   * another origin get none. Presigned part URLs never get them.
   */
  credentialsTo = '';

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

  /**
   * Functions the worker may call on the page: plain S3 mode's create, sign, list, complete
   * and abort (`multipart`), or `createSession` (`content-range`).
   */
  backend: Record<string, BackendFunction> = {};

  /**
   * Words to change, merged over the table of the element's language (English, or
   * one of `locales/`, chosen by `locale` or the nearest `lang`).
   */
  strings: Partial<UploadStrings> = {};

  /**
   * The language of the words, sizes and times (default: the nearest `lang`, then
   * the browser's); it picks the translation, loaded when first needed.
   */
  locale?: string;

  /**
   * Where to load the upload worker from, when the page serves the package's
   * `dist/assets/upload.worker.js` itself (a CDN, or a bundler that does not
   * carry workers along). Set it before the first upload; without it the
   * worker is found next to the package's module.
   */
  workerUrl?: string;

  /**
   * Hand uploads to Background Fetch so they go on after the page closes (Chromium, with
   * `resumable-upload.sw.js`; README, "Background uploads"). Bare (`when-hidden`, or `true`):
   * when the page is hidden or on the row's button. `immediately`: once each upload's
   * session exists, so the tab may close any time after. Else `background-unavailable`.
   * @type {'off' | 'when-hidden' | 'immediately' | boolean}
   */
  background: BackgroundSetting = false;

  /** What the live region says (live-announcer.ts decides it). */
  private liveMessage = '';

  readonly #queue = new UploadQueueController(this, () =>
    this.workerUrl
      ? workerFromUrl(this.workerUrl)
      : (this.constructor as typeof ResumableUpload).createWorker(),
  );
  readonly #language = new LanguageController(this);
  readonly #form = new FormControlController(this);
  readonly #intake = new FileIntake(this, this.#queue, () => this.#isDisabled);
  readonly #folders = new OpenFolders(() => this.requestUpdate());

  /** Lists the interrupted uploads of this endpoint whenever it changes. */
  readonly #restoreTask = new Task(this, {
    task: ([protocol, endpoint]: readonly [ProtocolName, string], { signal }) =>
      endpoint ? this.#queue.restore(protocol, endpoint, signal) : 0,
    args: () => [this.protocol, this.endpoint] as const,
  });

  constructor() {
    super();
    // They register themselves; nothing else asks them anything. Focus is kept after the
    // form controller has updated the form's state.
    new LiveAnnouncer(this, (message) => (this.liveMessage = message));
    new FocusKeeper(this);
  }

  /** The current uploads (read-only snapshots). */
  get uploads(): UploadSnapshot[] {
    return this.#queue.view.snapshots();
  }

  /** Resolves once the interrupted uploads are listed (the first update starts the listing). */
  get restored(): Promise<unknown> {
    return this.updateComplete.then(() => this.#restoreTask.taskComplete);
  }

  /** @internal Every word: the language's table with the page's `strings` over it. */
  get text(): UploadStrings {
    return this.#language.text;
  }

  /** @internal A counted entry in the plural form its language asks for. */
  count(key: CountedKey, count: number, values: Record<string, number>): string {
    return this.#language.count(key, count, values);
  }

  /** @internal An upload's error or notice line, in the words shown. */
  said(id: string): string | undefined {
    return this.#queue.view.said(id, this.text);
  }

  /** Also waits for the table of the element's language, the first time it is needed. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#language.ready;
    return super.getUpdateComplete();
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#form.internals?.form ?? null;
  }

  /** The form validity: `customError` while uploads run, `valueMissing` when `required` and empty. */
  get validity(): ValidityState | undefined {
    return this.#form.internals?.validity;
  }

  /** Why the form cannot be submitted yet, in the element's language. */
  get validationMessage(): string {
    return this.#form.internals?.validationMessage ?? '';
  }

  /** As on form controls: false (and an `invalid` event) while the element blocks its form. */
  checkValidity(): boolean {
    return this.#form.internals?.checkValidity() ?? true;
  }

  /** As `checkValidity()`, and shows the browser's message by the picker button. */
  reportValidity(): boolean {
    return this.#form.internals?.reportValidity() ?? true;
  }

  /** Add files as if chosen in the picker; returns the ids of those accepted. */
  addFiles(files: FileList | File[] | Iterable<File>): string[] {
    return this.#intake.take([...files].map((file) => ({ file })));
  }

  /**
   * Add files by their `FileSystemFileHandle` (from `showOpenFilePicker()` or
   * a drop): the handle is kept beside the session, so after a reload one
   * click resumes the upload without the picker and without a stored copy.
   */
  async addHandles(handles: Iterable<FileSystemFileHandle>): Promise<string[]> {
    return this.#intake.takeHandles(handles);
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
    if (id && this.#queue.view.needsFile(id)) {
      this.#intake.pick(id);
      return;
    }
    this.#queue.start(id);
  }

  /**
   * Hand running uploads (one, or all) to the browser's Background Fetch now, as when
   * the page is hidden with `background` set: they go on after the page closes.
   * Resolves once asked; `upload-background` fires for each the browser took.
   */
  continueInBackground(id?: string): Promise<void> {
    return this.#queue.background.handOff(id);
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
      checksum: this.checksum,
      metadata: { ...this.metadata },
      urls: { ...this.urls },
      // The worker learns which page functions exist, so a protocol picks its way before a call.
      backend: Object.keys(this.backend).filter((name) => typeof this.backend[name] === 'function'),
    };
  }

  /** @internal Plain-object headers go to the worker once; a function is asked before each request. */
  staticHeaders(): Record<string, string> | undefined {
    return staticHeadersOf(this.headers);
  }

  /** @internal The worker asks the page for headers or a backend call. */
  pageCall(hook: string, args: unknown): Promise<unknown> {
    return answerPageCall(this, hook, args);
  }

  /** @internal */
  formResetCallback(): void {
    this.#queue.reset();
    this.requestUpdate();
  }

  /** @internal */
  formDisabledCallback(disabled: boolean): void {
    this.#form.fieldsetDisabled = disabled;
  }

  get #isDisabled(): boolean {
    return this.disabled || this.#form.fieldsetDisabled;
  }

  override render() {
    return renderUploader(
      uploaderView(this, {
        language: this.#language,
        queue: this.#queue,
        intake: this.#intake,
        folders: this.#folders,
        disabled: this.#isDisabled,
        liveMessage: this.liveMessage,
      }),
    );
  }
}
