import { expect } from '@open-wc/testing';
import { KiB } from '../../src/core/adapter.js';
import { LinkMeter } from '../../src/core/link-meter.js';
import { SENT_REPORT_MS } from '../../src/core/send-progress.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { segments } from '../../src/protocols/segments.js';
import {
  ScriptedTransport,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../helpers/scripted-transport.js';
import { patternFile, runScripted, type JobRun } from '../helpers/run-job.js';

/**
 * Bytes on the wire apart from confirmed bytes, through both loops, with the transport's
 * body progress scripted and a scripted clock: what the page hears, and how often.
 */
const CHUNK = 256 * KiB;
const SESSION = 'https://api.example.test/session/abc';
const SEGMENTS = 'https://shop.example.test/ccadmin/v1/files';

/** A clock the test moves. */
function scriptedClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const range = (end: number) => ({ status: 308, headers: { Range: `bytes=0-${end - 1}` } });

/** Every report keeps sent between confirmed and confirmed plus what is in flight. */
function expectSane(run: JobRun, inFlight: number): void {
  for (const { confirmed, sent } of run.reports) {
    expect(sent).to.be.at.least(confirmed);
    expect(sent).to.be.at.most(confirmed + inFlight);
  }
}

describe('bytes on the wire: sequential loop', () => {
  it('reports bytes moving between confirmations, and falls back to confirmed on a failure', async () => {
    const clock = scriptedClock();
    const file = patternFile(3 * CHUNK);
    const quarter = CHUNK / 4;
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { ...range(CHUNK), sent: [quarter, 2 * quarter, 3 * quarter, CHUNK] },
      // The second chunk breaks half-way: the server keeps none of it.
      { status: 0, networkError: true, sent: [2 * quarter] },
      range(CHUNK),
      { ...range(2 * CHUNK), sent: [CHUNK] },
      { status: 200, body: { id: 'done' }, sent: [CHUNK] },
    ]);
    t.onStep = () => clock.advance(SENT_REPORT_MS);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK, now: clock.now });
    expect(run.result).to.deep.equal({ id: 'done' });
    const pairs = run.reports.map(({ confirmed, sent }) => [confirmed, sent]);
    // The first chunk moves the bar four times before the server confirms it.
    expect(pairs.slice(0, 6)).to.deep.equal([
      [0, 0],
      [0, quarter],
      [0, 2 * quarter],
      [0, 3 * quarter],
      [0, CHUNK],
      [CHUNK, CHUNK],
    ]);
    // Half the second chunk goes out, the request fails: back to what the server holds.
    const broken = pairs.findIndex(([c, s]) => c === CHUNK && s === CHUNK + 2 * quarter);
    expect(broken).to.be.above(0);
    expect(pairs[broken + 1]).to.deep.equal([CHUNK, CHUNK]);
    expect(pairs.at(-1)).to.deep.equal([file.size, file.size]);
    expectSane(run, CHUNK);
  });

  it('on a 2 Mbit/s link with 300 ms round trips, a report comes at least every 500 ms, sent bytes at most every 200 ms', async () => {
    const clock = scriptedClock();
    const file = patternFile(4 * CHUNK);
    // The transport tells progress every 100 ms: 25 kB at 250 kB/s.
    const step = 25_000;
    const steps = (n: number) =>
      Array.from({ length: Math.ceil(n / step) }, (_, i) => Math.min(n, (i + 1) * step));
    const chunk = (end: number): ScriptedAnswer => ({ ...range(end), sent: steps(CHUNK) });
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      ...[1, 2, 3].map((n) => () => {
        // A round trip before the body's first bytes and after its last.
        clock.advance(300);
        return chunk(n * CHUNK);
      }),
      () => (clock.advance(300), { status: 200, body: { id: 'done' }, sent: steps(CHUNK) }),
    ]);
    t.onStep = () => clock.advance(100);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK, now: clock.now });
    expect(run.result).to.deep.equal({ id: 'done' });
    const gaps = run.reports.slice(1).map((r, i) => r.at - run.reports[i].at);
    expect(Math.max(...gaps)).to.be.at.most(500);
    // Reports of bytes moving alone (no new confirmation) keep the pace.
    run.reports.slice(1).forEach((r, i) => {
      const before = run.reports[i];
      if (r.confirmed === before.confirmed && r.sent > before.sent) {
        expect(r.at - before.at).to.be.at.least(SENT_REPORT_MS);
      }
    });
    expectSane(run, CHUNK);
  });
});

describe('bytes on the wire: the first bytes after the session', () => {
  it('are told as they leave, not a pace after the report that the session exists', async () => {
    // 300 ms, 2 Mbit/s: the creation's report ([0, 0]) comes a round trip after the start,
    // and the bar must move with the first 25 kB that leave 50 ms later.
    const clock = scriptedClock();
    const file = patternFile(CHUNK);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 200, body: { id: 'done' }, sent: [25_000, 50_000, CHUNK] },
    ]);
    t.onStep = () => clock.advance(50);
    const run = await runScripted(contentRange, t, file, { chunkSize: CHUNK, now: clock.now });
    expect(run.result).to.deep.equal({ id: 'done' });
    const [created, first, ...rest] = run.reports;
    expect([created.confirmed, created.sent]).to.deep.equal([0, 0]);
    expect([first.confirmed, first.sent, first.at - created.at]).to.deep.equal([0, 25_000, 50]);
    // The next 25 kB, 50 ms later, wait for the pace; the confirmation comes at once.
    expect(rest.map(({ confirmed, sent }) => [confirmed, sent])).to.deep.equal([[CHUNK, CHUNK]]);
  });
});

