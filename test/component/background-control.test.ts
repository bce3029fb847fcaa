import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ResumableUpload } from '../../src/resumable-upload.js';
import { englishStrings } from '../../src/element/strings.js';
import { standInRegistrationForEachTest, toldUnavailable } from './background-stand-in.js';
import { FakeWorker, fakeWorkerForEachTest, fileOf, until } from './fake-worker.js';

/**
 * The row's "Continue in background" button. Chromium has Background Fetch: with a
 * service worker (its registration is stood in for here, so no real fetch starts; the
 * real hand-off is test/e2e/background.spec.ts) a running upload's row shows the button,
 * and a click or Enter asks the worker for the hand-off. Firefox and WebKit have no
 * Background Fetch: the button is absent and the upload runs as without `background`.
 */

let worker: FakeWorker;
fakeWorkerForEachTest((fake) => (worker = fake));

const hasBackgroundFetch = 'BackgroundFetchManager' in globalThis;
const label = englishStrings.continueInBackground;

/** The fetches the element registered with the stand-in registration. */
interface Registered {
  id: string;
  requests: Request[];
  /** The registration handed back: a test ends the fetch through it. */
  registration: EventTarget & { uploaded: number; result: string; failureReason: string };
}
let registered: Registered[] = [];
let refuseRegistration = false;

/** A service worker registration whose Background Fetch records what it is asked. */
function standInRegistration() {
  const backgroundFetch = {
    async fetch(id: string, requests: Request[]) {
      if (refuseRegistration) throw new DOMException('Not allowed here.', 'NotAllowedError');
      const registration = Object.assign(new EventTarget(), {
        id,
        uploaded: 0,
        uploadTotal: 0,
        result: '',
        failureReason: '',
        abort: async () => true,
        matchAll: async () => [],
      });
      registered.push({ id, requests, registration });
      return registration;
    },
    get: async () => undefined,
  };
  return { active: {}, backgroundFetch };
}

beforeEach(() => {
  registered = [];
  refuseRegistration = false;
});
standInRegistrationForEachTest(standInRegistration);

function controlOf(el: ResumableUpload): HTMLButtonElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('li[data-id] button')].find(
    (b) => b.textContent?.trim() === label,
  );
}

/** An upload sending here, its first bytes confirmed. */
async function sending(el: ResumableUpload, name = 'film.mov'): Promise<string> {
  await el.restored;
  const started = worker.nextStart();
  el.addFiles([fileOf(4000, name, 'video/quicktime')]);
  const { id } = await started;
  await until(() => worker.sent.some((m) => m.type === 'go' && m.id === id), 'go');
  confirmed(id, 1000);
  await until(() => el.uploads[0]?.bytesConfirmed === 1000, 'progress');
  await el.updateComplete;
  return id;
}

/** The worker reports `bytes` of the 4000 sent and confirmed. */
function confirmed(id: string, bytes: number): void {
  worker.reply({ type: 'progress', id, bytesSent: bytes, bytesConfirmed: bytes, bytesTotal: 4000 });
}

/** How many hand-offs the page asked of the worker. */
const handOffs = () => worker.sent.filter((m) => m.type === 'hand-off').length;

/** An upload sending here, its row's button clicked, and the hand-off asked of the worker. */
async function clickedWhileSending(el: ResumableUpload): Promise<string> {
  const id = await sending(el);
  await until(() => controlOf(el), 'the button');
  controlOf(el)!.click();
  await until(() => worker.sent.some((m) => m.type === 'hand-off'), 'hand-off asked');
  return id;
}

const sameOriginEndpoint = (path: string) => `${location.origin}/${path}`;

/** An auto-starting element with `background`, its endpoint on the page's origin. */
const backgroundUploader = (path: string) =>
  fixture<ResumableUpload>(
    html`<resumable-upload
      endpoint=${sameOriginEndpoint(path)}
      auto-start
      background
    ></resumable-upload>`,
  );

/** The same with `background="immediately"`. */
const immediateUploader = (path: string) =>
  fixture<ResumableUpload>(
    html`<resumable-upload
      endpoint=${sameOriginEndpoint(path)}
      auto-start
      background="immediately"
    ></resumable-upload>`,
  );

