import type { Page } from '@playwright/test';
import { startTusServer, type RunningTusServer } from '../../server/tus.js';
import {
  runCell,
  startSoakEnv,
  type FaultName,
  type Protocol,
  type SoakEnv,
} from '../soak/matrix.js';
import { finalEvents, pageEvents, sessionRecords } from '../soak/page-checks.js';
import {
  expect,
  fileInput,
  mountOn,
  randomFile,
  sha256File,
  test,
  waitForEvent,
  waitForProgress,
} from './fixtures.js';

/**
 * A fixed slice of the fault matrix (`npm run soak` runs all of it, N times):
 * one run per cell, picked so every protocol and every kind of fault appears.
 * Each run must end done, byte-identical by SHA-256, with no byte range the
 * server had confirmed received again, and no IndexedDB record left.
 * Then expiry: a stored session past its expiry is not resumed blindly.
 */
const SLICE: Array<[Protocol, FaultName]> = [
  ['content-range', 'no-range'],
  ['content-range', 'reload'],
  ['tus', 'cut'],
  ['tus', 'expired'],
  ['segments', 'revoked'],
  ['multipart', 'urls-expired'],
  ['multipart', 'http-503'],
  ['chunked-session', 'offline'],
  ['chunked-session', 'close-tab'],
];

test.describe('fault matrix slice', () => {
  let env: SoakEnv;
  test.beforeAll(async ({ browser }) => {
    env = await startSoakEnv(browser);
  });
  test.afterAll(async () => {
    await env?.close();
  });

  for (const [protocol, fault] of SLICE) {
    test(`${protocol} survives: ${fault}`, async () => {
      const result = await runCell(env, protocol, fault);
      expect(result.reason ?? 'passed').toBe('passed');
    });
  }
});

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Reload mid-upload, let the stored session's expiry pass while the upload is
 * listed as interrupted, then pick the file again: the element must not send a
 * byte to the dead session. It drops it, says so (session-gone, willRetry) and
 * uploads the whole file into a new session, once.
 */
async function resumeAfterExpiry(
  page: Page,
  attrs: Record<string, string | boolean>,
  path: string,
) {
  await mountOn(page, attrs);
  await page.setInputFiles(fileInput, path);
  await waitForProgress(page, 256 * KiB);
  await page.reload();
  await mountOn(page, attrs);
  const restored = await waitForEvent(page, 'upload-restored');
  expect(Number(restored.detail.bytesSent)).toBeGreaterThan(0);
  const [record] = await sessionRecords(page);
  const expiresAt = Number(record.expiresAt);
  const handle = record.handle as { location?: string; url?: string };
  const deadSession = handle.location ?? handle.url;
  expect(deadSession).toBeTruthy();
  // Wait out the expiry (the record says when) before resuming.
  await page.waitForTimeout(Math.max(0, expiresAt - Date.now()) + 300);
  const sent: string[] = [];
  page.on('request', (r) => sent.push(r.url()));
  await page.setInputFiles(fileInput, path);
  const [last] = await finalEvents(page);
  expect(last.type).toBe('upload-success');
  const told = (await pageEvents(page, 'upload-error')).filter((e) => e.detail.willRetry);
  expect(told.map((e) => e.detail.code)).toEqual(['session-gone']);
  expect(String(told[0].detail.message)).toMatch(/expired.*new session/);
  // Not one request to the expired session: the stored expiry was checked first.
  expect(sent.filter((url) => url === deadSession)).toEqual([]);
  expect(await sessionRecords(page)).toEqual([]);
  return last.detail.result as Record<string, unknown>;
}

test.describe('expiry: a session past its expiry is not resumed blindly', () => {
  test("chunked-session: the server's own `expired` time", async ({ page, api, pages }) => {
    const file = await randomFile(3 * MiB, 'expiry-cs');
    api.faults.arm({
      kind: 'delay',
      protocol: 'chunked-session',
      phase: 'chunk',
      ms: 150,
      times: 1000,
    });
    await page.goto(`${pages.url}/index.html`);
    const result = await resumeAfterExpiry(
      page,
      {
        protocol: 'chunked-session',
        // The server ends the session 3 s after creating it, and says so in `expired`.
        endpoint: `${api.url}/api/2.0/files/7/upload/create_session?ttl=3000`,
        'chunk-size': String(256 * KiB),
        'auto-start': true,
      },
      file.path,
    );
    expect(await api.storage.sha256(String(result.id))).toBe(file.sha256);
    expect(api.storage.overlaps(String(result.id))).toEqual([]);
  });

  test('tus: the Upload-Expires the server gave', async ({ page, pages }) => {
    const file = await randomFile(3 * MiB, 'expiry-tus');
    const tus: RunningTusServer = await startTusServer({
      expirationMs: 3000,
      onIncomingRequest: async (req) => {
        if (req.method === 'PATCH') await new Promise((r) => setTimeout(r, 150));
      },
    });
    try {
      await page.goto(`${pages.url}/index.html`);
      const result = await resumeAfterExpiry(
        page,
        { protocol: 'tus', endpoint: tus.url, 'chunk-size': String(256 * KiB), 'auto-start': true },
        file.path,
      );
      const id = new URL(String(result.url)).pathname.split('/').pop()!;
      expect(await sha256File(`${tus.directory}/${id}`)).toBe(file.sha256);
    } finally {
      await tus.close();
    }
  });

  test('multipart: presigned URLs that expire mid-upload are renewed, never stored', async ({
    page,
    api,
    pages,
  }) => {
    const file = await randomFile(3 * MiB, 'expiry-mp');
    api.faults.arm({ kind: 'delay', protocol: 'multipart', phase: 'chunk', ms: 600, times: 100 });
    await page.goto(`${pages.url}/index.html`);
    await mountOn(page, {
      protocol: 'multipart',
      // Part URLs live 1 s; each part waits 0.6 s at the server, one at a time.
      endpoint: `${api.url}/multipart/uploads/multipart?partSize=${512 * KiB}&urlTtl=1`,
      concurrency: '1',
      'auto-start': true,
    });
    const renewals: string[] = [];
    page.on('request', (r) => r.url().includes('multipart-resume') && renewals.push(r.url()));
    await page.setInputFiles(fileInput, file.path);
    await waitForProgress(page, 1 * MiB);
    const records = JSON.stringify(await sessionRecords(page));
    expect(records).not.toMatch(/signature|presigned|https?:\/\/[^"]*\/part\//);
    const [last] = await finalEvents(page);
    expect(last.type).toBe('upload-success');
    const info = (last.detail.result as { resultInfo: { fileId: string } }).resultInfo;
    expect(await api.storage.sha256(info.fileId)).toBe(file.sha256);
    expect(api.storage.overlaps(info.fileId)).toEqual([]);
    expect(renewals.length).toBeGreaterThan(0);
    // Renewals are quiet: an expired URL is no failure the user must hear about.
    expect(await pageEvents(page, 'upload-error')).toEqual([]);
  });
});
