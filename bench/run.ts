import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import { startTestTusServer } from '../test/helpers/tus-server.js';
import {
  MiB,
  measureElement,
  measurePlainPut,
  measureResume,
  measureUpChunk,
  median,
  openBench,
  type Measurement,
} from './harness.js';
import { runLinkBench } from './link.js';
import { runTusBench } from './tus.js';

/**
 * `npm run bench`: the element against the physical limit (one plain `fetch`
 * PUT of the same file to the same server) and against its peers, in one
 * browser run, configurations interleaved round by round so machine noise
 * hits them alike. Prints tables and writes bench/results/bench.json.
 *
 *   npm run bench                        # 1 GiB, 3 rounds, memory at 1 and 4 GiB, tus peers
 *   npm run bench -- --size-mib 256 --rounds 1 --skip-memory --skip-tus   # a quick look
 *   npm run bench -- --link              # over emulated links: 100 ms, 250 ms, mobile (bench/link.ts)
 *   npm run bench -- --link --profiles 250ms --rounds 1 --rtt-ms 200 --mbit 100 --size-mib 64
 */
const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '1024' },
    rounds: { type: 'string', default: '3' },
    'memory-gib': { type: 'string', default: '1,4' },
    'skip-memory': { type: 'boolean', default: false },
    'skip-tus': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
    link: { type: 'boolean', default: false },
    profiles: { type: 'string', default: '100ms,250ms,mobile' },
    'rtt-ms': { type: 'string' },
    mbit: { type: 'string' },
  },
});
const numberOrUndefined = (value: string | undefined) =>
  value === undefined ? undefined : Number(value);
const sizeMiB = Number(values['size-mib']);
const rounds = Number(values.rounds);
const GiB = 1024 * MiB;

if (!values['skip-build']) {
  execSync('npx vite build --logLevel error && npx vite build --mode bundle --logLevel error', {
    stdio: 'inherit',
  });
}

if (values.link) {
  await runLinkBench({
    profiles: values.profiles.split(','),
    rounds,
    rttMs: numberOrUndefined(values['rtt-ms']),
    mbit: numberOrUndefined(values.mbit),
    // The profiles choose their own file sizes unless one is given.
    sizeMiB: process.argv.includes('--size-mib') ? sizeMiB : undefined,
    only: values.only,
  });
  process.exit(0);
}

/** Arrival times (server clock) of chunk requests that carry bytes, for the resume timing. */
const chunkArrivals: number[] = [];
const api = await startReferenceServer({
  onRequest: (req) => {
    if (req.method === 'PUT' && /^bytes \d/.test(String(req.headers['content-range'] ?? ''))) {
      chunkArrivals.push(Date.now());
    }
  },
});
const tusServer = await startTestTusServer();
const bench = await openBench();
const file = await randomFile(sizeMiB * MiB, 'bench');

/** A content-range session made from Node, for UpChunk (which does not create sessions). */
async function contentRangeSession(): Promise<string> {
  const response = await fetch(`${api.url}/content-range?size=${file.size}`, { method: 'POST' });
  return ((await response.json()) as { url: string }).url;
}

interface Config {
  name: string;
  group: string;
  run: () => Promise<Measurement>;
}
const element = (attrs: Record<string, string>) => () => measureElement(bench, file.path, attrs);
/** The same upload without and with each checksum, the heap sampled alike in all three. */
const CHECKSUMS = ['none', 'crc32c', 'sha256'] as const;
const checksummed = (protocol: string, endpoint: string, extra: Record<string, string> = {}) =>
  CHECKSUMS.map((checksum) => ({
    name: `checksum ${checksum}: ${protocol}`,
    group: 'checksum',
    run: () =>
      measureElement(
        bench,
        file.path,
        { protocol, endpoint, checksum, ...extra },
        {},
        { heap: true },
      ),
  }));
