import type { Booking } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';

export interface SettlingBooking {
  booking: Booking | undefined;
  error: unknown;
  /** Still unpaid well past its deadline: stop asking and say so. */
  stale: boolean;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5000;
/** The deadline job may run a moment after `dueAt`; keep asking this long past it. */
const GRACE_MS = 60_000;

/** True while the booking waits for its deposit. */
export const awaitsPayment = (b: Booking | undefined) => b?.status === 'PENDING' && b.payment?.status === 'DUE';

/**
 * One booking, re-read with backoff (1 s, growing to 5 s) while it awaits its
 * deposit, until the payment confirms it or the deadline cancels it. Coming
 * back online or to the tab asks again at once.
 */
export function useSettlingBooking(id: number): SettlingBooking {
  const [state, setState] = useState<SettlingBooking>({ booking: undefined, error: undefined, stale: false });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = FIRST_DELAY_MS;
    const tick = async () => {
      clearTimeout(timer);
      try {
        const booking = await api.booking(id);
        if (stopped) return;
        const stale = awaitsPayment(booking) && Date.now() > Date.parse(booking.payment?.dueAt ?? '') + GRACE_MS;
        setState({ booking, error: undefined, stale });
        if (!awaitsPayment(booking) || stale) return;
      } catch (error) {
        if (stopped) return;
        setState((s) => ({ ...s, error }));
      }
      timer = setTimeout(() => void tick(), delay);
      delay = Math.min(MAX_DELAY_MS, Math.round(delay * 1.5));
    };
    const wake = () => {
      if (document.visibilityState === 'hidden') return;
      delay = FIRST_DELAY_MS;
      void tick();
    };
    void tick();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [id]);

  return state;
}
