import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { ProtocolName, ProtocolOptions } from '../core/adapter.js';
import { styles } from './resumable-upload.styles.js';
import { englishStrings, type UploadStrings } from './strings.js';
import { formatBytes, formatDuration, formatPercent } from './format.js';
import { UploadQueueController, UploadStatus, type UploadSnapshot } from './upload-queue.js';

export type HeadersInit = Record<string, string>;
export type HeadersSource = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
export type BackendFunction = (args: never) => unknown;

/**
 * Uploads very large files into the backend you already have, resumably: a
 * dropped connection, a closed tab or a reload never loses confirmed bytes.
 *
 * @summary Resumable, chunked file upload over content-range, segments, multipart, chunked-session or tus.
 *
 * @fires {CustomEvent<UploadAddedDetail>} upload-added - A file was added to the list (`detail.size`).
 * @fires {CustomEvent<UploadStartDetail>} upload-start - An upload began or resumed sending (`detail.protocol`).
 * @fires {CustomEvent<UploadProgressDetail>} upload-progress - The server confirmed more bytes (`bytesSent`, `bytesTotal`, `bytesPerSecond`, `secondsLeft`).
 * @fires {CustomEvent<UploadPausedDetail>} upload-paused - An upload stopped sending at the user's request.
 * @fires {CustomEvent<UploadResumedDetail>} upload-resumed - A paused or restored upload was asked to continue.
 * @fires {CustomEvent<UploadSuccessDetail>} upload-success - The server accepted the whole file (`detail.result`).
 * @fires {CustomEvent<UploadErrorDetail>} upload-error - Something failed (`code`, `message`, `status`, `willRetry`).
 * @fires {CustomEvent<UploadRestoredDetail>} upload-restored - An interrupted upload was found after a reload.
 * @fires {CustomEvent<UploadCancelledDetail>} upload-cancelled - An upload was cancelled and its session dropped.
 * @fires {CustomEvent<QueueCompleteDetail>} queue-complete - Every started upload has finished or failed.
 *
 * @csspart base - The frame around everything; it is also the drop zone.
 * @csspart button - The "Choose files" button.
 * @csspart list - The list of uploads.
 * @csspart item - One upload in the list.
 * @csspart name - A file's name.
 * @csspart progress - A file's progress track (`role=progressbar`).
 * @csspart progress-bar - The filled part of the track.
 * @csspart status - A file's status text.
 * @csspart message - An error or notice under a file.
 * @csspart actions - The pause / resume / cancel / retry buttons of a file.
 *
 * @cssproperty --resumable-upload-accent - Buttons, focus ring and progress colour.
 * @cssproperty --resumable-upload-accent-contrast - Text on the accent colour.
 * @cssproperty --resumable-upload-surface - Background.
 * @cssproperty --resumable-upload-text - Text colour.
 * @cssproperty --resumable-upload-muted - Secondary text colour.
 * @cssproperty --resumable-upload-border - Border colour.
 * @cssproperty --resumable-upload-track - Empty progress track colour.
 * @cssproperty --resumable-upload-success - Finished progress colour.
 * @cssproperty --resumable-upload-danger - Error colour.
 * @cssproperty --resumable-upload-radius - Corner radius.
 * @cssproperty --resumable-upload-gap - Spacing.
 * @cssproperty --resumable-upload-font - Font family.
 */
export class ResumableUpload extends LitElement {
  static override styles = styles;
  static formAssociated = true;

  /** Wire protocol: `content-range`, `segments`, `multipart`, `chunked-session` or `tus`. */
  @property({ reflect: true }) protocol: ProtocolName = 'content-range';

  /** URL of the protocol's first request. */
  @property() endpoint = '';

  /** Bytes per chunk / segment / part. Each protocol has a valid default and refuses sizes it cannot use. */
  @property({ attribute: 'chunk-size', type: Number }) chunkSize?: number;

  /** Requests in flight per file, where the protocol allows it (`segments`, `multipart`). */
  @property({ type: Number }) concurrency?: number;

  /** Files uploading at once; the rest wait in the queue. */
  @property({ attribute: 'parallel-uploads', type: Number }) parallelUploads = 2;

