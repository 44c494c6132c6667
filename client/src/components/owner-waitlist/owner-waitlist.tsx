import { localTime, type SalonWaitlistEntry } from '@glamify/shared';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { ErrorState, Loading } from '../status-view/status-view';

function wish(e: SalonWaitlistEntry): string {
  if (e.startsAt) return `exactly ${localTime(e.startsAt, e.timezone)}`;
  if (e.from || e.to) return `${e.from ?? 'opening'}–${e.to ?? 'closing'}`;
  return 'any time';
}

/**
 * The salon's waitlist for one day, in the order offers go (exact-slot
 * entries first, then first come): who waits, for what, with whom, and any
 * time held for them now. Self-contained: give it the salon and the day.
 * `version` re-reads it (e.g. when a booking alert arrives).
 */
export function OwnerWaitlist({ salonId, date, version = 0 }: { salonId: number; date: string; version?: number }) {
  const list = useResource((signal) => api.salonWaitlist(salonId, date, signal), [salonId, date, version]);
  const live = (list.data?.items ?? []).filter((e) => e.status === 'waiting' || e.status === 'offered');
  return (
    <section class="owner-waitlist" aria-labelledby="owner-waitlist-heading">
      <h3 id="owner-waitlist-heading">Waitlist</h3>
      {list.loading && !list.data && <Loading label="Loading the waitlist…" />}
      {list.error !== undefined && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data && live.length === 0 && <p class="muted">Nobody is waiting for this day.</p>}
      {live.length > 0 && (
        <ol>
          {live.map((e) => (
            <li key={e.id}>
              <strong>{e.customerName}</strong> · {e.serviceName} · {wish(e)} ·{' '}
              {e.staffName ? `with ${e.staffName}` : 'any stylist'}
              {e.offer && (
                <span class="badge badge--pending">
                  {' '}
                  offered {localTime(e.offer.startsAt, e.timezone)} until {localTime(e.offer.expiresAt, e.timezone)}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