describe('the "Continue in background" button', () => {
  if (hasBackgroundFetch) {
    it('shows on a running upload, has an accessible name, and Enter hands the upload off', async () => {
      const el = await backgroundUploader('bg-control-a');
      const told = toldUnavailable(el);
      const id = await sending(el, 'film.mov');
      await until(() => controlOf(el), 'the button');
      const control = controlOf(el)!;
      expect(control.getAttribute('aria-label')).to.equal(`${label} film.mov`);
      expect(control.type).to.equal('button');
      await expect(el).to.be.accessible();

      control.focus();
      expect(el.shadowRoot!.activeElement).to.equal(control);
      await sendKeys({ press: 'Enter' });
      await until(() => worker.sent.some((m) => m.type === 'hand-off'), 'hand-off asked');
      expect(worker.sent.find((m) => m.type === 'hand-off')).to.include({ id });
      // Asked once: the button hides while the hand-off is prepared, and focus stays on
      // the row (its first button, Pause), not at the top of the page.
      await el.updateComplete;
      expect(controlOf(el)).to.equal(undefined);
      await until(() => el.shadowRoot!.activeElement, 'focus back on the row');
      const focused = el.shadowRoot!.activeElement as HTMLElement;
      expect(focused.closest<HTMLElement>('li[data-id]')?.dataset.id).to.equal(id);
      expect(focused.textContent?.trim()).to.equal(englishStrings.pause);

      // The worker's plan reaches the browser; the row turns into the fetch's.
      const backgrounded = new Promise<CustomEvent>((resolve) =>
        el.addEventListener('upload-background', resolve as EventListener, { once: true }),
      );
      const body = new Blob([new Uint8Array(3000)]);
      worker.reply({
        type: 'hand-off-plan',
        id,
        fetchId: 'resumable-upload:k',
        plan: {
          bytesHeld: 1000,
          requests: [
            {
              url: sameOriginEndpoint('bg-control-a/session'),
              method: 'PUT',
              headers: { 'Content-Range': 'bytes 1000-3999/4000' },
              body,
              start: 1000,
              end: 4000,
            },
          ],
        },
      });
      expect((await backgrounded).detail.bytesSent).to.equal(1000);
      expect(registered.map((r) => r.id)).to.deep.equal(['resumable-upload:k']);
      expect(worker.sent.map((m) => m.type)).to.include('handed-off');
      await el.updateComplete;
      expect(controlOf(el)).to.equal(undefined);
      // A Background Fetch can be cancelled, never paused: the row offers Cancel alone.
      const rowButtons = [...el.shadowRoot!.querySelectorAll('li[data-id] button')];
      expect(rowButtons.map((b) => b.textContent?.trim())).to.deep.equal([englishStrings.cancel]);
      // Focus was on Pause: it moves to the row's Cancel, not to the top of the page.
      await until(() => el.shadowRoot!.activeElement === rowButtons[0], 'focus on Cancel');
      expect(told).to.deep.equal([]);
    });

    it('a click asks for it; refused by the worker, it says why and does not come back', async () => {
      const el = await backgroundUploader('bg-control-b');
      const told = toldUnavailable(el);
      const id = await clickedWhileSending(el);
      worker.reply({
        type: 'hand-off-refused',
        id,
        reason: 'needs-headers',
        message: "The upload requests carry the page's `headers`.",
      });
      await until(() => told.length === 1, 'background-unavailable');
      expect(told[0]).to.include({ reason: 'needs-headers', id });
      // The upload goes on here; the button would only be refused again.
      confirmed(id, 2000);
      await until(() => el.uploads[0].bytesConfirmed === 2000, 'progress');
      await el.updateComplete;
      expect(el.uploads[0].status).to.equal('uploading');
      expect(controlOf(el)).to.equal(undefined);
    });

    it('refused by the browser, the upload stays here and the button goes', async () => {
      refuseRegistration = true;
      const el = await backgroundUploader('bg-control-c');
      const told = toldUnavailable(el);
      const id = await clickedWhileSending(el);
      worker.reply({
        type: 'hand-off-plan',
        id,
        fetchId: 'resumable-upload:c',
        plan: { bytesHeld: 1000, requests: [] },
      });
      await until(() => told.length === 1, 'background-unavailable');
      expect(told[0].reason).to.equal('refused');
      expect(worker.sent.find((m) => m.type === 'hand-off-failed')).to.include({
        id,
        resume: true,
      });
      await el.updateComplete;
      expect(controlOf(el)).to.equal(undefined);
    });

    it('refused while too much is left, it comes back once little enough is', async () => {
      const el = await backgroundUploader('bg-control-i');
      const told = toldUnavailable(el);
      const id = await clickedWhileSending(el);
      // What DocSpace's adapter says of a remainder over its last chunk's limit.
      worker.reply({
        type: 'hand-off-refused',
        id,
        reason: 'remainder-too-large',
        message: '3000 bytes are left, more than the 1000 one last chunk may hold.',
        askAgainAtBytesLeft: 1000,
      });
      await until(() => told.length === 1, 'background-unavailable');
      expect(told[0]).to.include({ reason: 'remainder-too-large', id });
      confirmed(id, 2500);
      await until(() => el.uploads[0].bytesConfirmed === 2500, 'progress');
      await el.updateComplete;
      expect(controlOf(el), 'still 1500 bytes left').to.equal(undefined);
      confirmed(id, 3000);
      await until(() => controlOf(el), 'the button, 1000 bytes left');
      controlOf(el)!.click();
      await until(() => handOffs() === 2, 'hand-off asked again');
      expect(told).to.have.length(1);
    });

    it('`immediately`: refused while too much is left, it is asked again by itself', async () => {
      const el = await immediateUploader('bg-control-j');
      const id = await sending(el);
      await until(() => worker.sent.some((m) => m.type === 'hand-off'), 'hand-off asked');
      worker.reply({
        type: 'hand-off-refused',
        id,
        reason: 'remainder-too-large',
        message: '3000 bytes are left.',
        askAgainAtBytesLeft: 1000,
      });
      confirmed(id, 2000);
      await until(() => el.uploads[0].bytesConfirmed === 2000, 'progress');
      await el.updateComplete;
      expect(handOffs(), 'still 2000 bytes left').to.equal(1);
      confirmed(id, 3000);
      await until(() => handOffs() === 2, 'hand-off asked again');
    });

    it('`immediately`: after a failed fetch, handed off again only once the page moved bytes', async () => {
      const el = await immediateUploader('bg-control-k');
      const id = await sending(el);
      await until(() => handOffs() === 1, 'hand-off asked');
      worker.reply({
        type: 'hand-off-plan',
        id,
        fetchId: 'resumable-upload:k',
        plan: { bytesHeld: 1000, requests: [] },
      });
      await until(() => registered.length === 1, 'fetch registered');
      await until(() => worker.sent.some((m) => m.type === 'handed-off'), 'handed off');
      // The fetch fails: the page adopts the upload back from the server's offset.
      const { registration } = registered[0];
      Object.assign(registration, { result: 'failure', failureReason: 'fetch-error' });
      registration.dispatchEvent(new Event('progress'));
      await until(() => worker.sent.some((m) => m.type === 'adopt'), 'adopt');
      worker.reply({ type: 'adopted', id, bytesConfirmed: 1500 });
      // Its file is at hand: it goes on here, and is not handed straight back.
      await until(() => worker.sent.filter((m) => m.type === 'start').length === 2, 'restart');
      confirmed(id, 1500);
      await until(() => el.uploads[0].status === 'uploading', 'uploading');
      await el.updateComplete;
      expect(handOffs(), 'no bytes moved by the page yet').to.equal(1);
      confirmed(id, 2000);
      await until(() => handOffs() === 2, 'hand-off asked again');
    });

    it('is absent without `background`, for segments, and for an endpoint on another origin', async () => {
      const off = await fixture<ResumableUpload>(
        html`<resumable-upload
          endpoint=${sameOriginEndpoint('bg-control-d')}
          auto-start
        ></resumable-upload>`,
      );
      await sending(off);
      const segments = await fixture<ResumableUpload>(
        html`<resumable-upload
          protocol="segments"
          endpoint=${sameOriginEndpoint('bg-control-e')}
          auto-start
          background
        ></resumable-upload>`,
      );
      await sending(segments);
      const elsewhere = await fixture<ResumableUpload>(
        html`<resumable-upload
          endpoint="https://uploads.example.test/bg-control-f"
          auto-start
          background
        ></resumable-upload>`,
      );
      await sending(elsewhere);
      // Given the time the availability check takes to show the button where it belongs.
      const shown = await backgroundUploader('bg-control-g');
      await sending(shown);
      await until(() => controlOf(shown), 'the button where it belongs');
      for (const el of [off, segments, elsewhere]) {
        await el.updateComplete;
        expect(controlOf(el), el.getAttribute('endpoint')!).to.equal(undefined);
      }
    });
  } else {
    it('is absent where there is no Background Fetch, and the upload runs as before', async () => {
      const el = await fixture<ResumableUpload>(
        html`<resumable-upload
          endpoint=${sameOriginEndpoint('bg-control-h')}
          auto-start
        ></resumable-upload>`,
      );
      const told = toldUnavailable(el);
      el.background = true;
      const id = await sending(el);
      await until(() => told.length === 1, 'background-unavailable');
      expect(told[0].reason).to.equal('unsupported');
      await el.updateComplete;
      expect(el.uploads[0].status).to.equal('uploading');
      expect(controlOf(el)).to.equal(undefined);
      // The row's other buttons are there, and the upload ends as before.
      const buttons = [...el.shadowRoot!.querySelectorAll('li[data-id] button')];
      expect(buttons.map((b) => b.textContent?.trim())).to.deep.equal(['Pause', 'Cancel']);
      await expect(el).to.be.accessible();
      worker.reply({ type: 'success', id, result: { ok: true } });
      await until(() => el.uploads[0].status === 'done', 'done');
      expect(worker.sent.map((m) => m.type)).to.not.include('hand-off');
    });
  }
});
