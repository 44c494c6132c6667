/**
 * Deposit and fee arithmetic in integer minor units ("cents"), the same on
 * both sides: the PWA shows the customer before they confirm exactly what the
 * server will charge, keep and refund.
 *
 * Rounding: a share of an amount is rounded to the nearest cent, halves up
 * (20 % of 1.23 € is 0.246 € → 0.25 €). One rule for deposits and fees, in
 * integer arithmetic, so no floating-point cent is ever lost or invented.
 */
import { isFreeChange } from './policy.ts';

/** `percent` % of `cents`, to the nearest cent, halves up. */
export function shareOf(cents: number, percent: number): number {
  return Math.floor((cents * percent + 50) / 100);
}

/** The deposit a booking of `totalCents` is asked for under `depositPercent`. */
export function depositCents(totalCents: number, depositPercent: number): number {
  return shareOf(totalCents, depositPercent);
}

/** The terms a deposit was taken under (kept with the payment, so a later policy change does not alter them). */
export interface DepositTerms {
  freeCancellationHours: number;
  lateCancelFeePercent: number;
  noShowFeePercent: number;
}

/** Why money goes back to the customer. */
export type RefundReasonName =
  /** The customer cancelled while cancelling was free. */
  | 'free_cancellation'
  /** The customer cancelled after the free window: the rest after the late-cancel fee. */
  | 'late_cancellation'
  /** The salon cancelled: always everything. */
  | 'salon_cancellation'
  /** The customer did not come: the rest after the no-show fee. */
  | 'no_show'
  /** Paid after the deadline, or after the booking was cancelled: everything. */
  | 'late_payment'
  /** Paid a second time for a booking already paid: everything. */
  | 'duplicate_payment'
  /** Paid another amount or currency than asked: everything. */
  | 'payment_mismatch';

/** How a finished booking splits what was paid: the fee the salon keeps and the refund. */
export interface Settlement {
  feeCents: number;
  refundCents: number;
  reason: RefundReasonName;
}

/**
 * What happens to a paid deposit when a booking ends early. Fees are a share
 * of the booking's price, kept out of the deposit paid and never more than
 * that; whatever is not kept is refunded.
 */
export function settle(
  outcome: 'customer_cancel' | 'owner_cancel' | 'no_show',
  input: { paidCents: number; priceCents: number; startsAt: string | Date; now: Date; terms: DepositTerms },
): Settlement {
  const { paidCents, priceCents, terms } = input;
  const keep = (percent: number) => Math.min(paidCents, shareOf(priceCents, percent));
  if (outcome === 'owner_cancel') return { feeCents: 0, refundCents: paidCents, reason: 'salon_cancellation' };
  if (outcome === 'no_show') {
    const fee = keep(terms.noShowFeePercent);
    return { feeCents: fee, refundCents: paidCents - fee, reason: 'no_show' };
  }
  if (isFreeChange(input.startsAt, terms.freeCancellationHours, input.now)) {
    return { feeCents: 0, refundCents: paidCents, reason: 'free_cancellation' };
  }
  const fee = keep(terms.lateCancelFeePercent);
  return { feeCents: fee, refundCents: paidCents - fee, reason: 'late_cancellation' };
}
