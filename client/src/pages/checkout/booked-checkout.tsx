/**
 * A checkout that already ended in a booking: its address names the booking
 * (`booking=<id>`), so a reload, or Back from another page, shows the
 * confirmation again instead of asking to hold a time that is the
 * customer's own by now.
 */
import type { SalonDetail } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useOnline } from '../../hooks/use-online';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { navigate } from '../../lib/router';
import { AfterBookingLinks, Confirmation } from './confirmation';

export function BookedCheckout({ bookingId, salon }: { bookingId: number; salon: SalonDetail }) {
  const booking = useResource(() => api.booking(bookingId), [bookingId]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const online = useOnline();
  // Opened offline with nothing saved: read it again once the connection is back, as the checkout does.
  useEffect(() => {
    if (online && booking.error !== undefined) booking.reload();
  }, [online]);
  const b = booking.data;
  // A deposit's booking is followed on its payment page (paid, waiting, or run out), as after paying.
  const toPayment = b?.payment ? `/bookings/${b.id}/payment` : null;
  useEffect(() => {
    if (toPayment) navigate(toPayment, { replace: true });
  }, [toPayment]);

  if (toPayment) return <Loading label="Taking you to your booking…" />;
  if (b && (b.status === 'PENDING' || b.status === 'CONFIRMED')) {
    return <Confirmation booking={b} timezone={salon.timezone} salon={salon} headingRef={headingRef} />;
  }
  if (b) {
    return (
      <section class="panel" aria-labelledby="booked-heading">
        <h1 id="booked-heading" tabIndex={-1}>
          {b.status === 'CANCELLED' ? 'This booking was cancelled' : 'This booking is over'}
        </h1>
        <div class="actions">
          <AfterBookingLinks />
        </div>
      </section>
    );
  }
  if (booking.error !== undefined) {
    return (
      <>
        <h1 tabIndex={-1}>Your booking</h1>
        <ErrorState error={booking.error} onRetry={booking.reload} />
      </>
    );
  }
  return <Loading label="Loading your booking…" />;
}
