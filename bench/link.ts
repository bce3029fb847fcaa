import { mkdir, writeFile } from 'node:fs/promises';
import type { LinkOptions } from '../server/link.js';
import { startReferenceServer } from '../server/reference-server.js';
import { randomFile } from '../test/helpers/random-file.js';
import { startTestTusServer } from '../test/helpers/tus-server.js';
import {
  MiB,
  measureElement,
  measurePlainPut,
  measureTusJs,
  measureUpChunk,
  median,
  openBench,
  throttleBrowser,
  type BenchContext,
  type Measurement,
} from './harness.js';

/**
 * `npm run bench -- --link`: every protocol at its defaults and the peers over an
 * emulated link (server/link.ts: half a round trip each way, the uplink's bandwidth
 * shared by all requests), against one request carrying the whole file over the same
 * link. Configurations are interleaved round by round so machine noise hits them alike.
 * The mobile profile emulates its link in Chromium instead (`inBrowser`), and judges
 * the longest gap between progress updates and the time left's error.
 */
export interface LinkProfile {
  name: string;
  link: LinkOptions;
  sizeMiB: number;
  /** Ratio to the one-request limit each configuration should reach (issue 19). */
  targets: Record<string, number>;
  /**
   * Emulate the link inside Chromium (DevTools throttling: latency and upload rate) instead
   * of in the servers: where progress cadence and time left are judged, the bytes must
   * leave the browser at the link's pace, and a server-side link cannot make them (the
   * loopback socket buffers take megabytes at once).
   */
  inBrowser?: boolean;
}

const sequentialTargets = (rangeAndTus: number, session: number, parts: number) => ({
  'content-range': rangeAndTus,
  tus: rangeAndTus,
  'chunked-session': session,
  multipart: parts,
  segments: 0.7,
});

export const LINK_PROFILES: Record<string, LinkProfile> = {
  '100ms': {
    name: '100 ms, 200 Mbit/s',
    link: { rttMs: 100, bitsPerSecond: 200e6 },
    sizeMiB: 128,
    targets: sequentialTargets(0.93, 0.93, 0.97),
  },
  '250ms': {
    name: '250 ms, 200 Mbit/s',
    link: { rttMs: 250, bitsPerSecond: 200e6 },
    sizeMiB: 128,
    targets: sequentialTargets(0.9, 0.85, 0.95),
  },
  // A small file: 2 Mbit/s moves 4 MiB in about 17 s, and every configuration runs each round.
  mobile: {
    name: 'mobile: 300 ms, 2 Mbit/s, throttled in Chromium',
    link: { rttMs: 300, bitsPerSecond: 2e6 },
    sizeMiB: 4,
    targets: {},
    inBrowser: true,
  },
};

interface LinkConfig {
  name: string;
  /** The protocol whose target applies (elements only). */
  protocol?: string;
  peer?: boolean;
  run: () => Promise<Measurement>;
}

export interface LinkRow {
  name: string;
  'MiB/s': number;
  'ratio to one request': number;
  target: string;
  'longest progress gap ms': number;
  /**
   * The element's time left against the truth after 10% of the file (harness.ts
   * timeLeftError); judged on in-browser links only: behind a server-side link the
   * bytes "sent" run megabytes ahead of the link.
   */
  'time-left error': string;
  runs: string;
}

