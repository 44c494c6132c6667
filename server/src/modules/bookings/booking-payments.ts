/**
 * A deposit, from the booking's side. A verified provider event confirms a
 * PENDING booking paid in time, or is refunded (paid late, twice, or another
 * amount); the deadline cancels a booking still unpaid. Each runs in one
 * transaction that locks the booking row first and the payment row second,
 * the order every path that changes a booking takes, so a payment and the
 * deadline arriving together for one booking queue up and exactly one wins:
 * confirmed (the deadline then finds nothing to do), or expired (the
 * payment then finds a cancelled booking and is refunded). The database
 * backs both: a booking with an unpaid deposit cannot become CONFIRMED, and
 * a CANCELLED booking cannot become anything else.
 */
import { localDate, localTime, type WebhookAnswer } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { Payment } from '../payments/payment-ledger.ts';
import type { ProviderEvent, ProviderName } from '../payments/payment-provider.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import { BookingEntity } from './booking.entity.ts';
import { announceConfirmed } from './booking-create.ts';
import { alertOf, formatPrice, notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';
import { dropReminders } from './booking-reminders.ts';
import { assertTransition } from './booking-state.ts';

type Outcome = WebhookAnswer['outcome'];
type BookingEntityRow = InstanceType<typeof BookingEntity.class>;

export interface BookingPaymentsDeps {
  availability: AvailabilityService;
  notifications: NotificationsService;
  payments: PaymentsService;
}

export function createBookingPayments(deps: Deps, { availability, notifications, payments }: BookingPaymentsDeps) {
  const { ledger } = payments;
  const em = () => deps.orm.em.fork() as EntityManager;

  function lockBooking(tx: Tx, id: number): Promise<BookingEntityRow | null> {
    return tx.em.findOne(BookingEntity, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  async function confirm(tx: Tx, booking: BookingEntityRow, payment: Payment, chargeId: number, paidAt: Date) {
    await ledger.markPaid(tx, payment, chargeId, paidAt);
    assertTransition(booking.status, 'CONFIRMED');
    booking.status = 'CONFIRMED';
    await tx.em.flush();
    const dto = (await findBooking(tx.em, booking.id)) as BookingRow;
    await announceConfirmed(
      tx,
      dto,
      { notifications, now: deps.now() },
      { depositPaid: formatPrice(payment.amountCents, dto.currency) },
    );
  }

  /** Unpaid at the deadline: cancelled, its slots released live, both sides told. */
  async function expire(tx: Tx, booking: BookingEntityRow, payment: Payment): Promise<void> {
    const before = (await findBooking(tx.em, booking.id)) as BookingRow;
    await ledger.end(tx, payment, 'expired');
    assertTransition(booking.status, 'CANCELLED');
    booking.status = 'CANCELLED';
    booking.cancelReason = 'payment_expired';
    booking.cancelledBy = null;
    booking.cancelledAt = deps.now();
    await tx.em.flush();
    // A PENDING booking has none planned unless it was moved; either way none goes out now.
    await dropReminders(tx, booking.id);
    await availability.freeBooked(tx, {
      id: booking.id,
      salonId: before.salonId,
      date: localDate(before.startsAt, before.timezone),
    });
    const payload = notificationPayload(before, {
      deposit: formatPrice(payment.amountCents, before.currency),
      dueAtLocal: localTime(payment.dueAt, before.timezone),
    });
    const ids = await notifications.queue(tx.em, [
      ...(before.customerId !== null ? [{ userId: before.customerId, type: 'payment_expired', payload }] : []),
      { userId: before.ownerId, type: 'payment_expired_salon', payload },
    ]);
    tx.emit({
      type: 'booking:cancelled',
      ownerId: before.ownerId,
      customerId: before.customerId,
      alert: { ...alertOf(before), cancelReason: 'payment_expired' },
    });
    tx.emit({ type: 'notifications:queued', ids });
  }

  async function apply(tx: Tx, name: ProviderName, event: ProviderEvent): Promise<Outcome> {
    if (event.kind === 'ignored') return 'ignored';
    const bookingId = await ledger.bookingOf(tx, name, event);
    const booking = bookingId === undefined ? null : await lockBooking(tx, bookingId);
    const payment = bookingId === undefined ? null : await ledger.lock(tx, bookingId);
    if (!booking || !payment) {
      deps.log.warn({ eventId: event.id, type: event.type }, 'a payment event names no payment of ours');
      return 'ignored';
    }
    if (event.kind === 'payment_failed') {
      await ledger.noteFailure(tx, payment, event.message);
      return 'noted';
    }
    const chargeId = await ledger.recordCharge(tx, payment, event);
    // The same money reported again under another event id: it was dealt with the first time.
    if (chargeId === null) return 'duplicate';
    const now = deps.now();
    const paidAt = new Date(Math.min(event.paidAt.getTime(), now.getTime()));
    const exact = event.amountCents === payment.amountCents && event.currency === payment.currency.trim();
    if (booking.status === 'PENDING' && payment.status === 'due') {
      if (paidAt.getTime() >= payment.dueAt.getTime()) {
        // Too late: the deadline decides, whoever noticed it first.
        await expire(tx, booking, payment);
        await ledger.refundCharge(tx, payment, chargeId, 'late_payment', event.amountCents);
        return 'refunded';
      }
      if (exact) {
        await confirm(tx, booking, payment, chargeId, paidAt);
        return 'confirmed';
      }
      await ledger.refundCharge(tx, payment, chargeId, 'payment_mismatch', event.amountCents);
      return 'refunded';
    }
    const reason = payment.status === 'paid' ? 'duplicate_payment' : 'late_payment';
    await ledger.refundCharge(tx, payment, chargeId, reason, event.amountCents);
    return 'refunded';
  }

  /** POST /payments/webhook/:provider, once verified: applies the event, once per event id. */
  function applyPaymentEvent(name: ProviderName, event: ProviderEvent): Promise<Outcome> {
    return inTransaction(deps, async (tx) => {
      if (!(await ledger.recordEvent(tx, name, event))) return 'duplicate';
      const outcome = await apply(tx, name, event);
      await ledger.noteOutcome(tx, name, event.id, outcome === 'duplicate' ? 'ignored' : outcome);
      return outcome;
    });
  }

  /**
   * Expires one booking's deposit if it is due and unpaid: 'expired', or
   * 'early' when its deadline is still ahead (the job retries), or 'settled'
   * when there is nothing to do (paid, cancelled, expired by someone else).
   */
  function expireOne(bookingId: number): Promise<'expired' | 'early' | 'settled'> {
    return inTransaction(deps, async (tx) => {
      const booking = await lockBooking(tx, bookingId);
      const payment = booking ? await ledger.lock(tx, bookingId) : null;
      if (!booking || !payment || booking.status !== 'PENDING' || payment.status !== 'due') return 'settled';
      if (payment.dueAt.getTime() > deps.now().getTime()) return 'early';
      await expire(tx, booking, payment);
      return 'expired';
    });
  }

  /** The sweep: every deposit past its deadline, safely while other instances sweep too. */
  async function expireDue(): Promise<{ expired: number }> {
    const due = await em().execute<{ bookingId: number }[]>(
      `select booking_id as "bookingId" from payments where status = 'due' and due_at <= ? order by due_at limit 500`,
      [deps.now().toISOString()],
    );
    let expired = 0;
    for (const { bookingId } of due) if ((await expireOne(bookingId)) === 'expired') expired++;
    return { expired };
  }

  return { applyPaymentEvent, expireOne, expireDue };
}
