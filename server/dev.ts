import { resolve } from 'node:path';
import { createServer } from 'vite';
import { startReferenceServer } from './reference-server.js';
import { startTusServer } from './tus.js';

/**
 * `npm start`: the reference server (every protocol of docs/protocols), the real tus
 * server, and the demo page through Vite, all on 127.0.0.1.
 */
const root = resolve(import.meta.dirname, '..');
const api = await startReferenceServer({
  port: Number(process.env.API_PORT ?? 4010),
  bearerToken: 'demo-token',
  authCookie: 'asc_auth_key=demo-key',
});
const tus = await startTusServer({ port: Number(process.env.TUS_PORT ?? 4020) });
const vite = await createServer({
  configFile: false,
  root: resolve(root, 'demo'),
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), strictPort: false },
  logLevel: 'warn',
});
await vite.listen();
const demoUrl = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`Reference server: ${api.url} (files in ${api.storage.dir})`);
console.log(`tus server:       ${tus.url}`);
console.log(`Demo:             ${demoUrl}`);

const stop = async () => {
  await Promise.allSettled([vite.close(), api.close(), tus.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
