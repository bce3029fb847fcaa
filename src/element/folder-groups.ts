import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { formatBytes } from './format.js';
import type { CountedKey, UploadStrings } from './strings.js';
import { UploadStatus, type UploadSnapshot } from './upload-types.js';

/**
 * The list with a folder's files under one line: the folder's name, how many of its files
 * are done, its bytes and bar, Pause / Resume / Cancel for all of them, and a disclosure
 * button (`aria-expanded`) that shows or hides its files. A file that came on its own
 * keeps its own line, where it came in the list.
 */

/** Files turned away before any request: not counted in totals, never sent. */
export const REFUSED_CODES: readonly string[] = [
  'file-too-large',
  'file-type',
  'file-path',
  'file-unreadable',
];

export interface FolderGroup {
  /** The dropped or picked folder's name: the first part of its files' paths. */
  folder: string;
  uploads: UploadSnapshot[];
}

export type ListRow = { upload: UploadSnapshot } | FolderGroup;

/** The uploads as the list shows them: a folder where its first file came. */
export function groupByFolder(uploads: readonly UploadSnapshot[]): ListRow[] {
  const rows: ListRow[] = [];
  const groups = new Map<string, FolderGroup>();
  for (const upload of uploads) {
    const slash = upload.relativePath?.indexOf('/') ?? -1;
    if (slash <= 0) {
      rows.push({ upload });
      continue;
    }
    const folder = upload.relativePath!.slice(0, slash);
    let group = groups.get(folder);
    if (!group) {
      group = { folder, uploads: [] };
      groups.set(folder, group);
      rows.push(group);
    }
    group.uploads.push(upload);
  }
  return rows;
}

/** Under its folder's line, a folder's file shows its path below the folder (`raw/a.jpg`). */
export function pathInFolder(upload: UploadSnapshot): string {
  const path = upload.relativePath;
  return path && path.includes('/') ? path.slice(path.indexOf('/') + 1) : upload.name;
}

/** Which folders show their files. Closed at first: a folder of 500 files is one line. */
export class OpenFolders {
  readonly #open = new Set<string>();
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  isOpen(folder: string): boolean {
    return this.#open.has(folder);
  }

  toggle(folder: string): void {
    if (!this.#open.delete(folder)) this.#open.add(folder);
    this.#changed();
  }
}

/** What a folder's line needs of the element's view. */
export interface FolderView {
  readonly text: UploadStrings;
  readonly locale: string;
  readonly disabled: boolean;
  readonly folders: OpenFolders;
  count(key: CountedKey, count: number, values: Record<string, number>): string;
  pause(id?: string): void;
  resume(id: string): void;
  cancel(id: string): void;
}

/** The row and bar templates of the list (resumable-upload.templates.ts), handed in. */
export interface RowParts {
  row(upload: UploadSnapshot): TemplateResult;
  bar(part: string, classes: string, label: string, percent: number, text: string): unknown;
  resumable(upload: UploadSnapshot): boolean;
}

const isRefused = (u: UploadSnapshot) =>
  u.status === UploadStatus.error && REFUSED_CODES.includes(u.error?.code ?? '');

/** A folder's totals, counted as the overall line counts (refused files left out). */
function folderTotals(uploads: readonly UploadSnapshot[]) {
  const counted = uploads.filter((u) => !isRefused(u));
  let sent = 0;
  let total = 0;
  for (const u of counted) {
    total += u.size;
    sent += u.status === UploadStatus.done ? u.size : u.bytesSent;
  }
  const done = counted.filter((u) => u.status === UploadStatus.done).length;
  return { files: counted.length, done, sent, total };
}

/** The list's rows: a file's own row, or a folder's line with its files under it. */
export function renderRows(
  view: FolderView,
  uploads: readonly UploadSnapshot[],
  parts: RowParts,
): unknown {
  return repeat(
    groupByFolder(uploads),
    (row) => ('folder' in row ? `folder:${row.folder}` : row.upload.id),
    (row, index) =>
      'folder' in row ? renderFolder(view, row, index, parts) : parts.row(row.upload),
  );
}

export function renderFolder(
  view: FolderView,
  group: FolderGroup,
  index: number,
  parts: RowParts,
): TemplateResult {
  const s = view.text;
  const { folder, uploads } = group;
  const open = view.folders.isOpen(folder);
  const t = folderTotals(uploads);
  const sent = formatBytes(t.sent, view.locale);
  const total = formatBytes(t.total, view.locale);
  const percent = Math.round(
    (t.total ? t.sent / t.total : t.files && t.done === t.files ? 1 : 0) * 100,
  );
  const mine = uploads.filter((u) => !u.elsewhere);
  const running = mine.filter(
    (u) => u.status === UploadStatus.uploading || u.status === UploadStatus.queued,
  );
  const resumable = mine.filter(parts.resumable);
  const unfinished = mine.filter(
    (u) => u.status !== UploadStatus.done && u.status !== UploadStatus.error,
  );
  const button = (text: string, targets: UploadSnapshot[], act: (id: string) => void) =>
    targets.length
      ? html`<button
          type="button"
          ?disabled=${view.disabled}
          aria-label=${s.actionLabel(text, folder)}
          @click=${() => targets.forEach((u) => act(u.id))}
        >
          ${text}
        </button>`
      : nothing;
  const listId = `folder-${index}`;
  return html`
    <li part="folder" class="folder" data-folder=${folder}>
      <div class="folder-line">
        <button
          type="button"
          part="folder-toggle"
          class="disclosure"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${listId}
          @click=${() => view.folders.toggle(folder)}
        >
          <span class="chevron" aria-hidden="true"></span>
          <span part="folder-name" class="name" dir="auto">${folder}</span>
        </button>
        <span class="meta"
          >${view.count('summary', t.files, { done: t.done, files: t.files })}</span
        >
        <span class="meta size">${s.bytesOf(sent, total)}</span>
        <div part="actions" class="actions">
          ${button(s.pause, running, (id) => view.pause(id))}
          ${button(s.resume, resumable, (id) => view.resume(id))}
          ${button(s.cancel, unfinished, (id) => view.cancel(id))}
        </div>
      </div>
      ${parts.bar('progress', 'track', s.progressLabel(folder), percent, s.bytesOf(sent, total))}
      <ul id=${listId} class="folder-files" aria-label=${folder} ?hidden=${!open}>
        ${
          open
            ? repeat(
                uploads,
                (u) => u.id,
                (u) => parts.row(u),
              )
            : nothing
        }
      </ul>
    </li>
  `;
}
