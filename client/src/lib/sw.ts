/**
 * Registers the service worker (precache + runtime caches built by
 * vite-plugin-pwa) and tells the UI when a new version is waiting, so the
 * person chooses when to reload instead of having the page swapped under them.
 * Registration waits until the page has loaded: the worker's first install
 * downloads the whole app for offline use, which must not compete with the
 * first screen for the network.
 */
import type { Workbox } from 'workbox-window';
import { createStore } from './store';

/** True once a new version has installed and waits to take over. */
export const updateAvailable = createStore(false);

let wb: Workbox | undefined;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

async function register(): Promise<void> {
  let Workbox: typeof import('workbox-window').Workbox;
  try {
    ({ Workbox } = await import('workbox-window'));
  } catch {
    return; // Offline before the app was ever cached: the next start registers.
  }
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
