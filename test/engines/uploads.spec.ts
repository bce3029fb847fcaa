import { startSecondOrigin } from '../helpers/second-origin.js';
import type { EngineDriver } from './driver.js';
import {
  expect,
  markServers,
  serversQuiet,
  STRICT_CSP,
  test,
  tusUploadIds,
  type ServerMark,
  type Servers,
} from './fixtures.js';
import {
  addFile,
  clickButton,
  finalEvents,
  mount,
  pageState,
  progressed,
  seededBytes,
  sessionRecords,
  sha256Of,
  statusTexts,
  type FileSpec,
} from './page-side.js';

/**
 * The same uploads in Chromium, Firefox ESR and WebKitGTK (one Playwright
 * project per engine, see playwright.config.ts), every protocol against a
 * real server, checked at the server: the stored bytes' SHA-256, how many
 * sessions were created, and how many payload bytes arrived.
 */

const KiB = 1024;
const MiB = 1024 * KiB;
/** Every protocol sends 256 KiB at a time, so a few MiB take over a dozen requests. */
const CHUNK = 256 * KiB;

const PROTOCOLS = ['content-range', 'segments', 'multipart', 'chunked-session', 'tus'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/**
 * What each engine does with a picked `File` when asked to keep a copy in
 * IndexedDB for a pick-free resume. WebKitGTK under automation runs a private
 * session: it refuses a `File` in IndexedDB and has no `navigator.storage`.
 */
const KEEPS_A_COPY = { chromium: true, firefox: true, webkit: false } as const;

/**
 * What IndexedDB takes in each engine as these tests drive it (see the first
 * test). WebKitGTK 2.50 under automation aborts a transaction that puts a
 * File or Blob ("UnknownError: Error preparing Blob/File data to be stored in
 * object store") but stores plain records, so sessions survive a reload there.
 */
const STORAGE_FACTS = {
  chromium: { record: 'stored', file: 'stored', estimate: true },
  firefox: { record: 'stored', file: 'stored', estimate: true },
  webkit: { record: 'stored', file: 'UnknownError', estimate: false },
} as const;

/**
 * What the README's browser table says about each engine, measured: file handles (a
 * drop's `getAsFileSystemHandle()`, the system picker of `keep-files="handles"`), and
 * what two tabs agree through (Web Locks, BroadcastChannel).
 */
const FEATURE_FACTS = {
  chromium: { dropHandles: true, handlePicker: true, webLocks: true, broadcast: true },
  firefox: { dropHandles: false, handlePicker: false, webLocks: true, broadcast: true },
  webkit: { dropHandles: false, handlePicker: false, webLocks: true, broadcast: true },
} as const;

function attributesFor(
  protocol: Protocol,
  { api, tus }: Servers,
  concurrency?: number,
): Record<string, string | boolean> {
  const common = {
    protocol,
    'auto-start': true,
    'chunk-size': String(CHUNK),
    ...(concurrency ? { concurrency: String(concurrency) } : {}),
  };
  switch (protocol) {
    case 'content-range':
      return { ...common, endpoint: `${api.url}/content-range` };
    case 'segments':
      return { ...common, endpoint: `${api.url}/ccadmin/v1/files` };
    case 'multipart': {
      // The part size is the server's to choose; the knob makes it the same 256 KiB.
      const { 'chunk-size': _, ...rest } = common;
      return { ...rest, endpoint: `${api.url}/multipart/uploads/multipart?partSize=${CHUNK}` };
    }
    case 'chunked-session':
      return { ...common, endpoint: `${api.url}/api/2.0/files/3/upload/create_session` };
    case 'tus':
      return { ...common, endpoint: tus.url };
  }
}

/** Slow every chunk down (or back to full speed with 0), so a reload lands mid-upload. */
function slowChunks(protocol: Protocol, { api, tus }: Servers, ms: number) {
  if (protocol === 'tus') tus.patchDelayMs = ms;
  else if (ms > 0) api.faults.arm({ kind: 'delay', protocol, phase: 'chunk', ms, times: 1e6 });
  else api.faults.clear();
}

/** One upload session the test created on the server, and what arrived for it. */
interface ServerUpload {
  id: string;
  /** Payload bytes that reached storage, kept or not (a chunk cut short counts what came). */
  received: number;
  /** Bytes of the session the server stored more than once (reference server only). */
  overlaps: Array<[number, number]>;
  complete: boolean;
  sha256(): Promise<string>;
}

/** The sessions created on the server for `protocol` since `mark`. */
async function sessionsSince(
  protocol: Protocol,
  servers: Servers,
  mark: ServerMark,
): Promise<ServerUpload[]> {
  const { api, tus } = servers;
  if (protocol === 'tus') {
    const ids = (await tusUploadIds(tus)).filter((id) => !mark.tusUploads.has(id));
    return Promise.all(
      ids.map(async (id) => {
        const record = await tus.upload(id);
        return {
          id,
          received: tus.received.get(id) ?? 0,
          overlaps: [],
          complete: record !== undefined && record.offset === record.size,
          sha256: () => tus.sha256(id),
        };
      }),
    );
  }
  return api.storage
    .list()
    .filter((file) => file.protocol === protocol && !mark.files.has(file.id))
    .map((file) => ({
      id: file.id,
      received: file.received,
      overlaps: api.storage.overlaps(file.id),
      complete: file.complete,
      sha256: () => api.storage.sha256(file.id),
    }));
}

/** Requests since `mark` that create a session (each protocol's creation call). */
function creationCalls(protocol: Protocol, servers: Servers, mark: ServerMark) {
  if (protocol === 'tus') {
    return servers.tus.requests.slice(mark.tusRequests).filter((r) => r.method === 'POST');
  }
  const creates: Record<Exclude<Protocol, 'tus'>, [string, RegExp]> = {
    'content-range': ['POST', /^\/content-range\/?$/],
    segments: ['PUT', /^\/ccadmin\/v1\/files\/?$/],
    multipart: ['POST', /^\/multipart\/uploads\/multipart$/],
    'chunked-session': ['POST', /\/upload\/create_session$/],
  };
  const [method, path] = creates[protocol];
  return servers.api.requests
    .slice(mark.apiRequests)
    .filter((r) => r.method === method && path.test(r.path));
}

function fileFor(kind: string, protocol: Protocol, size: number): FileSpec {
  let seed = 0;
  for (const c of `${kind}-${protocol}`) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
  // A fixed date: the session key (name, size, date) must match after a reload.
  return { name: `${kind}-${protocol}.bin`, size, seed, lastModified: Date.UTC(2024, 4, 1) };
}

/** Open the test page, with no element on it yet. */
function openTestPage(driver: EngineDriver, servers: Servers) {
  return driver.goto(`${servers.pages.url}/pages/index.html`);
}

/** Open the test page (nothing mounted) and return what `probe` finds there. */
async function probeTestPage<R>(driver: EngineDriver, servers: Servers, probe: () => Promise<R>) {
  await openTestPage(driver, servers);
  return driver.evaluate(probe);
}

/** Open the test page and mount an element with these attributes. */
async function openPage(driver: EngineDriver, servers: Servers, attrs: Record<string, unknown>) {
  await openTestPage(driver, servers);
  await driver.evaluate(mount, attrs as Record<string, string | boolean>);
}

function waitForFinal(driver: EngineDriver, count = 1, timeout = 60_000) {
  return driver.waitFor({ timeout, what: `${count} final event(s)` }, finalEvents, count);
}

test('engine facts: IndexedDB keeps a session record, and a File where the engine allows it', async ({
  driver,
  servers,
  engine,
}) => {
  const facts = await probeTestPage(driver, servers, async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('engine-facts');
      open.onupgradeneeded = () => open.result.createObjectStore('things');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const put = (value: unknown) =>
      new Promise<string>((done, fail) => {
        const tx = db.transaction('things', 'readwrite');
        tx.objectStore('things').put(value, 'key');
        tx.oncomplete = () => done('stored');
        tx.onabort = () => fail(tx.error);
      }).catch((error: unknown) => (error as Error | null)?.name ?? String(error));
    const record = await put({ key: '["tus"]', bytesConfirmed: 5, file: { name: 'a.bin' } });
    const file = await put(new File(['abc'], 'a.bin', { lastModified: 1 }));
    db.close();
    return {
      record,
      file,
      estimate: typeof navigator.storage?.estimate === 'function',
    };
  });
  expect(facts).toEqual(STORAGE_FACTS[engine]);
});

