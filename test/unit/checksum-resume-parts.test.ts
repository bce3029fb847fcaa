import { expect } from '@open-wc/testing';
import { hex } from '../../src/core/checksum.js';
import { hashKit } from '../../src/core/checksum-wasm.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { multipart } from '../../src/protocols/multipart/index.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';

/**
 * The whole-file SHA-256 state in the parallel loop (multipart): kept at the end of the
 * parts confirmed from the first one on, and a resume from there hashes only what follows.
 */

const ENDPOINT = 'https://api.example.test/uploads/multipart';
const PART = 1024; // the server's partSize, honoured: keeps the file small
const KEY = 'rk-hash-state';
const partUrl = (n: number, gen = 1) => `https://bucket.example.test/${KEY}/${n}?sig=${gen}`;
const envelope = (result: unknown) => ({ success: true, errors: [], result, statusCode: 200 });
const partOk = (r: RecordedRequest) => ({
  status: 200,
  headers: { ETag: `"etag-${new URL(r.url).pathname.split('/').pop()}"` },
});

describe('checksum: the whole-file hash state of a multipart upload', () => {
  it('is kept at the confirmed prefix of parts, and the resume reads only the parts after it', async () => {
    const store = createMemoryStore();
    const options = {
      endpoint: ENDPOINT,
      concurrency: 1,
      checksum: 'sha256' as const,
      store,
    };
    const first = new ScriptedTransport([
      {
        status: 200,
        body: envelope({
          requestKey: KEY,
          uploadId: 'up-1',
          partSize: PART,
          presignedUrls: [1, 2, 3].map((n) => ({ partNumber: n, presignedUrl: partUrl(n) })),
        }),
      },
      partOk,
      partOk,
      { status: 400, body: 'A proxy refused the part' },
    ]);
    const failed = await runScripted(multipart, first, patternFile(2 * PART + 10), options).catch(
      (e: unknown) => e,
    );
    expect(failed).to.have.property('status', 400);
    const key = sessionKey('multipart', ENDPOINT, infoOf(patternFile(2 * PART + 10)));
    expect((await store.get(key))?.hashState).to.include({ algorithm: 'sha256', offset: 2 * PART });

    const file = patternFile(2 * PART + 10);
    const slices: string[] = [];
    const slice = file.slice.bind(file);
    file.slice = (start?: number, end?: number, type?: string) => {
      slices.push(`${start}-${end}`);
      return slice(start, end, type);
    };
    const second = new ScriptedTransport([
      {
        status: 200,
        body: envelope([
          { partNumber: 1, eTag: '"etag-1"', size: PART },
          { partNumber: 2, eTag: '"etag-2"', size: PART },
        ]),
      },
      {
        status: 200,
        body: envelope({
          requestKey: KEY,
          uploadId: 'up-1',
          partSize: PART,
          presignedUrls: [1, 2, 3].map((n) => ({ partNumber: n, presignedUrl: partUrl(n, 2) })),
        }),
      },
      partOk,
      { status: 200, body: envelope(true) },
    ]);
    const run = await runScripted(multipart, second, file, options);
    expect(second.requests.map((r) => r.method)).to.deep.equal(['GET', 'POST', 'PUT', 'PUT']);
    const whole = await hashKit.create('sha256');
    whole.init();
    whole.update(new Uint8Array(await slice().arrayBuffer()));
    expect(hex(run.wholeFile!.bytes)).to.equal(hex(whole.digest()));
    // Before the kept offset only the fingerprint's sample (the whole of so small a file).
    expect(slices.filter((s) => Number(s.split('-')[0]) < 2 * PART)).to.deep.equal([
      `0-${file.size}`,
    ]);
  });
});
