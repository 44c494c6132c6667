/**
 * Registers the service worker (sw.ts: precache, runtime caches, push) and
 * tells the UI when a new version is waiting, so the person chooses when to
 * reload instead of having the page swapped under them. A tapped
 * notification reaches an open window through it. Registration waits until
 * the page has loaded and the browser is idle: the worker's first install
 * downloads the whole app for offline use, which must not compete with the
 * first screen.
 */
import { navigate } from './router';
import { createStore } from './store';

/** True once a new version has installed and waits to take over. */
export const updateAvailable = createStore(false);

let registration: ServiceWorkerRegistration | undefined;

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
  const container = navigator.serviceWorker;
  // The first worker taking over (its install claims open pages) changes nothing on screen;
  // a later one was built for newer code, so the page reloads into it.
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    if (controlled) window.location.reload();
    controlled = true;
  });
  try {
    registration = await container.register('/sw.js', { scope: '/' });
  } catch {
    return; // No service worker (a private window, offline before the first visit): the app still works online.
  }
  const reg = registration;
  // An installed worker next to a controlling one waits for the person's go-ahead.
  const watch = (worker: ServiceWorker | null) => {
    if (!worker) return;
    const check = () => {
      if (worker.state === 'installed' && container.controller) updateAvailable.set(true);
    };
    check();
    worker.addEventListener('statechange', check);
  };
  watch(reg.waiting);
  watch(reg.installing);
  reg.addEventListener('updatefound', () => watch(reg.installing));
  // Long-lived screens (the kiosk, an owner's open tab) look for updates hourly.
  setInterval(() => void reg.update().catch(() => {}), 60 * 60 * 1000);
}

/** Activates the waiting version; the page reloads when it takes control. */
export function applyUpdate(): void {
  const waiting = registration?.waiting;
  if (waiting) waiting.postMessage({ type: 'SKIP_WAITING' });
  else window.location.reload();
}
