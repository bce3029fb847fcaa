import type { Page } from '@playwright/test';
import { finalEvents, sessionRecords } from '../soak/page-checks.js';
import { events, expect, fileInput, randomFile, test } from './fixtures.js';

/**
 * Success is verified, never assumed: a content-range server that says "finished" while
 * it lacks bytes (the reference server's `lie` fault) ends the upload with `incomplete`,
 * never `upload-success`, and the session stays stored so nothing confirmed is lost.
 */

const MiB = 1024 * 1024;
const SIZE = 24 * MiB;

/** The upload's one final event is an `incomplete` error; its detail. */
async function endsIncomplete(page: Page) {
  const [final] = await finalEvents(page);
  expect(final.type).toBe('upload-error');
  expect(final.detail.code).toBe('incomplete');
  expect(await events(page, 'upload-success')).toEqual([]);
  await expect(page.locator('resumable-upload [part=status]')).toHaveText('Failed');
  await expect(page.locator('resumable-upload [part=message]')).toHaveText(
    String(final.detail.message),
  );
  // The session is kept: a retry asks the server again.
  const records = await sessionRecords(page);
  expect(records.map((r) => (r.file as { size: number }).size)).toEqual([SIZE]);
  return final.detail;
}

test.describe('content-range: a server that claims a finish it has not made', () => {
  test('a status query answered 200 {"size":"0"} ends in incomplete, never upload-success', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(SIZE, 'lie-status');
    // The second chunk gets a 503; the status query asked before resending lies.
    api.faults.arm({
      kind: 'status',
      protocol: 'content-range',
      phase: 'chunk',
      nth: 2,
      status: 503,
      retryAfter: 0,
    });
    api.faults.arm({ kind: 'lie', protocol: 'content-range', phase: 'status', size: 0 });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range?style=gcs`,
      'chunk-size': String(8 * MiB),
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const detail = await endsIncomplete(page);
    expect(detail.message).toBe(
      `The server says the upload is finished but holds 0 of ${SIZE} bytes.`,
    );
  });

  test('a 200 to a mid-file chunk ends in incomplete, and progress never passes what the server holds', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(SIZE, 'lie-chunk');
    // The first chunk is answered 308; the second 200, stored nowhere, and so is all after it.
    api.faults.arm({ kind: 'lie', protocol: 'content-range', phase: 'chunk', nth: 2 });
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'chunk-size': String(4 * MiB),
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const detail = await endsIncomplete(page);
    expect(detail.message).toBe(
      `The server says the upload is finished, but only the first ${8 * MiB} of ${SIZE} bytes were sent to it.`,
    );
    const progress = (await events(page, 'upload-progress')).map((e) => e.detail.bytesConfirmed);
    expect(Math.max(...progress.map(Number))).toBe(4 * MiB);
    const stored = api.storage.list().filter((f) => f.protocol === 'content-range');
    expect(stored.at(-1)?.ranges).toEqual([[0, 4 * MiB]]);
    expect((await sessionRecords(page))[0].bytesConfirmed).toBe(4 * MiB);
  });
});
