/**
 * Registers the service worker (sw.ts: precache, runtime caches, push) and
 * tells the UI when a new version is waiting, so the person chooses when to
 * reload instead of having the page swapped under them. A tapped
 * notification reaches an open window through it. Registration waits until
 * the page has loaded and the browser is idle: the worker's first install
 * downloads the whole app for offline use, which must not compete with the
 * first screen.
 */
import type { Workbox } from 'workbox-window';
import { navigate } from './router';
import { createStore } from './store';

/** True once a new version has installed and waits to take over. */
export const updateAvailable = createStore(false);

let wb: Workbox | undefined;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  // A tapped notification with the app already open: the service worker asks this window to go there.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: string } | null;
    if (data?.type !== 'glamify:open' || typeof data.url !== 'string') return;
    const url = new URL(data.url, window.location.href);
    if (url.origin === window.location.origin) navigate(url.pathname + url.search + url.hash);
  });
  navigator.serviceWorker.startMessages();
  // After the page has loaded and the browser has a quiet moment: on a slow phone the
  // worker's install (the whole app, downloaded for offline use) then never delays
  // the first screen or the first tap.
  const later = () =>
    'requestIdleCallback' in window
      ? requestIdleCallback(() => void register(), { timeout: 5000 })
      : setTimeout(() => void register(), 1000);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
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
