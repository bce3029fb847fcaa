import { expect } from '@open-wc/testing';
import { ChunkSizer } from '../../src/core/chunk-sizer.js';
import { KiB, MiB } from '../../src/core/adapter.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { chunkedSession } from '../../src/protocols/chunked-session.js';
import { ScriptedLink } from '../helpers/scripted-link.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { runScripted } from '../helpers/run-job.js';

const bounds = { min: 256 * KiB, max: 64 * MiB, quantum: 256 * KiB };

describe('ChunkSizer', () => {
  it('grows to what the link carries in a chunk time, at most 8x a step, up to the maximum', () => {
    const sizer = new ChunkSizer(8 * MiB, bounds, 1000);
    // 8 MiB in 100 ms, no round trip known: 80 MiB/s, so a 1 s chunk would be 80 MiB.
    sizer.confirmed(8 * MiB, 100);
    expect(sizer.current).to.equal(64 * MiB);
    const slower = new ChunkSizer(8 * MiB, bounds, 1000);
    // 8 MiB in 500 ms: 16 MiB/s, a 1 s chunk is 16 MiB.
    slower.confirmed(8 * MiB, 500);
    expect(slower.current).to.equal(16 * MiB);
  });

  it('makes a chunk last 16 round trips on a long round trip', () => {
    const sizer = new ChunkSizer(8 * MiB, { ...bounds, max: 1024 * MiB }, 1500);
    sizer.measuredRoundTrip(250);
    expect(sizer.chunkMs).to.equal(4000);
    // 8 MiB in 250 + 320 ms: 25 MiB/s once the round trip is taken out; 4 s is 100 MiB.
    sizer.confirmed(8 * MiB, 570);
    expect(sizer.current).to.equal(64 * MiB);
    // 2.8 s is in the band (4 s / 1.5 to 8 s): held.
    sizer.confirmed(64 * MiB, 250 + 2560);
    expect(sizer.current).to.equal(64 * MiB);
    // Over 8 s: shrunk to what the link now carries in 4 s (29.3 MiB), on the quantum.
    sizer.confirmed(64 * MiB, 9000);
    expect(sizer.current).to.equal(29 * MiB + 256 * KiB);
  });

  it('keeps the shortest round trip it is told, and a short one changes nothing', () => {
    const sizer = new ChunkSizer(8 * MiB, bounds, 1500);
    sizer.measuredRoundTrip(300);
    sizer.measuredRoundTrip(500);
    expect(sizer.roundTripMs).to.equal(300);
    sizer.measuredRoundTrip(20);
    expect(sizer.chunkMs).to.equal(1500);
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

  it('sends the rest with the next chunk when less than half a chunk would follow it', () => {
    const sizer = new ChunkSizer(8 * MiB, bounds, 1000);
    expect(sizer.next(100 * MiB)).to.equal(8 * MiB);
    expect(sizer.next(11 * MiB)).to.equal(11 * MiB);
    expect(sizer.next(13 * MiB)).to.equal(8 * MiB);
    expect(sizer.next(3 * MiB)).to.equal(3 * MiB);
    // Never past the maximum.
    const big = new ChunkSizer(64 * MiB, bounds, 1000);
    expect(big.next(80 * MiB)).to.equal(64 * MiB);
  });

  it('where the server keeps partial bytes: the rest in one request, half the failed one after a failure', () => {
    const sizer = new ChunkSizer(8 * MiB, { ...bounds, max: 1024 * MiB, keepsPartial: true });
    expect(sizer.next(300 * MiB)).to.equal(300 * MiB);
    expect(sizer.next(5000 * MiB)).to.equal(1024 * MiB);
    sizer.failed(300 * MiB);
    expect(sizer.current).to.equal(150 * MiB);
    expect(sizer.next(250 * MiB)).to.equal(150 * MiB);
  });

  it('never changes without bounds (a pinned chunk-size)', () => {
    const sizer = new ChunkSizer(8 * MiB);
    sizer.measuredRoundTrip(250);
    sizer.confirmed(8 * MiB, 1);
    sizer.failed();
    expect(sizer.current).to.equal(8 * MiB);
    expect(sizer.next(20 * MiB)).to.equal(8 * MiB);
  });
});

describe('the upload loop adapts content-range chunks', () => {
  /**
   * A file of `mib` zero MiBs, made of one 1 MiB buffer: WebKitGTK, running beside the
   * other engines, has failed to allocate one contiguous 100 MiB buffer (Out of memory).
   */
  const zeroFile = (mib: number) => {
    const piece = new Uint8Array(MiB);
    return new File(
      Array.from({ length: mib }, () => piece),
      'big.bin',
    );
  };
  const SESSION = 'https://api.example.test/s/1';
  const answer = (r: { headers: Record<string, string> }) => {
    const match = /bytes (\d+)-(\d+)\/(\d+)/.exec(r.headers['Content-Range'])!;
    const last = Number(match[2]);
    return last + 1 === Number(match[3])
      ? { status: 200, body: '{}' }
      : { status: 308, headers: { Range: `bytes=0-${last}` } };
  };

  it('sends the rest of the file in one request when chunk-size is not pinned', async () => {
    const file = zeroFile(60);
    const t = new ScriptedTransport([{ status: 200, body: { url: SESSION } }, answer]);
    await runScripted(contentRange, t, file);
    expect(t.requests.slice(1).map((r) => r.bodySize)).to.deep.equal([60 * MiB]);
  });

  it('after a broken request, sends half of it and asks where to go on', async () => {
    const file = zeroFile(100);
    const t = new ScriptedTransport([
      { status: 200, body: { url: SESSION } },
      { status: 0, networkError: true },
      // The status query: the server kept the first 20 MiB of the broken request.
      { status: 308, headers: { Range: `bytes=0-${20 * MiB - 1}` } },
      answer,
      answer,
    ]);
    await runScripted(contentRange, t, file);
    const puts = t.requests.slice(1).map((r) => [r.headers['Content-Range'], r.bodySize]);
    const all = 100 * MiB;
    expect(puts).to.deep.equal([
      [`bytes 0-${all - 1}/${all}`, all],
      [`bytes */${all}`, 0],
      [`bytes ${20 * MiB}-${70 * MiB - 1}/${all}`, 50 * MiB],
      // The last 30 MiB.
      [`bytes ${70 * MiB}-${all - 1}/${all}`, 30 * MiB],
    ]);
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

describe('chunked-session chunks over a long round trip (scripted clock)', () => {
  const ENDPOINT = 'https://docspace.example.test/api/2.0/files/1/upload/create_session';
  const LOCATION = 'https://docspace.example.test/ChunkedUploader.ashx?uid=s-1';
  const info = (uploaded: number, total: number) => ({
    success: true,
    data: { id: 's-1', location: LOCATION, bytes_uploaded: uploaded, bytes_total: total },
  });
  /** A DocSpace that appends every chunk: 200 with the count, 201 on the last. */
  const docSpace = (total: number) => {
    let held = 0;
    return (r: { body: unknown }) => {
      if (!(r.body instanceof FormData)) return { status: 200, body: info(0, total) };
      held += (r.body.get('file') as File).size;
      return held === total
        ? { status: 201, body: { success: true, data: { id: 1, uploaded: true } } }
        : { status: 200, body: info(held, total) };
    };
  };

  async function chunkSizes(roundTripMs: number, bytesPerMs: number, size: number) {
    const file = new File([new Uint8Array(size)], 'big.bin');
    const server = docSpace(size);
    const link = new ScriptedLink(
      new ScriptedTransport(Array(64).fill(server)),
      roundTripMs,
      bytesPerMs,
    );
    await runScripted(chunkedSession, link, file, { endpoint: ENDPOINT, link: link.meter });
    return { sizes: link.sizes.slice(1), ms: link.time };
  }

  it('grows chunks from 10 MiB until each takes 16 round trips, on the 512-byte quantum', async () => {
    // 250 ms and 25 MiB/s (200 Mbit/s): a chunk should take 4 s, about 100 MiB.
    const { sizes } = await chunkSizes(250, (25 * MiB) / 1000, 200 * MiB);
    expect(sizes[0]).to.equal(10 * MiB);
    // 10 MiB took 650 ms: 25 MiB/s once the round trip is out, so 4 s is 100 MiB; 8x caps it.
    expect(sizes[1]).to.equal(80 * MiB);
    expect(sizes.slice(0, -1).every((s) => s % 512 === 0 && s >= 10 * MiB)).to.equal(true);
    // 80 MiB took 3.45 s, in the band around 4 s: held, and the 110 MiB left go at once
    // (an 80 MiB chunk would leave 30 MiB, under half a chunk).
    expect(sizes).to.deep.equal([10 * MiB, 80 * MiB, 110 * MiB]);
  });

  it('keeps 10 MiB chunks where they already dwarf the round trip', async () => {
    // 5 ms and 2 MiB/s: 10 MiB takes 5 s, over the 1.5 s a chunk should take.
    const { sizes } = await chunkSizes(5, (2 * MiB) / 1000, 40 * MiB);
    expect(sizes).to.deep.equal([10 * MiB, 10 * MiB, 10 * MiB, 10 * MiB]);
  });

  it('fewer chunks fill a 250 ms link better than the fixed 10 MiB did', async () => {
    const grown = await chunkSizes(250, (25 * MiB) / 1000, 128 * MiB);
    const transfer = (128 * MiB) / ((25 * MiB) / 1000);
    // The create call plus one round trip per chunk is all the time beyond the bytes.
    expect(grown.sizes).to.deep.equal([10 * MiB, 118 * MiB]);
    expect(grown.ms - transfer).to.be.closeTo(250 * (1 + grown.sizes.length), 1);
  });
});
