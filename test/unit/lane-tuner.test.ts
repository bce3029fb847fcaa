import { expect } from '@open-wc/testing';
import { LaneTuner, MAX_LANES } from '../../src/core/lane-tuner.js';
import { MiB } from '../../src/core/adapter.js';

/**
 * Drive a tuner over a modelled link in scripted time: parts of 8 MiB are confirmed
 * one after another at the throughput `rateOf(lanes)` (bytes per ms) of the lanes it
 * wants at that moment. Returns the lanes wanted after each part.
 */
function drive(
  tuner: LaneTuner,
  clock: { time: number },
  rateOf: (lanes: number) => number,
  parts: number,
  partMs = 1000,
): number[] {
  const wanted: number[] = [];
  for (let i = 0; i < parts; i++) {
    clock.time += (8 * MiB) / rateOf(tuner.wanted);
    tuner.confirmed(8 * MiB, partMs);
    wanted.push(tuner.wanted);
  }
  return wanted;
}

const perLane = (8 * MiB) / 1000;

describe('LaneTuner', () => {
  it('adds lanes while throughput grows, and takes back the one that brought nothing', () => {
    const clock = { time: 0 };
    const tuner = new LaneTuner({ initial: 4, now: () => clock.time });
    // Each lane adds a part per second up to 10 lanes; beyond, the link is full.
    const wanted = drive(tuner, clock, (lanes) => Math.min(lanes, 10) * perLane, 120);
    expect(wanted[0]).to.equal(4);
    expect(Math.max(...wanted)).to.equal(11);
    expect(wanted.at(-1)).to.equal(10);
    // Settled: it never moves again.
    expect(drive(tuner, clock, () => perLane, 40).every((n) => n === 10)).to.equal(true);
  });

  it('stops at 16 lanes, or at the protocol’s own maximum', () => {
    const clock = { time: 0 };
    const tuner = new LaneTuner({ initial: 4, now: () => clock.time });
    expect(drive(tuner, clock, (lanes) => lanes * perLane, 400).at(-1)).to.equal(MAX_LANES);
    const segments = new LaneTuner({ initial: 3, max: 8, now: () => clock.time });
    expect(drive(segments, clock, (lanes) => lanes * perLane, 400).at(-1)).to.equal(8);
  });

  it('holds the default when one more lane brings no throughput', () => {
    const clock = { time: 0 };
    const tuner = new LaneTuner({ initial: 4, now: () => clock.time });
    const wanted = drive(tuner, clock, () => 4 * perLane, 60);
    expect(Math.max(...wanted)).to.equal(5);
    expect(wanted.at(-1)).to.equal(4);
  });

  it('adds two lanes a step while parts are short beside the round trip', () => {
    const clock = { time: 0 };
    const tuner = new LaneTuner({ initial: 4, now: () => clock.time, roundTripMs: 250 });
    // A part takes 600 ms, under 4 round trips: a lane is idle much of its time.
    const wanted = drive(tuner, clock, (lanes) => Math.min(lanes, 8.5) * perLane, 80, 600);
    expect([...new Set(wanted)].slice(0, 4)).to.deep.equal([4, 6, 8, 10]);
    expect(wanted.at(-1)).to.equal(8);
  });

  it('never changes a pinned concurrency', () => {
    const clock = { time: 0 };
    const tuner = new LaneTuner({ initial: 2, pinned: true, now: () => clock.time });
    expect(drive(tuner, clock, (lanes) => lanes * perLane, 50).every((n) => n === 2)).to.equal(
      true,
    );
  });
});
