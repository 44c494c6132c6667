/**
 * Moving a booking (`/bookings/:id/reschedule`): the same live time picker
 * as the salon page, for the booking's whole length, then a confirmation.
 * Customers may move until the salon's free-change window closes (the
 * server decides by the same rule, `isFreeChange`); the salon's owner always.
 */
import { type Booking, isFreeChange, type SalonDetail } from '@glamify/shared';
import { AppLink } from '../../components/app-link/app-link';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError } from '../../lib/api-error';
import { telHref, whenLabel } from '../../lib/format';
import { here } from '../../lib/router';
import { salonById } from '../../lib/salon-cache';
import { session } from '../../lib/session';
import { Reschedule } from './reschedule';

function Unmovable({ booking, salon, why }: { booking: Booking; salon: SalonDetail; why: 'window' | 'state' }) {
  return (
    <section class="panel" aria-labelledby="unmovable-heading">
      <h1 id="unmovable-heading" tabIndex={-1}>
        This booking can’t be moved here
      </h1>
      <p>
        {booking.items.map((i) => i.name).join(', ')} at {salon.name}, {whenLabel(booking.startsAt, salon.timezone)}.
      </p>
      <p>
        {why === 'window'
          ? `${salon.name} takes changes until ${salon.policy.freeCancellationHours} hours before the appointment.`
          : 'Only upcoming bookings can be moved.'}
        {salon.phone ? (
          <>
            {' '}
            Please call the salon: <a href={telHref(salon.phone)}>{salon.phone}</a>.
          </>
        ) : (
          ' Please contact the salon.'
        )}
      </p>
      <AppLink href="/bookings" class="btn btn--ghost">
        Back to my bookings
      </AppLink>
    </section>
  );
}

export function ReschedulePage({ id }: { id: string }) {
  const s = useStore(session);
  const bookingId = Number(id);
  const data = useResource(async () => {
    const booking = await api.booking(bookingId);
    return { booking, salon: await salonById(booking.salonId) };
  }, [bookingId, s?.user.id]);
  if (!s) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>Move a booking</h1>
        <p>
          <AppLink href={`/login?next=${encodeURIComponent(here())}`}>Sign in</AppLink> to move your booking.
        </p>
      </div>
    );
  }
  if (
    !Number.isInteger(bookingId) ||
    bookingId < 1 ||
    (data.error instanceof ApiError && [403, 404].includes(data.error.status))
  ) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>Booking not found</h1>
        <p>
          <AppLink href="/bookings">See your bookings</AppLink>
        </p>
      </div>
    );
  }
  if (!data.data) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>Move a booking</h1>
        {data.error !== undefined ? <ErrorState error={data.error} onRetry={data.reload} /> : <Loading />}
      </div>
    );
  }
  const { booking, salon } = data.data;
  const byOwner = s.user.role === 'admin' || s.user.id === salon.ownerId;
  const live =
    (booking.status === 'CONFIRMED' || booking.status === 'PENDING') && Date.parse(booking.startsAt) > Date.now();
  return (
    <div class="page page--reschedule">
      <AppLink href="/bookings" class="back-link">
        ← My bookings
      </AppLink>
      {!live ? (
        <Unmovable booking={booking} salon={salon} why="state" />
      ) : !byOwner && !isFreeChange(booking.startsAt, salon.policy.freeCancellationHours, new Date()) ? (
        <Unmovable booking={booking} salon={salon} why="window" />
      ) : (
        <Reschedule booking={booking} salon={salon} />
      )}
    </div>
  );
}