const configs: Config[] = [
  {
    name: 'plain fetch PUT (limit)',
    group: 'limit',
    run: () => measurePlainPut(bench, file.path, `${api.url}/sink`),
  },
  {
    name: 'content-range (adaptive chunks)',
    group: 'sequential',
    run: element({ protocol: 'content-range', endpoint: `${api.url}/content-range` }),
  },
  {
    name: 'content-range @ 8 MiB',
    group: 'peer',
    run: element({
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'chunk-size': String(8 * MiB),
    }),
  },
  {
    name: 'UpChunk @ 8 MiB (content-range server)',
    group: 'peer',
    run: async () => measureUpChunk(bench, file.path, await contentRangeSession(), 8 * MiB),
  },
  {
    name: 'chunked-session (10 MiB)',
    group: 'sequential',
    run: element({
      protocol: 'chunked-session',
      endpoint: `${api.url}/api/2.0/files/1/upload/create_session`,
    }),
  },
  {
    name: 'tus (@tus/server, adaptive)',
    group: 'sequential',
    run: element({ protocol: 'tus', endpoint: tusServer.url }),
  },
  ...[1, 4].map((n) => ({
    name: `segments, ${n} in flight`,
    group: 'parallel',
    run: element({
      protocol: 'segments',
      endpoint: `${api.url}/ccadmin/v1/files`,
      concurrency: String(n),
    }),
  })),
  ...[1, 4].map((n) => ({
    name: `multipart, ${n} in flight`,
    group: 'parallel',
    run: element({
      protocol: 'multipart',
      endpoint: `${api.url}/multipart/uploads/multipart`,
      concurrency: String(n),
    }),
  })),
  ...checksummed('content-range', `${api.url}/content-range`),
  ...checksummed('multipart', `${api.url}/multipart/uploads/multipart`, { concurrency: '4' }),
].filter((c) => !values.only || c.group === 'limit' || c.name.includes(values.only));

