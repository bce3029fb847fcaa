import { expect, fixture, html } from '@open-wc/testing';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import { toldUnavailable } from './background-stand-in.js';
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

describe('background uploads where they cannot work', () => {
  it('says so once, and the upload goes on in the page as before', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload
        endpoint="https://api.example.test/bg-a"
        auto-start
      ></resumable-upload>`,
    );
    const heard = toldUnavailable(el);
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
    const heard = toldUnavailable(el);
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

  describe('with a Background Fetch the test plays', () => {
    /** A registration that records what the page asked of it. */
    class PlayedFetch extends EventTarget {
      uploaded = 0;
      result: '' | 'success' | 'failure' = '';
      aborted = false;
      constructor(
        readonly id: string,
        readonly requests: Request[],
        readonly uploadTotal: number,
      ) {
        super();
      }
      async abort() {
        this.aborted = true;
        return true;
      }
    }
    const fetches: PlayedFetch[] = [];
    let refuse: string | undefined;
    const manager = {
      async fetch(id: string, requests: Request[], options: { uploadTotal: number }) {
        if (refuse) throw new TypeError(refuse);
        const fetch = new PlayedFetch(id, requests, options.uploadTotal);
        fetches.push(fetch);
        return fetch;
      },
      async get() {
        return undefined;
      },
    };
    const hadManager = 'BackgroundFetchManager' in globalThis;
    let container: ServiceWorkerContainer | undefined;
    beforeEach(() => {
      fetches.length = 0;
      refuse = undefined;
      if (!hadManager) Object.assign(globalThis, { BackgroundFetchManager: class {} });
      container = navigator.serviceWorker;
      const registration = { active: {}, backgroundFetch: manager };
      Object.defineProperty(navigator, 'serviceWorker', {
        configurable: true,
        value: Object.assign(new EventTarget(), { getRegistration: async () => registration }),
      });
    });
    afterEach(() => {
      if (!hadManager)
        delete (globalThis as { BackgroundFetchManager?: unknown }).BackgroundFetchManager;
      // Back to the browser's own container (the prototype's getter).
      delete (navigator as { serviceWorker?: unknown }).serviceWorker;
      expect(navigator.serviceWorker).to.equal(container);
    });

    async function sending(endpoint: string) {
      const el = await fixture<ResumableUpload>(
        html`<resumable-upload endpoint=${endpoint} auto-start background></resumable-upload>`,
      );
      await el.restored;
      el.addFiles([fileOf(4000, 'big.mov', 'video/quicktime')]);
      const { id } = await worker.nextStart(0);
      await until(() => worker.sent.some((m) => m.type === 'go'), 'go');
      return { el, id };
    }
    const plan = (id: string) => ({
      type: 'hand-off-plan' as const,
      id,
      fetchId: `resumable-upload:${id}`,
      plan: {
        bytesHeld: 1000,
        requests: [
          {
            url: 'https://api.example.test/s/1',
            method: 'PUT',
            headers: { 'Content-Range': 'bytes 1000-3999/4000' },
            body: new Blob([new Uint8Array(3000)]),
            start: 1000,
            end: 4000,
          },
        ],
      },
    });

    it('hides the page: the worker plans, the browser takes the fetch, the loop ends', async () => {
      const { el, id } = await sending('https://api.example.test/bg-e');
      const handed: unknown[] = [];
      el.addEventListener('upload-background', (e) => handed.push(e.detail));
      window.dispatchEvent(new Event('pagehide'));
      await until(() => worker.sent.some((m) => m.type === 'hand-off'), 'hand-off');
      worker.reply(plan(id));
      await until(() => worker.sent.some((m) => m.type === 'handed-off'), 'handed-off');
      expect(fetches).to.have.length(1);
      expect(fetches[0].uploadTotal).to.equal(3000);
      expect(fetches[0].requests[0].headers.get('Content-Range')).to.equal('bytes 1000-3999/4000');
      expect(handed).to.deep.equal([{ id, name: 'big.mov', bytesSent: 1000, bytesTotal: 4000 }]);
      expect(el.uploads[0].status).to.equal('uploading');
      // The fetch's progress is the row's.
      fetches[0].uploaded = 2000;
      fetches[0].dispatchEvent(new Event('progress'));
      await until(() => el.uploads[0].bytesSent === 3000, 'progress 3000');
      // It ends: the page adopts it back.
      fetches[0].uploaded = 3000;
      fetches[0].result = 'success';
      fetches[0].dispatchEvent(new Event('progress'));
      await until(() => worker.sent.some((m) => m.type === 'adopt'), 'adopt');
      worker.reply({ type: 'success', id, result: { done: true } });
      await until(() => el.uploads[0].status === 'done', 'done');
    });

    it('a refused registration leaves the upload sending here, and says so once', async () => {
      const { el, id } = await sending('https://api.example.test/bg-f');
      const heard = toldUnavailable(el);
      refuse = 'registration failed';
      await el.continueInBackground();
      worker.reply(plan(id));
      await until(() => worker.sent.some((m) => m.type === 'hand-off-failed'), 'hand-off-failed');
      expect(worker.sent.find((m) => m.type === 'hand-off-failed')).to.deep.equal({
        type: 'hand-off-failed',
        id,
        resume: true,
      });
      expect(heard.map((d) => d.reason)).to.deep.equal(['refused']);
      expect(el.uploads[0].status).to.equal('uploading');
      expect(worker.sent.map((m) => m.type)).to.not.include('handed-off');
    });

    it('paused while the worker prepared it: no fetch, and it stays paused', async () => {
      const { el, id } = await sending('https://api.example.test/bg-g');
      await el.continueInBackground();
      el.pause(id);
      worker.reply(plan(id));
      await until(() => worker.sent.some((m) => m.type === 'hand-off-failed'), 'hand-off-failed');
      expect(worker.sent.find((m) => m.type === 'hand-off-failed')).to.include({ resume: false });
      expect(fetches).to.have.length(0);
      await until(() => el.uploads[0].status === 'paused', 'paused');
    });
  });
});
