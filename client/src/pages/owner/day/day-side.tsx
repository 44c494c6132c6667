/**
 * The panels beside the day's calendar, each a section of its own for the
 * shown salon and day: the cancelled bookings (not counted as the day's
 * bookings, still there to look up), the day's waitlist, and the owner's
 * private calendar feed.
 */
import { type Booking, localTime, type SalonDetail } from '@glamify/shared';
import { CalendarFeed } from '../../../components/calendar-feed/calendar-feed';
import { OwnerWaitlist } from '../../../components/owner-waitlist/owner-waitlist';
import { useStore } from '../../../hooks/use-store';
import { toasts } from '../../../lib/alerts';
import { dayLabel } from '../../../lib/format';

export function DaySide({
  salon,
  date,
  cancelled,
  onOpen,
}: {
  salon: SalonDetail;
  date: string;
  cancelled: readonly Booking[];
  onOpen: (b: Booking) => void;
}) {
  const alert = useStore(toasts)[0];
  const latest = alert?.alert.salonId === salon.id ? alert.id : 0;
  return (
    <aside class="owner-day__side" aria-label={`More about ${dayLabel(date)}`}>
      <section class="side-panel" aria-labelledby="cancelled-heading">
        <h3 id="cancelled-heading">Cancelled ({cancelled.length})</h3>
        {cancelled.length === 0 ? (
          <p class="muted">None.</p>
        ) : (
          <ul class="side-list">
            {cancelled.map((b) => (
              <li key={b.id}>
                <button type="button" class="side-list__item" onClick={() => onOpen(b)}>
                  <strong>{localTime(b.startsAt, salon.timezone)}</strong> {b.customerName}
                  <span class="muted">
                    {' '}
                    · {b.items.map((i) => i.name).join(', ')} · by the {b.cancelledBy ?? 'salon'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="side-panel">
        {/* Read again on each alert for this salon: bookings and cancellations move the line. */}
        <OwnerWaitlist salonId={salon.id} date={date} version={latest} />
      </div>
      <CalendarFeed />
    </aside>
  );
}