const results = new Map<string, Measurement[]>(configs.map((c) => [c.name, []]));
const failures: string[] = [];
const report: Record<string, unknown> = { date: new Date().toISOString(), sizeMiB, rounds };
try {
  for (let round = 1; round <= rounds; round++) {
    for (const config of configs) {
      try {
        const m = await config.run();
        results.get(config.name)!.push(m);
        console.log(
          `round ${round}  ${config.name.padEnd(40)} ${m.mibPerSecond.toFixed(1).padStart(6)} MiB/s  long tasks ${m.longTasks}  main busy ${m.mainThreadBusyMs.toFixed(0)} ms`,
        );
      } catch (error) {
        failures.push(`${config.name}: ${(error as Error).message}`);
        console.log(`round ${round}  ${config.name} FAILED: ${(error as Error).message}`);
      }
    }
  }

  const limit = median(results.get(configs[0].name)!.map((m) => m.mibPerSecond));
  const rows = configs.map((c) => {
    const runs = results.get(c.name)!;
    const mib = runs.length ? median(runs.map((m) => m.mibPerSecond)) : NaN;
    return {
      name: c.name,
      'MiB/s': Number(mib.toFixed(1)),
      'ratio to PUT': Number((mib / limit).toFixed(3)),
      'long tasks': runs.length ? Math.max(...runs.map((m) => m.longTasks)) : NaN,
      'main busy ms': runs.length
        ? Number(median(runs.map((m) => m.mainThreadBusyMs)).toFixed(0))
        : NaN,
      runs: runs.map((m) => Number(m.mibPerSecond.toFixed(1))).join(' '),
      ...(runs.some((m) => m.peakHeapBytes) && {
        'peak heap MiB': Number((median(runs.map((m) => m.peakHeapBytes ?? 0)) / MiB).toFixed(1)),
      }),
    };
  });
  console.log(`\nThroughput: ${sizeMiB} MiB file from disk, ${rounds} rounds, medians`);
  console.table(rows);
  const speed = (name: string) => rows.find((r) => r.name === name)?.['MiB/s'] ?? NaN;
  const ratios = {
    'content-range / UpChunk @ 8 MiB (target >= 1.15)':
      speed('content-range @ 8 MiB') / speed('UpChunk @ 8 MiB (content-range server)'),
  };
  console.table(
    Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(3))])),
  );
  report.throughput = rows;
  report.ratios = ratios;
  const checksumRatios = ['content-range', 'multipart'].flatMap((protocol) => {
    const row = (checksum: string) =>
      rows.find((r) => r.name === `checksum ${checksum}: ${protocol}`);
    const none = row('none');
    if (!none || !Number.isFinite(none['MiB/s'])) return [];
    return (['crc32c', 'sha256'] as const).map((checksum) => {
      const with_ = row(checksum)!;
      return {
        protocol,
        checksum,
        'throughput ratio': Number((with_['MiB/s'] / none['MiB/s']).toFixed(3)),
        target: checksum === 'crc32c' ? '>= 0.97' : '>= 0.90',
        'long tasks': with_['long tasks'],
        'peak heap ratio': Number(
          ((with_['peak heap MiB'] ?? NaN) / (none['peak heap MiB'] ?? NaN)).toFixed(3),
        ),
      };
    });
  });
  if (checksumRatios.length) {
    console.log(
      '\nChecksums: the same protocol with a checksum, against none (heap target <= 1.10)',
    );
    console.table(checksumRatios);
    report.checksums = checksumRatios;
  }

  if (!values['skip-memory']) {
    const memory = [];
    for (const gib of values['memory-gib'].split(',').map(Number)) {
      const big = await randomFile(gib * GiB, 'bench-memory');
      const m = await measureElement(
        bench,
        big.path,
        { protocol: 'content-range', endpoint: `${api.url}/content-range` },
        {},
        { heap: true },
      );
      memory.push({
        file: `${gib} GiB`,
        'peak JS heap MiB (page + worker)': Number(((m.peakHeapBytes ?? 0) / MiB).toFixed(1)),
        'MiB/s': Number(m.mibPerSecond.toFixed(1)),
        'long tasks': m.longTasks,
      });
    }
    console.log('\nMemory: content-range upload, peak JS heap of the page and its worker');
    console.table(memory);
    report.memory = memory;
  }

  const resumeTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const resumeFile = await randomFile(256 * MiB, 'bench-resume');
    resumeTimes.push(
      await measureResume(
        bench,
        resumeFile.path,
        {
          protocol: 'content-range',
          endpoint: `${api.url}/content-range`,
          'chunk-size': String(8 * MiB),
        },
        64 * MiB,
        async (since) => {
          for (;;) {
            const at = chunkArrivals.find((t) => t >= since);
            if (at !== undefined) return at;
            await new Promise((r) => setTimeout(r, 5));
          }
        },
      ),
    );
  }
  const resume = {
    'first resumed byte after the file is given back, ms (median of 3)': median(resumeTimes),
    runs: resumeTimes,
  };
  console.log(
    '\nResume after reload (content-range): time to the first resumed chunk at the server',
  );
  console.table([resume]);
  report.resume = resume;
} finally {
  await bench.close();
  await api.close();
  await tusServer.close();
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const worker = readdirSync('dist/assets').find(
  (f) => f.startsWith('upload.worker') && f.endsWith('.js'),
)!;
const sizes = {
  'dist/index.js (Lit external)': gz('dist/index.js'),
  [`dist/assets/${worker}`]: gz(join('dist/assets', worker)),
  'dist/resumable-upload.bundle.js (Lit included)': gz('dist/resumable-upload.bundle.js'),
};
const besideLit = sizes['dist/index.js (Lit external)'] + sizes[`dist/assets/${worker}`];
console.log('\nSize, min+gz bytes');
console.table({ ...sizes, 'index + worker (beside Lit; target <= 20000)': besideLit });
report.sizes = { ...sizes, besideLit };

if (!values['skip-tus']) {
  console.log('\ntus: this element against tus-js-client on the same @tus/server');
  report.tus = await runTusBench({ sizeMiB: Math.min(sizeMiB, 512), runs: rounds });
}

if (failures.length) {
  console.log(`\nFailed runs:\n${failures.join('\n')}`);
  report.failures = failures;
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/bench.json', JSON.stringify(report, null, 2));
console.log('Wrote bench/results/bench.json');
