/**
 * One booking, with what the owner may do with it now: check in (from two
 * hours before), complete or mark a no-show (only once it has started; the
 * server refuses earlier too), reschedule, cancel (with a reason, after a
 * confirmation).
 */
import {
  type Booking,
  isCheckInWindow,
  localTime,
  SALON_CANCEL_REASON_TEXT,
  SALON_CANCEL_REASONS,
  type SalonDetail,
  salonCancelReasonText,
} from '@glamify/shared';
import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog/dialog';
import { api } from '../../../lib/api';
import { messageOf } from '../../../lib/api-error';
import { money, whenLabel } from '../../../lib/format';

/** The deposit's status in a line: what the owner needs to know at the desk, no more. */
function depositText(p: NonNullable<Booking['payment']>, tz: string): string {
  const m = (cents: number) => money(cents, p.currency);
  const settled = [
    ...(p.feeCents > 0 ? [`${m(p.feeCents)} kept under the terms`] : []),
    ...(p.refundedCents > 0 ? [`${m(p.refundedCents)} refunded`] : []),
  ];
  const base =
    p.status === 'DUE'
      ? `${m(p.amountCents)} due by ${whenLabel(p.dueAt, tz)}`
      : p.status === 'PAID'
        ? `${m(p.amountCents)} paid`
        : p.status === 'EXPIRED'
          ? 'Not paid in time'
          : 'Void (cancelled before payment)';
  return [base, ...settled].join(' · ');
}

export function BookingPanel({
  booking,
  salon,
  now,
  onChanged,
  onReschedule,
  onClose,
}: {
  booking: Booking;
  salon: SalonDetail;
  now: number;
  onChanged: (b: Booking) => void;
  onReschedule: () => void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const tz = salon.timezone;
  const start = Date.parse(booking.startsAt);
  const live = booking.status === 'PENDING' || booking.status === 'CONFIRMED';
  const started = start <= now;
  const checkInOpen =
    booking.status === 'CONFIRMED' && !booking.checkedInAt && isCheckInWindow(booking.startsAt, booking.endsAt, now);

  const act = (name: string, run: () => Promise<Booking>) => async () => {
    setBusy(name);
    setError(null);
    try {
      onChanged(await run());
      setCancelling(false);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog
      title={`${booking.customerName}, ${localTime(booking.startsAt, tz)}–${localTime(booking.endsAt, tz)}`}
      onClose={onClose}
    >
      <dl class="panel-facts">
        <dt>When</dt>
        <dd>{whenLabel(booking.startsAt, tz)}</dd>
        <dt>What</dt>
        <dd>
          {booking.items.map((i) => i.name).join(', ')} with {booking.staffName} ·{' '}
          {money(booking.totalPriceCents, booking.currency)}
        </dd>
        <dt>Status</dt>
        <dd>
          <span class={`badge badge--${booking.status.toLowerCase().replace('_', '-')}`}>
            {booking.status.toLowerCase().replace('_', '-')}
          </span>
          {booking.checkedInAt && <span class="panel-here"> Checked in at {localTime(booking.checkedInAt, tz)}</span>}
        </dd>
        {booking.guest && (
          <>
            <dt>Walk-in</dt>
            <dd>{[booking.guest.phone, booking.guest.email].filter(Boolean).join(' · ') || 'No contact details'}</dd>
          </>
        )}
        {booking.payment && (
          <>
            <dt>Deposit</dt>
            <dd class="panel-deposit">{depositText(booking.payment, tz)}</dd>
          </>
        )}
        <dt>Check-in code</dt>
        <dd class="panel-code">{booking.checkInCode}</dd>
        {booking.cancelReason && (
          <>
            <dt>Reason</dt>
            <dd>
              {booking.cancelledBy === 'customer'
                ? `“${booking.cancelReason}” (the customer)`
                : (salonCancelReasonText(booking.cancelReason) ?? booking.cancelReason)}
            </dd>
          </>
        )}
      </dl>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      {cancelling ? (
        <form
          class="panel-cancel"
          onSubmit={(e) => {
            e.preventDefault();
            void act('cancel', () => api.cancelBooking(booking.id, reason || undefined))();
          }}
        >
          <div class="field">
            <label for="cancel-reason">Reason (the customer reads it)</label>
            <select id="cancel-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              <option value="">No reason given</option>
              {SALON_CANCEL_REASONS.map((r) => (
                <option key={r} value={r}>
                  {SALON_CANCEL_REASON_TEXT[r]}
                </option>
              ))}
            </select>
          </div>
          <p>Cancel {booking.customerName}'s booking? The time becomes free for others at once.</p>
          <div class="panel-actions">
            <button type="submit" class="btn btn--danger" disabled={busy !== null}>
              {busy === 'cancel' ? 'Cancelling…' : 'Yes, cancel booking'}
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => setCancelling(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : (
        <div class="panel-actions">
          {checkInOpen && (
            <button
              type="button"
              class="btn"
              disabled={busy !== null}
              onClick={act('check-in', () => api.checkIn(booking.id))}
            >
              {busy === 'check-in' ? 'Checking in…' : 'Check in'}
            </button>
          )}
          {booking.status === 'CONFIRMED' && started && (
            <>
              <button
                type="button"
                class="btn btn--secondary"
                disabled={busy !== null}
                onClick={act('complete', () => api.completeBooking(booking.id))}
              >
                {busy === 'complete' ? 'Saving…' : 'Mark completed'}
              </button>
              {!booking.checkedInAt && (
                <button
                  type="button"
                  class="btn btn--ghost"
                  disabled={busy !== null}
                  onClick={act('no-show', () => api.noShow(booking.id))}
                >
                  {busy === 'no-show' ? 'Saving…' : 'No-show'}
                </button>
              )}
            </>
          )}
          {live && !started && (
            <button type="button" class="btn btn--secondary" disabled={busy !== null} onClick={onReschedule}>
              Reschedule
            </button>
          )}
          {live && (
            <button
              type="button"
              class="btn btn--ghost btn--danger-text"
              disabled={busy !== null}
              onClick={() => setCancelling(true)}
            >
              Cancel booking…
            </button>
          )}
        </div>
      )}
      {live && !started && (
        <p class="muted panel-note">
          Completed and no-show can be marked once it starts at {localTime(booking.startsAt, tz)}.
        </p>
      )}
    </Dialog>
  );
}