test('engine facts: file handles, Web Locks and BroadcastChannel', async ({
  driver,
  servers,
  engine,
}) => {
  const facts = await probeTestPage(driver, servers, async () => {
    // A lock taken and given back, to know the API works and not only that it exists.
    const webLocks =
      typeof navigator.locks?.request === 'function' &&
      (await navigator.locks.request('engine-facts', async () => true));
    return {
      dropHandles:
        typeof (DataTransferItem.prototype as { getAsFileSystemHandle?: unknown })
          .getAsFileSystemHandle === 'function',
      handlePicker:
        typeof (window as { showOpenFilePicker?: unknown }).showOpenFilePicker === 'function',
      webLocks,
      broadcast: typeof BroadcastChannel === 'function',
    };
  });
  expect(facts).toEqual(FEATURE_FACTS[engine]);
});

for (const protocol of PROTOCOLS) {
  test.describe(protocol, () => {
    test('a file given 3 s after mounting is stored once, byte for byte', async ({
      driver,
      servers,
    }) => {
      const spec = fileFor('late', protocol, 3 * MiB + 1234);
      const mark = await markServers(servers);
      await openPage(driver, servers, attributesFor(protocol, servers));
      // What a person does: the element is there a while before a file is chosen.
      await new Promise((done) => setTimeout(done, 3000));
      await driver.evaluate(addFile, spec, seededBytes);

      const [last] = await waitForFinal(driver);
      expect(last.type, String(last.detail.message)).toBe('upload-success');
      await serversQuiet(servers);

      const { events } = await driver.evaluate(pageState);
      const sessions = await sessionsSince(protocol, servers, mark);
      expect(
        sessions.map((s) => s.id),
        'upload sessions created on the server',
      ).toHaveLength(1);
      expect(creationCalls(protocol, servers, mark), 'creation requests').toHaveLength(1);
      expect(events.filter((e) => e.type === 'upload-success')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'upload-added')).toHaveLength(1);
      const [session] = sessions;
      expect(session.complete).toBe(true);
      expect(await session.sha256()).toBe(sha256Of(spec));
      // Every payload byte arrived exactly once: no range was sent twice.
      expect(session.received, 'payload bytes that reached the server').toBe(spec.size);
      expect(session.overlaps).toEqual([]);
    });

    test("a reload mid-upload lists it, and it completes from the server's offset", async ({
      driver,
      servers,
      engine,
    }, testInfo) => {
      const spec = fileFor('reload', protocol, 4 * MiB + 1234);
      const mark = await markServers(servers);
      // One request in flight at a time, so a reload can cut at most one chunk.
      const attrs = attributesFor(protocol, servers, 1);
      slowChunks(protocol, servers, 150);
      await openPage(driver, servers, attrs);
      await driver.evaluate(addFile, spec, seededBytes);

      // The element has decided whether it could keep the file, and the server holds 3 chunks.
      const before = await driver.waitFor({ what: 'the keep decision' }, () => {
        const element = document.querySelector('resumable-upload') as unknown as {
          uploads: Array<{ kept?: string; unkept?: string; persistent: boolean }>;
        };
        const [upload] = element.uploads;
        return upload && (upload.kept || upload.unkept) ? upload : false;
      });
      expect(before.persistent, 'the session record is in IndexedDB').toBe(true);
      expect(before.kept).toBe(KEEPS_A_COPY[engine] ? 'copy' : undefined);
      await driver.waitFor({ what: '3 chunks confirmed' }, progressed, 3 * CHUNK);
      await driver.waitFor({ what: 'a stored session record' }, sessionRecords);
      const cut = await sessionsSince(protocol, servers, mark);
      expect(cut).toHaveLength(1);
      expect(cut[0].complete, 'the upload is still running when the page reloads').toBe(false);

      await driver.reload();
      await driver.evaluate(mount, attrs);
      const restored = await driver.waitFor({ what: 'upload-restored' }, () => {
        const events = (window as unknown as { uploadEvents?: Array<{ type: string }> })
          .uploadEvents;
        const element = document.querySelector('resumable-upload') as unknown as {
          uploads: unknown[];
        };
        return events?.some((e) => e.type === 'upload-restored') && element.uploads;
      });
      const [upload] = restored as Array<{
        name: string;
        size: number;
        status: string;
        bytesSent: number;
        kept?: string;
        unkept?: string;
      }>;
      expect(upload).toMatchObject({ name: spec.name, size: spec.size, status: 'restored' });
      expect(await driver.evaluate(statusTexts)).toEqual(['Interrupted']);
      testInfo.annotations.push({
        type: 'restored',
        description: `${engine} ${protocol}: bytesSent ${upload.bytesSent}, kept ${upload.kept}, unkept ${upload.unkept}`,
      });
      slowChunks(protocol, servers, 0);

      if (KEEPS_A_COPY[engine]) {
        expect(upload.kept, 'the kept copy is read back after the reload').toBe('copy');
        expect(await driver.evaluate(clickButton, `Resume ${spec.name}`)).toBe(true);
      } else {
        // Nothing kept: the user chooses the same file again.
        expect(upload.kept).toBeUndefined();
        await driver.evaluate(addFile, spec, seededBytes);
      }
      const [last] = await waitForFinal(driver);
      expect(last.type, String(last.detail.message)).toBe('upload-success');
      await serversQuiet(servers);

      const { events } = await driver.evaluate(pageState);
      expect(events.filter((e) => e.type === 'upload-success')).toHaveLength(1);
      const sessions = await sessionsSince(protocol, servers, mark);
      expect(sessions, 'the resume continued the one session').toHaveLength(1);
      expect(creationCalls(protocol, servers, mark), 'creation requests').toHaveLength(1);
      const [session] = sessions;
      expect(session.complete).toBe(true);
      expect(await session.sha256()).toBe(sha256Of(spec));
      testInfo.annotations.push({
        type: 'received',
        description: `${engine} ${protocol}: ${session.received} payload bytes for ${spec.size}`,
      });
      // The resume asked the server what it holds: at most the one chunk the reload cut
      // short is sent again (it may have arrived in part, or whole but unconfirmed).
      expect(session.received, 'payload bytes that reached the server').toBeLessThanOrEqual(
        spec.size + CHUNK,
      );
      expect(await driver.evaluate(sessionRecords)).toEqual([]);
    });
  });
}

