/** What a customer can do with an upcoming booking besides cancelling it: add it to a calendar, move it. */
import type { Booking } from '@glamify/shared';
import { AddToCalendar } from '../add-to-calendar/add-to-calendar';
import { AppLink } from '../app-link/app-link';
import './booking-tools.css';

export function BookingTools({ booking }: { booking: Booking }) {
  const upcoming =
    (booking.status === 'CONFIRMED' || booking.status === 'PENDING') && Date.parse(booking.startsAt) > Date.now();
  if (!upcoming) return null;
  return (
    <div class="actions booking-tools">
      <AppLink href={`/bookings/${booking.id}/reschedule`} class="btn btn--secondary btn--small">
        Reschedule
      </AppLink>
      <AddToCalendar bookingId={booking.id} class="btn btn--ghost btn--small" />
    </div>
  );
}
