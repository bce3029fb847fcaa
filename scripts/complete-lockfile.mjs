#!/usr/bin/env node
/**
 * The npm registry this project is built against lacks most of rollup's
 * per-platform optional packages (only a few are mirrored), so `npm install`
 * writes a lock file without their entries and `npm ci` then refuses it as
 * "not in sync". This adds the missing entries the way a full registry would
 * have written them (optional, with their os/cpu/libc), so `npm ci` accepts
 * the lock and skips them on a platform they do not fit. Run it after any
 * `npm install` that rewrites package-lock.json; it changes nothing when the
 * entries are there.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const OS = {
  android: 'android',
  darwin: 'darwin',
  freebsd: 'freebsd',
  linux: 'linux',
  openbsd: 'openbsd',
  openharmony: 'openharmony',
  win32: 'win32',
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const match = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(dep);
    if (!match) continue;
    const where = `${key ? `${key}/` : ''}node_modules/${dep}`.replace(
      /^node_modules\/rollup\/node_modules\//,
      'node_modules/',
    );
    const entryKey = lock.packages[`node_modules/${dep}`] ? `node_modules/${dep}` : where;
    if (lock.packages[entryKey]) continue;
    const [, os, cpu, abi] = match;
    const entry = {
      version,
      cpu: [cpu],
      dev: true,
      license: 'MIT',
      optional: true,
      os: [OS[os] ?? os],
    };
    if (os === 'linux') entry.libc = [abi?.startsWith('musl') ? 'musl' : 'glibc'];
    lock.packages[entryKey] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}`);
