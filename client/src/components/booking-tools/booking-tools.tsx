/** What a customer can do with an upcoming booking besides cancelling it: add it to a calendar, move it. */
import { type Booking, freeChangeEndsAt, isFreeChange, type SalonDetail } from '@glamify/shared';
import { useStore } from '../../hooks/use-store';
import { telHref, whenLabel } from '../../lib/format';
import { session } from '../../lib/session';
import { AddToCalendar } from '../add-to-calendar/add-to-calendar';
import { AppLink } from '../app-link/app-link';
import './booking-tools.css';

function closedAt(booking: Booking, salon: SalonDetail, timezone: string): string {
  return whenLabel(freeChangeEndsAt(booking.startsAt, salon.policy.freeCancellationHours).toISOString(), timezone);
}

/**
 * `salon` brings the policy and the phone; while it is unknown (offline with
 * no saved copy) "Reschedule" stays, and the reschedule page decides.
 */
export function BookingTools({
  booking,
  salon,
  timezone,
}: {
  booking: Booking;
  salon: SalonDetail | undefined;
  timezone: string;
}) {
  const user = useStore(session)?.user;
  const now = new Date();
  const upcoming =
    (booking.status === 'CONFIRMED' || booking.status === 'PENDING') && Date.parse(booking.startsAt) > now.getTime();
  if (!upcoming) return null;
  // The server's rule (`isFreeChange` on the salon's current policy); the salon's owner is not bound by it.
  const byOwner = user !== undefined && (user.role === 'admin' || user.id === salon?.ownerId);
  const movable = !salon || byOwner || isFreeChange(booking.startsAt, salon.policy.freeCancellationHours, now);
  return (
    <>
      {!movable && salon && (
        <p class="booking-tools__closed">
          Changes closed {closedAt(booking, salon, timezone)} — call the salon
          {salon.phone && (
            <>
              {' '}
              at <a href={telHref(salon.phone)}>{salon.phone}</a>
            </>
          )}{' '}
          to move it.
        </p>
      )}
      <div class="actions booking-tools">
        {movable && (
          <AppLink href={`/bookings/${booking.id}/reschedule`} class="btn btn--secondary btn--small">
            Reschedule
          </AppLink>
        )}
        <AddToCalendar bookingId={booking.id} class="btn btn--ghost btn--small" />
      </div>
    </>
  );
}
