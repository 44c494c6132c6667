import { type Booking, type SalonDetail, salonCancelReasonText } from '@glamify/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { BookingTools } from '../../components/booking-tools/booking-tools';
import { useOnline } from '../../hooks/use-online';
import { messageOf } from '../../lib/api-error';
import { cancelBooking } from '../../lib/cancellations';
import { money, whenLabel } from '../../lib/format';
import { cancelConsequence, PaymentLine } from './payment-line';

const statusLabel: Record<Booking['status'], string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirmed',
  COMPLETED: 'Completed',
  NO_SHOW: 'Missed',
  CANCELLED: 'Cancelled',
};

export function BookingCard({
  booking,
  salon,
  timezone,
  pending,
  onCancelled,
  onQueued,
}: {
  booking: Booking;
  /** The booking's salon (policy, phone); undefined while it cannot be loaded. */
  salon: SalonDetail | undefined;
  timezone: string;
  pending: boolean;
  onCancelled: (b: Booking) => void;
  /** Offline: the cancellation waits in the queue. */
  onQueued: (bookingId: number) => void;
}) {
  const online = useOnline();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Set when the confirm box closes without cancelling: focus goes back to "Cancel booking".
  const returnFocus = useRef(false);
  const awaiting = booking.status === 'PENDING' && booking.payment?.status === 'DUE';
  const cancellable =
    (booking.status === 'CONFIRMED' || booking.status === 'PENDING') && Date.parse(booking.startsAt) > Date.now();

  // Opening the box puts focus on the safe choice, so a second Enter keeps the booking.
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
    else if (returnFocus.current) cancelRef.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  const keep = () => {
    returnFocus.current = true;
    setConfirming(false);
  };

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await cancelBooking(booking.id);
      setConfirming(false);
      if (outcome.kind === 'sent') onCancelled(outcome.booking);
      else onQueued(booking.id);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const titleId = `booking-${booking.id}-title`;
  const confirmId = `booking-${booking.id}-confirm`;
  const consequence = confirming ? cancelConsequence(booking, new Date()) : null;
  const salonReason = salonCancelReasonText(booking.cancelReason);
  return (
    <li
      id={`booking-${booking.id}`}
      tabIndex={-1}
      class={`card booking-card booking-card--${booking.status.toLowerCase()}`}
      aria-labelledby={titleId}
    >
      <div class="booking-card__head">
        <h3 id={titleId} class="booking-card__title" tabIndex={-1}>
          {booking.items.map((i) => i.name).join(', ')}
        </h3>
        <span
          class={`badge badge--${pending ? 'pending-cancel' : awaiting ? 'awaiting-payment' : booking.status.toLowerCase().replace('_', '-')}`}
        >
          {pending ? 'Cancellation pending' : awaiting ? 'Awaiting payment' : statusLabel[booking.status]}
        </span>
      </div>
      <p class="booking-card__when">{whenLabel(booking.startsAt, timezone)}</p>
      <p class="booking-card__where">
        {booking.salonName} · with {booking.staffName} · {money(booking.totalPriceCents, booking.currency)}
      </p>
      <PaymentLine booking={booking} timezone={timezone} />
      {booking.status === 'CANCELLED' && booking.cancelledBy === 'owner' && (
        <p class="booking-card__reason">Cancelled by the salon{salonReason ? `: ${salonReason}` : '.'}</p>
      )}
      {booking.status === 'CONFIRMED' && Date.parse(booking.endsAt) > Date.now() && (
        <p class="booking-card__code">
          {booking.checkedInAt ? (
            'Checked in'
          ) : (
            <>
              Check-in code at the salon: <strong>{booking.checkInCode}</strong>
            </>
          )}
        </p>
      )}
      {pending && (
        <p class="notice notice--info" role="status">
          {online
            ? 'Cancellation pending — Glamify cannot be reached yet; we keep trying.'
            : "Cancellation pending — will be sent when you're back online."}
        </p>
      )}
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {!pending && !confirming && <BookingTools booking={booking} salon={salon} timezone={timezone} />}
      {cancellable && !pending && !confirming && (
        <button type="button" class="btn btn--ghost btn--small" ref={cancelRef} onClick={() => setConfirming(true)}>
          Cancel booking
        </button>
      )}
      {confirming && !pending && (
        <fieldset
          class="confirm-box"
          aria-describedby={`${confirmId}-question${consequence ? ` ${confirmId}-consequence` : ''}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !busy) {
              e.preventDefault();
              keep();
            }
          }}
        >
          <legend class="visually-hidden">Confirm cancellation</legend>
          <p id={`${confirmId}-question`}>Cancel this booking? The time will be offered to others.</p>
          {consequence && <p id={`${confirmId}-consequence`}>{consequence}</p>}
          <div class="actions">
            <button type="button" class="btn btn--danger btn--small" onClick={cancel} disabled={busy}>
              {busy ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button type="button" class="btn btn--ghost btn--small" ref={keepRef} onClick={keep} disabled={busy}>
              Keep it
            </button>
          </div>
        </fieldset>
      )}
    </li>
  );
}