describe('the round trip with the reports', () => {
  it('every report after the creation carries the round trip it took, for the time left', async () => {
    const clock = scriptedClock();
    const file = patternFile(CHUNK);
    const t = new ScriptedTransport([
      () => (clock.advance(300), { status: 200, body: { url: SESSION } }),
      { status: 200, body: { id: 'done' }, sent: [CHUNK / 2, CHUNK] },
    ]);
    t.onStep = () => clock.advance(SENT_REPORT_MS);
    const link = new LinkMeter(clock.now);
    const run = await runScripted(contentRange, t, file, {
      chunkSize: CHUNK,
      now: clock.now,
      link,
    });
    expect(run.result).to.deep.equal({ id: 'done' });
    expect(run.reports.length).to.be.above(2);
    expect(run.reports.map((r) => r.roundTripMs)).to.deep.equal(run.reports.map(() => 300));
  });
});

describe('bytes on the wire: a report held back by the pace', () => {
  it('is told at the next turn even when the transport says nothing more', async () => {
    // The whole chunk went into socket buffers right after the first report (too soon to
    // tell), and the answer is far off: the bar must not wait for it.
    const clock = scriptedClock();
    const file = patternFile(CHUNK);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 200, body: { id: 'done' }, sent: [CHUNK], hold: held },
    ]);
    const reports: JobRun['reports'] = [];
    const running = runScripted(contentRange, t, file, {
      chunkSize: CHUNK,
      now: clock.now,
      onReport: (report) => reports.push(report),
    });
    for (let i = 0; i < 100 && !reports.some((r) => r.sent === CHUNK); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(reports.map(({ confirmed, sent }) => [confirmed, sent])).to.deep.equal([
      [0, 0],
      [0, CHUNK],
    ]);
    release();
    expect((await running).result).to.deep.equal({ id: 'done' });
  });
});

describe('bytes on the wire: parallel loop', () => {
  const segmentIndex = (r: RecordedRequest) =>
    (JSON.parse(r.body as string) as { index: number }).index;

  it('adds what every part in flight has sent to the confirmed parts', async () => {
    const SEG = 1000;
    const file = patternFile(3 * SEG);
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let halfOfFirst = 0;
    const received = new Set<number>();
    const occ = (request: RecordedRequest): ScriptedAnswer => {
      if (request.method === 'PUT')
        return { status: 200, body: { token: 'T', segmentsNeeded: [0, 1, 2] } };
      const index = segmentIndex(request);
      received.add(index);
      const answer: ScriptedAnswer =
        received.size === 3
          ? { status: 200, body: { success: true, result: { id: 'file-1' } } }
          : { status: 200, body: { success: true } };
      if (index === 0) {
        // Half of segment 0's body (base64 in JSON) goes out; its answer waits.
        halfOfFirst = Math.floor(request.bodySize / 2);
        return { ...answer, sent: [halfOfFirst], hold: firstHeld };
      }
      // Segment 2 goes out once segment 1 is confirmed and reported: now let 0 finish.
      if (index === 2) releaseFirst();
      return { ...answer, sent: [request.bodySize] };
    };
    const t = new ScriptedTransport(Array.from({ length: 4 }, () => occ));
    const clock = scriptedClock();
    t.onStep = () => clock.advance(SENT_REPORT_MS);
    const run = await runScripted(segments, t, file, {
      now: clock.now,
      endpoint: SEGMENTS,
      chunkSize: SEG,
      concurrency: 2,
    });
    expect(run.result).to.deep.equal({ id: 'file-1' });
    const share = Math.round(
      (halfOfFirst /
        t.requests.find((r) => r.method === 'POST' && segmentIndex(r) === 0)!.bodySize) *
        SEG,
    );
    expect(share).to.be.within(490, 510);
    const pairs = run.reports.map(({ confirmed, sent }) => [confirmed, sent]);
    // Segment 1 confirmed while half of segment 0 is on the wire.
    expect(pairs).to.deep.include([SEG, SEG + share]);
    expect(pairs.at(-1)).to.deep.equal([file.size, file.size]);
    expectSane(run, 2 * SEG);
  });

  it('a part that fails on the wire no longer counts', async () => {
    const SEG = 1000;
    const file = patternFile(2 * SEG);
    const received = new Set<number>();
    let failed = false;
    const occ = (request: RecordedRequest): ScriptedAnswer => {
      if (request.method === 'PUT') {
        return {
          status: 200,
          body: { token: 'T', segmentsNeeded: [0, 1].filter((i) => !received.has(i)) },
        };
      }
      const index = segmentIndex(request);
      if (index === 1 && !failed) {
        failed = true;
        return { status: 0, networkError: true, sent: [Math.floor(request.bodySize / 2)] };
      }
      received.add(index);
      return received.size === 2
        ? { status: 200, body: { success: true, result: { id: 'file-1' } } }
        : { status: 200, body: { success: true }, sent: [request.bodySize] };
    };
    const t = new ScriptedTransport(Array.from({ length: 5 }, () => occ));
    const clock = scriptedClock();
    t.onStep = () => clock.advance(SENT_REPORT_MS);
    const run = await runScripted(segments, t, file, {
      now: clock.now,
      endpoint: SEGMENTS,
      chunkSize: SEG,
      concurrency: 1,
    });
    expect(run.result).to.deep.equal({ id: 'file-1' });
    const pairs = run.reports.map(({ confirmed, sent }) => [confirmed, sent]);
    const half = pairs.findIndex(([c, s]) => c === SEG && s > SEG);
    expect(half).to.be.above(0);
    expect(pairs[half + 1]).to.deep.equal([SEG, SEG]);
    expectSane(run, SEG);
  });
});
