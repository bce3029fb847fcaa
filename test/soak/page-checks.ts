import type { Page } from 'playwright';

/**
 * Browser-side checks shared by the fault, bad-input and security specs: what
 * IndexedDB holds, the final event of each upload, and files made in the page.
 */

export interface PageEvent {
  type: string;
  /** `performance.now()` in the page when it fired (test/e2e/pages/record-events.js). */
  at: number;
  detail: Record<string, unknown> & { id: string; name: string };
}

/** Every record of every object store of every IndexedDB database of the page's origin. */
export async function allIndexedDb(
  page: Page,
): Promise<Array<{ db: string; store: string; key: unknown; value: unknown }>> {
  return page.evaluate(async () => {
    const out: Array<{ db: string; store: string; key: unknown; value: unknown }> = [];
    const serialisable = (value: unknown): unknown => {
      // Blobs and Files (kept for resume) are described, not read: a secret would be in metadata.
      if (value instanceof Blob) {
        return {
          blob: value.type,
          size: value.size,
          name: value instanceof File ? value.name : undefined,
        };
      }
      if (Array.isArray(value)) return value.map(serialisable);
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, serialisable(v)]),
        );
      }
      return value;
    };
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly');
        const objects = tx.objectStore(store);
        const [keys, values] = await Promise.all(
          [objects.getAllKeys(), objects.getAll()].map(
            (request) =>
              new Promise<unknown[]>((done, fail) => {
                request.onsuccess = () => done(request.result as unknown[]);
                request.onerror = () => fail(request.error);
              }),
          ),
        );
        keys.forEach((key, i) =>
          out.push({ db: name, store, key, value: serialisable(values[i]) }),
        );
      }
      db.close();
    }
    return out;
  });
}

/** Session records (`resumable-upload` / `sessions`). */
export async function sessionRecords(page: Page): Promise<Array<Record<string, unknown>>> {
  const all = await allIndexedDb(page);
  return all
    .filter((r) => r.db === 'resumable-upload' && r.store === 'sessions')
    .map((r) => r.value as Record<string, unknown>);
}

/**
 * A stored session either complete (everything a resume needs) or absent:
 * returns what is wrong with each record, if anything.
 */
export function halfWritten(records: Array<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const r of records) {
    const file = r.file as Record<string, unknown> | undefined;
    const missing = [
      typeof r.key === 'string' ? '' : 'key',
      typeof r.protocol === 'string' ? '' : 'protocol',
      typeof r.endpoint === 'string' ? '' : 'endpoint',
      file && typeof file.name === 'string' && typeof file.size === 'number' ? '' : 'file',
      r.handle && typeof r.handle === 'object' ? '' : 'handle',
      Number.isSafeInteger(r.chunkSize) && Number(r.chunkSize) > 0 ? '' : 'chunkSize',
      Number.isSafeInteger(r.bytesConfirmed) &&
      Number(r.bytesConfirmed) >= 0 &&
      Number(r.bytesConfirmed) <= Number(file?.size)
        ? ''
        : 'bytesConfirmed',
      Number(r.expiresAt) > Date.now() ? '' : 'expiresAt',
    ].filter(Boolean);
    if (missing.length) problems.push(`${String(r.key)}: ${missing.join(', ')}`);
  }
  return problems;
}

export async function pageEvents(page: Page, type?: string): Promise<PageEvent[]> {
  const all = await page.evaluate(
    () => (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents,
  );
  return type ? all.filter((e) => e.type === type) : all;
}

/** Wait until `count` uploads each had a final event (success, or an error given up on). */
export async function finalEvents(page: Page, count = 1, timeout = 60_000): Promise<PageEvent[]> {
  await page.waitForFunction(
    (n) =>
      new Set(
        (window as unknown as { uploadEvents: PageEvent[] }).uploadEvents
          .filter(
            (e) =>
              e.type === 'upload-success' ||
              (e.type === 'upload-error' && e.detail.willRetry === false),
          )
          .map((e) => e.detail.id),
      ).size >= n,
    count,
    { timeout },
  );
  return (await pageEvents(page)).filter(
    (e) =>
      e.type === 'upload-success' || (e.type === 'upload-error' && e.detail.willRetry === false),
  );
}

/** Hand the element files made in the page (any name: no file system in the way). */
export async function addMemoryFiles(
  page: Page,
  files: Array<{ name: string; size: number; type?: string }>,
): Promise<void> {
  await page.evaluate((specs) => {
    const made = specs.map(({ name, size, type }) => {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      return new File([bytes], name, { type: type ?? 'application/octet-stream' });
    });
    const element = document.querySelector('resumable-upload') as unknown as {
      addFiles(files: File[]): string[];
    };
    element.addFiles(made);
  }, files);
}

/** The element's `uploads`, as the page sees them. */
export async function uploadsOf(
  page: Page,
): Promise<Array<{ id: string; name: string; status: string; persistent: boolean }>> {
  return page.evaluate(
    () =>
      (
        document.querySelector('resumable-upload') as unknown as {
          uploads: Array<{ id: string; name: string; status: string; persistent: boolean }>;
        }
      ).uploads,
  );
}
