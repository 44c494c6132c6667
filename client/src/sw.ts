/**
 * The service worker: the precached app shell and the offline copies of
 * salon and booking reads (as before, when vite-plugin-pwa generated it),
 * plus Web Push: a push shows its notification even when no page of the app
 * is open, and a tap opens the booking (customers) or the owner's day.
 *
 * Built by vite-plugin-pwa's injectManifest, which fills in `__WB_MANIFEST`.
 */
import type { PushMessage } from '@glamify/shared';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  type PrecacheEntry,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/socket\.io\//] }),
);

const sameOriginGet = (prefix: string) => (o: { url: URL; request: Request }) =>
  o.request.method === 'GET' && o.url.origin === self.location.origin && o.url.pathname.startsWith(prefix);

// Salon search and details: fresh when online, the last answer when not.
registerRoute(
  sameOriginGet('/api/v1/salons'),
  new NetworkFirst({
    cacheName: 'api-salons',
    networkTimeoutSeconds: 5,
    plugins: [
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600 }),
      new CacheableResponsePlugin({ statuses: [200] }),
    ],
  }),
);
// Own bookings: readable offline. The cache is dropped on sign-out.
registerRoute(
  sameOriginGet('/api/v1/bookings'),
  new NetworkFirst({
    cacheName: 'api-bookings',
    networkTimeoutSeconds: 5,
    plugins: [
      new ExpirationPlugin({ maxEntries: 100, maxAgeSeconds: 30 * 24 * 3600 }),
      new CacheableResponsePlugin({ statuses: [200] }),
    ],
  }),
);

clientsClaim();
// The update prompt (lib/sw.ts) decides when a waiting version takes over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** The message a push carries, or null for one this version does not understand. */
function readMessage(data: PushMessageData | null): PushMessage | null {
  try {
    const m = data?.json() as Partial<PushMessage> | undefined;
    if (m?.v !== 1 || typeof m.title !== 'string' || typeof m.body !== 'string') return null;
    return m as PushMessage;
  } catch {
    return null;
  }
}

/** Only paths of this app open from a notification. */
function appUrl(url: unknown): string {
  const u = new URL(typeof url === 'string' ? url : '/', self.location.origin);
  return u.origin === self.location.origin ? u.href : self.location.origin;
}

self.addEventListener('push', (event) => {
  const m = readMessage(event.data);
  // Every push must show something (browsers insist); one we cannot read still says where to look.
  const title = m?.title ?? 'Glamify';
  const options: NotificationOptions = {
    body: m?.body ?? 'Something changed in your bookings.',
    tag: m?.tag ?? 'glamify',
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { url: appUrl(m?.url ?? '/bookings') },
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = appUrl((event.notification.data as { url?: unknown } | null)?.url);
  event.waitUntil(
    (async () => {
      // A window of the app is open: bring it forward and let its router go there (no reload).
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        open.postMessage({ type: 'glamify:open', url });
        await open.focus().catch(() => undefined);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
