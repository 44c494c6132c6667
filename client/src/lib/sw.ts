/**
 * Registers the service worker (sw.ts: precache, runtime caches, push) and
 * tells the UI when a new version is waiting, so the person chooses when to
 * reload instead of having the page swapped under them. A tapped
 * notification reaches an open window through it.
 */
import { Workbox } from 'workbox-window';
import { navigate } from './router';
import { createStore } from './store';

/** True once a new version has installed and waits to take over. */
export const updateAvailable = createStore(false);

let wb: Workbox | undefined;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => updateAvailable.set(true));
  // Once the new worker controls the page, load the page it was built for.
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  // A tapped notification with the app already open: the service worker asks this window to go there.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: string } | null;
    if (data?.type !== 'glamify:open' || typeof data.url !== 'string') return;
    const url = new URL(data.url, window.location.href);
    if (url.origin === window.location.origin) navigate(url.pathname + url.search + url.hash);
  });
  navigator.serviceWorker.startMessages();
  void wb.register().catch(() => {
    // No service worker (e.g. a private window): the app still works online.
  });
  // Long-lived screens (the kiosk, an owner's open tab) look for updates hourly.
  setInterval(() => void wb?.update().catch(() => {}), 60 * 60 * 1000);
}

/** Activates the waiting version; the page reloads when it takes control. */
export function applyUpdate(): void {
  if (wb) wb.messageSkipWaiting();
  else window.location.reload();
}
