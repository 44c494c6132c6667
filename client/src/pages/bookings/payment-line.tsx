import { type Booking, type RefundReason, settle } from '@glamify/shared';
import { money, whenLabel } from '../../lib/format';

const reasons: Record<RefundReason, string> = {
  free_cancellation: 'cancelled in time',
  late_cancellation: 'late cancellation, after the fee',
  salon_cancellation: 'cancelled by the salon',
  no_show: 'after the no-show fee',
  late_payment: 'paid after the deadline',
  duplicate_payment: 'paid twice',
  payment_mismatch: 'wrong amount',
};

/** What cancelling now would do to a paid deposit, in the words of the booking's own terms. */
export function cancelConsequence(b: Booking, now: Date): string | null {
  const p = b.payment;
  if (!p) return null;
  if (p.status === 'DUE') return 'Nothing has been paid yet; the payment link stops working.';
  if (p.status !== 'PAID') return null;
  const left = p.paidCents - p.refundedCents;
  const s = settle('customer_cancel', {
    paidCents: Math.min(left, p.amountCents),
    priceCents: b.totalPriceCents,
    startsAt: b.startsAt,
    now,
    terms: p.terms,
  });
  if (s.feeCents === 0) return `Your deposit of ${money(s.refundCents, p.currency)} comes back in full.`;
  if (s.refundCents === 0) return `The salon keeps your deposit of ${money(s.feeCents, p.currency)}.`;
  return `The salon keeps ${money(s.feeCents, p.currency)} of your deposit; ${money(s.refundCents, p.currency)} comes back.`;
}

/** A booking's deposit in one or two lines: due by when (with the pay link), paid, kept, refunded. */
export function PaymentLine({ booking, timezone }: { booking: Booking; timezone: string }) {
  const p = booking.payment;
  if (!p) return null;
  const m = (cents: number) => money(cents, p.currency);
  const refunds = p.refunds.filter((r) => r.status !== 'FAILED');
  return (
    <div class="payment-line">
      {p.status === 'DUE' && booking.status === 'PENDING' && (
        <>
          <p class="payment-line__due">
            <strong>Awaiting payment</strong> — pay {m(p.amountCents)} by {whenLabel(p.dueAt, timezone)}
          </p>
          {p.checkoutUrl && (
            <a class="btn btn--primary btn--small" href={p.checkoutUrl}>
              Pay deposit
            </a>
          )}
        </>
      )}
      {p.status === 'PAID' && (
        <p>
          Deposit paid: {m(p.amountCents)}
          {booking.status === 'CONFIRMED' && booking.totalPriceCents > p.amountCents && (
            <span class="muted"> · {m(booking.totalPriceCents - p.amountCents)} left to pay at the salon</span>
          )}
        </p>
      )}
      {p.status === 'EXPIRED' && p.paidCents === 0 && <p>Deposit not paid in time</p>}
      {p.feeCents > 0 && <p>Kept under the salon's terms: {m(p.feeCents)}</p>}
      {refunds.map((r) => (
        <p key={r.id} class="payment-line__refund">
          {r.status === 'ISSUED' ? 'Refunded' : 'Refund on its way'}: {m(r.amountCents)}{' '}
          <span class="muted">({reasons[r.reason]})</span>
        </p>
      ))}
      {p.refunds.some((r) => r.status === 'FAILED') && (
        <p class="notice notice--error">A refund could not be made; please contact the salon.</p>
      )}
    </div>
  );
}
