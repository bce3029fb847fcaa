// The probe's service worker: once the page that posted a file is gone, read the file,
// ask the server, and register a Background Fetch of it. Each step is reported to the
// server as a request path (/pages/probe/report/…), which the test reads from its log.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

const report = (what) =>
  fetch(`/pages/probe/report/${encodeURIComponent(what)}`, { method: 'POST' }).catch(() => {});

self.addEventListener('message', (event) => {
  const { file } = event.data;
  event.waitUntil(
    (async () => {
      // The page's own requests end with it: wait until no window is left.
      for (let i = 0; i < 50 && (await self.clients.matchAll({ type: 'window' })).length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await report(`windows ${(await self.clients.matchAll({ type: 'window' })).length}`);
      const bytes = await file.arrayBuffer().then(
        (b) => b.byteLength,
        (error) => `${error.name}`,
      );
      await report(`read ${bytes} of ${file.size}`);
      const asked = await fetch('/pages/probe/index.html').then((r) => r.status);
      await report(`server answered ${asked}`);
      try {
        const fetch = await self.registration.backgroundFetch.fetch(
          'probe',
          [new Request('/pages/probe/put', { method: 'PUT', body: file })],
          { uploadTotal: file.size },
        );
        await report('registered');
        // Taken: does it send? Ten seconds is ample for a few MiB on 127.0.0.1.
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        await report(`after 10 s: uploaded ${fetch.uploaded}, result '${fetch.result}'`);
      } catch (error) {
        await report(`refused ${error.name}: ${error.message}`);
      }
    })(),
  );
});
