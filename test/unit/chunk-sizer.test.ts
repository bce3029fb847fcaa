import { expect } from '@open-wc/testing';
import { ChunkSizer } from '../../src/core/chunk-sizer.js';
import { KiB, MiB } from '../../src/core/adapter.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { runScripted } from '../helpers/run-job.js';

const bounds = { min: 256 * KiB, max: 64 * MiB, quantum: 256 * KiB };

describe('ChunkSizer', () => {
  it('grows while chunks finish fast, up to the maximum', () => {
    const sizer = new ChunkSizer(8 * MiB, bounds, 1000);
    sizer.confirmed(8 * MiB, 100);
    expect(sizer.current).to.equal(16 * MiB);
    sizer.confirmed(16 * MiB, 100);
    sizer.confirmed(32 * MiB, 100);
    sizer.confirmed(64 * MiB, 100);
    expect(sizer.current).to.equal(64 * MiB);
  });

  it('shrinks on slow chunks and failures, never below the minimum, always on the quantum', () => {
    const sizer = new ChunkSizer(1 * MiB + 256 * KiB, bounds, 1000);
    sizer.confirmed(1 * MiB + 256 * KiB, 5000);
    expect(sizer.current % (256 * KiB)).to.equal(0);
    expect(sizer.current).to.be.lessThan(1 * MiB + 256 * KiB);
    for (let i = 0; i < 10; i++) sizer.failed();
    expect(sizer.current).to.equal(256 * KiB);
  });

  it('holds steady in the target band, and ignores a short last chunk', () => {
    const sizer = new ChunkSizer(8 * MiB, bounds, 1000);
    sizer.confirmed(8 * MiB, 1000);
    sizer.confirmed(100, 1);
    expect(sizer.current).to.equal(8 * MiB);
  });

  it('never changes without bounds (a pinned chunk-size)', () => {
    const sizer = new ChunkSizer(8 * MiB);
    sizer.confirmed(8 * MiB, 1);
    sizer.failed();
    expect(sizer.current).to.equal(8 * MiB);
  });
});

describe('the upload loop adapts content-range chunks', () => {
  const SESSION = 'https://api.example.test/s/1';
  const answer = (r: { headers: Record<string, string> }) => {
    const match = /bytes (\d+)-(\d+)\/(\d+)/.exec(r.headers['Content-Range'])!;
    const last = Number(match[2]);
    return last + 1 === Number(match[3])
      ? { status: 200, body: '{}' }
      : { status: 308, headers: { Range: `bytes=0-${last}` } };
  };

  it('grows the chunk on a fast link when chunk-size is not pinned', async () => {
    const file = new File([new Uint8Array(60 * MiB)], 'big.bin');
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      ...Array(4).fill(answer),
    ]);
    await runScripted(contentRange, t, file);
    const sizes = t.requests.slice(1).map((r) => r.bodySize);
    expect(sizes).to.deep.equal([8 * MiB, 16 * MiB, 32 * MiB, 4 * MiB]);
  });

  it('keeps a pinned chunk-size', async () => {
    const file = new File([new Uint8Array(3 * MiB)], 'big.bin');
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      answer,
      answer,
      answer,
    ]);
    await runScripted(contentRange, t, file, { chunkSize: 1 * MiB });
    expect(t.requests.slice(1).map((r) => r.bodySize)).to.deep.equal([MiB, MiB, MiB]);
  });
});
