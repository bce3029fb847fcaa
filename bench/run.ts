import { mkdir, writeFile } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import {
  MiB,
  measureElement,
  measurePlainPut,
  median,
  openBench,
  type Measurement,
} from './harness.js';

/**
 * `npm run bench`: throughput of the element against the physical limit (one
 * plain `fetch` PUT of the same file to the same server), in one browser run,
 * configurations interleaved round by round so machine noise hits them alike.
 *
 *   npm run bench -- --size-mib 256 --rounds 3
 */
const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '256' },
    rounds: { type: 'string', default: '3' },
    'skip-build': { type: 'boolean', default: false },
    /** Extra content-range chunk sizes to compare with the default, e.g. `8,32`. */
    'chunk-mib': { type: 'string', default: '' },
  },
});
const sizeMiB = Number(values['size-mib']);
const rounds = Number(values.rounds);

if (!values['skip-build']) {
  execSync('npx vite build --logLevel error && npx vite build --mode bundle --logLevel error', {
    stdio: 'inherit',
  });
}

const api = await startReferenceServer();
const bench = await openBench();
const file = await randomFile(sizeMiB * MiB, 'bench');

interface Config {
  name: string;
  run: () => Promise<Measurement>;
}
const configs: Config[] = [
  {
    name: 'plain fetch PUT (limit)',
    run: () => measurePlainPut(bench, file.path, `${api.url}/sink`),
  },
  {
    name: 'content-range, default chunks',
    run: () =>
      measureElement(bench, file.path, {
        protocol: 'content-range',
        endpoint: `${api.url}/content-range`,
      }),
  },
];

// Throughput is measured here, never by a timed test: see the README.
for (const concurrency of [1, 4]) {
  configs.push({
    name: `multipart, ${concurrency} in flight`,
    run: () =>
      measureElement(bench, file.path, {
        protocol: 'multipart',
        endpoint: `${api.url}/multipart/uploads/multipart`,
        concurrency: String(concurrency),
      }),
  });
}

for (const mib of values['chunk-mib'].split(',').filter(Boolean).map(Number)) {
  configs.push({
    name: `content-range, ${mib} MiB chunks`,
    run: () =>
      measureElement(bench, file.path, {
        protocol: 'content-range',
        endpoint: `${api.url}/content-range`,
        'chunk-size': String(mib * MiB),
      }),
  });
}

const results = new Map<string, Measurement[]>(configs.map((c) => [c.name, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const config of configs) {
      const m = await config.run();
      results.get(config.name)!.push(m);
      console.log(
        `round ${round}  ${config.name.padEnd(34)} ${m.mibPerSecond.toFixed(1).padStart(6)} MiB/s  long tasks ${m.longTasks}  main busy ${m.mainThreadBusyMs.toFixed(0)} ms`,
      );
    }
  }
} finally {
  await bench.close();
  await api.close();
}

const limit = median(results.get(configs[0].name)!.map((m) => m.mibPerSecond));
const rows = configs.map((c) => {
  const runs = results.get(c.name)!;
  const mib = median(runs.map((m) => m.mibPerSecond));
  return {
    name: c.name,
    mibPerSecond: Number(mib.toFixed(1)),
    ratioToPlainPut: Number((mib / limit).toFixed(3)),
    longTasks: Math.max(...runs.map((m) => m.longTasks)),
    mainThreadBusyMs: Number(median(runs.map((m) => m.mainThreadBusyMs)).toFixed(0)),
    runs: runs.map((m) => Number(m.mibPerSecond.toFixed(1))),
  };
});
console.log(`\n${sizeMiB} MiB file from disk, ${rounds} rounds, medians:`);
console.table(rows);
await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/bench.json',
  JSON.stringify({ date: new Date().toISOString(), sizeMiB, rounds, rows }, null, 2),
);
console.log('Wrote bench/results/bench.json');
