import type { SalonDetail, Service, Slot } from '@glamify/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { distinctTimes, fetchedStarts, liveStarts } from '../lib/free-starts';
import { connection } from '../lib/socket';
import { useDay } from './use-day';
import { useNow } from './use-now';
import { useStore } from './use-store';

export interface FreeStarts {
  /** loading: nothing yet; live: from the socket; fallback: fetched over HTTP while the socket is down. */
  mode: 'loading' | 'live' | 'fallback' | 'error';
  /** One slot per bookable start time. */
  starts: Slot[];
  watching: number | null;
  error: unknown;
}

/** How long to wait for the live snapshot before fetching over HTTP instead. */
const FALLBACK_AFTER_MS = 2500;
const FALLBACK_POLL_MS = 20_000;

/**
 * The start times where `service` fits on `date`, live: a time someone else
 * starts checking out disappears as soon as its event arrives. While the
 * socket is down it falls back to polling GET /availability/slots.
 */
export function useFreeStarts(
  salon: SalonDetail | undefined,
  service: Service | undefined,
  staffId: number | undefined,
  /** undefined: the day is not chosen yet (nothing is watched or fetched). */
  date: string | undefined,
): FreeStarts {
  const day = useDay(salon && date ? salon.id : null, salon && date ? date : null);
  const conn = useStore(connection);
  const now = useNow(30_000);
  const [fetched, setFetched] = useState<{ key: string; slots: Slot[] } | { key: string; error: unknown } | null>(null);
  const key = `${salon?.id}:${date}:${service?.id}:${staffId ?? ''}`;

  useEffect(() => {
    if (!salon || !service || !date || day.live) return;
    const ctrl = new AbortController();
    const load = () =>
      api.slots({ salonId: salon.id, date, serviceId: service.id, staffId }, ctrl.signal).then(
        (r) => setFetched({ key, slots: r.slots }),
        (error: unknown) => {
          if (!ctrl.signal.aborted)
            setFetched((prev) => (prev?.key === key && 'slots' in prev ? prev : { key, error }));
        },
      );
    const first = setTimeout(load, conn === 'connected' && day.slots === null ? FALLBACK_AFTER_MS : 0);
    const poll = setInterval(load, FALLBACK_POLL_MS);
    return () => {
      ctrl.abort();
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [key, day.live, conn === 'connected']);

  return useMemo<FreeStarts>(() => {
    if (!salon || !service || !date) return { mode: 'loading', starts: [], watching: day.watching, error: undefined };
    const notBefore = now + salon.minNoticeMinutes * 60_000;
    if (day.live && day.slots) {
      const starts = liveStarts(day.slots, {
        minutes: service.durationMinutes + service.bufferMinutes,
        slotMinutes: salon.slotMinutes,
        staffId,
        notBefore,
      });
      return { mode: 'live', starts: distinctTimes(starts), watching: day.watching, error: undefined };
    }
    if (fetched?.key === key && 'slots' in fetched) {
      return {
        mode: 'fallback',
        starts: distinctTimes(fetchedStarts(fetched.slots, { staffId, notBefore })),
        watching: null,
        error: undefined,
      };
    }
    if (day.slots) {
      // The socket dropped: keep showing the last live picture until a fetch answers.
      const starts = liveStarts(day.slots, {
        minutes: service.durationMinutes + service.bufferMinutes,
        slotMinutes: salon.slotMinutes,
        staffId,
        notBefore,
      });
      return { mode: 'fallback', starts: distinctTimes(starts), watching: null, error: undefined };
    }
    if (fetched?.key === key && 'error' in fetched) {
      return { mode: 'error', starts: [], watching: null, error: fetched.error };
    }
    return { mode: 'loading', starts: [], watching: day.watching, error: undefined };
  }, [salon, service, staffId, day, fetched, key, now]);
}
