import { expect } from '@open-wc/testing';
import { multipart } from '../../src/protocols/multipart/index.js';
import { contentRange } from '../../src/protocols/content-range.js';
import { ScriptedTransport, type RecordedRequest } from '../helpers/scripted-transport.js';
import { ScriptedLink } from '../helpers/scripted-link.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * The worker tells the page what an upload needs after its last byte (`finishMs`):
 * multipart's complete call, at the time the link's small requests take (its create call,
 * timed by link-meter.ts). Scripted link: every request costs its round trip.
 */
const PART = 1024;

describe('finishing calls in the progress reports', () => {
  it('multipart reports the complete call at the create call’s measured time', async () => {
    const partOk = (r: RecordedRequest) => ({
      status: 200,
      headers: { ETag: `"etag-${new URL(r.url).pathname.split('/').pop()}"` },
    });
    const t = new ScriptedTransport([
      {
        status: 200,
        body: {
          success: true,
          result: {
            requestKey: 'finishing',
            partSize: PART,
            presignedUrls: [1, 2].map((n) => ({
              partNumber: n,
              presignedUrl: `https://bucket.example.test/k/${n}?sig=1`,
            })),
          },
        },
      },
      partOk,
      partOk,
      { status: 200, body: { success: true, result: true } },
    ]);
    // 600 ms a request (a 300 ms link, a preflight before each), bodies at 1 MB/s.
    const link = new ScriptedLink(t, 600, 1000);
    const run = await runScripted(
      multipart,
      link as unknown as ScriptedTransport,
      patternFile(PART * 2),
      {
        endpoint: 'https://api.example.test/uploads/multipart',
        link: link.meter,
      },
    );
    const createMs = link.meter.roundTripMs!;
    expect(createMs).to.be.within(600, 700);
    expect(run.reports.length).to.be.above(0);
    expect(run.reports.every((r) => r.finishMs === createMs)).to.equal(true);
  });

  it('a protocol whose last chunk finishes the upload reports nothing to finish', async () => {
    const t = new ScriptedTransport([
      { status: 201, headers: { Location: 'https://api.example.test/s/1' } },
      { status: 200, body: 'done' },
    ]);
    const link = new ScriptedLink(t, 600, 1000);
    const run = await runScripted(
      contentRange,
      link as unknown as ScriptedTransport,
      patternFile(PART),
      {
        endpoint: 'https://api.example.test/upload',
        link: link.meter,
      },
    );
    expect(run.reports.every((r) => r.finishMs === 0)).to.equal(true);
  });
});
