import { expect, fixture, html } from '@open-wc/testing';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import type { BackgroundUnavailableDetail } from '../../src/element/events.js';
import {
  FakeWorker,
  fakeWorkerForEachTest,
  fileOf,
  infoOf,
  storedSession,
  until,
} from './fake-worker.js';

/**
 * `background` where Background Fetch cannot take uploads: Firefox and WebKit have none,
 * and these pages register no service worker. The element says so once, uploads exactly
 * as without the attribute (no hand-off asked of the worker), and a session a fetch
 * owned on another visit is adopted back in the page. The hand-off itself runs end to
 * end in Chromium (test/e2e/background.spec.ts).
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

const hasBackgroundFetch = 'BackgroundFetchManager' in globalThis;

function told(el: ResumableUpload): BackgroundUnavailableDetail[] {
  const heard: BackgroundUnavailableDetail[] = [];
  el.addEventListener('background-unavailable', (e) => heard.push(e.detail));
  return heard;
}

describe('background uploads where they cannot work', () => {
  it('says so once, and the upload goes on in the page as before', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload
        endpoint="https://api.example.test/bg-a"
        auto-start
      ></resumable-upload>`,
    );
    const heard = told(el);
    el.background = true;
    await until(() => heard.length === 1, 'background-unavailable');
    // Firefox and WebKit: no Background Fetch at all; Chromium here: no service worker.
    expect(heard[0].reason).to.equal(hasBackgroundFetch ? 'no-service-worker' : 'unsupported');
    expect(heard[0].message).to.match(
      hasBackgroundFetch ? /resumable-upload\.sw\.js/ : /no Background Fetch/,
    );

    await el.restored;
    const file = fileOf(1000, 'report.pdf', 'application/pdf');
    el.addFiles([file]);
    const { id } = await worker.nextStart(0);
    await until(() => worker.sent.some((m) => m.type === 'go'), 'go');
    worker.reply({ type: 'progress', id, bytesSent: 400, bytesConfirmed: 400, bytesTotal: 1000 });
    // The page goes away and the user asks for the background: nothing is handed off.
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    await el.continueInBackground();
    await el.continueInBackground(id);
    expect(worker.sent.map((m) => m.type)).to.not.include('hand-off');
    expect(heard).to.have.length(1);

    worker.reply({ type: 'success', id, result: { ok: true } });
    await until(() => el.uploads[0]?.status === 'done', 'done');
    expect(el.uploads[0].result).to.deep.equal({ ok: true });
  });

  it('is silent while the attribute is off', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint="https://api.example.test/bg-b"></resumable-upload>`,
    );
    const heard = told(el);
    await el.restored;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).to.deep.equal([]);
  });

  it('adopts a session a Background Fetch owned, and resumes it from the server offset', async () => {
    const endpoint = 'https://api.example.test/bg-c';
    const file = fileOf(2000, 'film.mov', 'video/quicktime');
    const session = storedSession('content-range', endpoint, infoOf(file), 500);
    session.background = {
      id: `resumable-upload:${session.key}`,
      since: Date.now(),
      bytesHeld: 500,
      total: 1500,
      state: 'failed',
    };
    worker.sessions = [session];
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint=${endpoint}></resumable-upload>`,
    );
    await el.restored;
    // No fetch to watch here: the worker asks the server what the fetch left.
    await until(() => worker.sent.some((m) => m.type === 'adopt'), 'adopt');
    const adopt = worker.sent.find((m) => m.type === 'adopt')!;
    expect(adopt).to.include({ key: session.key });
    expect(el.uploads[0].status).to.equal('uploading');
    worker.reply({ type: 'adopted', id: el.uploads[0].id, bytesConfirmed: 1200 });
    await until(() => el.uploads[0].status === 'restored', 'restored');
    expect(el.uploads[0].bytesSent).to.equal(1200);
    // Its file, picked again, goes on from there.
    el.addFiles([file]);
    const start = await worker.nextStart(0);
    expect(start.info).to.deep.equal(infoOf(file));
  });

  it('a tab that takes over from one that handed off watches the fetch, and never sends', async () => {
    const endpoint = 'https://api.example.test/bg-d';
    const file = fileOf(3000, 'take-over.mov', 'video/quicktime');
    const session = storedSession('content-range', endpoint, infoOf(file), 1000);
    worker.sessions = [session];
    // The other tab drives it.
    let release!: () => void;
    await new Promise<void>((held) => {
      void navigator.locks.request(`resumable-upload ${session.key}`, () => {
        held();
        return new Promise<void>((r) => (release = r));
      });
    });
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload endpoint=${endpoint} auto-start></resumable-upload>`,
    );
    await el.restored;
    el.addFiles([file]);
    await until(() => el.uploads[0]?.elsewhere, 'shown as elsewhere');
    // It hands the rest to a Background Fetch, then closes.
    worker.sessions = [
      {
        ...session,
        background: {
          id: `resumable-upload:${session.key}`,
          since: Date.now(),
          bytesHeld: 1000,
          total: 2000,
          state: 'sending',
        },
      },
    ];
    const startsBefore = worker.starts().length;
    release();
    await until(() => worker.sent.some((m) => m.type === 'adopt'), 'adopt');
    expect(el.uploads[0].elsewhere).to.equal(false);
    expect(el.uploads[0].status).to.equal('uploading');
    expect(worker.starts().length).to.equal(startsBefore);
  });
});