  /** Allow choosing several files. */
  @property({ type: Boolean, reflect: true }) multiple = false;

  /** Accepted types, as on `<input type=file>` (`image/*,.pdf`). */
  @property() accept = '';

  /** Largest file accepted, in bytes. Larger files are refused before any request. */
  @property({ attribute: 'max-file-size', type: Number }) maxFileSize?: number;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Start uploading as soon as files are chosen. */
  @property({ attribute: 'auto-start', type: Boolean }) autoStart = false;

  /** Send cookies with every request (`credentials: 'include'`). */
  @property({ attribute: 'with-credentials', type: Boolean }) withCredentials = false;

  /** Form field name: the form submits what the server returned for each finished file. */
  @property({ reflect: true }) name = '';

  /** Request headers, or a (sync or async) function returning them; asked before each request. Never stored. */
  @property({ attribute: false }) headers?: HeadersSource;

  /** Extra fields a protocol sends on creation (OCC `uploadType`, tus `Upload-Metadata`, …). */
  @property({ attribute: false }) metadata: Record<string, unknown> = {};

  /** Per-protocol URL overrides (e.g. `{ segments: '/ccagent/v1/files' }`). */
  @property({ attribute: false }) urls: Record<string, string> = {};

  /** Functions the worker may call on the page (plain S3 mode: create, sign, list, complete, abort). */
  @property({ attribute: false }) backend: Record<string, BackendFunction> = {};

  /** Every word the element shows, for translation. */
  @property({ attribute: false }) strings: UploadStrings = englishStrings;

  /** Locale for sizes and durations (defaults to the page's). */
  @property() locale?: string;

  @state() private dragging = false;
  @state() private liveMessage = '';

  @query('input[type=file]') private input!: HTMLInputElement;

  private readonly queue = new UploadQueueController(this);
  private readonly internals: ElementInternals | undefined =
    typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  /** The restored upload whose file the open picker is choosing. */
  private pickingFor?: string;
  private readonly milestones = new Map<string, number>();

  /** Looks up the interrupted uploads of this endpoint whenever it changes. */
  private readonly restoreTask = new Task(this, {
    task: async ([protocol, endpoint]: readonly [ProtocolName, string]) => {
      if (!endpoint) return 0;
      const sessions = await this.queue.listSessions(protocol, endpoint);
      this.queue.restore(sessions);
      return sessions.length;
    },
    args: () => [this.protocol, this.endpoint] as const,
  });

  /** The current uploads (read-only snapshots). */
  get uploads(): UploadSnapshot[] {
    return this.queue.uploads;
  }

  /** Resolves once the interrupted uploads of this endpoint are listed. */
  get restored(): Promise<unknown> {
    return this.restoreTask.taskComplete;
  }

  /** Add files as if chosen in the picker; returns the ids of those accepted. */
  addFiles(files: FileList | File[] | Iterable<File>): string[] {
    return this.take([...files]);
  }

  /** Start (or resume) one upload, or all. */
  start(id?: string): void {
    this.queue.start(id);
  }

  pause(id?: string): void {
    this.queue.pause(id);
  }

  /** Continue paused uploads; a restored upload without its file opens the picker for it. */
  resume(id?: string): void {
    if (id && this.queue.needsFile(id)) {
      this.openPicker(id);
      return;
    }
    this.queue.start(id);
  }

  /** Stop, tell the server to drop the session, and forget it. */
  cancel(id?: string): void {
    this.queue.cancel(id);
  }

  retry(id?: string): void {
    this.queue.start(id);
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
    this.addEventListener('upload-start', this.announce);
    this.addEventListener('upload-progress', this.announce);
    this.addEventListener('upload-success', this.announce);
    this.addEventListener('upload-error', this.announce);
    this.addEventListener('upload-paused', this.announce);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('upload-start', this.announce);
    this.removeEventListener('upload-progress', this.announce);
    this.removeEventListener('upload-success', this.announce);
    this.removeEventListener('upload-error', this.announce);
    this.removeEventListener('upload-paused', this.announce);
  }

  /** @internal */
  formResetCallback(): void {
    this.queue.clear();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.updateFormState();
  }

