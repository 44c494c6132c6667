import type { Booking, SalonDetail } from '@glamify/shared';
import type { Ref } from 'preact';
import { AddToCalendar } from '../../components/add-to-calendar/add-to-calendar';
import { AppLink } from '../../components/app-link/app-link';
import { PolicySummary } from '../../components/policy-summary/policy-summary';
import { PushPrompt } from '../../components/push-prompt/push-prompt';
import { SalonAddress } from '../../components/salon-address/salon-address';
import { deviceWhenLabel, duration, money, whenLabel, zoneDiffers } from '../../lib/format';

export function Confirmation({
  booking,
  timezone,
  salon,
  headingRef,
}: {
  booking: Booking;
  timezone: string;
  /** The salon's details, for its address and cancellation policy; shown once known. */
  salon?: SalonDetail | undefined;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  return (
    <section class="panel panel--success" aria-labelledby="confirmed-heading">
      <p class="success-mark" aria-hidden="true">
        ✓
      </p>
      <h1 id="confirmed-heading" ref={headingRef} tabIndex={-1}>
        You're booked!
      </h1>
      <p class="lead">
        {booking.salonName}, {whenLabel(booking.startsAt, timezone)}
        {zoneDiffers(booking.startsAt, timezone) && (
          <span class="summary__aside">{deviceWhenLabel(booking.startsAt)} your time</span>
        )}
      </p>
      {salon && <SalonAddress salon={salon} phone={salon.phone} />}
      <dl class="summary">
        <div>
          <dt>{booking.items.length === 1 ? 'Service' : 'Services'}</dt>
          <dd>{booking.items.map((i) => i.name).join(', ')}</dd>
        </div>
        <div>
          <dt>Stylist</dt>
          <dd>{booking.staffName}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration(booking.totalDurationMinutes)}</dd>
        </div>
        <div class="summary__total">
          <dt>Total</dt>
          <dd>{money(booking.totalPriceCents, booking.currency)}</dd>
        </div>
        {booking.payment?.status === 'PAID' && (
          <>
            <div>
              <dt>Deposit paid</dt>
              <dd>{money(booking.payment.amountCents, booking.currency)}</dd>
            </div>
            <div>
              <dt>Left to pay at the salon</dt>
              <dd>{money(booking.totalPriceCents - booking.payment.amountCents, booking.currency)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Status</dt>
          <dd>
            <span class={`badge badge--${booking.status.toLowerCase()}`}>{booking.status.toLowerCase()}</span>
          </dd>
        </div>
      </dl>
      {salon && (
        <PolicySummary
          policy={booking.payment?.terms ?? salon.policy}
          startsAt={booking.startsAt}
          timeZone={timezone}
          deposit={
            booking.payment
              ? {
                  amountCents: booking.payment.amountCents,
                  priceCents: booking.totalPriceCents,
                  currency: booking.currency,
                }
              : undefined
          }
        />
      )}
      <PushPrompt audience="customer" />
      <div class="actions">
        <AddToCalendar bookingId={booking.id} class="btn btn--secondary" />
        <AfterBookingLinks />
      </div>
    </section>
  );
}

/** Where to go once a booking is made (or has ended). */
export function AfterBookingLinks() {
  return (
    <>
      <AppLink href="/bookings" class="btn btn--primary">
        My bookings
      </AppLink>
      <AppLink href="/" class="btn btn--ghost">
        Book something else
      </AppLink>
    </>
  );
}