export async function runLinkBench(options: {
  profiles: string[];
  rounds: number;
  /** Overrides of a profile: round trip, bandwidth, file size. */
  rttMs?: number;
  mbit?: number;
  sizeMiB?: number;
  only?: string;
  out?: string;
}): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    rounds: options.rounds,
  };
  const bench = await openBench();
  try {
    for (const key of options.profiles) {
      const base = LINK_PROFILES[key];
      if (!base) throw new Error(`No link profile "${key}": ${Object.keys(LINK_PROFILES)}`);
      const profile: LinkProfile = {
        ...base,
        link: {
          rttMs: options.rttMs ?? base.link.rttMs,
          bitsPerSecond: options.mbit ? options.mbit * 1e6 : base.link.bitsPerSecond,
        },
        sizeMiB: options.sizeMiB ?? base.sizeMiB,
      };
      report[key] = await runProfile(bench, profile, options.rounds, options.only);
    }
  } finally {
    await bench.close();
  }
  await mkdir('bench/results', { recursive: true });
  const out = options.out ?? 'bench/results/link.json';
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${out}`);
  return report;
}

async function runProfile(
  bench: BenchContext,
  profile: LinkProfile,
  rounds: number,
  only = '',
): Promise<{ profile: LinkProfile; rows: LinkRow[]; failures: string[] }> {
  const serverLink = profile.inBrowser ? undefined : profile.link;
  const api = await startReferenceServer({ link: serverLink });
  const tusServer = await startTestTusServer({ link: serverLink, log: false });
  throttleBrowser(
    profile.inBrowser
      ? { latencyMs: profile.link.rttMs, uploadBytesPerSecond: profile.link.bitsPerSecond / 8 }
      : undefined,
  );
  const file = await randomFile(profile.sizeMiB * MiB, 'bench-link');
  const element = (attrs: Record<string, string>) => () => measureElement(bench, file.path, attrs);
  const contentRangeSession = async () => {
    const response = await fetch(`${api.url}/content-range?size=${file.size}`, {
      method: 'POST',
    });
    return ((await response.json()) as { url: string }).url;
  };
  const configs: LinkConfig[] = [
    {
      name: 'one request (limit)',
      run: () => measurePlainPut(bench, file.path, `${api.url}/sink`),
    },
    {
      name: 'content-range',
      protocol: 'content-range',
      run: element({ protocol: 'content-range', endpoint: `${api.url}/content-range` }),
    },
    { name: 'tus', protocol: 'tus', run: element({ protocol: 'tus', endpoint: tusServer.url }) },
    {
      name: 'chunked-session',
      protocol: 'chunked-session',
      run: element({
        protocol: 'chunked-session',
        endpoint: `${api.url}/api/2.0/files/1/upload/create_session`,
      }),
    },
    {
      name: 'multipart',
      protocol: 'multipart',
      run: element({ protocol: 'multipart', endpoint: `${api.url}/multipart/uploads/multipart` }),
    },
    {
      name: 'segments',
      protocol: 'segments',
      run: element({ protocol: 'segments', endpoint: `${api.url}/ccadmin/v1/files` }),
    },
    {
      name: 'peer: tus-js-client (one PATCH)',
      peer: true,
      run: () => measureTusJs(bench, file.path, tusServer.url),
    },
    {
      name: 'peer: tus-js-client, parallelUploads 4',
      peer: true,
      run: () => measureTusJs(bench, file.path, tusServer.url, { parallelUploads: 4 }),
    },
    {
      name: 'peer: UpChunk (30 MiB chunks)',
      peer: true,
      run: async () => measureUpChunk(bench, file.path, await contentRangeSession()),
    },
  ].filter((c) => !only || !c.protocol || c.name.includes(only));

  const { rttMs, bitsPerSecond } = profile.link;
  console.log(
    `\nLink ${profile.name} (round trip ${rttMs} ms, ${bitsPerSecond / 1e6} Mbit/s), ${profile.sizeMiB} MiB file`,
  );
  const results = new Map<string, Measurement[]>(configs.map((c) => [c.name, []]));
  const failures: string[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const config of configs) {
        try {
          const m = await config.run();
          results.get(config.name)!.push(m);
          console.log(
            `round ${round}  ${config.name.padEnd(40)} ${m.mibPerSecond.toFixed(2).padStart(7)} MiB/s  progress gap ${m.progressGapMs?.toFixed(0) ?? '-'} ms ${m.progressGapAt ?? ''}  time-left error ${m.timeLeftError === undefined || !profile.inBrowser ? '-' : `${(m.timeLeftError * 100).toFixed(0)}%`}`,
          );
        } catch (error) {
          const message = (error as Error).message.split('\n')[0];
          if (round === 1) failures.push(`${config.name}: ${message}`);
          console.log(`round ${round}  ${config.name} FAILED: ${message}`);
        }
      }
    }
  } finally {
    throttleBrowser(undefined);
    await api.close();
    await tusServer.close();
  }
  const speed = (name: string) => {
    const runs = results.get(name)!;
    return runs.length ? median(runs.map((m) => m.mibPerSecond)) : NaN;
  };
  const limit = speed(configs[0].name);
  const bestPeer = Math.max(0, ...configs.filter((c) => c.peer).map((c) => speed(c.name) || 0));
  const rows: LinkRow[] = configs.map((c) => {
    const runs = results.get(c.name)!;
    const ratio = speed(c.name) / limit;
    const target = c.protocol ? profile.targets[c.protocol] : undefined;
    const verdict =
      target === undefined
        ? ''
        : `>= ${target} ${ratio >= target && speed(c.name) > bestPeer ? 'met' : 'MISSED'}`;
    const gaps = runs.map((m) => m.progressGapMs).filter((g): g is number => g !== undefined);
    const errors = profile.inBrowser
      ? runs.map((m) => m.timeLeftError).filter((e): e is number => e !== undefined)
      : [];
    return {
      name: c.name,
      'MiB/s': Number(speed(c.name).toFixed(2)),
      'ratio to one request': Number(ratio.toFixed(3)),
      target: verdict,
      'longest progress gap ms': gaps.length ? Math.round(Math.max(...gaps)) : NaN,
      'time-left error': errors.length ? `${(Math.max(...errors) * 100).toFixed(0)}%` : '',
      runs: runs.map((m) => m.mibPerSecond.toFixed(2)).join(' '),
    };
  });
  console.log(
    `\nLink ${profile.name}: ${profile.sizeMiB} MiB, ${rounds} round(s), medians; a target is met when the ratio reaches it and the protocol is ahead of every peer`,
  );
  console.table(rows);
  if (failures.length) console.log(`Did not run:\n  ${failures.join('\n  ')}`);
  return { profile, rows, failures };
}
