import { expect } from '@open-wc/testing';
import {
  SHOWN_AS,
  TRANSITIONS,
  UploadEvent,
  UploadState,
  advance,
  drivenElsewhere,
  isElsewhere,
  type Moving,
} from '../../src/element/upload-state.js';
import { UploadStatus } from '../../src/element/upload-types.js';

/**
 * The life of one upload, written out again by hand: `from  on  to`, one allowed move a
 * line. The machine must allow exactly these and refuse everything else.
 */
const SPEC = `
  held               run                queued
  held               pause              paused
  held               cancel             cancelling

  queued             launch             launching
  queued             pause              paused
  queued             cancel             cancelling
  queued             remote-sending     sending-elsewhere
  queued             remote-paused      paused-elsewhere
  queued             remote-failed      failed-elsewhere
  queued             remote-done        done-elsewhere

  launching          lock-granted       sending
  launching          lock-taken         locked-elsewhere
  launching          file-changed       restored
  launching          pause              pausing
  launching          cancel             cancelling
  launching          worker-succeeded   done
  launching          worker-failed      failed
  launching          worker-lost        failed

  sending            pause              pausing
  sending            cancel             cancelling
  sending            worker-succeeded   done
  sending            worker-failed      failed
  sending            worker-lost        failed
  sending            handed-off         background

  pausing            worker-paused      paused
  pausing            cancel             cancelling
  pausing            worker-succeeded   done
  pausing            worker-failed      failed
  pausing            worker-lost        failed

  paused             run                queued
  paused             cancel             cancelling
  paused             remote-sending     sending-elsewhere
  paused             remote-paused      paused-elsewhere
  paused             remote-failed      failed-elsewhere
  paused             remote-done        done-elsewhere

  restored           run                queued
  restored           cancel             cancelling
  restored           remote-sending     sending-elsewhere
  restored           remote-paused      paused-elsewhere
  restored           remote-failed      failed-elsewhere
  restored           remote-done        done-elsewhere
  restored           remote-cancelled   removed

  failed             run                queued
  failed             cancel             cancelling
  failed             worker-cancelled   removed
  failed             remote-sending     sending-elsewhere
  failed             remote-paused      paused-elsewhere
  failed             remote-failed      failed-elsewhere
  failed             remote-done        done-elsewhere

  refused            cancel             removed
  refused            clear              removed

  done               dismiss            removed
  done               clear              removed
  done               worker-cancelled   removed

  background         background-ended   restored
  background         cancel             cancelling
  background         worker-succeeded   done
  background         worker-failed      failed
  background         worker-lost        failed
  background         ended-elsewhere    removed

  cancelling         worker-cancelled   removed
  cancelling         worker-succeeded   done
  cancelling         worker-failed      failed
  cancelling         worker-lost        failed

  locked-elsewhere   remote-sending     sending-elsewhere
  locked-elsewhere   remote-paused      paused-elsewhere
  locked-elsewhere   remote-failed      failed-elsewhere
  locked-elsewhere   remote-done        done-elsewhere
  locked-elsewhere   remote-cancelled   removed
  locked-elsewhere   cancel             removed
  locked-elsewhere   take-over          queued
  locked-elsewhere   take-over-idle     restored
  locked-elsewhere   ended-elsewhere    removed
  locked-elsewhere   worker-succeeded   done-elsewhere
  locked-elsewhere   worker-failed      failed-elsewhere
  locked-elsewhere   handed-off         background

  sending-elsewhere  remote-sending     sending-elsewhere
  sending-elsewhere  remote-paused      paused-elsewhere
  sending-elsewhere  remote-failed      failed-elsewhere
  sending-elsewhere  remote-done        done-elsewhere
  sending-elsewhere  remote-cancelled   removed
  sending-elsewhere  cancel             removed
  sending-elsewhere  take-over          queued
  sending-elsewhere  take-over-idle     restored
  sending-elsewhere  ended-elsewhere    removed
  sending-elsewhere  worker-succeeded   done-elsewhere
  sending-elsewhere  worker-failed      failed-elsewhere
  sending-elsewhere  handed-off         background

  paused-elsewhere   remote-sending     sending-elsewhere
  paused-elsewhere   remote-paused      paused-elsewhere
  paused-elsewhere   remote-failed      failed-elsewhere
  paused-elsewhere   remote-done        done-elsewhere
  paused-elsewhere   remote-cancelled   removed
  paused-elsewhere   cancel             removed
  paused-elsewhere   take-over          queued
  paused-elsewhere   take-over-paused   paused
  paused-elsewhere   take-over-idle     restored
  paused-elsewhere   ended-elsewhere    removed
  paused-elsewhere   worker-succeeded   done-elsewhere
  paused-elsewhere   worker-failed      failed-elsewhere
  paused-elsewhere   handed-off         background

  failed-elsewhere   remote-sending     sending-elsewhere
  failed-elsewhere   remote-paused      paused-elsewhere
  failed-elsewhere   remote-failed      failed-elsewhere
  failed-elsewhere   remote-done        done-elsewhere
  failed-elsewhere   remote-cancelled   removed
  failed-elsewhere   cancel             removed
  failed-elsewhere   take-over          queued
  failed-elsewhere   take-over-idle     restored
  failed-elsewhere   ended-elsewhere    removed
  failed-elsewhere   worker-succeeded   done-elsewhere
  failed-elsewhere   worker-failed      failed-elsewhere
  failed-elsewhere   handed-off         background

  done-elsewhere     remote-sending     sending-elsewhere
  done-elsewhere     remote-paused      paused-elsewhere
  done-elsewhere     remote-failed      failed-elsewhere
  done-elsewhere     remote-done        done-elsewhere
  done-elsewhere     remote-cancelled   removed
  done-elsewhere     dismiss            removed
  done-elsewhere     clear              removed
`;

