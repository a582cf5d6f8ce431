/// <reference lib="webworker" />
// Service worker (vite-plugin-pwa injectManifest). Update policy: a new version waits until
// the page posts {type: 'SKIP_WAITING'} after the person taps "Cập nhật" — never automatically.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly, StaleWhileRevalidate } from 'workbox-strategies';
import { notificationFor, safeUrl, windowFor } from './features/notify/pushMessage';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

// App shell: built JS/CSS/HTML, icons and the manifest. /api/* is never part of it.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation gets the precached shell (routing is hash-based), so the app opens offline.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

const sameOrigin = (url: URL) => url.origin === self.location.origin;

// Runtime config: always ask the network first; the cached copy is only for offline starts.
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname === '/api/config',
  new NetworkFirst({ cacheName: 'config', networkTimeoutSeconds: 5 }),
);

// Catalogue reads (and the home screen's most filed procedures, and the public postal tariff filing
// quotes) change rarely: answer from cache at once and refresh in the background. The administrators' catalogue
// (drafts, versions they just made) is read from the network, like any other API GET.
registerRoute(
  ({ url }) =>
    sameOrigin(url) &&
    ((url.pathname.startsWith('/api/catalog/') && !url.pathname.startsWith('/api/catalog/admin/')) ||
      url.pathname === '/api/stats/popular-procedures' ||
      url.pathname === '/api/delivery/tariff'),
  new StaleWhileRevalidate({ cacheName: 'catalog' }),
);

// Any other API GET (personal data, dossiers…) is never cached. Non-GET requests are not
// routed at all, so the browser sends them straight to the network.
registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith('/api/'), new NetworkOnly());

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// A status change pushed by the server (already in the person's language): shown at once, replacing the
// same dossier's older notification (same tag).
self.addEventListener('push', (event) => {
  const { title, options } = notificationFor(event.data?.text() ?? null, self.location.origin);
  event.waitUntil(self.registration.showNotification(title, options));
});

// A tap opens that dossier: in the app's open window when there is one (brought forward), else a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = safeUrl((event.notification.data as { url?: unknown } | null)?.url, self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windowFor(windows, self.location.origin);
      if (!open) return void (await self.clients.openWindow(url));
      const focused = await open.focus();
      if (focused.url === url) return;
      // navigate() refuses a window this worker does not control (e.g. after a hard reload): open a new one.
      if (!(await focused.navigate(url).catch(() => null))) await self.clients.openWindow(url);
    })(),
  );
});

// Take control of open pages when this worker activates: on first install that makes the very
// first page controlled; on an update, activation only happens after SKIP_WAITING above.
clientsClaim();
