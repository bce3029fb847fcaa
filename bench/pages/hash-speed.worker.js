// bench/hash-speed.ts: what each step of a checksummed upload costs in a Chromium worker.
// Every number is MiB/s of the file (256 MiB from disk), one step at a time.
const MiB = 1024 * 1024;

async function timed(bytes, run) {
  const start = performance.now();
  await run();
  return bytes / MiB / ((performance.now() - start) / 1000);
}

async function readAll(file, slice, each) {
  for (let at = 0; at < file.size; at += slice) {
    const bytes = new Uint8Array(await file.slice(at, at + slice).arrayBuffer());
    await each(bytes, at);
  }
}

/** Times only `each` (the data already in memory), summed over the file read in `slice`s. */
async function stepSpeed(file, slice, each) {
  let ms = 0;
  await readAll(file, slice, async (bytes, at) => {
    const start = performance.now();
    await each(bytes, at);
    ms += performance.now() - start;
  });
  return file.size / MiB / (ms / 1000);
}

async function put(url, body, size) {
  const response = await fetch(url, { method: 'PUT', body });
  await response.text();
  if (!response.ok) throw new Error(`PUT ${response.status}`);
  return size;
}

self.onmessage = async ({ data: { file, sink } }) => {
  // Imported here, not at the top: a message posted during a top-level await is lost.
  const { hashKit } = await import('/dist/assets/checksum.js');
  const rows = [];
  const row = (step, slice, mibPerSecond) =>
    rows.push({ step, 'slice MiB': slice / MiB, 'MiB/s': Number(mibPerSecond.toFixed(0)) });
  try {
    for (const slice of [8 * MiB, 64 * MiB]) {
      row(
        'read: slice.arrayBuffer()',
        slice,
        await timed(file.size, () => readAll(file, slice, () => {})),
      );
      for (const algorithm of ['crc32c', 'md5', 'sha256']) {
        const hasher = await hashKit.create(algorithm);
        hasher.init();
        row(
          `hash-wasm ${algorithm} update`,
          slice,
          await stepSpeed(file, slice, (b) => hasher.update(b)),
        );
      }
      row(
        'crypto.subtle SHA-256 per slice',
        slice,
        await stepSpeed(file, slice, (b) => crypto.subtle.digest('SHA-256', b)),
      );
      row(
        'read: FileReaderSync',
        slice,
        await timed(file.size, async () => {
          for (let at = 0; at < file.size; at += slice)
            new FileReaderSync().readAsArrayBuffer(file.slice(at, at + slice));
        }),
      );
      row('new Blob([bytes]) copy', slice, await stepSpeed(file, slice, (b) => void new Blob([b])));
      row(
        'new Blob([bytes]).arrayBuffer()',
        slice,
        await stepSpeed(file, slice, (b) => new Blob([b]).arrayBuffer()),
      );
    }
    // The send alone, one request per slice, one at a time: the file's own slice, a Blob of
    // the bytes read, the Uint8Array itself, a Blob composed of 8 MiB Blobs.
    for (const slice of [8 * MiB, 64 * MiB]) {
      const limit = Math.min(file.size, 256 * MiB);
      const each = async (make) => {
        let ms = 0;
        for (let at = 0; at < limit; at += slice) {
          const body = await make(at);
          const start = performance.now();
          await put(sink, body, slice);
          ms += performance.now() - start;
        }
        return limit / MiB / (ms / 1000);
      };
      const read = async (at) => new Uint8Array(await file.slice(at, at + slice).arrayBuffer());
      row(
        'send: file.slice (no read)',
        slice,
        await each(async (at) => file.slice(at, at + slice)),
      );
      row('send: new Blob([bytes])', slice, await each(async (at) => new Blob([await read(at)])));
      row('send: Uint8Array body', slice, await each(read));
      row(
        'send: one Blob of 8 MiB arrays',
        slice,
        await each(async (at) => {
          const parts = [];
          for (let sub = at; sub < at + slice; sub += 8 * MiB) {
            parts.push(
              new Uint8Array(
                await file.slice(sub, Math.min(sub + 8 * MiB, at + slice)).arrayBuffer(),
              ),
            );
          }
          return new Blob(parts);
        }),
      );
      row(
        'send: Blob of 8 MiB Blobs',
        slice,
        await each(async (at) => {
          const parts = [];
          for (let sub = at; sub < at + slice; sub += 8 * MiB) {
            parts.push(
              new Blob([
                new Uint8Array(
                  await file.slice(sub, Math.min(sub + 8 * MiB, at + slice)).arrayBuffer(),
                ),
              ]),
            );
          }
          return new Blob(parts);
        }),
      );
    }
    self.postMessage({ rows });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
