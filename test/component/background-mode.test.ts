import { expect, fixture, html } from '@open-wc/testing';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import { parseBackgroundAttribute } from '../../src/element/background-mode.js';
import type { FromWorker } from '../../src/worker/messages.js';
import { standInRegistrationForEachTest, toldUnavailable } from './background-stand-in.js';
import { FakeWorker, fakeWorkerForEachTest, fileOf, until } from './fake-worker.js';

/**
 * The `background` attribute's values (background-mode.ts), and `immediately` in each
 * engine: with Background Fetch and a service worker (Chromium, its registration stood in
 * for so no real fetch starts) the hand-off is asked as soon as the session exists and not
 * before; without (Firefox, WebKit, or no service worker) it says why once and the upload
 * goes on in the page. The real hand-off: test/e2e/background-immediately.spec.ts.
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

const hasBackgroundFetch = 'BackgroundFetchManager' in globalThis;
let standIn = false;

beforeEach(() => (standIn = false));
standInRegistrationForEachTest(() =>
  standIn
    ? { active: {}, backgroundFetch: { fetch: async () => ({}), get: async () => undefined } }
    : undefined,
);

describe('the background attribute', () => {
  it('reads off, when-hidden (bare) and immediately, and says what an unknown value does', () => {
    expect(parseBackgroundAttribute(null)).to.equal('off');
    expect(parseBackgroundAttribute('')).to.equal('when-hidden');
    expect(parseBackgroundAttribute('when-hidden')).to.equal('when-hidden');
    expect(parseBackgroundAttribute(' Immediately ')).to.equal('immediately');
    expect(parseBackgroundAttribute('off')).to.equal('off');
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warned.push(...args);
    try {
      expect(parseBackgroundAttribute('always')).to.equal('when-hidden');
    } finally {
      console.warn = warn;
    }
    expect(warned).to.have.length(1);
    expect(String(warned[0])).to.match(/background="always".*"when-hidden" or "immediately"/);
  });

  it('sets the property from the attribute and reflects it back', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload background="immediately"></resumable-upload>`,
    );
    expect(el.background).to.equal('immediately');
    el.background = true;
    await el.updateComplete;
    expect(el.getAttribute('background')).to.equal('');
    el.background = 'immediately';
    await el.updateComplete;
    expect(el.getAttribute('background')).to.equal('immediately');
    el.background = 'off';
    await el.updateComplete;
    expect(el.hasAttribute('background')).to.equal(false);
    el.setAttribute('background', '');
    expect(el.background).to.equal('when-hidden');
  });

  it('immediately: without Background Fetch or a service worker, says why once and uploads here', async () => {
    const el = await fixture<ResumableUpload>(
      html`<resumable-upload
        endpoint="${location.origin}/bg-mode-a"
        auto-start
      ></resumable-upload>`,
    );
    const told = toldUnavailable(el);
    el.setAttribute('background', 'immediately');
    await el.restored;
    el.addFiles([fileOf(4000, 'film.mov', 'video/quicktime')]);
    const { id } = await worker.nextStart(0);
    await until(() => worker.sent.some((m) => m.type === 'go'), 'go');
    worker.reply({ type: 'progress', id, bytesSent: 1000, bytesConfirmed: 1000, bytesTotal: 4000 });
    await until(() => told.length === 1, 'background-unavailable');
    expect(told[0].reason).to.equal(hasBackgroundFetch ? 'no-service-worker' : 'unsupported');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.sent.map((m) => m.type)).to.not.include('hand-off');
    expect(told).to.have.length(1);
    worker.reply({ type: 'success', id, result: { ok: true } });
    await until(() => el.uploads[0]?.status === 'done', 'done');
  });

  if (hasBackgroundFetch) {
    it('immediately: asks the hand-off once the session exists, not before, and once', async () => {
      standIn = true;
      const el = await fixture<ResumableUpload>(
        html`<resumable-upload
          endpoint="${location.origin}/bg-mode-b"
          auto-start
          background="immediately"
        ></resumable-upload>`,
      );
      const told = toldUnavailable(el);
      await el.restored;
      // The session report waits until the test sends it.
      const held: FromWorker[] = [];
      const reply = worker.reply.bind(worker);
      worker.reply = (m) => void (m.type === 'session' ? held.push(m) : reply(m));
      el.addFiles([fileOf(4000, 'film.mov', 'video/quicktime')]);
      const { id } = await worker.nextStart(0);
      await until(() => worker.sent.some((m) => m.type === 'go'), 'go');
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Sending, but the server has made no session yet: nothing to go on from.
      expect(worker.sent.map((m) => m.type)).to.not.include('hand-off');
      expect(held.map((m) => m.type)).to.deep.equal(['session']);
      reply(held[0]);
      await until(() => worker.sent.some((m) => m.type === 'hand-off'), 'hand-off asked');
      expect(worker.sent.find((m) => m.type === 'hand-off')).to.include({ id });
      // Refused by the worker (another origin, say): said once, never asked again.
      worker.reply({ type: 'hand-off-refused', id, reason: 'cross-origin', message: 'Elsewhere.' });
      await until(() => told.length === 1, 'background-unavailable');
      expect(told[0]).to.include({ reason: 'cross-origin', id });
      worker.reply({
        type: 'progress',
        id,
        bytesSent: 2000,
        bytesConfirmed: 2000,
        bytesTotal: 4000,
      });
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(worker.sent.filter((m) => m.type === 'hand-off')).to.have.length(1);
    });

    it('when-hidden (the bare attribute): no hand-off while the page stays visible', async () => {
      standIn = true;
      const el = await fixture<ResumableUpload>(
        html`<resumable-upload
          endpoint="${location.origin}/bg-mode-c"
          auto-start
          background
        ></resumable-upload>`,
      );
      await el.restored;
      el.addFiles([fileOf(4000, 'film.mov', 'video/quicktime')]);
      const { id } = await worker.nextStart(0);
      await until(() => worker.sent.some((m) => m.type === 'go'), 'go');
      worker.reply({
        type: 'progress',
        id,
        bytesSent: 1000,
        bytesConfirmed: 1000,
        bytesTotal: 4000,
      });
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(worker.sent.map((m) => m.type)).to.not.include('hand-off');
    });
  }
});
