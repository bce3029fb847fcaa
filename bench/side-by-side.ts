import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import { startTestTusServer } from '../test/helpers/tus-server.js';
import * as here from './harness.js';
import { LINK_PROFILES } from './link.js';

/**
 * Protocols of this checkout and of another (`--base`, a worktree with
 * its own dist/ built) over the same emulated link in ONE run, interleaved upload by
 * upload so the machine's noise hits both alike: each side's element from its own dist/
 * against its own reference server, and the one-request limit and tus-js-client once.
 *
 * node scripts/with-chromium.mjs node --import tsx bench/side-by-side.ts --base ../main
 *   [--profiles 100ms,250ms] [--rounds 3] [--size-mib 128]
 *   [--protocols content-range,chunked-session,multipart]
 */
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    profiles: { type: 'string', default: '100ms,250ms' },
    rounds: { type: 'string', default: '3' },
    'size-mib': { type: 'string' },
    protocols: { type: 'string', default: 'content-range,chunked-session' },
  },
});
if (!values.base) throw new Error('--base <another checkout with dist/ built> is required');
const baseRoot = resolve(values.base);
const there = (await import(resolve(baseRoot, 'bench/harness.ts'))) as typeof here;
const baseServer = (await import(
  resolve(baseRoot, 'server/reference-server.ts')
)) as typeof import('../server/reference-server.js');

const benchHere = await here.openBench();
const benchThere = await there.openBench();
try {
  for (const key of values.profiles.split(',')) {
    const profile = LINK_PROFILES[key];
    const link = profile.link;
    const sizeMiB = Number(values['size-mib'] ?? profile.sizeMiB);
    const apiHere = await startReferenceServer({ link });
    const apiThere = await baseServer.startReferenceServer({ link });
    const tusServer = await startTestTusServer({ link, log: false });
    const file = await randomFile(sizeMiB * here.MiB, 'bench-link');
    const endpoint: Record<string, string> = {
      'content-range': '/content-range',
      'chunked-session': '/api/2.0/files/1/upload/create_session',
      multipart: '/multipart/uploads/multipart',
    };
    const configs: Array<{ name: string; run: () => Promise<here.Measurement> }> = [
      {
        name: 'one request (limit)',
        run: () => here.measurePlainPut(benchHere, file.path, `${apiHere.url}/sink`),
      },
      {
        name: 'peer: tus-js-client (one PATCH)',
        run: () => here.measureTusJs(benchHere, file.path, tusServer.url),
      },
    ];
    for (const protocol of values.protocols.split(',')) {
      configs.push(
        {
          name: `${protocol} (base)`,
          run: () =>
            there.measureElement(benchThere, file.path, {
              protocol,
              endpoint: `${apiThere.url}${endpoint[protocol]}`,
            }),
        },
        {
          name: `${protocol} (this)`,
          run: () =>
            here.measureElement(benchHere, file.path, {
              protocol,
              endpoint: `${apiHere.url}${endpoint[protocol]}`,
            }),
        },
      );
    }
    console.log(`\n${profile.name}, ${sizeMiB} MiB`);
    const speeds = new Map<string, number[]>(configs.map((c) => [c.name, []]));
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const config of configs) {
        const m = await config.run();
        speeds.get(config.name)!.push(m.mibPerSecond);
        console.log(`round ${round}  ${config.name.padEnd(36)} ${m.mibPerSecond.toFixed(2)} MiB/s`);
      }
    }
    const limit = here.median(speeds.get(configs[0].name)!);
    console.table(
      configs.map((c) => ({
        name: c.name,
        'MiB/s': Number(here.median(speeds.get(c.name)!).toFixed(2)),
        'ratio to one request': Number((here.median(speeds.get(c.name)!) / limit).toFixed(3)),
        runs: speeds
          .get(c.name)!
          .map((s) => s.toFixed(2))
          .join(' '),
      })),
    );
    await apiHere.close();
    await apiThere.close();
    await tusServer.close();
  }
} finally {
  await benchHere.close();
  await benchThere.close();
}
