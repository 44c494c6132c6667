/**
 * Moving a booking to another time (contract: "Reschedule"), in one
 * transaction: the booking row is locked first (as a cancellation locks
 * it, so the two never interleave), then its current slots, then the new
 * start's slots through availability's `claim` (`NOWAIT`, id order; the
 * booking's own slots count as free, so a move by a quarter of an hour
 * works); the old slots it no longer covers are freed with `freeBooked` and
 * the new ones marked with `markBooked`. The booking keeps its id, items,
 * price and payment; only stylist and time change. A customer's move onto
 * another day must fit BOOKINGS_PER_CUSTOMER_DAY there. Reminders are re-planned,
 * the move is recorded (with the idempotency key), and both sides are told.
 */
import { ErrorCode, isFreeChange, localDate } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import { AppError, forbidden, invalid } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { BookingEntity } from './booking.entity.ts';
import { assertSameRequest } from './booking-idempotency.ts';
import { assertDayRoom } from './booking-limits.ts';
import { alertOf, localLabel, notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';
import { planReminders } from './booking-reminders.ts';

export interface RescheduleInput {
  bookingId: number;
  slotId: number;
  anyStaff?: boolean;
  lockToken?: string;
  idempotency?: { key: string; hash: string };
}

export interface RescheduleDeps {
  availability: AvailabilityService;
  notifications: NotificationsService;
  now: Date;
  /** BOOKINGS_PER_CUSTOMER_DAY: a customer's move onto another day must fit it, as a new booking would. */
  perDay: number;
}

/** The booking a requester already moved with this key, if any (422 when the key named another move). */
export async function replayedReschedule(
  tx: Tx,
  actor: AuthUser,
  key: { key: string; hash: string },
): Promise<BookingRow | undefined> {
  const rows = await tx.em.execute<{ bookingId: number; hash: string | null }[]>(
    `select booking_id as "bookingId", idempotency_hash as hash from booking_reschedules
     where requested_by = ? and idempotency_key = ?`,
    [actor.id, key.key],
  );
  const row = rows[0];
  if (!row) return undefined;
  assertSameRequest(row.hash, key.hash, 'reschedule');
  return findBooking(tx.em, row.bookingId);
}

/** Only live bookings move: the same codes a cancellation answers with. */
function assertMovable(status: string): void {
  if (status === 'CANCELLED') throw new AppError(ErrorCode.BOOKING_ALREADY_CANCELLED, 'This booking is cancelled');
  if (status === 'COMPLETED') throw new AppError(ErrorCode.BOOKING_COMPLETED, 'This booking is already completed');
  if (status !== 'PENDING' && status !== 'CONFIRMED') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${status.toLowerCase()} booking cannot be moved`);
  }
}

export async function rescheduleTx(
  tx: Tx,
  actor: AuthUser,
  input: RescheduleInput,
  { availability, notifications, now, perDay }: RescheduleDeps,
): Promise<BookingRow> {
  const { em } = tx;
  // A customer's lock first, as for a new booking, so the day cap below sees their other bookings.
  if (actor.role === 'customer') await availability.lockCustomer(tx, actor.id);
  const entity = await em.findOne(BookingEntity, input.bookingId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const before = entity ? await findBooking(em, input.bookingId) : undefined;
  if (!entity || !before) throw new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${input.bookingId} was not found`);
  const byOwner = actor.role === 'admin' || actor.id === before.ownerId;
  if (!byOwner && before.customerId !== actor.id) throw forbidden('This booking is not yours');
  assertMovable(before.status);
  if (!byOwner) {
    if (Date.parse(before.startsAt) <= now.getTime()) {
      throw new AppError(ErrorCode.INVALID_TRANSITION, 'This appointment has already started; please call the salon');
    }
    const [policy] = await em.execute<{ hours: number }[]>(
      'select free_cancellation_hours as hours from salons where id = ?',
      [before.salonId],
    );
    if (!isFreeChange(before.startsAt, policy?.hours ?? 0, now)) {
      throw new AppError(
        ErrorCode.POLICY_WINDOW_CLOSED,
        `${before.salonName} takes changes until ${policy?.hours ?? 0} hours before the appointment; please call the salon`,
      );
    }
  }

  const [target] = await em.execute<{ salonId: number }[]>('select salon_id as "salonId" from slots where id = ?', [
    input.slotId,
  ]);
  if (target && target.salonId !== before.salonId) throw invalid('slotId', 'Pick a time at the same salon');

  // The slots it has now, then the new ones: a cancellation of another booking
  // never holds new slots while waiting for these, and the new ones never wait.
  await em.execute('select id from slots where booking_id = ? order by id for update', [before.id]);
  const claim = await availability.claim(tx, {
    slotId: input.slotId,
    serviceIds: before.items.map((i) => i.serviceId),
    holderId: actor.id,
    rebooking: before.id,
    ...(input.anyStaff ? { anyStaff: true } : {}),
    ...(input.lockToken ? { lockToken: input.lockToken } : {}),
  });
  if (claim.startsAt.getTime() === Date.parse(before.startsAt) && claim.staffId === before.staffId) {
    return before; // Already there: nothing moves, nobody is told.
  }

  const kept = claim.slots.map((s) => s.id);
  await availability.freeBooked(
    tx,
    { id: before.id, salonId: before.salonId, date: localDate(before.startsAt, before.timezone) },
    kept,
  );
  await availability.markBooked(tx, claim, before.id);
  entity.staffId = claim.staffId;
  entity.startsAt = claim.startsAt;
  entity.endsAt = new Date(claim.startsAt.getTime() + before.totalDurationMinutes * 60_000);
  await em.flush();
  // Moving bookings one by one onto a day must not get past the cap booking there would meet.
  if (!byOwner && before.customerId !== null && claim.date !== localDate(before.startsAt, before.timezone)) {
    await assertDayRoom(
      tx,
      {
        customerId: before.customerId,
        salonId: before.salonId,
        startsAt: claim.startsAt.toISOString(),
        timezone: before.timezone,
      },
      perDay,
      now,
    );
  }
  await em.execute(
    `insert into booking_reschedules (booking_id, requested_by, from_staff_id, from_starts_at, to_staff_id, to_starts_at,
                                      idempotency_key, idempotency_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      before.id,
      actor.id,
      before.staffId,
      before.startsAt,
      claim.staffId,
      claim.startsAt.toISOString(),
      input.idempotency?.key ?? null,
      input.idempotency?.hash ?? null,
    ],
  );
  await planReminders(tx, { id: before.id, salonId: before.salonId, startsAt: claim.startsAt }, now);

  const after = (await findBooking(em, before.id)) as BookingRow;
  const by = byOwner ? 'owner' : 'customer';
  const moved = {
    previousStartsAtLocal: localLabel(before.startsAt, before.timezone),
    previousStaffName: before.staffName,
    rescheduledBy: by,
  };
  const ids = await notifications.queue(em, [
    ...(after.customerId !== null
      ? [
          {
            userId: after.customerId,
            type: 'booking_rescheduled',
            payload: notificationPayload(after, { ...moved, audience: 'customer' }),
          },
        ]
      : []),
    {
      userId: after.ownerId,
      type: 'booking_rescheduled',
      payload: notificationPayload(after, { ...moved, audience: 'owner' }),
    },
  ]);
  tx.emit({
    type: 'booking:rescheduled',
    ownerId: after.ownerId,
    customerId: after.customerId,
    alert: {
      ...alertOf(after),
      previousStartsAt: before.startsAt,
      previousStaffName: before.staffName,
      rescheduledBy: by,
    },
  });
  tx.emit({ type: 'notifications:queued', ids });
  return after;
}
