/**
 * Registers the service worker (precache + runtime caches built by
 * vite-plugin-pwa) and tells the UI when a new version is waiting, so the
 * person chooses when to reload instead of having the page swapped under them.
 */
import { Workbox } from 'workbox-window';
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
