import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import { MiB, measureElement, openBench } from './harness.js';

/**
 * What a checksum costs in CPU, not in wall time: the CPU seconds Chromium (all its
 * processes) and the reference server (this process) spend on one upload of the same file
 * with each checksum. On a 2-core machine whose CPU is what limits the upload, the
 * wall-clock ratio of `npm run bench -- --only checksum` follows this one; this one moves
 * less with the machine's other load (not nothing: a slower upload reads smaller pieces).
 *
 *   node scripts/with-chromium.mjs node --import tsx bench/checksum-cpu.ts --size-mib 512 --rounds 2
 */
const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '512' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string', default: '' },
  },
});
const TICK = 100; // USER_HZ: /proc's CPU times are in 1/100 s.

/** CPU seconds (user + system) of `root` and every process below it, living now. */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      stats.set(Number(name), { parent: Number(fields[1]), ticks });
    } catch {
      // Gone meanwhile.
    }
  }
  let ticks = 0;
  for (const [pid, { ticks: own }] of stats) {
    for (let at: number | undefined = pid; at; at = stats.get(at)?.parent) {
      if (at === root) {
        ticks += own;
        break;
      }
    }
  }
  return ticks / TICK;
}

const api = await startReferenceServer();
const bench = await openBench();
const file = await randomFile(Number(values['size-mib']) * MiB, 'bench');
const configs = ['content-range', 'multipart']
  .flatMap((protocol) => ['none', 'crc32c', 'sha256'].map((checksum) => ({ protocol, checksum })))
  .filter((c) => `${c.protocol} ${c.checksum}`.includes(values.only));
const rows: Array<Record<string, unknown>> = [];
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const { protocol, checksum } of configs) {
      const endpoint =
        protocol === 'multipart'
          ? `${api.url}/multipart/uploads/multipart`
          : `${api.url}/content-range`;
      const attrs = {
        protocol,
        endpoint,
        checksum,
        ...(protocol === 'multipart' && { concurrency: '4' }),
      };
      // Pages of earlier uploads are closed: their processes' times leave the sum.
      // This process (the servers, Playwright) and, below it, Chromium's processes.
      const treeBefore = treeCpuSeconds(process.pid);
      const serverBefore = process.cpuUsage();
      const m = await measureElement(bench, file.path, attrs);
      const server = process.cpuUsage(serverBefore);
      const serverSeconds = (server.user + server.system) / 1e6;
      const browser = treeCpuSeconds(process.pid) - treeBefore - serverSeconds;
      rows.push({
        round,
        protocol,
        checksum,
        'MiB/s': Number(m.mibPerSecond.toFixed(1)),
        'browser CPU s/GiB': Number((((browser * 1024) / file.size) * MiB).toFixed(2)),
        'server CPU s/GiB': Number((((serverSeconds * 1024) / file.size) * MiB).toFixed(2)),
        'wall s/GiB': Number(((m.seconds * 1024 * MiB) / file.size).toFixed(2)),
      });
      console.log(JSON.stringify(rows.at(-1)));
    }
  }
  console.table(rows);
} finally {
  await bench.close();
  await api.close();
}
