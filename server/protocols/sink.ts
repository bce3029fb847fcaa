import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { sendJson, type Route } from '../http-kit.js';

/**
 * `PUT /sink`: one plain request body streamed to disk, the way the protocol
 * routes store chunks. The benchmark's physical limit: the same browser, the
 * same server, one request, no protocol.
 */
export const sinkRoute: Route = {
  prefix: '/sink',
  protocol: 'sink',
  async handle(req, res, _url, ctx) {
    if (req.method !== 'PUT' && req.method !== 'POST') {
      return sendJson(res, 405, { message: 'PUT a body here' });
    }
    const file = await ctx.storage.createFile('sink', 'sink', null);
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(req, createWriteStream(ctx.storage.path(file.id)));
    sendJson(res, 200, { id: file.id, bytes });
    await ctx.storage.remove(file.id);
  },
};
