/**
 * The deposit ledger: what happens to a booking's money, written inside the
 * caller's transaction (the booking module's, which holds the booking row's
 * lock first; the payment row is always locked second). Nothing here talks
 * to a provider: refunds are recorded here and sent after commit
 * (refund-dispatch.ts), closed checkouts are announced as events.
 */
import { randomBytes } from 'node:crypto';
import { type DepositTerms, depositCents, type RefundReasonName, type Settlement, settle } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { Deps } from '../../lib/deps.ts';
import type { Tx } from '../../lib/tx.ts';
import { type Payment, PaymentEntity } from './payment.entity.ts';
import type { PaymentProvider, ProviderEvent, ProviderName } from './payment-provider.ts';

export type { Payment } from './payment.entity.ts';

export interface DepositRequest {
  bookingId: number;
  salonId: number;
  totalCents: number;
  currency: string;
  startsAt: Date;
}

type Succeeded = Extract<ProviderEvent, { kind: 'payment_succeeded' }>;

export function createLedger(deps: Deps, provider: PaymentProvider) {
  const base = deps.config.publicUrl ?? '';

  /**
   * Opens the deposit for a new booking when its salon asks for one (and it
   * is at least the provider's smallest charge); null when it does not. The
   * booking stays PENDING until the deposit is paid or `dueAt` passes.
   */
  async function open(
    tx: Tx,
    req: DepositRequest,
    terms?: DepositTerms & { depositPercent: number },
  ): Promise<Payment | null> {
    // The booking path read the terms with the salon's rules already; others ask here.
    const [policy] = terms
      ? [terms]
      : await tx.em.execute<(DepositTerms & { depositPercent: number })[]>(
          `select deposit_percent as "depositPercent", free_cancellation_hours as "freeCancellationHours",
                  late_cancel_fee_percent as "lateCancelFeePercent", no_show_fee_percent as "noShowFeePercent"
           from salons where id = ?`,
          [req.salonId],
        );
    if (!policy) return null;
    const amountCents = depositCents(req.totalCents, policy.depositPercent);
    if (amountCents < provider.minimumCents) return null;
    const now = deps.now().getTime();
    // Never due after the appointment has begun.
    const dueAt = new Date(Math.min(now + deps.config.paymentDeadlineSeconds * 1000, req.startsAt.getTime()));
    const payToken = randomBytes(32).toString('base64url');
    const payment = tx.em.create(PaymentEntity, {
      bookingId: req.bookingId,
      provider: provider.name,
      amountCents,
      currency: req.currency,
      status: 'due',
      dueAt,
      payToken,
      checkoutUrl: `${base}/api/v1/payments/checkout/${payToken}`,
      freeCancellationHours: policy.freeCancellationHours,
      lateCancelFeePercent: policy.lateCancelFeePercent,
      noShowFeePercent: policy.noShowFeePercent,
    });
    await tx.em.flush();
    tx.emit({ type: 'payment:due', bookingId: req.bookingId, dueAt: dueAt.toISOString() });
    return payment;
  }

  /** The booking's payment, locked (the booking row must be locked already); null without a deposit. */
  function lock(tx: Tx, bookingId: number): Promise<Payment | null> {
    return tx.em.findOne(PaymentEntity, { bookingId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** Stores a provider event id; false when it was stored before (a replay: apply nothing). */
  async function recordEvent(tx: Tx, name: ProviderName, event: ProviderEvent): Promise<boolean> {
    const rows = await tx.em.execute<unknown[]>(
      `insert into payment_events (provider, event_id, type, outcome) values (?, ?, ?, 'ignored')
       on conflict (provider, event_id) do nothing returning 1`,
      [name, event.id, event.type.slice(0, 100)],
    );
    return rows.length > 0;
  }

  async function noteOutcome(tx: Tx, name: ProviderName, eventId: string, outcome: string): Promise<void> {
    await tx.em.execute('update payment_events set outcome = ? where provider = ? and event_id = ?', [
      outcome,
      name,
      eventId,
    ]);
  }

  /**
   * Which booking an event is about: by the checkout it names, else by our
   * payment id it carries (the provider signed both, so either will do).
   */
  async function bookingOf(tx: Tx, name: ProviderName, event: ProviderEvent): Promise<number | undefined> {
    if (event.kind === 'ignored') return undefined;
    const rows = await tx.em.execute<{ bookingId: number }[]>(
      `select booking_id as "bookingId" from payments
       where provider = ? and (checkout_ref = ? or id = ?) order by (checkout_ref = ?) desc nulls last limit 1`,
      [name, event.checkoutRef ?? null, event.paymentId ?? 0, event.checkoutRef ?? null],
    );
    return rows[0]?.bookingId;
  }

  /** Records money received; the charge's id, or null when this charge was recorded before. */
  async function recordCharge(tx: Tx, payment: Payment, e: Succeeded): Promise<number | null> {
    const rows = await tx.em.execute<{ id: number }[]>(
      `insert into payment_charges (payment_id, provider, provider_charge_id, amount_cents, currency, paid_at)
       values (?, ?, ?, ?, ?, ?) on conflict (provider, provider_charge_id) do nothing returning id`,
      [payment.id, payment.provider, e.chargeRef, e.amountCents, e.currency, e.paidAt.toISOString()],
    );
    return rows[0]?.id ?? null;
  }

  function close(tx: Tx, payment: Payment): void {
    if (payment.checkoutRef) {
      tx.emit({ type: 'payment:closed', provider: payment.provider, checkoutRef: payment.checkoutRef });
    }
  }

  async function markPaid(tx: Tx, payment: Payment, chargeId: number, paidAt: Date): Promise<void> {
    payment.status = 'paid';
    payment.paidChargeId = chargeId;
    payment.paidAt = paidAt;
    payment.lastFailure = null;
    await tx.em.flush();
  }

  /** Due and past its deadline, or cancelled before it was paid: the checkout closes for good. */
  async function end(tx: Tx, payment: Payment, as: 'expired' | 'void'): Promise<void> {
    payment.status = as;
    await tx.em.flush();
    close(tx, payment);
  }

  async function noteFailure(tx: Tx, payment: Payment, message: string): Promise<void> {
    if (payment.status !== 'due') return;
    payment.lastFailure = message.slice(0, 300);
    await tx.em.flush();
  }

  /**
   * Records a refund of (part of) one charge, once per purpose; the charge's
   * `refunded_cents` check makes refunding more than it brought in
   * impossible. Sent to the provider after commit.
   */
  async function refund(
    tx: Tx,
    payment: Payment,
    r: { chargeId: number; amountCents: number; reason: RefundReasonName; purpose: string },
  ): Promise<void> {
    const rows = await tx.em.execute<{ id: number }[]>(
      `insert into payment_refunds (payment_id, charge_id, amount_cents, currency, reason, purpose, next_attempt_at)
       values (?, ?, ?, ?, ?, ?, now()) on conflict (purpose) do nothing returning id`,
      [payment.id, r.chargeId, r.amountCents, payment.currency, r.reason, r.purpose],
    );
    const id = rows[0]?.id;
    if (id === undefined) return;
    await tx.em.execute('update payment_charges set refunded_cents = refunded_cents + ? where id = ?', [
      r.amountCents,
      r.chargeId,
    ]);
    tx.emit({ type: 'refunds:queued', ids: [id] });
  }

  /** A charge that must not count (late, repeated, wrong amount) goes back in full. */
  async function refundCharge(tx: Tx, payment: Payment, chargeId: number, reason: RefundReasonName, cents: number) {
    await refund(tx, payment, { chargeId, amountCents: cents, reason, purpose: `charge-${chargeId}` });
  }

  /**
   * A booking with this deposit ends early: cancelled by the customer or the
   * salon, or a no-show. An unpaid deposit is void; a paid one is split into
   * the fee the terms keep and a refund of the rest.
   */
  async function settleBooking(
    tx: Tx,
    payment: Payment,
    outcome: 'customer_cancel' | 'owner_cancel' | 'no_show',
    booking: { priceCents: number; startsAt: string },
  ): Promise<Settlement | null> {
    if (payment.status === 'due') {
      await end(tx, payment, 'void');
      return null;
    }
    if (payment.status !== 'paid' || payment.paidChargeId === null || payment.paidChargeId === undefined) return null;
    const [charge] = await tx.em.execute<{ left: number }[]>(
      'select amount_cents - refunded_cents as "left" from payment_charges where id = ?',
      [payment.paidChargeId],
    );
    const s = settle(outcome, {
      paidCents: charge?.left ?? 0,
      priceCents: booking.priceCents,
      startsAt: booking.startsAt,
      now: deps.now(),
      terms: payment,
    });
    payment.feeCents = s.feeCents;
    await tx.em.flush();
    if (s.refundCents > 0) {
      await refund(tx, payment, {
        chargeId: payment.paidChargeId,
        amountCents: s.refundCents,
        reason: s.reason,
        purpose: `booking-${payment.bookingId}-settle`,
      });
    }
    return s;
  }

  /**
   * Counts a customer's bookings that still await their deposit (due, and
   * not past the deadline, when the deadline job is about to release them),
   * as a scalar subquery for the caller's statement: those keep their times
   * like holds do, so they share the holds' cap.
   */
  function unpaidQuery(customerId: number): { sql: string; params: unknown[] } {
    const now = deps.now().toISOString();
    // A due deposit's deadline is never after the start: only future bookings need reading.
    return {
      sql: `select count(*) from bookings b join payments p on p.booking_id = b.id
            where b.customer_id = ? and b.starts_at > ? and b.status = 'PENDING' and p.status = 'due' and p.due_at > ?`,
      params: [customerId, now, now],
    };
  }

  return {
    open,
    lock,
    unpaidQuery,
    recordEvent,
    noteOutcome,
    bookingOf,
    recordCharge,
    markPaid,
    end,
    noteFailure,
    refundCharge,
    settleBooking,
  };
}

export type Ledger = ReturnType<typeof createLedger>;
