import { html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import { REFUSED_CODES, pathInFolder, renderRows, type OpenFolders } from './folder-groups.js';
import { formatBytes, formatDuration, formatSpeed } from './format.js';
import { badge } from './preview.templates.js';
import type { Direction } from './languages.js';
import type { CountedKey, UploadStrings } from './strings.js';
import { UploadStatus, type QueueTotals, type UploadSnapshot } from './upload-types.js';

/** Where files are dropped and picked (file-intake.ts). */
export interface DropZone {
  readonly dragging: boolean;
  readonly onDragEnter: (event: DragEvent) => void;
  readonly onDragOver: (event: DragEvent) => void;
  readonly onDragLeave: () => void;
  readonly onDrop: (event: DragEvent) => void;
  readonly onInputChange: (event: Event) => void;
  readonly onFolderInputChange: (event: Event) => void;
}

/** What the element shows, and what its buttons do. */
export interface UploaderView {
  readonly text: UploadStrings;
  /** The locale `Intl` formats in, also the `lang` of what is shown. */
  readonly locale: string;
  readonly dir: Direction;
  /** The first table is still loading: lay out, show nothing. */
  readonly pending: boolean;
  /** A counted entry for `count`, in the plural form its language asks for. */
  count(key: CountedKey, count: number, values: Record<string, number>): string;
  /** An upload's error or notice line, in the words shown. */
  said(id: string): string | undefined;
  /** The URL of an image upload's picture, once made. */
  thumbnail(id: string): string | undefined;
  /** `disabled`, or inside a disabled fieldset. */
  readonly disabled: boolean;
  readonly accept: string;
  readonly multiple: boolean;
  /** Offer the folder picker beside the file picker. */
  readonly directory: boolean;
  /** Which folders of the list show their files. */
  readonly folders: OpenFolders;
  readonly maxFileSize: number | undefined;
  readonly uploads: UploadSnapshot[];
  /** Some upload waits for the Upload button (added without `auto-start`). */
  readonly holding: boolean;
  totals(): QueueTotals;
  readonly liveMessage: string;
  readonly dropZone: DropZone;
  /** Open the picker, for a new file or (`id`) for a restored upload's file. */
  pick(id?: string): void;
  pickFolder(): void;
  start(): void;
  pause(id?: string): void;
  resume(id: string): void;
  cancel(id: string): void;
  retry(id?: string): void;
  /** `offered`: the row offers "Continue in background"; `handed-off`: a Background Fetch sends it. */
  backgroundOf(id: string): 'offered' | 'handed-off' | undefined;
  continueInBackground(id: string): void;
  dismiss(id: string): void;
  clearFinished(): void;
  resumeAll(): void;
  cancelUnfinished(): void;
}

/** The picker button: focus falls back to it, and the browser shows validity messages by it. */
export function pickButtonIn(root: ParentNode): HTMLButtonElement | undefined {
  return root.querySelector<HTMLButtonElement>('button[part=button]') ?? undefined;
}

export function fileInputIn(root: ParentNode): HTMLInputElement {
  return root.querySelector<HTMLInputElement>('input[type=file]:not([webkitdirectory])')!;
}

export function folderInputIn(root: ParentNode): HTMLInputElement | null {
  return root.querySelector<HTMLInputElement>('input[type=file][webkitdirectory]');
}

export function renderUploader(view: UploaderView): TemplateResult {
  const s = view.text;
  const { uploads, dropZone } = view;
  const limits = s.limits(
    view.accept,
    view.maxFileSize !== undefined ? formatBytes(view.maxFileSize, view.locale) : '',
  );
  return html`
    <div
      part="base"
      class="base ${dropZone.dragging ? 'dragging' : ''} ${view.disabled ? 'disabled' : ''} ${
        view.pending ? 'pending' : ''
      }"
      dir=${view.dir}
      lang=${view.locale}
      @dragenter=${dropZone.onDragEnter}
      @dragover=${dropZone.onDragOver}
      @dragleave=${dropZone.onDragLeave}
      @drop=${dropZone.onDrop}
    >
      <div part="dropzone" class="dropzone">
        ${uploadIcon}
        <div class="prompt">
          <div class="prompt-row">
            <button
              part="button"
              class="primary"
              type="button"
              ?disabled=${view.disabled}
              @click=${() => view.pick()}
            >
              <slot name="button">${s.chooseFiles}</slot>
            </button>
            ${
              view.directory
                ? html`<button
                    part="folder-button"
                    type="button"
                    ?disabled=${view.disabled}
                    @click=${() => view.pickFolder()}
                  >
                    ${s.chooseFolder}
                  </button>`
                : nothing
            }
            <span part="hint" class="hint"><slot>${s.dropHint}</slot></span>
          </div>
          ${limits ? html`<span class="limits">${limits}</span>` : nothing}
        </div>
        ${
          view.holding
            ? html`<button
                type="button"
                class="primary start"
                ?disabled=${view.disabled}
                @click=${() => view.start()}
              >
                ${s.startAll}
              </button>`
            : nothing
        }
        <input
          type="file"
          hidden
          ?multiple=${view.multiple}
          accept=${view.accept || nothing}
          @change=${dropZone.onInputChange}
        />
        ${
          view.directory
            ? html`<input
                type="file"
                hidden
                webkitdirectory
                @change=${dropZone.onFolderInputChange}
              />`
            : nothing
        }
      </div>
      ${uploads.length > 1 ? renderSummary(view) : nothing}
      ${
        uploads.length
          ? html`<ul part="list" aria-label=${s.listLabel}>
              ${renderRows(view, uploads, {
                row: (upload) => renderUpload(view, upload),
                bar: progressBar,
                resumable: isResumable,
              })}
            </ul>`
          : nothing
      }
      <div part="drop-overlay" class="drop-overlay" aria-hidden="true">${s.dropHere}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${view.liveMessage}</div>
    </div>
  `;
}

function renderSummary(view: UploaderView) {
  const s = view.text;
  const t = view.totals();
  const lang = view.locale;
  const fraction = t.bytesTotal ? t.bytesSent / t.bytesTotal : t.files && t.done === t.files;
  const percent = Math.round(Number(fraction) * 100);
  const mine = view.uploads.filter((u) => !u.elsewhere);
  const any = (test: (u: UploadSnapshot) => boolean) => mine.some(test);
  const button = (text: string, action: () => void) =>
    html`<button type="button" ?disabled=${view.disabled} @click=${action}>${text}</button>`;
  const sent = formatBytes(t.bytesSent, lang);
  const total = formatBytes(t.bytesTotal, lang);
  const count =
    view.count('summary', t.files, { done: t.done, files: t.files }) +
    (t.failed ? s.separator + view.count('summaryFailed', t.failed, { failed: t.failed }) : '');
  return html`
    <div part="summary" class="summary">
      <div class="summary-line">
        <span class="summary-count">${count}</span>
        <span class="meta">${s.bytesOf(sent, total)}</span>
        ${
          t.active && t.bytesPerSecond > 0
            ? html`<span class="meta"
                >${formatSpeed(t.bytesPerSecond, lang)} ·
                ${s.timeLeft(formatDuration(t.secondsLeft, lang))}</span
              >`
            : nothing
        }
      </div>
      ${progressBar('total-progress', 'track total', s.totalProgressLabel, percent, s.bytesOf(sent, total))}
      <div part="toolbar" class="toolbar">
        ${any((u) => u.status === UploadStatus.uploading) ? button(s.pauseAll, () => view.pause()) : nothing}
        ${any(isResumable) ? button(s.resumeAll, () => view.resumeAll()) : nothing}
        ${
          any((u) => u.status === UploadStatus.error && isRetryable(u))
            ? button(s.retryFailed, () => view.retry())
            : nothing
        }
        ${
          any((u) => u.status !== UploadStatus.done && u.status !== UploadStatus.error)
            ? button(s.cancelAll, () => view.cancelUnfinished())
            : nothing
        }
        ${
          view.uploads.some((u) => u.status === UploadStatus.done || isRefused(u))
            ? button(s.clearFinished, () => view.clearFinished())
            : nothing
        }
      </div>
    </div>
  `;
}

function renderUpload(view: UploaderView, upload: UploadSnapshot) {
  const s = view.text;
  const lang = view.locale;
  const fraction = upload.size
    ? upload.bytesSent / upload.size
    : upload.status === UploadStatus.done
      ? 1
      : 0;
  const percent = Math.round(fraction * 100);
  const sent = formatBytes(upload.bytesSent, lang);
  const total = formatBytes(upload.size, lang);
  const plain = {
    queued: s.statusQueued,
    uploading: s.statusUploading,
    paused: s.statusPaused,
    done: s.statusDone,
    error: s.statusError,
    restored: s.statusRestored,
  }[upload.status];
  const statusText = upload.elsewhere ? s.statusElsewhere(plain) : plain;
  const message = view.said(upload.id) ?? hintFor(upload, s);
  const moving = upload.status === UploadStatus.uploading && upload.bytesPerSecond > 0;
  return html`
    <li
      part="item"
      class="item status-${upload.status} ${upload.elsewhere ? 'elsewhere' : ''}"
      data-id=${upload.id}
    >
      ${badge(extensionOf(upload.name), view.thumbnail(upload.id))}
      <div class="body">
        <div class="row">
          <span part="name" class="name" dir="auto">${pathInFolder(upload)}</span>
          <span class="meta size">${total}</span>
        </div>
        ${progressBar('progress', 'track', s.progressLabel(upload.name), percent, s.bytesOf(sent, total))}
        <div class="row meta">
          <span class="bytes">${s.bytesOf(sent, total)}</span>
          ${
            moving
              ? html`<span class="speed"
                  >${formatSpeed(upload.bytesPerSecond, lang)} ·
                  ${s.timeLeft(formatDuration(upload.secondsLeft, lang))}</span
                >`
              : nothing
          }
          <span part="status" class="status">${statusText}</span>
        </div>
        ${message ? html`<p part="message" class="message">${message}</p>` : nothing}
        ${upload.status === UploadStatus.done ? renderResult(s, upload.result) : nothing}
      </div>
      <div part="actions" class="actions">${renderActions(view, upload)}</div>
    </li>
  `;
}

/** What the server answered, as text; a link only for an http(s) URL. */
function renderResult(s: UploadStrings, result: unknown) {
  const value = resultValue(result);
  if (!value) return nothing;
  const shown = value.length > 160 ? `${value.slice(0, 159)}…` : value;
  const link = /^https?:\/\//i.test(value);
  return html`<p part="result" class="result">
    <span class="result-label">${s.resultLabel}</span>
    ${
      link
        ? html`<a href=${value} target="_blank" rel="noopener noreferrer" dir="ltr">${shown}</a>`
        : html`<code dir="auto">${shown}</code>`
    }
  </p>`;
}

/**
 * Three fixed slots (main action, pick again, cancel/remove), so that Pause
 * turning into Resume keeps the same button, and keyboard focus with it.
 */
function renderActions(view: UploaderView, upload: UploadSnapshot) {
  const s = view.text;
  const id = upload.id;
  if (upload.elsewhere) return nothing;
  const button = (text: string, action: () => void) =>
    html`<button
      type="button"
      ?disabled=${view.disabled}
      aria-label=${s.actionLabel(text, upload.name)}
      @click=${action}
    >
      ${text}
    </button>`;
  let main: unknown = nothing;
  let pick: unknown = nothing;
  let last: unknown = nothing;
  switch (upload.status) {
    case UploadStatus.uploading:
      // A Background Fetch can be cancelled, never paused: no Pause while it sends.
      if (view.backgroundOf(id) !== 'handed-off') main = button(s.pause, () => view.pause(id));
      // The middle slot, free while uploading: Pause keeps its place (and focus).
      if (view.backgroundOf(id) === 'offered') {
        pick = button(s.continueInBackground, () => view.continueInBackground(id));
      }
      last = button(s.cancel, () => view.cancel(id));
      break;
    case UploadStatus.queued:
      last = button(s.cancel, () => view.cancel(id));
      break;
    case UploadStatus.paused:
      main = button(s.resume, () => view.resume(id));
      last = button(s.cancel, () => view.cancel(id));
      break;
    case UploadStatus.restored:
      if (upload.kept) main = button(s.resume, () => view.resume(id));
      pick = button(s.pickAgain, () => view.pick(id));
      last = button(s.cancel, () => view.cancel(id));
      break;
    case UploadStatus.error:
      if (isRetryable(upload)) main = button(s.retry, () => view.retry(id));
      last = button(s.remove, () => view.cancel(id));
      break;
    case UploadStatus.done:
      last = button(s.remove, () => view.dismiss(id));
      break;
  }
  return html`${main}${pick}${last}`;
}

/** The line under a file without an error or notice: what the user should know. */
function hintFor(upload: UploadSnapshot, s: UploadStrings): string {
  if (upload.elsewhere && upload.status !== UploadStatus.done) return s.elsewhereHint;
  if (upload.status === UploadStatus.restored) {
    if (upload.kept) return s.restoredKeptHint;
    return upload.unkept ? s.restoredNotKept(upload.unkept) : s.restoredHint;
  }
  if (!upload.persistent) return s.notPersistent;
  if (upload.unkept && upload.status !== UploadStatus.done) return s.notKept(upload.unkept);
  return '';
}

const uploadIcon = html`<svg
  class="icon"
  aria-hidden="true"
  viewBox="0 0 24 24"
  width="28"
  height="28"
  fill="none"
  stroke="currentColor"
  stroke-width="1.8"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5" />
  <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
</svg>`;

/**
 * A bar's fill, set through CSSOM on every render: a CSP without
 * 'unsafe-inline' for styles blocks a `style="…"` attribute (which Lit's
 * `styleMap` writes on first render) but allows this.
 */
class FillDirective extends Directive {
  override render(_percent: number) {
    return noChange;
  }
  override update(part: ElementPart, [percent]: [number]) {
    (part.element as HTMLElement).style.transform = `scaleX(${percent / 100})`;
    return noChange;
  }
}
const fill = directive(FillDirective);

/** A labelled `role=progressbar` track with its fill, for one file or the whole queue. */
function progressBar(part: string, classes: string, label: string, percent: number, text: string) {
  return html`<div
    part=${part}
    class=${classes}
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${percent}
    aria-valuetext=${text}
  >
    <div part="progress-bar" class="bar" ${fill(percent)}></div>
  </div>`;
}

/** Paused here, or restored with its file kept: Resume all takes it on. */
export function isResumable(upload: UploadSnapshot): boolean {
  return (
    upload.status === UploadStatus.paused ||
    (upload.status === UploadStatus.restored && !!upload.kept)
  );
}

function isRefused(upload: UploadSnapshot): boolean {
  return (
    upload.status === UploadStatus.error &&
    !!upload.error &&
    REFUSED_CODES.includes(upload.error.code)
  );
}

function isRetryable(upload: UploadSnapshot): boolean {
  return !isRefused(upload) && upload.error?.code !== 'elsewhere';
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  return ext && ext.length <= 4 ? ext.toUpperCase() : 'FILE';
}

/** The form value for a finished file: its id or URL when the server gave one. */
export function resultValue(result: unknown): string {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    for (const key of ['url', 'id', 'location', 'key']) {
      if (typeof r[key] === 'string' || typeof r[key] === 'number') return String(r[key]);
    }
    return JSON.stringify(result);
  }
  return result === undefined || result === null ? '' : String(result);
}
