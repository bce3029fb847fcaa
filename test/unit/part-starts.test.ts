import { expect } from '@open-wc/testing';
import { LinkMeter } from '../../src/core/link-meter.js';
import { PartStarts, SPACING_SHARE } from '../../src/core/part-starts.js';
import { multipart } from '../../src/protocols/multipart/index.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * Parts started apart finish apart (part-starts.ts): once the link's rate is known, the
 * parallel loop spaces multipart's part starts, so the lanes an answer frees together do
 * not start (and finish) together again. Scripted clock throughout.
 */
const PART = 1024;

describe('PartStarts', () => {
  it('starts every part at once while the rate is unknown', () => {
    const clock = { time: 0 };
    const starts = new PartStarts(() => clock.time, 8 * PART);
    expect([starts.book(), starts.book(), starts.book(), starts.book()]).to.deep.equal([
      0, 0, 0, 0,
    ]);
    expect(starts.spacingMs).to.equal(0);
  });

  it('spaces starts by a share of one part’s time at the measured rate, one slot each', () => {
    const clock = { time: 0 };
    const starts = new PartStarts(() => clock.time, 8 * PART);
    for (let i = 0; i < 4; i++) starts.book();
    // Four parts (32 KiB) confirmed 2048 ms after the first started: 16 bytes a ms.
    clock.time = 2048;
    for (let i = 0; i < 4; i++) starts.confirmed(8 * PART);
    expect(starts.bytesPerMs).to.equal(16);
    const spacing = ((8 * PART) / 16) * SPACING_SHARE;
    expect(starts.spacingMs).to.equal(spacing);
    // The four lanes freed together: the first goes now, the others one spacing apart.
    const slots = [starts.book(), starts.book(), starts.book(), starts.book()];
    slots.forEach((slot, i) => expect(slot).to.be.closeTo(i * spacing, 1e-6));
  });

  it('never books a slot in the past: after a quiet spell the next part goes at once', () => {
    const clock = { time: 0 };
    const starts = new PartStarts(() => clock.time, 8 * PART);
    starts.book();
    clock.time = 1000;
    starts.confirmed(8 * PART);
    expect(starts.book()).to.equal(0);
    clock.time += 10 * starts.spacingMs;
    expect(starts.book()).to.equal(0);
    expect(starts.book()).to.be.closeTo(starts.spacingMs, 1e-6);
  });

  it('the first part’s preflight and answer (the link’s small-request time) are not link time', () => {
    const clock = { time: 0 };
    const starts = new PartStarts(
      () => clock.time,
      8 * PART,
      () => 400,
    );
    starts.book();
    // 32 KiB confirmed 2448 ms after the start, 400 of them a preflight and an answer.
    clock.time = 2448;
    starts.confirmed(32 * PART);
    expect(starts.bytesPerMs).to.equal(16);
  });

  it('a slow spell never lengthens the spacing: the rate kept is the highest measured', () => {
    const clock = { time: 0 };
    const starts = new PartStarts(() => clock.time, 8 * PART);
    starts.book();
    clock.time = 1000;
    starts.confirmed(16 * PART);
    const spacing = starts.spacingMs;
    // Nothing confirmed for 9 s (a busy machine): the average since the start falls tenfold.
    clock.time = 10_000;
    starts.confirmed(8 * PART);
    expect(starts.spacingMs).to.equal(spacing);
    // A faster spell shortens it.
    clock.time = 10_100;
    starts.confirmed(1000 * PART);
    expect(starts.spacingMs).to.be.below(spacing);
  });

  it('a confirmation at the first start’s instant says nothing of the rate', () => {
    const starts = new PartStarts(() => 5, PART);
    starts.book();
    starts.confirmed(PART);
    expect(starts.bytesPerMs).to.equal(undefined);
    expect(starts.book()).to.equal(0);
  });
});

describe('multipart: part starts spaced once the rate is known', () => {
  const ENDPOINT = 'https://api.example.test/uploads/multipart';
  const partUrl = (n: number) => `https://bucket.example.test/k/${n}?sig=1`;
  const partNumber = (r: RecordedRequest) => Number(new URL(r.url).pathname.split('/').pop());

  it('the lanes the first answers free together start one spacing apart, and every part is completed', async () => {
    const clock = { time: 0 };
    /** Real time (ms) each part's request was made. */
    const sentAt = new Map<number, number>();
    /** Real time the first of the first wave's answers was given: no later part starts before. */
    let firstAnswerAt: number | undefined;
    const part = (r: RecordedRequest) => {
      const n = partNumber(r);
      sentAt.set(n, performance.now());
      // The first wave's four parts are confirmed together, 1 s of scripted time in.
      if (n <= 4) {
        clock.time = 1000;
        firstAnswerAt ??= performance.now();
      }
      return { status: 200, headers: { ETag: `"etag-${n}"` } };
    };
    const t = new ScriptedTransport([
      {
        status: 200,
        body: {
          success: true,
          result: {
            requestKey: 'spaced',
            partSize: PART,
            presignedUrls: Array.from({ length: 8 }, (_, i) => ({
              partNumber: i + 1,
              presignedUrl: partUrl(i + 1),
            })),
          },
        },
      },
      ...Array.from({ length: 8 }, () => part),
      { status: 200, body: { success: true, result: true } },
    ]);
    const run = await runScripted(multipart, t, patternFile(PART * 8), {
      endpoint: ENDPOINT,
      concurrency: 4,
      link: new LinkMeter(() => clock.time),
    });
    // 4 KiB in 1000 scripted ms: a part takes 250 ms on the link, starts go 125 ms apart.
    const spacing = (PART / ((4 * PART) / 1000)) * SPACING_SHARE;
    const later = [5, 6, 7, 8].map((n) => sentAt.get(n)! - firstAnswerAt!).sort((a, b) => a - b);
    // The lanes freed by those answers booked slots one spacing apart, the first at once:
    // the i-th starts at least i spacings after the answers. A busy machine only delays a
    // start (so two starts may come closer than a spacing), never brings one forward; 2 ms
    // for whole-ms timers and a coarsened clock.
    later.forEach((at, i) => expect(at).to.be.at.least(i * spacing - 2));
    const complete = JSON.parse(t.requests.at(-1)!.body as string) as {
      parts: Array<{ partNumber: number }>;
    };
    expect(complete.parts.map((p) => p.partNumber)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(run.progress.at(-1)).to.equal(PART * 8);
  });
});
