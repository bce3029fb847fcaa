import { createHash } from 'node:crypto';

/**
 * What the engine tests run in the page. Each function travels to the page
 * as source text (see `callSource`), so it uses nothing from outside itself:
 * helpers it needs come in as arguments.
 */

export interface PageEvent {
  type: string;
  at: number;
  detail: Record<string, unknown> & { id: string; name: string };
}

export interface Upload {
  id: string;
  name: string;
  size: number;
  bytesSent: number;
  status: string;
  persistent: boolean;
  kept?: string;
  unkept?: string;
  error?: { code: string; message: string };
}

/** A file made from seeded bytes: the page and Node make the same one. */
export interface FileSpec {
  name: string;
  size: number;
  seed: number;
  lastModified: number;
}

/**
 * `size` bytes from a seeded xorshift32: the same in Node and in any page.
 * Self-contained, so that it can be handed to the page as source text.
 */
export function seededBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
    if (i + 1 < size) bytes[i + 1] = (x >>> 8) & 0xff;
    if (i + 2 < size) bytes[i + 2] = (x >>> 16) & 0xff;
    if (i + 3 < size) bytes[i + 3] = (x >>> 24) & 0xff;
  }
  return bytes;
}

/** The SHA-256 of the file `spec` describes, computed in Node. */
export function sha256Of(spec: FileSpec): string {
  return createHash('sha256').update(seededBytes(spec.size, spec.seed)).digest('hex');
}

/** Put a `<resumable-upload>` with these attributes on the page and wait until it has restored. */
export async function mount(attributes: Record<string, string | boolean>): Promise<void> {
  await customElements.whenDefined('resumable-upload');
  const element = document.createElement('resumable-upload');
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(key, value === true ? '' : value);
  }
  document.querySelector('#root')!.append(element);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error('the element had not restored after 20 s')), 20_000);
  });
  try {
    await Promise.race([(element as unknown as { restored: Promise<unknown> }).restored, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Make the file in the page and give it to the element, as a person choosing it would. */
export function addFile(spec: FileSpec, bytesOf: typeof seededBytes): string[] {
  const file = new File([bytesOf(spec.size, spec.seed)], spec.name, {
    type: 'application/octet-stream',
    lastModified: spec.lastModified,
  });
  const element = document.querySelector('resumable-upload') as unknown as {
    addFiles(files: File[]): string[];
  };
  return element.addFiles([file]);
}

/** The events recorded so far (test/e2e/pages/record-events.js) and the element's uploads. */
export function pageState(): { events: PageEvent[]; uploads: Upload[] } {
  const element = document.querySelector('resumable-upload') as unknown as
    { uploads: Upload[] } | undefined;
  return {
    events: (window as unknown as { uploadEvents?: PageEvent[] }).uploadEvents ?? [],
    uploads: element?.uploads ?? [],
  };
}

/** The final events so far (success, or an error given up on), once there are `count`. */
export function finalEvents(count: number): PageEvent[] | false {
  const events = (window as unknown as { uploadEvents?: PageEvent[] }).uploadEvents ?? [];
  const finals = events.filter(
    (e) => e.type === 'upload-success' || (e.type === 'upload-error' && !e.detail.willRetry),
  );
  return finals.length >= count && finals;
}

/** True once the server has confirmed at least `bytes` of an upload. */
export function progressed(bytes: number): boolean {
  const events = (window as unknown as { uploadEvents?: PageEvent[] }).uploadEvents ?? [];
  return events.some(
    (e) => e.type === 'upload-progress' && Number(e.detail.bytesConfirmed) >= bytes,
  );
}

/** Session records in the worker's IndexedDB store (`resumable-upload` / `sessions`). */
export async function sessionRecords(): Promise<Array<{ key: string; bytesConfirmed: number }>> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes('resumable-upload')) return [];
  const db = await new Promise<IDBDatabase>((done, fail) => {
    const open = indexedDB.open('resumable-upload');
    open.onsuccess = () => done(open.result);
    open.onerror = () => fail(open.error);
  });
  try {
    if (!db.objectStoreNames.contains('sessions')) return [];
    const all = db.transaction('sessions', 'readonly').objectStore('sessions').getAll();
    return await new Promise((done, fail) => {
      all.onsuccess = () => done(all.result as Array<{ key: string; bytesConfirmed: number }>);
      all.onerror = () => fail(all.error);
    });
  } finally {
    db.close();
  }
}

/** Click the row's button with this accessible name (e.g. `Resume a.bin`), as a person would. */
export function clickButton(label: string): boolean {
  const root = document.querySelector('resumable-upload')?.shadowRoot;
  const button = [...(root?.querySelectorAll('button') ?? [])].find(
    (b) => b.getAttribute('aria-label') === label || b.textContent?.trim() === label,
  );
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

/** The text of every `[part=status]` in the element. */
export function statusTexts(): string[] {
  const root = document.querySelector('resumable-upload')?.shadowRoot;
  return [...(root?.querySelectorAll('[part=status]') ?? [])].map((e) => e.textContent!.trim());
}
