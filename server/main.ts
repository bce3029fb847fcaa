import { startReferenceServer } from './reference-server.js';

/** `node --import tsx server/main.ts [port]`: the reference server alone. */
const port = Number(process.argv[2] ?? process.env.PORT ?? 4010);
const server = await startReferenceServer({ port });
console.log(`Reference server on ${server.url} (files in ${server.storage.dir})`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
