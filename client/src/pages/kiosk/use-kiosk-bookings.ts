/**
 * A paired kiosk's names for the day's bookings (first names and services
 * only). The room's events carry no customer data, so the list is read
 * again whenever the booked slots change, after a check-in, and every
 * minute as a safety net.
 */
import type { KioskBooking, Slot } from '@glamify/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api } from '../../lib/api';

const REFRESH_MS = 60_000;

export function useKioskBookings(
  token: string | null,
  date: string,
  slots: readonly Slot[] | null,
  onRevoked: () => void,
): { items: KioskBooking[] | null; refresh: () => void } {
  const [items, setItems] = useState<KioskBooking[] | null>(null);
  const [version, setVersion] = useState(0);
  // Changes exactly when a slot becomes booked or stops being booked.
  const booked = useMemo(
    () =>
      (slots ?? [])
        .filter((s) => s.status === 'booked')
        .map((s) => s.id)
        .join(','),
    [slots],
  );

  useEffect(() => {
    if (!token) {
      setItems(null);
      return;
    }
    const ctrl = new AbortController();
    api.kioskBookings(token, date, ctrl.signal).then(
      (list) => setItems(list.items),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) onRevoked();
      },
    );
    return () => ctrl.abort();
  }, [token, date, booked, version]);

  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return { items, refresh: () => setVersion((v) => v + 1) };
}
