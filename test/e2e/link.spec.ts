import { expect, fileInput, randomFile, test, waitForEvent } from './fixtures.js';

/**
 * The reference server behind an emulated 250 ms link (server/link.ts): what the
 * loops do about long round trips, seen in what the server stored. Sizes, never
 * times, are checked.
 */
const MiB = 1024 * 1024;

test.use({ apiOptions: { link: { rttMs: 250, bitsPerSecond: 400e6 } } });

test.describe('over a 250 ms link', () => {
  test('content-range sends the whole file in one request, which the server keeps', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(24 * MiB);
    await openUploader({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const id = (success.detail.result as { id: string }).id;
    expect(await api.storage.sha256(id)).toBe(file.sha256);
    expect(api.storage.get(id)!.ranges).toEqual([[0, 24 * MiB]]);
    const puts = api.requests.filter((r) => r.protocol === 'content-range' && r.method === 'PUT');
    expect(puts).toHaveLength(1);
  });

  test('chunked-session grows its chunks past 10 MiB on the 512-byte quantum', async ({
    page,
    api,
    openUploader,
  }) => {
    const file = await randomFile(48 * MiB);
    await openUploader({
      protocol: 'chunked-session',
      endpoint: `${api.url}/api/2.0/files/1841/upload/create_session`,
      'auto-start': true,
    });
    await page.setInputFiles(fileInput, file.path);
    const success = await waitForEvent(page, 'upload-success');
    const id = (success.detail.result as { id: string }).id;
    expect(await api.storage.sha256(id)).toBe(file.sha256);
    const ranges = api.storage.get(id)!.ranges as Array<[number, number]>;
    expect(ranges[0]).toEqual([0, 10 * MiB]);
    // 10 MiB crosses a 250 ms link in far less than the 16 round trips a chunk should take.
    expect(ranges[1][1] - ranges[1][0]).toBeGreaterThan(10 * MiB);
    expect(ranges.slice(0, -1).every(([a, b]) => (b - a) % 512 === 0)).toBe(true);
    expect(ranges.length).toBeLessThanOrEqual(3);
  });
});