  private updateFormState(): void {
    if (!this.internals) return;
    const uploads = this.queue.uploads;
    const done = uploads.filter((u) => u.status === UploadStatus.done);
    if (this.name) {
      const data = new FormData();
      for (const upload of done) data.append(this.name, resultValue(upload.result));
      this.internals.setFormValue(done.length ? data : null);
    }
    const busy = uploads.some(
      (u) => u.status === UploadStatus.uploading || u.status === UploadStatus.queued,
    );
    if (busy) {
      this.internals.setValidity({ customError: true }, 'Wait until the uploads have finished.');
    } else {
      this.internals.setValidity({});
    }
  }

  private readonly announce = (event: Event): void => {
    const { type } = event;
    const detail = (event as CustomEvent).detail as { id: string; name: string } & Record<
      string,
      unknown
    >;
    const s = this.strings;
    if (type === 'upload-start') {
      this.milestones.set(detail.id, 0);
      this.liveMessage = s.announceStart(detail.name);
    } else if (type === 'upload-progress') {
      // Announce quarters only, so screen readers are not flooded.
      const fraction = Number(detail.bytesSent) / Math.max(1, Number(detail.bytesTotal));
      const quarter = Math.floor(fraction * 4);
      if (quarter > (this.milestones.get(detail.id) ?? 0) && quarter < 4) {
        this.milestones.set(detail.id, quarter);
        this.liveMessage = s.announceProgress(detail.name, formatPercent(quarter / 4, this.locale));
      }
    } else if (type === 'upload-success') {
      this.liveMessage = s.announceDone(detail.name);
    } else if (type === 'upload-error' && !detail.willRetry) {
      this.liveMessage = s.announceError(detail.name, String(detail.message));
    } else if (type === 'upload-paused') {
      this.liveMessage = s.announcePaused(detail.name);
    }
  };

  /** Check each file against `accept`, `max-file-size` and `multiple`, then queue it. */
  private take(files: File[]): string[] {
    if (this.disabled) return [];
    const target = this.pickingFor;
    this.pickingFor = undefined;
    const chosen = this.multiple || target ? files : files.slice(0, 1);
    const accepted: File[] = [];
    for (const file of target ? chosen.slice(0, 1) : chosen) {
      if (this.maxFileSize !== undefined && file.size > this.maxFileSize) {
        this.queue.addRefused(
          file,
          'file-too-large',
          this.strings.refusedTooLarge(file.name, formatBytes(this.maxFileSize, this.locale)),
        );
      } else if (this.accept && !matchesAccept(file, this.accept)) {
        this.queue.addRefused(file, 'file-type', this.strings.refusedType(file.name, this.accept));
      } else {
        accepted.push(file);
      }
    }
    return this.queue.add(accepted, target);
  }

  private openPicker(target?: string): void {
    if (this.disabled) return;
    this.pickingFor = target;
    this.input.click();
  }

  private onInputChange(): void {
    const files = [...(this.input.files ?? [])];
    this.take(files);
    // Clear so that choosing the same file again fires `change` again.
    this.input.value = '';
  }

