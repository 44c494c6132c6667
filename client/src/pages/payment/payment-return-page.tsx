/**
 * Where the payment provider sends the customer back (`/bookings/:id/payment`):
 * waits for the deposit to confirm the booking (re-reading it with backoff),
 * or says clearly that the payment failed, was left, or ran out of time.
 */
import type { Booking } from '@glamify/shared';
import { useEffect, useRef } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { ErrorState, Loading } from '../../components/status-view/status-view';
import { useResource } from '../../hooks/use-resource';
import { awaitsPayment, useSettlingBooking } from '../../hooks/use-settling-booking';
import { useStore } from '../../hooks/use-store';
import { money, whenLabel } from '../../lib/format';
import { here, location } from '../../lib/router';
import { salonById } from '../../lib/salon-cache';
import { session } from '../../lib/session';
import { PaymentLine } from '../bookings/payment-line';
import { Confirmation } from '../checkout/confirmation';

function PayLink({ booking, label }: { booking: Booking; label: string }) {
  const url = booking.payment?.checkoutUrl;
  // A plain link: the checkout is a page of the server (then the provider's), not of the app.
  return url ? (
    <a class="btn btn--primary btn--large" href={url}>
      {label}
    </a>
  ) : null;
}

function Waiting({ booking, timezone, left }: { booking: Booking; timezone: string; left: boolean }) {
  const p = booking.payment;
  if (!p) return null;
  const due = whenLabel(p.dueAt, timezone);
  const amount = money(p.amountCents, p.currency);
  if (left || p.lastFailure) {
    return (
      <section class="panel payment-return payment-return--failed" aria-labelledby="payment-heading">
        <h1 id="payment-heading" tabIndex={-1}>
          {p.lastFailure ? 'The payment did not go through' : 'The deposit is not paid yet'}
        </h1>
        {p.lastFailure && (
          <p class="notice notice--error" role="alert">
            {p.lastFailure}
          </p>
        )}
        <p>
          Your time is held until <strong>{due}</strong>. Pay the deposit of {amount} by then to confirm the booking;
          after that the time is released.
        </p>
        <div class="actions">
          <PayLink booking={booking} label={`Pay ${amount}`} />
          <AppLink href="/bookings" class="btn btn--ghost">
            My bookings
          </AppLink>
        </div>
      </section>
    );
  }
  return (
    <section class="panel payment-return" aria-labelledby="payment-heading">
      <h1 id="payment-heading" tabIndex={-1}>
        Waiting for your payment…
      </h1>
      <div class="payment-return__wait" role="status">
        <span class="spinner" aria-hidden="true" />
        <span>We confirm your booking the moment the deposit of {amount} arrives.</span>
      </div>
      <p class="muted">
        Pay by {due}. Not paid yet? <PayLink booking={booking} label="Go to the payment page" />
      </p>
    </section>
  );
}

function Ended({ booking, timezone }: { booking: Booking; timezone: string }) {
  const expired = booking.cancelReason === 'payment_expired';
  return (
    <section class="panel payment-return payment-return--failed" aria-labelledby="payment-heading">
      <h1 id="payment-heading" tabIndex={-1}>
        {expired ? 'The time to pay ran out' : 'This booking was cancelled'}
      </h1>
      <p>
        {booking.items.map((i) => i.name).join(', ')} at {booking.salonName}, {whenLabel(booking.startsAt, timezone)}
        {expired ? ' was released because the deposit did not arrive in time.' : '.'}
      </p>
      {expired && <p>If a payment still goes through, it is refunded in full.</p>}
      {(booking.payment?.paidCents ?? 0) > 0 && <PaymentLine booking={booking} timezone={timezone} />}
      <div class="actions">
        <AppLink href={`/salons/${booking.salonId}`} class="btn btn--primary">
          Book again
        </AppLink>
        <AppLink href="/bookings" class="btn btn--ghost">
          My bookings
        </AppLink>
      </div>
    </section>
  );
}

function Settling({ id, left }: { id: number; left: boolean }) {
  const { booking, error, stale } = useSettlingBooking(id);
  const salon = useResource(
    () => (booking ? salonById(booking.salonId) : Promise.resolve(undefined)),
    [booking?.salonId],
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  const settled = booking !== undefined && !awaitsPayment(booking);
  useEffect(() => {
    if (settled) headingRef.current?.focus();
  }, [settled]);

  if (!booking) return error ? <ErrorState error={error} /> : <Loading label="Checking your payment…" />;
  const timezone = salon.data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (booking.status === 'CANCELLED') return <Ended booking={booking} timezone={timezone} />;
  if (!awaitsPayment(booking)) {
    return <Confirmation booking={booking} timezone={timezone} salon={salon.data} headingRef={headingRef} />;
  }
  return (
    <>
      <Waiting booking={booking} timezone={timezone} left={left} />
      {stale && (
        <p class="notice notice--warning panel" role="status">
          This is taking longer than it should. Your bookings show the latest state.
        </p>
      )}
    </>
  );
}

export function PaymentReturnPage({ id }: { id: string }) {
  const signedIn = useStore(session) !== null;
  const left = new URLSearchParams(useStore(location).search).get('checkout') === 'cancelled';
  const bookingId = Number(id);
  if (!Number.isInteger(bookingId) || bookingId < 1) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>No such booking</h1>
        <AppLink href="/bookings">My bookings</AppLink>
      </div>
    );
  }
  return (
    <div class="page page--payment">
      {signedIn ? (
        <Settling id={bookingId} left={left} />
      ) : (
        <>
          <h1 tabIndex={-1}>Your payment</h1>
          <p>
            <AppLink href={`/login?next=${encodeURIComponent(here())}`}>Sign in</AppLink> to see your booking.
          </p>
        </>
      )}
    </div>
  );
}
