import { expect } from '@open-wc/testing';
import type { UploadError } from '../../src/core/errors.js';
import { SAMPLE_BYTES, sampleRanges, sampledFingerprint } from '../../src/core/fingerprint.js';
import { createMemoryStore, sessionKey } from '../../src/core/session-store.js';
import { tus } from '../../src/protocols/tus.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

/**
 * The sampled fingerprint (src/core/fingerprint.ts): a session keeps it, and a resume
 * refuses a file whose samples differ though its name, size and date are the same.
 */

const ENDPOINT = 'https://tus.example.test/files/';
const UPLOAD = 'https://tus.example.test/files/abc';
const SIZE = 1024 * 1024;

/** The same file with one byte changed at `at`, same name, size, type and date. */
function changedAt(file: File, at: number): File {
  return new File(
    [file.slice(0, at), new Uint8Array([(at % 251) + 1]), file.slice(at + 1)],
    file.name,
    { type: file.type, lastModified: file.lastModified },
  );
}

const KiB256 = 256 * 1024;
/** The PATCH answers from 256 KiB on, in the session's 256 KiB chunks. */
const rest = () =>
  [2, 3, 4].map((n) => ({ status: 204, headers: { 'Upload-Offset': String(n * KiB256) } }));

/** A tus run that stops after the first PATCH (a 400), leaving its session stored. */
async function interrupted(file: File) {
  const store = createMemoryStore();
  const t = new ScriptedTransport([
    { status: 201, headers: { Location: UPLOAD } },
    { status: 204, headers: { 'Upload-Offset': String(256 * 1024) } },
    { status: 400, body: 'stop here' },
  ]);
  await runScripted(tus, t, file, { endpoint: ENDPOINT, chunkSize: 256 * 1024, store }).catch(
    () => undefined,
  );
  const key = sessionKey('tus', ENDPOINT, infoOf(file));
  return { store, key, record: (await store.get(key))! };
}

describe('sampled fingerprint', () => {
  it('samples the start, the middle and the end, or all of a small file', () => {
    expect(sampleRanges(100)).to.deep.equal([[0, 100]]);
    expect(sampleRanges(3 * SAMPLE_BYTES)).to.deep.equal([[0, 3 * SAMPLE_BYTES]]);
    expect(sampleRanges(SIZE)).to.deep.equal([
      [0, SAMPLE_BYTES],
      [SIZE / 2 - SAMPLE_BYTES / 2, SIZE / 2 + SAMPLE_BYTES / 2],
      [SIZE - SAMPLE_BYTES, SIZE],
    ]);
  });

  it('is the same for the same bytes and differs when a sampled byte changes', async () => {
    const file = patternFile(SIZE, 'a.bin');
    const same = await sampledFingerprint(file);
    expect(same).to.match(/^sha256-sampled:[0-9a-f]{64}$/);
    expect(await sampledFingerprint(new File([file], 'other-name.bin'))).to.equal(same);
    for (const at of [0, SAMPLE_BYTES - 1, SIZE / 2, SIZE - 1]) {
      expect(await sampledFingerprint(changedAt(file, at)), `byte ${at}`).to.not.equal(same);
    }
    // Outside the samples a change is not seen: that is the protocols' checksums' part.
    expect(await sampledFingerprint(changedAt(file, SAMPLE_BYTES + 10))).to.equal(same);
  });

  it('the session record keeps the fingerprint of the file', async () => {
    const file = patternFile(SIZE, 'a.bin');
    const { record } = await interrupted(file);
    expect(record.bytesConfirmed).to.equal(256 * 1024);
    expect(record.fingerprint).to.equal(await sampledFingerprint(file));
  });

  it('resume refuses a file changed in place, before any request, and keeps the session', async () => {
    const file = patternFile(SIZE, 'a.bin');
    const { store, key } = await interrupted(file);
    const changed = changedAt(file, SIZE - 5);
    expect(infoOf(changed)).to.deep.equal(infoOf(file));
    const t = new ScriptedTransport([]);
    const error = (await runScripted(tus, t, changed, { endpoint: ENDPOINT, store }).catch(
      (e: unknown) => e,
    )) as UploadError;
    expect(error.code).to.equal('file-changed');
    expect(error.message).to.contain('content differs');
    expect(error.message).to.contain('Nothing was sent');
    expect(t.requests).to.have.length(0);
    // The unchanged file can still resume it.
    expect(await store.get(key)).to.not.equal(undefined);
    const resumed = new ScriptedTransport([
      {
        status: 200,
        headers: { 'Upload-Offset': String(256 * 1024), 'Upload-Length': String(SIZE) },
      },
      ...rest(),
    ]);
    await runScripted(tus, resumed, file, { endpoint: ENDPOINT, store });
    expect(resumed.requests.map((r) => r.method)).to.deep.equal([
      'HEAD',
      'PATCH',
      'PATCH',
      'PATCH',
    ]);
  });

  it('a record stored before fingerprints existed still resumes', async () => {
    const file = patternFile(SIZE, 'a.bin');
    const { store, key, record } = await interrupted(file);
    delete record.fingerprint;
    await store.put(record);
    const t = new ScriptedTransport([
      {
        status: 200,
        headers: { 'Upload-Offset': String(256 * 1024), 'Upload-Length': String(SIZE) },
      },
      ...rest(),
    ]);
    await runScripted(tus, t, changedAt(file, SIZE - 5), {
      endpoint: ENDPOINT,
      store,
    });
    expect(t.requests.map((r) => r.method)).to.deep.equal(['HEAD', 'PATCH', 'PATCH', 'PATCH']);
    expect(await store.get(key)).to.equal(undefined);
  });
});
