import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A file of random bytes on disk (cached per size and name), with its SHA-256. */
export async function randomFile(
  bytes: number,
  name = 'random',
): Promise<{ path: string; sha256: string; size: number }> {
  const dir = join(tmpdir(), 'resumable-upload-fixtures');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}-${bytes}.bin`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    await new Promise<void>((done, fail) => {
      const out = createWriteStream(partial);
      out.on('error', fail);
      let left = bytes;
      const write = () => {
        while (left > 0) {
          const n = Math.min(left, 4 * 1024 * 1024);
          left -= n;
          if (!out.write(randomBytes(n))) return out.once('drain', write);
        }
        out.end(done);
      };
      write();
    });
    await rename(partial, path);
  }
  return { path, sha256: await sha256File(path), size: bytes };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
