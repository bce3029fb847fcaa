import { events, expect, fileInput, randomFile, test, waitForEvent } from './fixtures.js';

/**
 * Progress of the bytes on the wire, in Chromium against the reference server reading
 * bodies slowly (the `slow` fault: a slow uplink): the bar moves between the server's
 * confirmations, never behind them, never past the file.
 */
const MiB = 1024 * 1024;

test('content-range on a slow link: bytesSent moves between confirmations', async ({
  page,
  api,
  openUploader,
}, testInfo) => {
  // Chunks well beyond what socket buffers swallow at once on loopback (4 MiB and more).
  const rate = 4 * MiB;
  const chunk = 16 * MiB;
  const file = await randomFile(2 * chunk);
  api.faults.arm({ kind: 'slow', protocol: 'content-range', bytesPerSecond: rate, times: 1e9 });
  await openUploader({
    protocol: 'content-range',
    endpoint: `${api.url}/content-range`,
    'chunk-size': String(chunk),
    'auto-start': true,
  });
  await page.setInputFiles(fileInput, file.path);
  const success = await waitForEvent(page, 'upload-success');
  const id = (success.detail.result as { id: string }).id;
  expect(await api.storage.sha256(id)).toBe(file.sha256);

  const progress = (await events(page, 'upload-progress')).map((e) => ({
    at: (e as unknown as { at: number }).at,
    sent: Number(e.detail.bytesSent),
    confirmed: Number(e.detail.bytesConfirmed),
    speed: Number(e.detail.bytesPerSecond),
  }));
  for (const { sent, confirmed } of progress) {
    expect(sent).toBeGreaterThanOrEqual(confirmed);
    expect(sent).toBeLessThanOrEqual(file.size);
  }
  // Within each chunk, several reports of bytes on the wire before its confirmation
  // (before: one report per chunk).
  for (const confirmed of [0, chunk]) {
    const moving = progress.filter((p) => p.confirmed === confirmed && p.sent > confirmed);
    expect(
      new Set(moving.map((p) => p.sent)).size,
      `reports within chunk at ${confirmed}`,
    ).toBeGreaterThanOrEqual(3);
  }
  expect(progress.at(-1)).toMatchObject({ sent: file.size, confirmed: file.size });
  // Once the server has confirmed bytes the speed shown is bytes that arrived, which the
  // server read no faster than the link (10% for the page hearing of it late).
  const confirmedOnce = progress.findIndex((p) => p.confirmed > 0);
  for (const { speed } of progress.slice(confirmedOnce))
    expect(speed).toBeLessThanOrEqual(1.1 * rate);
  // For the record (timings are the bench's): the longest gap and the highest speed shown.
  const gaps = progress.slice(1).map((p, i) => p.at - progress[i].at);
  testInfo.annotations.push({
    type: 'wire progress',
    description: `${progress.length} reports, longest gap ${Math.max(...gaps).toFixed(0)} ms, top speed ${(Math.max(...progress.map((p) => p.speed)) / rate).toFixed(2)}x the link`,
  });
});
