/**
 * A file's path inside the folder it came in (`shoot/raw/a.jpg`), as it may be sent to a
 * server: the server builds folders from it, so a path that could climb out of the
 * target folder or smuggle control characters into a name is refused before any request.
 */

/** Why this relative path cannot be sent, or undefined when it can. */
export function relativePathProblem(path: string): string | undefined {
  if (!path) return 'it is empty';
  // C0, DEL and C1 controls: invisible in names, and they break headers and logs.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'it contains a control character';
  if (path.includes('\\')) return 'it contains a backslash';
  if (path.startsWith('/') || /^[a-z]:/i.test(path)) return 'it is absolute';
  const parts = path.split('/');
  if (parts.some((part) => part === '..')) return 'it climbs out of its folder ("..")';
  if (parts.some((part) => part === '' || part === '.')) return 'it has an empty or "." part';
  return undefined;
}

/** The folders part of a relative path (`shoot/raw` of `shoot/raw/a.jpg`), or '' for none. */
export function folderOf(path: string | undefined): string {
  if (!path) return '';
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : '';
}

/** `{relativePath}` for a file that came in a folder, else nothing: a field to spread. */
export function pathField(file: { relativePath?: string }): { relativePath?: string } {
  return file.relativePath ? { relativePath: file.relativePath } : {};
}

/**
 * The page's `metadata` with the file's `relativePath` (Uppy's key) added, for the
 * protocols whose backend decides the object's name (multipart, content-range): the
 * file's own path wins over a page-wide `relativePath`.
 */
export function metadataWithPath(
  metadata: Record<string, unknown> | undefined,
  file: { relativePath?: string },
): Record<string, unknown> {
  return file.relativePath ? { ...metadata, relativePath: file.relativePath } : { ...metadata };
}
