import { spawn } from 'node:child_process';

/**
 * Helper processes (Xvfb, WebKitWebDriver) that must not outlive the test run.
 * Each is started in its own process group, so stopping it also stops what it
 * started (WebKitWebDriver starts MiniBrowser and WebKit's own processes).
 * `stop()` ends one gracefully; should the run end without it (an exception,
 * Ctrl-C, SIGTERM, SIGHUP), every one still alive is killed as the process exits.
 */
const alive = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

const killAllNow = () => {
  for (const child of alive) killGroup(child, 'SIGKILL');
  alive.clear();
};

function onSignal(signal) {
  killAllNow();
  forget();
  // Do what the signal would have done had we not listened, unless someone else handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const SIGNALS = ['SIGTERM', 'SIGHUP'];
let listening = false;
function listen() {
  if (listening) return;
  listening = true;
  process.on('exit', killAllNow);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
function forget() {
  if (!listening) return;
  listening = false;
  process.off('exit', killAllNow);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Spawn `command` in its own process group, tracked so that it dies with us.
 * Returns the child and `stop()`, which sends SIGTERM to the group, then
 * SIGKILL when it has not exited within `graceMs`.
 */
export function spawnTracked(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  // Until it has a pid it cannot be tracked (spawn failed: 'error' tells why).
  if (child.pid !== undefined) {
    alive.add(child);
    listen();
  }
  const exited = new Promise((resolve) => {
    child.once('exit', resolve);
    child.once('error', resolve);
  });
  void exited.then(() => {
    alive.delete(child);
    if (alive.size === 0) forget();
  });
  async function stop(graceMs = 3000) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(() => resolve(true), graceMs)));
    if (await Promise.race([exited.then(() => false), late])) {
      killGroup(child, 'SIGKILL');
      await exited;
    }
    clearTimeout(timer);
    // What the leader started may linger after the leader itself exited.
    killGroup(child, 'SIGKILL');
    alive.delete(child);
  }
  return { child, exited, stop };
}
