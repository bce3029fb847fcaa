import type { BackgroundUnavailableDetail } from '../../src/element/events.js';
import type { ResumableUpload } from '../../src/resumable-upload.js';

/** Everything `background-unavailable` says on `el` from now on, in order. */
export function toldUnavailable(el: ResumableUpload): BackgroundUnavailableDetail[] {
  const told: BackgroundUnavailableDetail[] = [];
  el.addEventListener('background-unavailable', (e) => told.push(e.detail));
  return told;
}

/**
 * In each test, `navigator.serviceWorker.getRegistration()` answers what `registration()`
 * gives at the time of the call (a stand-in, so no real Background Fetch starts), and the
 * prototype's method is back after it. Engines without service workers are left alone.
 */
export function standInRegistrationForEachTest(registration: () => unknown): void {
  beforeEach(() => {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.getRegistration = (async () =>
      registration()) as unknown as ServiceWorkerContainer['getRegistration'];
  });
  afterEach(() => {
    if (navigator.serviceWorker)
      delete (navigator.serviceWorker as Partial<ServiceWorkerContainer>).getRegistration;
  });
}