for (const protocol of ['multipart', 'tus'] as const) {
  test(`${protocol}, checksum="sha256": the worker loads checksum.js, and upload-success's SHA-256 is the stored file's`, async ({
    driver,
    servers,
  }) => {
    const spec = fileFor('checksum', protocol, 2 * MiB + 77);
    const mark = await markServers(servers);
    await openPage(driver, servers, { ...attributesFor(protocol, servers), checksum: 'sha256' });
    await driver.evaluate(addFile, spec, seededBytes);
    const [last] = await waitForFinal(driver);
    expect(last.type, String(last.detail.message)).toBe('upload-success');
    await serversQuiet(servers);
    const [session] = await sessionsSince(protocol, servers, mark);
    expect(await session.sha256()).toBe(sha256Of(spec));
    expect(last.detail.sha256).toBe(sha256Of(spec));
  });
}

test('strict CSP with Trusted Types required: the element and its worker upload byte for byte', async ({
  driver,
  servers,
  engine,
}, testInfo) => {
  const { api } = servers;
  const spec = fileFor('csp', 'content-range', 1 * MiB + 7);
  const mark = await markServers(servers);
  await driver.goto(`${api.url}/pages/csp.html`);
  await driver.evaluate(async () => {
    await customElements.whenDefined('resumable-upload');
    await (document.querySelector('resumable-upload') as unknown as { restored: Promise<unknown> })
      .restored;
  });
  await driver.evaluate(addFile, spec, seededBytes);
  const [last] = await waitForFinal(driver);
  expect(last.type, String(last.detail.message)).toBe('upload-success');
  const sessions = await sessionsSince('content-range', servers, mark);
  expect(sessions).toHaveLength(1);
  expect(await sessions[0].sha256()).toBe(sha256Of(spec));
  expect(await driver.evaluate(statusTexts)).toEqual(['Done']);
  const violations = await driver.evaluate(
    () => (window as unknown as { violations: string[] }).violations,
  );
  // No script, worker, Trusted Types sink or connection was blocked by the policy.
  expect(violations).toEqual([]);
  // Whether this engine enforces the policy's Trusted Types part (a string into a sink throws).
  const enforced = await driver.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>plain string</b>';
      return false;
    } catch {
      return true;
    }
  });
  testInfo.annotations.push({
    type: 'trusted-types',
    description: `${engine}: ${STRICT_CSP}; Trusted Types ${enforced ? 'enforced' : 'not enforced (unsupported)'}`,
  });
});

