/**
 * The day's bookings for the owner's calendar, kept current: read again
 * when a slot of the day becomes booked or free (a booking, a cancellation,
 * from any screen or instance), on an owner alert for this salon, after the
 * owner's own actions, and every minute as a safety net.
 */
import type { Booking, Slot } from '@glamify/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useStore } from '../../../hooks/use-store';
import { toasts } from '../../../lib/alerts';
import { api } from '../../../lib/api';

const REFRESH_MS = 60_000;

export interface DayBookings {
  items: Booking[] | null;
  error: unknown;
  reload: () => void;
}

export function useDayBookings(salonId: number, date: string, slots: readonly Slot[] | null): DayBookings {
  const [items, setItems] = useState<Booking[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState(0);
  const alerts = useStore(toasts);
  const latest = alerts[0]?.alert.salonId === salonId ? alerts[0].id : 0;
  const booked = useMemo(
    () =>
      (slots ?? [])
        .filter((s) => s.status === 'booked')
        .map((s) => s.id)
        .join(','),
    [slots],
  );

  useEffect(() => setItems(null), [salonId, date]);
  useEffect(() => {
    const ctrl = new AbortController();
    api.bookings({ salonId, date, limit: 100 }, ctrl.signal).then(
      (page) => {
        setItems([...page.items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)));
        setError(undefined);
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setError(err);
      },
    );
    return () => ctrl.abort();
  }, [salonId, date, booked, latest, version]);
  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return { items, error, reload: () => setVersion((v) => v + 1) };
}
