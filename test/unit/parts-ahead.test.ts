import { expect } from '@open-wc/testing';
import { multipart } from '../../src/protocols/multipart/index.js';
import {
  ScriptedTransport,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../helpers/scripted-transport.js';
import { patternFile, runScripted } from '../helpers/run-job.js';

/**
 * The parallel loop starts a part when another part's body has left, before that part's
 * answer (parts-loop.ts, PARTS_AHEAD): a lane waiting for an answer, and the preflight of
 * the next part's URL, no longer leave the link idle. Scripted: the multipart API with
 * one lane, so without the early start part 2 could only follow part 1's answer.
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

/** A script where part 1's answer waits until part 2's request is made, or 300 ms. */
function holdFirstPart(firstSent: (size: number) => number[]) {
  const key = `ahead-${++keys}`;
  const order: string[] = [];
  let releaseFirst!: () => void;
  const firstHeld = new Promise<void>((resolve) => {
    releaseFirst = resolve;
    setTimeout(resolve, 300);
  });
  const part = (r: RecordedRequest): ScriptedAnswer => {
    const n = partNumber(r);
    order.push(`sent ${n}`);
    if (n === 1) {
      return {
        ...stored(r),
        sent: firstSent(r.bodySize),
        hold: firstHeld.then(() => void order.push('answered 1')),
      };
    }
    if (n === 2) releaseFirst();
    return { ...stored(r), sent: [r.bodySize] };
  };
  const t = new ScriptedTransport([
    { status: 200, body: started(key, 3) },
    part,
    part,
    part,
    { status: 200, body: envelope(true) },
  ]);
  return { t, order };
}

describe('parallel parts: the next part starts when a body has left', () => {
  it('sends part 2 while part 1 waits for its answer, and still completes with every part', async () => {
    const file = patternFile(PART * 3);
    const { t, order } = holdFirstPart((size) => [size / 2, size]);
    const run = await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 1 });
    expect(order.slice(0, 3)).to.deep.equal(['sent 1', 'sent 2', 'answered 1']);
    const complete = JSON.parse(t.requests.at(-1)!.body as string) as {
      parts: Array<{ partNumber: number; eTag: string }>;
    };
    expect(complete.parts.map((p) => p.partNumber)).to.deep.equal([1, 2, 3]);
    expect(run.progress.at(-1)).to.equal(file.size);
  });

  it('waits for the answer while part of the body has not left', async () => {
    const file = patternFile(PART * 3);
    const { t, order } = holdFirstPart((size) => [size / 2]);
    await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 1 });
    expect(order.slice(0, 3)).to.deep.equal(['sent 1', 'answered 1', 'sent 2']);
  });

  it('keeps at most one part waiting ahead across lanes', async () => {
    const key = `ahead-${++keys}`;
    const file = patternFile(PART * 6);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inFlight = 0;
    let most = 0;
    const part = (r: RecordedRequest): ScriptedAnswer => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Every body leaves at once; the answers come when four parts were asked for.
      if (t.requests.length === 5) setTimeout(release, 20);
      return {
        ...stored(r),
        sent: [r.bodySize],
        hold: held.then(() => void inFlight--),
      };
    };
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 6) },
      ...Array.from({ length: 6 }, () => part),
      { status: 200, body: envelope(true) },
    ]);
    setTimeout(release, 500);
    await runScripted(multipart, t, file, { endpoint: ENDPOINT, concurrency: 2 });
    // Two lanes and one part ahead: three parts, never a fourth, before any answer.
    expect(most).to.equal(3);
  });

  it('a part ahead failing for good fails the upload, while its lane sends the next', async () => {
    const key = `ahead-${++keys}`;
    const file = patternFile(PART * 3);
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let releaseSecond!: () => void;
    const secondHeld = new Promise<void>((resolve) => (releaseSecond = resolve));
    const t = new ScriptedTransport([
      { status: 200, body: started(key, 3) },
      (r) => ({
        status: 400,
        body: '<Error><Message>Bad part</Message></Error>',
        sent: [r.bodySize],
        hold: firstHeld,
      }),
      (r) => {
        releaseFirst();
        return { ...stored(r), sent: [r.bodySize / 2], hold: secondHeld };
      },
    ]);
    // The scripted transport hears no abort: part 2's request ends a while after part 1's refusal.
    setTimeout(releaseSecond, 100);
    const error = await runScripted(multipart, t, file, {
      endpoint: ENDPOINT,
      concurrency: 1,
    }).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.message).to.contain('Bad part');
    expect(t.requests.map((r) => r.method)).to.deep.equal(['POST', 'PUT', 'PUT']);
  });
});

describe('plain S3: the next part is signed while the parts before it are on the wire', () => {
  it('asks signPart for part 2 before part 1 is answered, and uses that signature once', async () => {
    const file = patternFile(PART * 3);
    const order: string[] = [];
    let signedSecond!: () => void;
    const secondSigned = new Promise<void>((resolve) => {
      signedSecond = resolve;
      setTimeout(resolve, 300);
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