const states = Object.values(UploadState);
const events = Object.values(UploadEvent);
const allowed = new Map<string, string>();
for (const line of SPEC.trim().split('\n')) {
  const words = line.trim().split(/\s+/);
  if (words.length !== 3) continue;
  const [from, on, to] = words;
  allowed.set(`${from} ${on}`, to);
}

/** The status a state shows, and whether the row says another tab drives it. */
const SHOWN: Record<string, [UploadStatus | 'kept', boolean]> = {
  held: ['queued', false],
  queued: ['queued', false],
  launching: ['uploading', false],
  sending: ['uploading', false],
  pausing: ['uploading', false],
  paused: ['paused', false],
  restored: ['restored', false],
  failed: ['error', false],
  refused: ['error', false],
  done: ['done', false],
  cancelling: ['kept', false],
  'locked-elsewhere': ['uploading', true],
  'sending-elsewhere': ['uploading', true],
  'paused-elsewhere': ['paused', true],
  'failed-elsewhere': ['error', true],
  'done-elsewhere': ['done', true],
  background: ['uploading', false],
  removed: ['kept', false],
};

/** Where uploads are born: added, refused, or listed after a reload (a Background Fetch's too). */
const BORN = ['held', 'queued', 'refused', 'restored', 'locked-elsewhere', 'background'];

/** The states reached from `start` by following the spec's moves forward, or back. */
function following(start: string[], direction: 'forward' | 'back'): Set<string> {
  const reached = new Set(start);
  for (let grew = true; grew;) {
    grew = false;
    for (const [move, to] of allowed) {
      const from = move.split(' ')[0];
      const [near, far] = direction === 'forward' ? [from, to] : [to, from];
      if (reached.has(near) && !reached.has(far)) {
        reached.add(far);
        grew = true;
      }
    }
  }
  return reached;
}

describe('an upload’s life (upload-state.ts)', () => {
  it('the spec names only real states and events', () => {
    for (const [move, to] of allowed) {
      const [from, on] = move.split(' ');
      expect(states, move).to.include(from);
      expect(events, move).to.include(on);
      expect(states, move).to.include(to);
    }
    expect(allowed.size).to.equal(120);
  });

  it('allows every move of the spec, to the state it names', () => {
    for (const [move, to] of allowed) {
      const [from, on] = move.split(' ') as [UploadState, UploadEvent];
      const upload: Moving = { state: from, status: UploadStatus.queued };
      expect(advance(upload, on), move).to.equal(from);
      expect(upload.state, move).to.equal(to);
    }
  });

  it('refuses every other event in every state, and changes nothing then', () => {
    let refused = 0;
    for (const from of states) {
      for (const on of events) {
        if (allowed.has(`${from} ${on}`)) continue;
        const upload: Moving = { state: from, status: UploadStatus.paused };
        expect(advance(upload, on), `${from} ${on}`).to.equal(undefined);
        expect(upload).to.deep.equal({ state: from, status: UploadStatus.paused });
        refused++;
      }
    }
    expect(refused).to.equal(states.length * events.length - allowed.size);
  });

  it('the table holds nothing beyond the spec', () => {
    const table = Object.entries(TRANSITIONS).flatMap(([from, row]) =>
      Object.entries(row).map(([on, to]) => `${from} ${on} ${to}`),
    );
    expect(table.sort()).to.deep.equal([...allowed].map(([move, to]) => `${move} ${to}`).sort());
  });

  it('shows each state as its status; cancelling and removed keep the one shown before', () => {
    for (const state of states) {
      const [status, elsewhere] = SHOWN[state];
      expect(SHOWN_AS[state], state).to.equal(status === 'kept' ? null : status);
      expect(isElsewhere(state), state).to.equal(elsewhere);
      expect(drivenElsewhere(state), state).to.equal(elsewhere && state !== 'done-elsewhere');
    }
    const upload: Moving = { state: UploadState.paused, status: UploadStatus.paused };
    advance(upload, UploadEvent.cancel);
    expect(upload).to.deep.equal({ state: 'cancelling', status: 'paused' });
    advance(upload, UploadEvent.workerSucceeded);
    expect(upload).to.deep.equal({ state: 'done', status: 'done' });
    advance(upload, UploadEvent.dismiss);
    expect(upload).to.deep.equal({ state: 'removed', status: 'done' });
  });

  it('every state is reached from where uploads are born, and every one can leave the list', () => {
    expect([...following(BORN, 'forward')].sort()).to.deep.equal([...states].sort());
    expect([...following(['removed'], 'back')].sort()).to.deep.equal([...states].sort());
    expect(Object.keys(TRANSITIONS.removed)).to.deep.equal([]);
  });
});