/** The one final error of the page's upload, and how long after the file was added it came. */
async function finalError(driver: EngineDriver) {
  const [last] = await waitForFinal(driver, 1, 30_000);
  const { events } = await driver.evaluate(pageState);
  const added = events.find((e) => e.type === 'upload-added')!;
  return { last, afterMs: last.at - added.at };
}

test('a server that answers without CORS: the upload ends blocked within seconds, naming it', async ({
  driver,
  servers,
}) => {
  const closed = await startSecondOrigin(servers.api.url);
  try {
    closed.cors = false;
    await openPage(driver, servers, {
      protocol: 'content-range',
      endpoint: `${closed.url}/content-range`,
      'auto-start': true,
    });
    await driver.evaluate(addFile, fileFor('no-cors', 'content-range', 1000), seededBytes);
    const { last, afterMs } = await finalError(driver);
    expect(last.type).toBe('upload-error');
    expect(last.detail).toMatchObject({ code: 'blocked', willRetry: false });
    const message = String(last.detail.message);
    expect(message).toContain(`${closed.url} never answered`);
    expect(message).toContain('the methods PUT, DELETE, POST and the headers Content-Range');
    expect(message).toContain('expose Range, Location');
    expect(afterMs, 'from the file added to the final error').toBeLessThan(6000);
  } finally {
    await closed.close();
  }
});

