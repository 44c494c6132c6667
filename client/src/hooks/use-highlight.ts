import { useEffect } from 'preact/hooks';

/**
 * Brings the element `prefix + ?param` into view once `ready`, and marks it:
 * a tapped reminder opens My bookings at that booking (`?booking=12`).
 */
export function useHighlight(param: string, prefix: string, ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    const id = new URLSearchParams(window.location.search).get(param);
    const el = id ? document.getElementById(`${prefix}${id}`) : null;
    if (!el) return;
    el.classList.add('is-highlighted');
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [ready]);
}
