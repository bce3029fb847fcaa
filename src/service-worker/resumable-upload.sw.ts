/// <reference lib="webworker" />
import { handleBackgroundUploads } from './background-uploads.js';

/**
 * `resumable-upload.sw.js`: the service worker an app serves from its own origin so
 * uploads go on after the page closes (README, "Background uploads"). It handles the
 * element's Background Fetches and nothing else: no caching, no fetch handler.
 */

declare const self: ServiceWorkerGlobalScope;

handleBackgroundUploads(self);
// Take the open pages at once: the first visit can hand off without a reload.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
