import { expect } from '@open-wc/testing';
import { multipart } from '../../src/protocols/multipart/index.js';
import { GrantsAhead } from '../../src/protocols/multipart/grants-ahead.js';
import {
  ScriptedTransport,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../helpers/scripted-transport.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * The parallel loop starts a part when another part's body has left, before that part's
 * answer (parts-loop.ts, PARTS_AHEAD): a lane waiting for an answer, and the preflight of
 * the next part's URL, no longer leave the link idle. Scripted: the multipart API.
 */
const ENDPOINT = 'https://api.example.test/uploads/multipart';
const PART = 1024;
let keys = 0;

const partUrl = (key: string, n: number) => `https://bucket.example.test/${key}/${n}?sig=1`;
const envelope = (result: unknown) => ({ success: true, errors: [], result, statusCode: 200 });
const started = (key: string, parts: number) =>
  envelope({
    requestKey: key,
    uploadId: `up-${key}`,
    partSize: PART,
    presignedUrls: Array.from({ length: parts }, (_, i) => ({
      partNumber: i + 1,
      presignedUrl: partUrl(key, i + 1),
    })),
  });
const partNumber = (r: RecordedRequest) => Number(new URL(r.url).pathname.split('/').pop());
const stored = (r: RecordedRequest): ScriptedAnswer => ({
  status: 200,
  headers: { ETag: `"etag-${partNumber(r)}"` },
});

/**
 * How long a test waits for a step it expects before it lets the upload go on without it
 * (and fails on the order it then sees). Long, because a busy machine can take a few hundred
 * ms over the step (CI saw Firefox take over 300 ms to start part 5); a test that passes
 * never waits this long.
 */
const EXPECTED_STEP_MS = 5_000;

/**
 * Four lanes (multipart's default, not pinned) and five parts: parts 1-4 wait for their
 * answers until part 5's request is made (or `holdMs`), so part 5 can only start ahead of
 * an answer. `bodyLeft`: what each of parts 1-4 tells of its body going out.
 */
function holdFirstWave(
  bodyLeft: (size: number) => number[],
  {
    firstAnswer,
    holdMs = EXPECTED_STEP_MS,
  }: { firstAnswer?: ScriptedAnswer; holdMs?: number } = {},
) {
  const key = `ahead-${++keys}`;
  const order: string[] = [];
  let releaseWave!: () => void;
  const waveHeld = new Promise<void>((resolve) => {
    releaseWave = resolve;
    setTimeout(resolve, holdMs);
  });
  const part = (r: RecordedRequest): ScriptedAnswer => {
    const n = partNumber(r);
    order.push(`sent ${n}`);
    if (n === 5) {
      releaseWave();
      return { ...stored(r), sent: [r.bodySize] };
    }
    return {
      ...stored(r),
      ...(n === 1 && firstAnswer),
      sent: bodyLeft(r.bodySize),
      hold: waveHeld.then(() => void order.push(`answered ${n}`)),
    };
  };
  const t = new ScriptedTransport([
    { status: 200, body: started(key, 5) },
    ...Array.from({ length: 5 }, () => part),
    { status: 200, body: envelope(true) },
  ]);
  return { t, order };
}

/**
 * The most parts in flight at once over a `parts`-part upload whose bodies all leave at
 * once and whose answers are held: until 300 ms after `expected` parts are in flight (time
 * for one more to start, if the loop would start it), or `EXPECTED_STEP_MS` if they never are.
 */
async function mostInFlight(
  parts: number,
  expected: number,
  options: { concurrency?: number },
): Promise<number> {
  const key = `ahead-${++keys}`;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const giveUp = setTimeout(release, EXPECTED_STEP_MS);
  let inFlight = 0;
  let most = 0;
  const part = (r: RecordedRequest): ScriptedAnswer => {
    inFlight++;
    most = Math.max(most, inFlight);
    if (inFlight === expected) {
      clearTimeout(giveUp);
      setTimeout(release, 300);
    }
    return { ...stored(r), sent: [r.bodySize], hold: held.then(() => void inFlight--) };
  };
  const t = new ScriptedTransport([
    { status: 200, body: started(key, parts) },
    ...Array.from({ length: parts }, () => part),
    { status: 200, body: envelope(true) },
  ]);
  await runScripted(multipart, t, patternFile(PART * parts), { endpoint: ENDPOINT, ...options });
  return most;
}

describe('parallel parts: the next part starts when a body has left', () => {
  it('sends part 5 while the four lanes wait for their answers, and completes with every part', async () => {
    const file = patternFile(PART * 5);
    const { t, order } = holdFirstWave((size) => [size / 2, size]);
    const run = await runScripted(multipart, t, file, { endpoint: ENDPOINT });
    expect(order.slice(0, 5).sort()).to.deep.equal([
      'sent 1',
      'sent 2',
      'sent 3',
      'sent 4',
      'sent 5',
    ]);
    const complete = JSON.parse(t.requests.at(-1)!.body as string) as {
      parts: Array<{ partNumber: number; eTag: string }>;
    };
    expect(complete.parts.map((p) => p.partNumber)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(run.progress.at(-1)).to.equal(file.size);
  });

  it('waits for an answer while part of each body has not left', async () => {
    const file = patternFile(PART * 5);
    // Part 5 must wait for an answer: the wave is let go after 300 ms, and part 5 follows it.
    const { t, order } = holdFirstWave((size) => [size / 2], { holdMs: 300 });
    await runScripted(multipart, t, file, { endpoint: ENDPOINT });
    expect(order.indexOf('sent 5')).to.be.above(order.indexOf('answered 1'));
  });

  it('keeps at most one part waiting ahead across lanes', async () => {
    // Four lanes and one part ahead: five parts, never a sixth, before any answer.
    expect(await mostInFlight(8, 5, {})).to.equal(5);
  });

  it('a pinned concurrency is the most parts in flight: none goes ahead', async () => {
    expect(await mostInFlight(4, 2, { concurrency: 2 })).to.equal(2);
  });

  it('a part ahead failing for good fails the upload, while its lane sends the next', async () => {
    const file = patternFile(PART * 5);
    const { t } = holdFirstWave((size) => [size], {
      firstAnswer: { status: 400, body: '<Error><Message>Bad part</Message></Error>' },
    });
    const error = await runScripted(multipart, t, file, { endpoint: ENDPOINT }).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.message).to.contain('Bad part');
    expect(t.requests.filter((r) => r.method === 'PUT')).to.have.length(5);
  });
});

describe('plain S3: the next part is signed while the parts before it are on the wire', () => {
  it('asks signPart for part 2 before part 1 is answered, and uses that signature once', async () => {
    const file = patternFile(PART * 3);
    const order: string[] = [];
    let signedSecond!: () => void;
    const secondSigned = new Promise<void>((resolve) => {
      signedSecond = resolve;
      setTimeout(resolve, EXPECTED_STEP_MS);
    });
    const put = (r: RecordedRequest): ScriptedAnswer => {
      const n = Number(new URL(r.url).searchParams.get('partNumber'));
      order.push(`put ${n}`);
      // Half of part 1 leaves, so part 2 cannot start early: only signing ahead asks for it.
      if (n === 1) {
        return {
          ...stored(r),
          sent: [r.bodySize / 2],
          hold: secondSigned.then(() => void order.push('answered 1')),
        };
      }
      return { ...stored(r), sent: [r.bodySize] };
    };
    const t = new ScriptedTransport([put, put, put]);
    const hooks: Record<string, (args: Record<string, unknown>) => unknown> = {
      createMultipartUpload: () => ({ uploadId: 'U', key: 'k', partSize: PART }),
      signPart: ({ partNumber }) => {
        order.push(`sign ${String(partNumber)}`);
        if (partNumber === 2) signedSecond();
        return `https://s3.example.test/k?partNumber=${String(partNumber)}`;
      },
      completeMultipartUpload: () => ({ location: 'https://s3.example.test/k' }),
    };
    const run = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      urls: { s3: 'backend' },
      concurrency: 1,
      callPage: async (hook, args) => hooks[hook](args as Record<string, unknown>),
    });
    // Part 2's signature is asked for while part 1 is on the wire (before or after its PUT
    // went out, as the scheduler has it), not after part 1's answer.
    expect(order[0]).to.equal('sign 1');
    expect(order.indexOf('sign 2')).to.be.below(order.indexOf('answered 1'));
    expect(order.indexOf('put 1')).to.be.below(order.indexOf('answered 1'));
    expect(order.filter((step) => step === 'sign 2')).to.have.length(1);
    expect(order.filter((step) => step.startsWith('sign'))).to.have.length(3);
    expect(run.result).to.deep.equal({ location: 'https://s3.example.test/k' });
  });
});

describe('GrantsAhead', () => {
  const grant = (n: number) => ({ url: `https://s3.example.test/p?partNumber=${n}`, headers: {} });

  it('a part takes the grant signed ahead for it, once', async () => {
    const grants = new GrantsAhead();
    let signed = 0;
    const sign = async () => grant(++signed);
    grants.ask('1', sign);
    grants.ask('1', sign);
    expect((await grants.take('1', sign)).url).to.contain('partNumber=1');
    expect(signed).to.equal(1);
  });

  it('an ask that comes after its part was taken signs nothing', async () => {
    const grants = new GrantsAhead();
    let signed = 0;
    const sign = async () => grant(++signed);
    await grants.take('2', sign);
    grants.ask('2', sign);
    expect(signed).to.equal(1);
    // A part sent again (a retry) still gets a fresh grant.
    await grants.take('2', sign);
    expect(signed).to.equal(2);
  });
});
