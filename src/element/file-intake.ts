import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { relativePathProblem } from '../core/relative-path.js';
import { filesInFolder, isHiddenPath, type FolderFiles } from './folder-drop.js';
import { formatBytes, localeOf } from './format.js';
import { fileInputIn, folderInputIn, type DropZone } from './resumable-upload.templates.js';
import type { UploadQueueController } from './upload-queue.js';
import type { UploadStrings } from './strings.js';
import type { KeepFiles, PickedFile } from './upload-types.js';

export interface FileIntakeHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly multiple: boolean;
  readonly accept: string;
  readonly maxFileSize?: number;
  readonly keepFiles: KeepFiles;
  readonly includeHidden: boolean;
  readonly locale?: string;
}

type OpenFilePicker = (options: {
  multiple?: boolean;
  types?: Array<{ description?: string; accept: Record<string, string[]> }>;
}) => Promise<FileSystemFileHandle[]>;

/**
 * How files come in: the picker (the system one with `keep-files="handles"`), a
 * drop anywhere on the element (folders too, with every file inside: folder-drop.ts), the
 * folder picker (`directory`), a paste while focus is inside it, and the page's
 * `addFiles()` / `addHandles()`. Each file is checked against `max-file-size`, `accept`,
 * `multiple` and, when it came in a folder, its relative path before the queue gets it.
 */
export class FileIntake implements ReactiveController, DropZone {
  readonly #host: FileIntakeHost;
  readonly #queue: Pick<UploadQueueController, 'add' | 'addRefused'>;
  /** Files of dropped folders being read: a second drop meanwhile waits its turn. */
  #reading: Promise<unknown> = Promise.resolve();
  readonly #disabled: () => boolean;
  #dragging = false;
  /** Drag events fire for every child crossed; the frame is left when this is back at 0. */
  #dragDepth = 0;
  /** The restored upload whose file the open picker is choosing. */
  #pickingFor?: string;

