import { useEffect } from 'preact/hooks';

/**
 * Keeps the screen on while the kiosk is visible, where the browser allows
 * it. The browser drops the lock whenever the page is hidden (and may drop it
 * at other times, e.g. on low battery): it is asked for again whenever the
 * page is visible without one.
 */
export function useWakeLock(): void {
  useEffect(() => {
    if (!('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | undefined;
    let asking = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const request = () => {
      if (stopped || asking || document.visibilityState !== 'visible' || (lock && !lock.released)) return;
      asking = true;
      navigator.wakeLock.request('screen').then(
        (l) => {
          asking = false;
          if (stopped) {
            void l.release().catch(() => {});
            return;
          }
          lock = l;
          // Released behind our back while still visible: ask again shortly.
          l.addEventListener('release', () => {
            clearTimeout(retry);
            retry = setTimeout(request, 5000);
          });
        },
        () => {
          asking = false;
          // Refused (no user activation yet, or not allowed): try again later.
          clearTimeout(retry);
          retry = setTimeout(request, 30_000);
        },
      );
    };
    request();
    document.addEventListener('visibilitychange', request);
    return () => {
      stopped = true;
      clearTimeout(retry);
      document.removeEventListener('visibilitychange', request);
      void lock?.release().catch(() => {});
    };
  }, []);
}
