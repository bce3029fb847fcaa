import type { BrowserContext, Page, Request } from '@playwright/test';
import type { ReferenceServer } from '../../server/reference-server.js';
import {
  events,
  expect,
  fileInput,
  mountOn,
  randomFile,
  test,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

const MiB = 1024 * 1024;
const CHUNK = 10 * MiB;
const COOKIE = { name: 'asc_auth_key', value: '864FE52C-1C1C-469F-9308-51DAFEFE7436' };

/**
 * ONLYOFFICE DocSpace chunked sessions against the reference server, which
 * here demands the `asc_auth_key` cookie on every call, as DocSpace does.
 * The page is on another origin (another port of 127.0.0.1: same site), so
 * the cookie only goes with `with-credentials`.
 */
test.use({ apiOptions: { authCookie: `${COOKIE.name}=${COOKIE.value}` } });

function endpoint(api: ReferenceServer, query = ''): string {
  return `${api.url}/api/2.0/files/1841/upload/create_session${query}`;
}

async function addCookie(context: BrowserContext, api: ReferenceServer) {
  await context.addCookies([{ ...COOKIE, url: api.url }]);
}

/** Requests the page made to the upload server, as "METHOD kind". */
function recordApiCalls(page: Page, api: ReferenceServer): string[] {
  const calls: string[] = [];
  page.on('request', (request: Request) => {
    if (!request.url().startsWith(api.url) || request.method() === 'OPTIONS') return;
    const path = new URL(request.url()).pathname;
    calls.push(`${request.method()} ${path.endsWith('/create_session') ? 'create' : 'location'}`);
  });
  return calls;
}

/** What the reference server stored for the file the 201 described. */
async function stored(api: ReferenceServer, result: unknown) {
  const id = (result as { id: string }).id;
  return {
    sha256: await api.storage.sha256(id),
    overlaps: api.storage.overlaps(id),
    ranges: api.storage.get(id)!.ranges,
  };
}

const boundaries = (size: number) =>
  Array.from({ length: Math.ceil(size / CHUNK) }, (_, i): [number, number] => [
    i * CHUNK,
    Math.min((i + 1) * CHUNK, size),
  ]);

test.describe('chunked-session (ONLYOFFICE DocSpace) end to end', () => {
  test('a 40 MiB file arrives intact in multipart chunks grown from 10 MiB, with the cookie', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(40 * MiB);
    await addCookie(context, api);
    const calls = recordApiCalls(page, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'with-credentials': true,
      'auto-start': true,
    });
    const started = Date.now();
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const seconds = (Date.now() - started) / 1000;
    test.info().annotations.push({
      type: 'throughput',
      description: `${(40 / seconds).toFixed(1)} MiB/s (40 MiB in ${seconds.toFixed(2)} s, picker to success)`,
    });
    const result = success.detail.result as Record<string, unknown>;
    expect(result).toMatchObject({ folderId: '1841', uploaded: true, size: 40 * MiB });
    const bytes = await stored(api, result);
    expect(bytes.sha256).toBe(file.sha256);
    expect(result.sha256).toBe(file.sha256);
    expect(bytes.overlaps).toEqual([]);
    // The first chunk is 10 MiB; the loop grows the next ones to the link (on loopback
    // the rest fits in one), every chunk but the last on the 512-byte quantum.
    const ranges = bytes.ranges as Array<[number, number]>;
    expect(ranges[0]).toEqual([0, CHUNK]);
    expect(ranges.at(-1)![1]).toBe(40 * MiB);
    for (const [i, [start, end]] of ranges.entries()) {
      if (i > 0) expect(start).toBe(ranges[i - 1][1]);
      if (i < ranges.length - 1) expect((end - start) % 512).toBe(0);
      if (i < ranges.length - 1) expect(end - start).toBeGreaterThanOrEqual(CHUNK);
    }
    expect(ranges.length).toBeLessThan(4);
    expect(calls).toEqual(['POST create', ...ranges.map(() => 'POST location')]);
    const progress = await events(page, 'upload-progress');
    expect(progress.at(-1)?.detail.bytesSent).toBe(40 * MiB);
    expect(await events(page, 'upload-error')).toEqual([]);
  });

  test('a connection cut mid-chunk resumes from the server’s bytes_uploaded', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(40 * MiB);
    await addCookie(context, api);
    // Cut the second chunk's connection after 3 MiB + 5 bytes of its body.
    api.faults.arm({
      kind: 'drop',
      protocol: 'chunked-session',
      phase: 'chunk',
      nth: 2,
      bytes: 3 * MiB + 5,
    });
    const calls = recordApiCalls(page, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'with-credentials': true,
      'auto-start': true,
      // A fixed chunk plan, so the cut lands in the second chunk.
      'chunk-size': String(CHUNK),
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const bytes = await stored(api, success.detail.result);
    expect(bytes.sha256).toBe(file.sha256);
    expect(bytes.overlaps).toEqual([]);
    // The cut chunk left nothing behind; it went again, whole, after the status query.
    expect(bytes.ranges).toEqual(boundaries(40 * MiB));
    expect(calls).toEqual([
      'POST create',
      'POST location',
      'POST location', // cut
      'GET location', // bytes_uploaded = 10 MiB
      'POST location',
      'POST location',
      'POST location',
    ]);
    const notices = await events(page, 'upload-error');
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((e) => e.detail.willRetry === true)).toBe(true);
    expect(notices[0].detail.code).toBe('network');
  });

  test('after a reload the upload resumes from the server’s bytes_uploaded', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(40 * MiB);
    await addCookie(context, api);
    // Slow every chunk so the reload lands mid-upload.
    api.faults.arm({
      kind: 'delay',
      protocol: 'chunked-session',
      phase: 'chunk',
      ms: 500,
      times: 1000,
    });
    const attrs = {
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'with-credentials': true,
      'auto-start': true,
      // A fixed chunk plan, so the resume point is on a chunk boundary the test knows.
      'chunk-size': String(CHUNK),
    };
    await openUploader(attrs);
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 2 * CHUNK);
    await page.reload();
    api.faults.clear();
    const calls = recordApiCalls(page, api);
    await mountOn(page, attrs);
    const restored = await waitForEvent(page, 'upload-restored');
    expect(Number(restored.detail.bytesSent)).toBeGreaterThanOrEqual(2 * CHUNK);
    await page.setInputFiles(fileInput, file.path);
    const start = await waitForEvent(page, 'upload-start');
    const resumedFrom = Number(start.detail.resumedFrom);
    expect(resumedFrom).toBeGreaterThanOrEqual(2 * CHUNK);
    expect(resumedFrom % CHUNK).toBe(0);
    const success = await waitForEvent(page, 'upload-success');
    const bytes = await stored(api, success.detail.result);
    expect(bytes.sha256).toBe(file.sha256);
    expect(bytes.overlaps).toEqual([]);
    expect(bytes.ranges).toEqual(boundaries(40 * MiB));
    // The resume asked the server first and created no new session.
    expect(calls[0]).toBe('GET location');
    expect(calls).not.toContain('POST create');
    expect(calls.filter((c) => c === 'POST location')).toHaveLength(
      (40 * MiB - resumedFrom) / CHUNK,
    );
  });

  test('a server without the status query (405) gets a new session, not a chunk twice', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(24 * MiB);
    await addCookie(context, api);
    api.faults.arm({
      kind: 'drop',
      protocol: 'chunked-session',
      phase: 'chunk',
      nth: 2,
      bytes: 1 * MiB,
    });
    const calls = recordApiCalls(page, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api, '?status-query=405'),
      'with-credentials': true,
      'auto-start': true,
      'chunk-size': String(CHUNK),
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const bytes = await stored(api, success.detail.result);
    expect(bytes.sha256).toBe(file.sha256);
    expect(bytes.ranges).toEqual(boundaries(24 * MiB));
    expect(calls.slice(0, 5)).toEqual([
      'POST create',
      'POST location',
      'POST location',
      'GET location',
      'POST create',
    ]);
    const notices = await events(page, 'upload-error');
    const gone = notices.filter((e) => e.detail.code === 'session-gone');
    expect(gone).toHaveLength(1);
    expect(gone[0].detail.willRetry).toBe(true);
    expect(String(gone[0].detail.message)).toContain('cannot say how much of the upload it holds');
    expect(String(gone[0].detail.message)).toMatch(/new session/);
  });

  test('an expired session (DocSpace’s own answer) is replaced once, and the user is told', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(24 * MiB);
    await addCookie(context, api);
    api.faults.arm({ kind: 'expire', protocol: 'chunked-session', phase: 'any', nth: 2 });
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api, '?expired=vendor&wrap=response'),
      'with-credentials': true,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    expect((await stored(api, success.detail.result)).sha256).toBe(file.sha256);
    const notices = await events(page, 'upload-error');
    expect(notices.map((e) => e.detail.code)).toEqual(['session-gone']);
    expect(String(notices[0].detail.message)).toContain('already expired');
  });

  test('a chunk-size that is not a multiple of 512 is refused with a clear error, before any request', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(1 * MiB, 'small');
    await addCookie(context, api);
    const calls = recordApiCalls(page, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'chunk-size': '1000000',
      'with-credentials': true,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const error = await waitForEvent(page, 'upload-error');
    expect(error.detail.code).toBe('config');
    expect(error.detail.willRetry).toBe(false);
    expect(String(error.detail.message)).toContain('multiple of 512 bytes');
    await expect(page.locator('resumable-upload [part=message]')).toContainText(
      'multiple of 512 bytes',
    );
    expect(calls).toEqual([]);
  });

  test('without the cookie the server’s 401 is a clear, final error', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(1 * MiB, 'small');
    const calls = recordApiCalls(page, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'with-credentials': true,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const error = await waitForEvent(page, 'upload-error');
    expect(error.detail).toMatchObject({ code: 'auth', status: 401, willRetry: false });
    expect(String(error.detail.message)).toContain('asc_auth_key cookie is missing or wrong');
    expect(calls).toEqual(['POST create']);
    expect(await events(page, 'upload-success')).toEqual([]);
  });

  test('with the cookie set but no with-credentials, the cookie stays home: 401', async ({
    page,
    context,
    api,
    openUploader,
  }) => {
    const file = await randomFile(1 * MiB, 'small');
    await addCookie(context, api);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: endpoint(api),
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const error = await waitForEvent(page, 'upload-error');
    expect(error.detail).toMatchObject({ code: 'auth', status: 401, willRetry: false });
  });
});