  constructor(
    host: FileIntakeHost,
    queue: Pick<UploadQueueController, 'add' | 'addRefused'>,
    disabled: () => boolean,
  ) {
    this.#host = host;
    this.#queue = queue;
    this.#disabled = disabled;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('paste', this.#onPaste);
    document.addEventListener('dragend', this.#endDrag);
    document.addEventListener('drop', this.#endDrag);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('paste', this.#onPaste);
    document.removeEventListener('dragend', this.#endDrag);
    document.removeEventListener('drop', this.#endDrag);
  }

  /** Files are being dragged over the element. */
  get dragging(): boolean {
    return this.#dragging;
  }

  #setDragging(dragging: boolean): void {
    if (dragging === this.#dragging) return;
    this.#dragging = dragging;
    this.#host.requestUpdate();
  }

  /**
   * Check each file against its relative path (a folder's file: its `relativePath`, or
   * the `webkitRelativePath` of a folder picker's), `accept`, `max-file-size` and
   * `multiple`, then queue it.
   */
  take(files: PickedFile[]): string[] {
    const target = this.#pickingFor;
    this.#pickingFor = undefined;
    if (this.#disabled()) return [];
    const { multiple, maxFileSize, accept } = this.#host;
    const chosen = multiple || target ? files : files.slice(0, 1);
    const ids: string[] = [];
    // One at a time, so the list keeps the order the files came in.
    for (const picked of target ? chosen.slice(0, 1) : chosen) {
      const { file } = picked;
      const path = picked.relativePath ?? (file.webkitRelativePath || undefined);
      const refuse = (code: string, words: (s: UploadStrings) => string) =>
        this.#queue.addRefused(file, code, words, path);
      if (path && relativePathProblem(path)) {
        // Listed on its own, not under a folder its path names.
        this.#queue.addRefused(file, 'file-path', (s) => s.refusedPath(path));
      } else if (maxFileSize !== undefined && file.size > maxFileSize) {
        const limit = formatBytes(maxFileSize, localeOf(this.#host));
        refuse('file-too-large', (s) => s.refusedTooLarge(file.name, limit));
      } else if (accept && !matchesAccept(file, accept)) {
        refuse('file-type', (s) => s.refusedType(file.name, accept));
      } else {
        ids.push(...this.#queue.add([{ ...picked, relativePath: path }], target));
      }
    }
    return ids;
  }

  async takeHandles(handles: Iterable<FileSystemFileHandle>): Promise<string[]> {
    const picked = await Promise.all(
      [...handles].map(async (handle) => ({ file: await handle.getFile(), handle })),
    );
    return this.take(picked);
  }

  /** Open the picker, for new files or (`target`) for a restored upload's file. */
  pick(target?: string): void {
    if (this.#disabled()) return;
    this.#pickingFor = target;
    const { keepFiles, multiple, accept } = this.#host;
    const input = fileInputIn(this.#host.renderRoot);
    const systemPicker = (window as unknown as { showOpenFilePicker?: OpenFilePicker })
      .showOpenFilePicker;
    if (keepFiles === 'handles' && typeof systemPicker === 'function') {
      systemPicker({ multiple: multiple && !target, types: pickerTypes(accept) }).then(
        (handles) => void this.takeHandles(handles),
        (error: unknown) => {
          // Dismissed: nothing to do. Refused (a cross-origin frame…): the plain picker works.
          if ((error as Error)?.name !== 'AbortError') input.click();
          else this.#pickingFor = undefined;
        },
      );
      return;
    }
    input.click();
  }

  /** Open the folder picker (`directory`): every file of the chosen folder comes in. */
  pickFolder(): void {
    if (!this.#disabled()) folderInputIn(this.#host.renderRoot)?.click();
  }

  readonly onFolderInputChange = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    // The chosen folder itself may be hidden (`.config`): the user chose it, so only what is
    // under it counts, as in a drop.
    const underFolder = (path: string) => path.slice(path.indexOf('/') + 1);
    const files = [...(input.files ?? [])].filter(
      (file) => this.#host.includeHidden || !isHiddenPath(underFolder(file.webkitRelativePath)),
    );
    // In path order, as a drop lists them, whatever order the engine gives.
    const paths = files.map((file) => ({ file, relativePath: file.webkitRelativePath }));
    this.take(paths.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1)));
    input.value = '';
  };

  readonly onInputChange = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    this.take([...(input.files ?? [])].map((file) => ({ file })));
    // Clear so that choosing the same file again fires `change` again.
    input.value = '';
  };

  readonly onDragEnter = (event: DragEvent): void => {
    if (this.#disabled() || !hasFiles(event)) return;
    event.preventDefault();
    this.#dragDepth++;
    this.#setDragging(true);
  };

  readonly onDragOver = (event: DragEvent): void => {
    if (this.#disabled() || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer!.dropEffect = 'copy';
    this.#setDragging(true);
  };

  readonly onDragLeave = (): void => {
    this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    if (this.#dragDepth === 0) this.#setDragging(false);
  };

  readonly #endDrag = (): void => {
    this.#dragDepth = 0;
    this.#setDragging(false);
  };

  readonly onDrop = (event: DragEvent): void => {
    this.#endDrag();
    const transfer = event.dataTransfer;
    if (this.#disabled() || !transfer) return;
    event.preventDefault();
    const items = [...transfer.items].filter((item) => item.kind === 'file');
    if (!items.length) {
      this.take([...transfer.files].map((file) => ({ file })));
      return;
    }
    // Everything must be asked of the items now: the drag data is gone after this event.
    const keepHandles = this.#host.keepFiles !== 'none';
    const includeHidden = this.#host.includeHidden;
    const wanted = items.map((item) => {
      const entry = item.webkitGetAsEntry?.();
      if (entry?.isDirectory) {
        return filesInFolder(entry as FileSystemDirectoryEntry, includeHidden);
      }
      const withHandle = item as DataTransferItem & {
        getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
      };
      const file = item.getAsFile();
      const handle =
        keepHandles && withHandle.getAsFileSystemHandle
          ? withHandle.getAsFileSystemHandle().catch(() => null)
          : Promise.resolve(null);
      return handle.then((h): FolderFiles => {
        if (!file || h?.kind === 'directory') return { files: [], unreadable: [] };
        const fileHandle = h?.kind === 'file' ? (h as FileSystemFileHandle) : undefined;
        return { files: [{ file, handle: fileHandle }], unreadable: [] };
      });
    });
    const read = Promise.all([this.#reading, ...wanted]);
    // The reads catch their own failures: a folder that cannot be read holds no later drop up.
    this.#reading = read.then(([, ...dropped]) => {
      this.take(dropped.flatMap((d) => d.files));
      for (const path of dropped.flatMap((d) => d.unreadable)) {
        const name = path.slice(path.lastIndexOf('/') + 1);
        this.#queue.addRefused(
          new File([], name),
          'file-unreadable',
          (s) => s.error('file-unreadable', `${path} could not be read.`),
          path,
        );
      }
    });
  };

  readonly #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length || this.#disabled()) return;
    event.preventDefault();
    this.take(files.map((file) => ({ file })));
  };
}

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