test('a storage that hides ETag from CORS: the upload ends blocked at once, naming it', async ({
  driver,
  servers,
}) => {
  const { api } = servers;
  await openPage(driver, servers, {
    protocol: 'multipart',
    endpoint: `${api.url}/multipart/uploads/multipart?partSize=${CHUNK}&exposeEtag=0`,
    'auto-start': true,
  });
  await driver.evaluate(addFile, fileFor('hidden-etag', 'multipart', 2 * CHUNK), seededBytes);
  const { last, afterMs } = await finalError(driver);
  expect(last.detail).toMatchObject({ code: 'blocked', willRetry: false });
  const message = String(last.detail.message);
  expect(message).toContain(`was sent to ${api.url} but its ETag header could not be read`);
  expect(message).toContain('Access-Control-Expose-Headers: ETag');
  expect(afterMs).toBeLessThan(6000);
});

/**
 * `background` where Background Fetch cannot take the upload: Firefox and WebKit have
 * none, and this page registers no service worker (so Chromium cannot either). The
 * element says so once, and the upload is the page's, exactly as without the attribute.
 */
const BACKGROUND_REASON = {
  chromium: 'no-service-worker',
  firefox: 'unsupported',
  webkit: 'unsupported',
} as const;

test('background: unavailable is said once, and the page uploads as before', async ({
  driver,
  servers,
  engine,
}) => {
  const spec = fileFor('background', 'content-range', 3 * MiB + 1234);
  const mark = await markServers(servers);
  slowChunks('content-range', servers, 100);
  await openPage(driver, servers, {
    ...attributesFor('content-range', servers, 1),
    background: true,
  });
  await driver.evaluate(addFile, spec, seededBytes);
  await driver.waitFor({ what: '2 chunks confirmed' }, progressed, 2 * CHUNK);
  // Its row offers no "Continue in background": the hand-off cannot work here.
  const offered = await driver.evaluate(() =>
    [...document.querySelector('resumable-upload')!.shadowRoot!.querySelectorAll('button')].map(
      (b) => b.textContent?.trim(),
    ),
  );
  expect(offered).toContain('Pause');
  expect(offered).not.toContain('Continue in background');
  // The user asks for the background, twice: nothing changes but one notice.
  await driver.evaluate(async () => {
    const element = document.querySelector('resumable-upload') as unknown as {
      continueInBackground(): Promise<void>;
    };
    await element.continueInBackground();
    await element.continueInBackground();
  });
  slowChunks('content-range', servers, 0);
  const [last] = await waitForFinal(driver);
  expect(last.type, String(last.detail.message)).toBe('upload-success');
  await serversQuiet(servers);

  const { events } = await driver.evaluate(pageState);
  const unavailable = events.filter((e) => e.type === 'background-unavailable');
  expect(unavailable.map((e) => e.detail.reason)).toEqual([BACKGROUND_REASON[engine]]);
  expect(events.filter((e) => e.type === 'upload-background')).toEqual([]);
  const sessions = await sessionsSince('content-range', servers, mark);
  expect(sessions).toHaveLength(1);
  expect(await sessions[0].sha256()).toBe(sha256Of(spec));
  expect(sessions[0].received).toBe(spec.size);
});

test('background="immediately": unavailable is said once, and the page uploads as before', async ({
  driver,
  servers,
  engine,
}) => {
  const spec = fileFor('background-immediately', 'content-range', 3 * MiB + 4321);
  const mark = await markServers(servers);
  await openPage(driver, servers, {
    ...attributesFor('content-range', servers, 1),
    background: 'immediately',
  });
  await driver.evaluate(addFile, spec, seededBytes);
  const [last] = await waitForFinal(driver);
  expect(last.type, String(last.detail.message)).toBe('upload-success');
  await serversQuiet(servers);

  const { events } = await driver.evaluate(pageState);
  const unavailable = events.filter((e) => e.type === 'background-unavailable');
  expect(unavailable.map((e) => e.detail.reason)).toEqual([BACKGROUND_REASON[engine]]);
  expect(events.filter((e) => e.type === 'upload-background')).toEqual([]);
  const sessions = await sessionsSince('content-range', servers, mark);
  expect(sessions).toHaveLength(1);
  expect(await sessions[0].sha256()).toBe(sha256Of(spec));
  expect(sessions[0].received).toBe(spec.size);
});
