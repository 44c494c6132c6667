import { type Booking, localTime, type WaitlistOffer } from '@glamify/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useCountdown } from '../../hooks/use-countdown';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { ApiError, messageOf } from '../../lib/api-error';
import { bookingsVersion } from '../../lib/cancellations';
import { clock, money, whenLabel } from '../../lib/format';
import { dropOffer, offers, syncOffers } from '../../lib/offers';
import { session } from '../../lib/session';
import { AppLink } from '../app-link/app-link';

type State =
  | { phase: 'open' }
  | { phase: 'booking' }
  | { phase: 'booked'; booking: Booking }
  | { phase: 'ended' }
  | { phase: 'error'; message: string };

/** One offer: what, when, how long it is held, and one button to book it. */
function Offer({ offer }: { offer: WaitlistOffer }) {
  const left = useCountdown(offer.expiresAt) ?? 0;
  const [state, setState] = useState<State>({ phase: 'open' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.phase === 'booked') headingRef.current?.focus();
  }, [state.phase]);

  const book = async () => {
    setState({ phase: 'booking' });
    try {
      // A normal booking with the offer's hold: deposits and everything else apply as for any booking.
      const booking = await api.createBooking({
        slotId: offer.slotIds[0] as number,
        serviceId: offer.serviceId,
        staffId: offer.staffId,
        lockToken: offer.lockToken,
        idempotencyKey: `waitlist-offer-${offer.lockToken}`,
      });
      setState({ phase: 'booked', booking });
      // My bookings (and its waitlist) read again, wherever they are open.
      bookingsVersion.update((v) => v + 1);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'OFFER_EXPIRED') setState({ phase: 'ended' });
      else setState({ phase: 'error', message: messageOf(err) });
    }
  };
  const decline = async () => {
    try {
      await api.declineOffer(offer.entryId);
    } catch {
      // Already ended: either way it is no longer ours.
    }
    dropOffer(offer.entryId);
    bookingsVersion.update((v) => v + 1);
  };

  const what = `${offer.serviceName} with ${offer.staffName} at ${offer.salonName}`;
  if (state.phase === 'booked') {
    // A salon that asks for a deposit: the time is reserved until the deposit's deadline, as for any booking.
    const deposit = state.booking.status === 'PENDING' ? state.booking.payment : null;
    return (
      <div class="offer offer--booked" role="status">
        <h2 class="offer__title" ref={headingRef} tabIndex={-1}>
          {deposit ? 'Reserved — pay the deposit to confirm' : "You're booked!"}
        </h2>
        <p>
          {what}, {whenLabel(state.booking.startsAt, offer.timezone)}.
          {deposit &&
            ` Pay ${money(deposit.amountCents, deposit.currency)} by ${whenLabel(deposit.dueAt, offer.timezone)}, or the time is released.`}
        </p>
        <div class="offer__actions">
          {deposit?.checkoutUrl && (
            // A plain link: the checkout is a page of the server (then the provider's), not of the app.
            <a class="btn btn--small btn--light" href={deposit.checkoutUrl}>
              Pay {money(deposit.amountCents, deposit.currency)}
            </a>
          )}
          <AppLink href="/bookings" class="btn btn--small btn--light">
            My bookings
          </AppLink>
          <button type="button" class="btn btn--small btn--on-dark" onClick={() => dropOffer(offer.entryId)}>
            Close
          </button>
        </div>
      </div>
    );
  }
  const ended = state.phase === 'ended' || left <= 0;
  const minutes = Math.ceil(left / 60_000);
  return (
    <div class={`offer${left <= 60_000 ? ' offer--urgent' : ''}`}>
      <h2 class="offer__title">A time freed up for you</h2>
      <p class="offer__what">
        {what}, <strong>{whenLabel(offer.startsAt, offer.timezone)}</strong>
      </p>
      {ended ? (
        <p class="offer__note" role="alert">
          This offer has ended; the time went to the next person waiting.
        </p>
      ) : (
        <p class="offer__note">
          Held for you until {localTime(offer.expiresAt, offer.timezone)} ·{' '}
          <span class="offer__clock" aria-hidden="true" data-testid="offer-countdown">
            {clock(left)}
          </span>
          <span class="visually-hidden" aria-live="polite">
            {left <= 60_000 ? 'Less than a minute left to book.' : `${minutes} minutes left to book.`}
          </span>
        </p>
      )}
      {state.phase === 'error' && (
        <p class="offer__note offer__note--error" role="alert">
          {state.message}
        </p>
      )}
      <div class="offer__actions">
        {ended ? (
          <button type="button" class="btn btn--small btn--light" onClick={() => dropOffer(offer.entryId)}>
            Close
          </button>
        ) : (
          <>
            <button type="button" class="btn btn--small btn--light" onClick={book} disabled={state.phase === 'booking'}>
              {state.phase === 'booking' ? 'Booking…' : 'Book it'}
            </button>
            <button type="button" class="btn btn--small btn--on-dark" onClick={decline}>
              Not this time
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** Waitlist offers on every page of the app while a customer is signed in. */
export function OfferBanner() {
  const user = useStore(session)?.user;
  const customerId = user?.role === 'customer' ? user.id : undefined;
  useEffect(() => (customerId === undefined ? undefined : syncOffers()), [customerId]);
  const list = useStore(offers);
  if (customerId === undefined || list.length === 0) return null;
  return (
    <section class="offer-banner" aria-label="Waitlist offers" aria-live="polite">
      {list.map((o) => (
        <Offer key={o.lockToken} offer={o} />
      ))}
    </section>
  );
}
