import { expect } from '@open-wc/testing';
import type { Chunk, ProtocolAdapter } from '../../src/core/adapter.js';
import { BodiesAhead } from '../../src/core/bodies-ahead.js';
import { planParts } from '../../src/core/part-plan.js';

/**
 * An adapter whose bodies are made only when the test says: each `prepareBody` call is
 * logged when it starts and settles when `finish(index)` (or `fail(index)`) is called.
 */
function scriptedBodies() {
  const started: string[] = [];
  const pending = new Map<number, { resolve: (b: Blob) => void; reject: (e: Error) => void }>();
  const adapter = {
    prepareBody: (chunk: Chunk, handle: string) => {
      started.push(`${chunk.index}:${handle}`);
      return new Promise<Blob>((resolve, reject) => pending.set(chunk.index, { resolve, reject }));
    },
  } as unknown as ProtocolAdapter<string>;
  /** Let queued promise callbacks and a timer run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return {
    adapter,
    started,
    settle,
    async finish(index: number) {
      pending.get(index)!.resolve(new Blob([`body ${index}`]));
      await settle();
    },
    async fail(index: number) {
      pending.get(index)!.reject(new Error(`no body ${index}`));
      await settle();
    },
  };
}

const file = new Blob([new Uint8Array(100)]);
const plan = planParts(file.size, 10);

describe('BodiesAhead', () => {
  it('makes the bodies one at a time, in the order they were asked for, the one ahead last', async () => {
    const s = scriptedBodies();
    const bodies = new BodiesAhead(s.adapter, () => 'token', file);
    // Three lanes start together, then the body ahead of them is asked for.
    const chunks = [0, 1, 2].map((i) => bodies.chunkFor(plan[i]));
    bodies.prepareNext(plan[3]);
    await s.settle();
    expect(s.started).to.deep.equal(['0:token']);
    await s.finish(0);
    expect(s.started).to.deep.equal(['0:token', '1:token']);
    await s.finish(1);
    await s.finish(2);
    expect(s.started).to.deep.equal(['0:token', '1:token', '2:token', '3:token']);
    expect(await (await chunks[0].body!).text()).to.equal('body 0');
    await s.finish(3);
    // The part ahead takes the body made for it: nothing is made twice.
    const third = bodies.chunkFor(plan[3]);
    expect(await (await third.body!).text()).to.equal('body 3');
    expect(s.started).to.have.length(4);
  });

  it('a body that fails does not hold back the ones after it', async () => {
    const s = scriptedBodies();
    const bodies = new BodiesAhead(s.adapter, () => 'token', file);
    const first = bodies.chunkFor(plan[0]);
    const second = bodies.chunkFor(plan[1]);
    await s.settle();
    await s.fail(0);
    let failure: unknown;
    await first.body!.catch((error: unknown) => (failure = error));
    expect((failure as Error).message).to.equal('no body 0');
    expect(s.started).to.deep.equal(['0:token', '1:token']);
    await s.finish(1);
    expect(await (await second.body!).text()).to.equal('body 1');
  });

  it('a body made ahead for another session token is made again', async () => {
    const s = scriptedBodies();
    let token = 'old';
    const bodies = new BodiesAhead(s.adapter, () => token, file);
    bodies.prepareNext(plan[0]);
    await s.settle();
    await s.finish(0);
    token = 'new';
    const chunk = bodies.chunkFor(plan[0]);
    await s.settle();
    expect(s.started).to.deep.equal(['0:old', '0:new']);
    await s.finish(0);
    expect(await (await chunk.body!).text()).to.equal('body 0');
  });
});