  private onDragOver(event: DragEvent): void {
    if (this.disabled || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onDragLeave(event: DragEvent): void {
    if (event.relatedTarget && this.shadowRoot?.contains(event.relatedTarget as Node)) return;
    this.dragging = false;
  }

  private onDrop(event: DragEvent): void {
    this.dragging = false;
    if (this.disabled || !event.dataTransfer) return;
    event.preventDefault();
    this.take([...event.dataTransfer.files]);
  }

  override render() {
    const s = this.strings;
    const uploads = this.queue.uploads;
    const held = uploads.some((u) => u.status === UploadStatus.queued) && !this.autoStart;
    return html`
      <div
        part="base"
        class="base ${this.dragging ? 'dragging' : ''}"
        @dragover=${this.onDragOver}
        @dragenter=${this.onDragOver}
        @dragleave=${this.onDragLeave}
        @drop=${this.onDrop}
      >
        <div class="dropzone">
          <button
            part="button"
            class="primary"
            type="button"
            ?disabled=${this.disabled}
            @click=${() => this.openPicker()}
          >
            ${s.chooseFiles}
          </button>
          <span class="hint">${s.dropHint}</span>
          ${
            held
              ? html`<button type="button" @click=${() => this.start()}>${s.startAll}</button>`
              : nothing
          }
          <input
            type="file"
            hidden
            ?multiple=${this.multiple}
            accept=${this.accept || nothing}
            @change=${this.onInputChange}
          />
        </div>
        ${
          uploads.length
            ? html`<ul part="list" aria-label=${s.listLabel}>
                ${uploads.map((upload) => this.renderUpload(upload))}
              </ul>`
            : nothing
        }
        <div class="visually-hidden" role="status" aria-live="polite">${this.liveMessage}</div>
      </div>
    `;
  }

  private renderUpload(upload: UploadSnapshot) {
    const s = this.strings;
    const fraction = upload.size
      ? upload.bytesSent / upload.size
      : upload.status === 'done'
        ? 1
        : 0;
    const percent = Math.round(fraction * 100);
    const sent = formatBytes(upload.bytesSent, this.locale);
    const total = formatBytes(upload.size, this.locale);
    const statusText = {
      queued: s.statusQueued,
      uploading: s.statusUploading,
      paused: s.statusPaused,
      done: s.statusDone,
      error: s.statusError,
      restored: s.statusRestored,
    }[upload.status];
    const message =
      upload.error?.message ??
      upload.notice ??
      (upload.status === 'restored' ? s.restoredHint : !upload.persistent ? s.notPersistent : '');
    return html`
      <li part="item" class="status-${upload.status}" data-id=${upload.id}>
        <div class="row">
          <span part="name" class="name">${upload.name}</span>
          <span class="meta">${total}</span>
        </div>
        <div
          part="progress"
          class="track"
          role="progressbar"
          aria-label=${s.progressLabel(upload.name)}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${percent}
          aria-valuetext=${s.bytesOf(sent, total)}
        >
          <div part="progress-bar" class="bar" style="width: ${percent}%"></div>
        </div>
        <div class="row meta">
          <span class="bytes">${s.bytesOf(sent, total)}</span>
          ${
            upload.status === 'uploading' && upload.bytesPerSecond > 0
              ? html`<span class="speed"
                  >${s.speed(formatBytes(upload.bytesPerSecond, this.locale))} ·
                  ${s.timeLeft(formatDuration(upload.secondsLeft, this.locale))}</span
                >`
              : nothing
          }
          <span part="status" class="status">${statusText}</span>
        </div>
        ${message ? html`<p part="message" class="message">${message}</p>` : nothing}
        <div part="actions" class="actions">${this.renderActions(upload)}</div>
      </li>
    `;
  }

  private renderActions(upload: UploadSnapshot) {
    const s = this.strings;
    const id = upload.id;
    const button = (text: string, action: () => void) =>
      html`<button type="button" aria-label=${s.actionLabel(text, upload.name)} @click=${action}>
        ${text}
      </button>`;
    const cancel = button(s.cancel, () => this.cancel(id));
    switch (upload.status) {
      case 'uploading':
        return html`${button(s.pause, () => this.pause(id))} ${cancel}`;
      case 'queued':
        return cancel;
      case 'paused':
        return html`${button(s.resume, () => this.resume(id))} ${cancel}`;
      case 'restored':
        return html`${button(s.pickAgain, () => this.resume(id))} ${cancel}`;
      case 'error': {
        const retryable =
          upload.error && !['file-too-large', 'file-type'].includes(upload.error.code);
        return html`${retryable ? button(s.retry, () => this.retry(id)) : nothing}
        ${button(s.remove, () => this.cancel(id))}`;
      }
      default:
        return nothing;
    }
  }
}

/** The form value for a finished file: its id or URL when the server gave one. */
function resultValue(result: unknown): string {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    for (const key of ['url', 'id', 'location', 'key']) {
      if (typeof r[key] === 'string' || typeof r[key] === 'number') return String(r[key]);
    }
    return JSON.stringify(result);
  }
  return result === undefined || result === null ? '' : String(result);
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
