import type { PickedFile } from './upload-types.js';

/**
 * The files of a dropped folder, found through the entries API
 * (`DataTransferItem.webkitGetAsEntry()`, in Chromium, Firefox and WebKit): every
 * file under it, however deep, with its path inside the drop, the folder's own name
 * first (`shoot/raw/a.jpg`, as Uppy gives it). Files the system keeps for itself
 * (`.DS_Store`, `Thumbs.db`, dot-files and dot-folders) are left out unless asked for.
 */

/** Names operating systems write into folders by themselves. */
const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db']);

/** A path part that is hidden (a dot-file or dot-folder) or a file the system wrote. */
export function isHiddenPath(relativePath: string): boolean {
  return relativePath
    .split('/')
    .some((part) => part.startsWith('.') || SYSTEM_FILES.has(part.toLowerCase()));
}

/** What one dropped folder gave: its files, and the paths that could not be read. */
export interface FolderFiles {
  files: PickedFile[];
  unreadable: string[];
}

/**
 * Every file under `folder`. A directory reader hands out its entries in batches
 * (Chromium: 100 at a time), so it is read until it gives an empty one. An empty folder
 * gives nothing; an entry that cannot be read is named in `unreadable`, never dropped
 * silently.
 */
export async function filesInFolder(
  folder: FileSystemDirectoryEntry,
  includeHidden = false,
): Promise<FolderFiles> {
  const found: FolderFiles = { files: [], unreadable: [] };
  await walk(folder, folder.name, found, includeHidden);
  return found;
}

async function walk(
  folder: FileSystemDirectoryEntry,
  path: string,
  found: FolderFiles,
  includeHidden: boolean,
): Promise<void> {
  let children: FileSystemEntry[];
  try {
    children = await allEntries(folder.createReader());
  } catch {
    found.unreadable.push(path);
    return;
  }
  // In name order, so the list reads like the folder in a file manager, whatever order the
  // engine reads in.
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) {
    const childPath = `${path}/${child.name}`;
    if (!includeHidden && isHiddenPath(child.name)) continue;
    if (child.isDirectory) {
      await walk(child as FileSystemDirectoryEntry, childPath, found, includeHidden);
    } else if (child.isFile) {
      try {
        const file = await fileOf(child as FileSystemFileEntry);
        found.files.push({ file, relativePath: childPath });
      } catch {
        found.unreadable.push(childPath);
      }
    }
  }
}

async function allEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (!batch.length) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}
