import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as TusServer } from '@tus/server';
import type { FileStore } from '@tus/file-store';
import { runningHash, type ServerAlgorithm } from './checksums.js';

/**
 * tus's checksum extension, which @tus/server does not implement, as a thin layer in front
 * of it (docs/protocols/tus.md#checksums): `OPTIONS` lists `checksum` in `Tus-Extension`
 * and the algorithms in `Tus-Checksum-Algorithm`; a PATCH with `Upload-Checksum` is read
 * whole and hashed before tus sees it, and one whose bytes are not its checksum's is
 * answered `460 Checksum Mismatch` and stored not at all, as the extension requires.
 * A PATCH without the header goes to tus untouched, streamed as before.
 */

export const TUS_CHECKSUM_ALGORITHMS: ServerAlgorithm[] = ['crc32c', 'md5', 'sha256'];

export interface TusChecksumLayer {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The fault knob: change one byte of this many next checksummed PATCH bodies on their way in. */
  corruptNext: number;
  /** 460s answered so far. */
  mismatches: number;
}

export function tusChecksumLayer(tus: TusServer, store: FileStore): TusChecksumLayer {
  if (!store.extensions.includes('checksum')) store.extensions.push('checksum');
  const layer: TusChecksumLayer = {
    corruptNext: 0,
    mismatches: 0,
    async handle(req, res) {
      if (req.method === 'OPTIONS') {
        res.setHeader('Tus-Checksum-Algorithm', TUS_CHECKSUM_ALGORITHMS.join(','));
      }
      const claim = req.headers['upload-checksum'];
      if (req.method !== 'PATCH' || typeof claim !== 'string') return tus.handle(req, res);
      const [name = '', value = ''] = claim.trim().split(/\s+/);
      const algorithm = name.toLowerCase() as ServerAlgorithm;
      const pieces: Buffer[] = [];
      for await (const piece of req) pieces.push(piece as Buffer);
      const body = Buffer.concat(pieces);
      if (layer.corruptNext > 0 && body.length > 0) {
        layer.corruptNext--;
        body[0] ^= 0xff;
      }
      const origin = req.headers.origin;
      const cors: Record<string, string> = origin
        ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
        : {};
      if (!TUS_CHECKSUM_ALGORITHMS.includes(algorithm)) {
        res.writeHead(400, { ...cors, 'Tus-Resumable': '1.0.0' });
        return void res.end(`Unsupported checksum algorithm "${name}"`);
      }
      const hash = await runningHash(algorithm);
      hash.update(body);
      if (hash.base64() !== value) {
        layer.mismatches++;
        res.writeHead(460, { ...cors, 'Tus-Resumable': '1.0.0' });
        return void res.end('Checksum Mismatch');
      }
      const headers = new Headers();
      for (const [key, given] of Object.entries(req.headers)) {
        if (typeof given === 'string') headers.set(key, given);
      }
      const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
      const answer = await tus.handleWeb(new Request(url, { method: 'PATCH', headers, body }));
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    },
  };
  return layer;
}
