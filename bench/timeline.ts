import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import { startTestTusServer } from '../test/helpers/tus-server.js';
import { MiB, openBench } from './harness.js';

/**
 * One upload per protocol over the emulated link, with every request the server saw
 * (preflights included) placed on the upload's own clock: when it arrived at the server
 * (half a round trip after it left the browser, its body read at the link's pace) and when
 * its answer was written (the browser has it half a round trip later). Times are ms from
 * the element's `upload-start` (from the page's `fetch` for the one-request limit).
 *
 * node --import tsx bench/timeline.ts [rttMs] [sizeMiB] [protocol,…]
 */
const rttMs = Number(process.argv[2] ?? 100);
const sizeMiB = Number(process.argv[3] ?? 128);
const only = (process.argv[4] ?? 'limit,content-range,chunked-session,tus').split(',');
const link = { rttMs, bitsPerSecond: 200e6 };

const bench = await openBench();
const api = await startReferenceServer({ link });
const tusServer = await startTestTusServer({ link });
const file = await randomFile(sizeMiB * MiB, 'bench-timeline');
/** When each chunk's body was on disk (reference server), to see how long its answer took after. */
const written: number[] = [];
const writePending = api.storage.writePending.bind(api.storage);
api.storage.writePending = async (...args) => {
  const done = await writePending(...args);
  written.push(performance.now());
  return done;
};
/** Node's clock as epoch ms. */
const nodeEpoch = (t: number) => performance.timeOrigin + t;

interface Line {
  method: string;
  path: string;
  startedAt: number;
  endedAt?: number;
}

async function run(name: string, attrs: Record<string, string> | undefined, log: () => Line[]) {
  const context = await bench.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${bench.pages.url}/pages/bench.html`);
  await page.waitForFunction(() => true);
  const before = log().length;
  let startEpoch: number;
  let endEpoch: number;
  if (!attrs) {
    await page.setInputFiles('#plain', file.path);
    [startEpoch, endEpoch] = await page.evaluate(async (target) => {
      const chosen = (document.querySelector('#plain') as HTMLInputElement).files![0];
      const start = performance.timeOrigin + performance.now();
      const response = await fetch(target, { method: 'PUT', body: chosen });
      await response.text();
      return [start, performance.timeOrigin + performance.now()];
    }, `${api.url}/sink`);
  } else {
    await page.evaluate(async (attributes) => {
      await customElements.whenDefined('resumable-upload');
      const element = document.createElement('resumable-upload');
      for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
      element.setAttribute('auto-start', '');
      document.querySelector('#root')!.append(element);
      await (element as unknown as { restored: Promise<unknown> }).restored;
    }, attrs);
    await page.setInputFiles('resumable-upload input[type=file]', file.path);
    await page.waitForFunction(
      () =>
        (window as unknown as { uploadEvents: Array<{ type: string }> }).uploadEvents.some(
          (e) => e.type === 'upload-success' || e.type === 'upload-error',
        ),
      undefined,
      { timeout: 600_000, polling: 100 },
    );
    [startEpoch, endEpoch] = await page.evaluate(() => {
      const events = (window as unknown as { uploadEvents: Array<{ type: string; at: number }> })
        .uploadEvents;
      const start = events.find((e) => e.type === 'upload-start')?.at ?? NaN;
      const end = events.find((e) => e.type === 'upload-success')?.at ?? NaN;
      return [performance.timeOrigin + start, performance.timeOrigin + end];
    });
  }
  await context.close();
  // The server logs an exchange's end when its socket says so, after the page has the answer.
  await new Promise((resolve) => setTimeout(resolve, rttMs + 200));
  const total = endEpoch - startEpoch;
  console.log(`\n${name} @ ${rttMs} ms: ${total.toFixed(0)} ms (start → success)`);
  const lastWrite = written.at(-1);
  if (attrs && log === apiLog && lastWrite !== undefined) {
    const answered = log().at(-1)?.endedAt ?? NaN;
    console.log(
      `  the last body was on disk ${(answered - lastWrite).toFixed(0)} ms before the exchange ended`,
    );
  }
  for (const line of log().slice(before)) {
    const from = nodeEpoch(line.startedAt) - startEpoch;
    const to = line.endedAt === undefined ? NaN : nodeEpoch(line.endedAt) - startEpoch;
    console.log(
      `  ${line.method.padEnd(7)} ${line.path.slice(0, 40).padEnd(40)} arrives ${from.toFixed(0).padStart(6)}  answered ${to.toFixed(0).padStart(6)}`,
    );
  }
  return total;
}

const apiLog = () => api.requests;
const configs: Record<string, () => Promise<number>> = {
  limit: () => run('one request (limit)', undefined, apiLog),
  'content-range': () =>
    run(
      'content-range',
      { protocol: 'content-range', endpoint: `${api.url}/content-range` },
      apiLog,
    ),
  'chunked-session': () =>
    run(
      'chunked-session',
      {
        protocol: 'chunked-session',
        endpoint: `${api.url}/api/2.0/files/1/upload/create_session`,
      },
      apiLog,
    ),
  tus: () => run('tus', { protocol: 'tus', endpoint: tusServer.url }, () => tusServer.requests),
};
try {
  for (const name of only) await configs[name]();
} finally {
  await bench.close();
  await api.close();
  await tusServer.close();
}
