import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** True when this process may install Debian packages itself. */
export function canAptInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && existsSync('/usr/bin/apt-get');
}

let updated = false;

/**
 * `apt-get install -y` the given Debian packages (after one `apt-get update`
 * per process). Call only when `canAptInstall()`; throws when apt-get fails.
 */
export function aptInstall(packages, why) {
  console.log(`${why}: installing Debian's ${packages.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    updated = true;
  }
  execFileSync('apt-get', ['install', '-y', ...packages], {
    stdio: 'inherit',
    env,
  });
}

/**
 * `find()`, or when it finds nothing and we are root with apt-get, install
 * `packages` and `find()` again; throws `hint` when that still finds nothing.
 * When one of `envOverrides` names a path, that path is what was asked for: no install.
 */
export function findOrInstall({ find, packages, what, hint, envOverrides = [] }) {
  const found = find();
  if (found) return found;
  if (canAptInstall() && !envOverrides.some((name) => process.env[name])) {
    try {
      aptInstall(packages, `${what} not found`);
    } catch (error) {
      throw new Error(`${hint}\n(apt-get failed: ${error.message})`);
    }
    const installed = find();
    if (installed) return installed;
  }
  throw new Error(hint);
}
