import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../server/static.js';
import { randomFile } from '../test/helpers/random-file.js';
import { MiB, measureElement, measurePlainPut, median, openBench } from './harness.js';

/**
 * A segments upload's timeline over the emulated link (server/link.ts), seen from the
 * server: each request's arrival (half a round trip after the browser sent it), the end
 * of its body, its answer; how much of the upload's time the link carried bytes, and
 * where it stood idle. With several source trees (`--trees a,b`: each one's built dist/
 * and its own reference server), rounds alternate them after the one-request limit, so
 * machine noise hits them alike.
 *
 *   npx tsx bench/segments-timeline.ts --rtt-ms 250 --rounds 3 --trees /tmp/main,.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const rttMs = Number(option('rtt-ms', '100'));
const rounds = Number(option('rounds', '1'));
const bitsPerSecond = Number(option('mbit', '200')) * 1e6;
const sizeMiB = Number(option('size-mib', '128'));
const trees = option('trees', '.').split(',');
const quiet = args.includes('--quiet');

/** The link's busy spans (bytes crossing it), on the server's clock. */
const busy: Array<[number, number]> = [];
const bodyEnds: Array<{ at?: number; bytes: number }> = [];
type Server = Awaited<
  ReturnType<typeof import('../server/reference-server.js').startReferenceServer>
>;
const bench = await openBench();
// Per tree: its own reference server behind the link, and its dist/ on a page server of
// its own, all in the one browser.
const builds = [];
for (const tree of trees) {
  const root = resolve(tree);
  const { LinkBudget } = (await import(
    join(root, 'server/link.ts')
  )) as typeof import('../server/link.js');
  const reserve = LinkBudget.prototype.reserve;
  LinkBudget.prototype.reserve = function (this: typeof LinkBudget.prototype, bytes: number) {
    const ms = reserve.call(this, bytes);
    const end = performance.now() + ms;
    if (bytes > 0) busy.push([end - bytes / (bitsPerSecond / 8 / 1000), end]);
    return ms;
  };
  const { startReferenceServer } = (await import(
    join(root, 'server/reference-server.ts')
  )) as typeof import('../server/reference-server.js');
  const api: Server = await startReferenceServer({
    link: { rttMs, bitsPerSecond },
    onRequest: (req) => {
      const entry: { at?: number; bytes: number } = {
        bytes: Number(req.headers['content-length'] ?? 0),
      };
      bodyEnds.push(entry);
      req.on('end', () => (entry.at = performance.now()));
    },
  });
  const snapshot = await mkdtemp(join(tmpdir(), 'timeline-dist-'));
  await cp(join(root, 'dist'), snapshot, { recursive: true });
  const pages = await startStaticServer({
    '/dist': snapshot,
    '/pages': resolve(import.meta.dirname, '../test/e2e/pages'),
  });
  builds.push({ tree, api, snapshot, ctx: { ...bench, pages } });
}
const file = await randomFile(sizeMiB * MiB, 'bench-link');
const ratios = new Map<string, number[]>(trees.map((d) => [d, []]));

function timeline(api: Server): void {
  const t0 = api.requests[0].startedAt;
  const tEnd = Math.max(...api.requests.map((r) => r.endedAt ?? 0));
  if (!quiet) {
    api.requests.forEach((r, i) => {
      const body = bodyEnds[i];
      const at = (t: number | undefined) => ((t ?? NaN) - t0).toFixed(0).padStart(6);
      console.log(
        `  ${r.method.padEnd(7)} ${r.path.slice(0, 26).padEnd(26)} in ${at(r.startedAt)}  body ${at(body.at)}  answered ${at(r.endedAt)}  ${(body.bytes / MiB).toFixed(2)} MiB`,
      );
    });
  }
  busy.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let idleMid = 0;
  let span: [number, number] | undefined;
  const gaps: string[] = [];
  for (const [start, end] of busy) {
    if (span && start <= span[1]) {
      span[1] = Math.max(span[1], end);
      continue;
    }
    if (span) {
      total += span[1] - span[0];
      idleMid += start - span[1];
      if (start - span[1] > 20)
        gaps.push(`${(span[1] - t0).toFixed(0)}+${(start - span[1]).toFixed(0)}`);
    }
    span = [start, end];
  }
  total += span![1] - span![0];
  const firstSegment = api.requests.find((r) => r.method === 'POST')!.startedAt - t0;
  console.log(
    `  server span ${(tEnd - t0).toFixed(0)} ms: first segment in at ${firstSegment.toFixed(0)}, link busy ${total.toFixed(0)} (${((100 * total) / (tEnd - t0)).toFixed(1)}%), idle between bytes ${idleMid.toFixed(0)}, after the last byte ${(tEnd - span![1]).toFixed(0)}`,
  );
  if (!quiet) console.log(`  idle gaps over 20 ms (at+ms): ${gaps.join(' ')}`);
}

try {
  for (let round = 1; round <= rounds; round++) {
    const limit = await measurePlainPut(bench, file.path, `${builds[0].api.url}/sink`);
    console.log(`round ${round}: one request ${limit.seconds.toFixed(2)} s`);
    for (const { api, ...build } of builds) {
      api.requests.length = 0;
      bodyEnds.length = 0;
      busy.length = 0;
      const m = await measureElement(build.ctx, file.path, {
        protocol: 'segments',
        endpoint: `${api.url}/ccadmin/v1/files`,
      });
      const ratio = limit.seconds / m.seconds;
      ratios.get(build.tree)!.push(ratio);
      console.log(`${build.tree}: segments ${m.seconds.toFixed(2)} s, ratio ${ratio.toFixed(3)}`);
      timeline(api);
    }
  }
  for (const [tree, values] of ratios) {
    console.log(
      `${tree}: median ratio ${median(values).toFixed(3)} (${values.map((v) => v.toFixed(3)).join(' ')})`,
    );
  }
} finally {
  for (const build of builds) {
    await build.ctx.pages.close();
    await build.api.close();
    await rm(build.snapshot, { recursive: true, force: true });
  }
  await bench.close();
}
