import { expect } from '@open-wc/testing';
import { waitForOnline } from '../../src/core/retry.js';

/** Make `navigator.onLine` say what the test wants, without firing any event. */
function fakeOnLine(): { set(value: boolean): void; restore(): void } {
  let value = false;
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  return {
    set: (next) => (value = next),
    restore: () => delete (navigator as { onLine?: boolean }).onLine,
  };
}

describe('waitForOnline', () => {
  it('resolves at once when the browser is online', async () => {
    await waitForOnline();
  });

  it('resolves when navigator.onLine comes back even if no online event fires', async () => {
    // Chromium updates a worker's navigator.onLine when the network returns but may
    // not dispatch `online` in it (seen with context.setOffline in the fault matrix).
    const online = fakeOnLine();
    try {
      online.set(false);
      let resolved = false;
      const waiting = waitForOnline().then(() => (resolved = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(resolved).to.equal(false);
      online.set(true);
      await Promise.race([
        waiting,
        new Promise((_, fail) => setTimeout(() => fail(new Error('still waiting')), 3000)),
      ]);
      expect(resolved).to.equal(true);
    } finally {
      online.restore();
    }
  });

  it('rejects with an AbortError when the upload is paused while offline', async () => {
    const online = fakeOnLine();
    try {
      const controller = new AbortController();
      const waiting = waitForOnline(controller.signal);
      controller.abort();
      const error = await waiting.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as DOMException).name).to.equal('AbortError');
    } finally {
      online.restore();
    }
  });
});
