import { execSync } from 'node:child_process';

/** The tests load the shipped bundle, so build it once before they run. */
export default function globalSetup() {
  if (process.env.SKIP_BUILD) return;
  execSync('npx vite build --logLevel error && npx vite build --mode bundle --logLevel error', {
    stdio: 'inherit',
  });
}
