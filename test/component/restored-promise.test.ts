import { expect } from '@open-wc/testing';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import '../../src/resumable-upload.js';
import { FakeWorker, fakeWorkerForEachTest, fileOf, infoOf, storedSession } from './fake-worker.js';

/**
 * `restored` settles once the interrupted uploads are listed, also when it is read right
 * after the element is put in the page, before its first update (a page's script, the
 * bench): that read settled at once, before the worker had even been asked.
 */
let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

describe('restored', () => {
  it('read right after the element is put in the page, settles once the uploads are listed', async () => {
    const endpoint = 'https://api.example.test/listed';
    const file = fileOf(4096, 'listed.bin');
    worker.sessions = [storedSession('content-range', endpoint, infoOf(file), 1024)];
    const el = document.createElement('resumable-upload') as ResumableUpload;
    el.setAttribute('endpoint', endpoint);
    document.body.append(el);
    try {
      await el.restored;
      expect(el.uploads.map((u) => [u.name, u.status])).to.deep.equal([['listed.bin', 'restored']]);
    } finally {
      el.remove();
    }
  });
});
