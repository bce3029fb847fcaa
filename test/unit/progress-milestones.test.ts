import { expect } from '@open-wc/testing';
import {
  PROGRESS_LINE_EVERY_MS,
  PROGRESS_LINE_GAP_MS,
  ProgressMilestones,
} from '../../src/element/progress-milestones.js';

/** What the live region says of progress, on a scripted clock (ms). */
describe('progress milestones', () => {
  it('says each quarter once, but never two progress lines within the gap', () => {
    const m = new ProgressMilestones();
    m.started('a', 0);
    expect(m.reached('a', 0.1, 100)).to.equal(undefined);
    expect(m.reached('a', 0.3, 200)).to.equal(0.25);
    expect(m.reached('a', 0.3, 300)).to.equal(undefined);
    // A fast upload crosses the next quarters within the gap: nothing more is said.
    expect(m.reached('a', 0.8, 400)).to.equal(undefined);
    // After the gap, the quarter reached by then.
    expect(m.reached('a', 0.8, 200 + PROGRESS_LINE_GAP_MS)).to.equal(0.75);
    expect(m.reached('a', 1, 300 + 2 * PROGRESS_LINE_GAP_MS)).to.equal(undefined);
  });

  it('on a slow link, says the percent when a quarter is far off, without chattering', () => {
    const m = new ProgressMilestones();
    m.started('a', 0);
    // 1% a minute: reports every 200 ms for 10 minutes.
    const said: Array<[number, number]> = [];
    for (let at = 200; at <= 10 * 60_000; at += 200) {
      const fraction = at / 60_000 / 100;
      const line = m.reached('a', fraction, at);
      if (line !== undefined) said.push([at, line]);
    }
    expect(said.length).to.be.at.least(10);
    expect(said[0][0]).to.be.at.most(PROGRESS_LINE_EVERY_MS + 60_000);
    for (let i = 1; i < said.length; i++) {
      expect(said[i][0] - said[i - 1][0]).to.be.at.least(PROGRESS_LINE_EVERY_MS);
      expect(said[i][1]).to.be.above(said[i - 1][1]);
    }
  });

  it('keeps uploads apart', () => {
    const m = new ProgressMilestones();
    m.started('a', 0);
    m.started('b', 0);
    expect(m.reached('a', 0.5, 10)).to.equal(0.5);
    expect(m.reached('b', 0.5, 20)).to.equal(0.5);
  });
});
