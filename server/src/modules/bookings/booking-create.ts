/**
 * The booking transaction (seed steps 6-12): availability claims the covered
 * slots (row locks in id order, holds checked), the services are priced, the
 * booking and its items are inserted, availability marks the slots booked and
 * consumes the hold, and the booking is confirmed with its reminders planned
 * and its outbox records written, or, when the salon asks for a deposit,
 * opened for payment and left PENDING (confirmed when it is paid). All in
 * one transaction; any failure rolls all of it back.
 */
import type { GuestInput } from '@glamify/shared';
import { invalid } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import { BookingEntity, BookingItemEntity } from './booking.entity.ts';
import { alertOf, notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';
import { planReminders } from './booking-reminders.ts';
import { assertTransition } from './booking-state.ts';

export interface CreateInput {
  slotId: number;
  serviceIds: number[];
  staffId?: number;
  anyStaff?: boolean;
  lockToken?: string;
  /** Who asks: the customer, or the salon's owner at the front desk. */
  bookedBy: number;
  /** Exactly one of these: the customer account or the walk-in guest. */
  customerId?: number;
  guest?: GuestInput;
  idempotency?: { key: string; hash: string };
  /** The salon's owner at the desk or on the phone: the online booking notice does not apply. */
  frontDesk?: boolean;
}

export interface CreateDeps {
  availability: AvailabilityService;
  notifications: NotificationsService;
  payments: PaymentsService;
  /** The application's clock: reminders whose moment has passed are not planned. */
  now: Date;
}

async function insertGuest(tx: Tx, salonId: number, guest: GuestInput): Promise<number> {
  const rows = await tx.em.execute<{ id: number }[]>(
    'insert into guests (salon_id, name, phone, email) values (?, ?, ?, ?) returning id',
    [salonId, guest.name.trim(), guest.phone ?? null, guest.email ?? null],
  );
  return (rows[0] as { id: number }).id;
}

export async function createBookingTx(
  tx: Tx,
  input: CreateInput,
  { availability, notifications, payments, now }: CreateDeps,
) {
  const { em } = tx;
  const claim = await availability.claim(tx, {
    slotId: input.slotId,
    serviceIds: input.serviceIds,
    holderId: input.bookedBy,
    ...(input.staffId !== undefined ? { staffId: input.staffId } : {}),
    ...(input.anyStaff ? { anyStaff: true } : {}),
    ...(input.lockToken ? { lockToken: input.lockToken } : {}),
    ...(input.frontDesk ? { frontDesk: true } : {}),
  });
  const { salon, services } = claim;
  const currency = new Set(services.map((p) => p.currency));
  if (currency.size !== 1) throw invalid('serviceIds', 'Services in one booking must share a currency');
  const minutes = services.reduce((sum, s) => sum + s.durationMinutes, 0);
  const guestId = input.guest ? await insertGuest(tx, salon.id, input.guest) : null;
  const booking = em.create(BookingEntity, {
    customerId: input.customerId ?? null,
    guestId,
    bookedBy: input.bookedBy,
    salonId: salon.id,
    staffId: claim.staffId,
    status: 'PENDING',
    startsAt: claim.startsAt,
    endsAt: new Date(claim.startsAt.getTime() + minutes * 60_000),
    totalPriceCents: services.reduce((sum, p) => sum + p.priceCents, 0),
    totalDurationMinutes: minutes,
    currency: [...currency][0] as string,
    idempotencyKey: input.idempotency?.key ?? null,
    idempotencyHash: input.idempotency?.hash ?? null,
  });
  services.forEach((s, position) => {
    em.create(BookingItemEntity, {
      booking,
      serviceId: s.id,
      position,
      name: s.name,
      priceCents: s.priceCents,
      durationMinutes: s.durationMinutes,
    });
  });
  await em.flush();

  await availability.markBooked(tx, claim, booking.id);
  // A customer booking for themselves pays the salon's deposit, if it asks one; the slots stay
  // taken while the booking is PENDING. The front desk books without one: the salon is there.
  const deposit =
    input.customerId !== undefined && input.customerId === input.bookedBy
      ? await payments.ledger.open(tx, {
          bookingId: booking.id,
          salonId: salon.id,
          totalCents: booking.totalPriceCents,
          currency: booking.currency,
          startsAt: claim.startsAt,
        })
      : null;
  if (deposit) return (await findBooking(em, booking.id)) as BookingRow;

  assertTransition(booking.status, 'CONFIRMED');
  booking.status = 'CONFIRMED';
  await em.flush();
  const dto = (await findBooking(em, booking.id)) as BookingRow;
  await announceConfirmed(tx, dto, { notifications, now });
  return dto;
}

/**
 * A booking became CONFIRMED (booked, or its deposit paid): its reminders
 * are planned, and the customer's confirmation and the owner's alert and
 * email go out after commit.
 */
export async function announceConfirmed(
  tx: Tx,
  dto: BookingRow,
  { notifications, now }: { notifications: NotificationsService; now: Date },
  extra: Record<string, unknown> = {},
): Promise<void> {
  await planReminders(tx, { id: dto.id, salonId: dto.salonId, startsAt: dto.startsAt }, now);
  const payload = notificationPayload(dto, extra);
  const ids = await notifications.queue(tx.em, [
    // A walk-in has no account to notify; the owner hears either way.
    ...(dto.customerId !== null ? [{ userId: dto.customerId, type: 'booking_confirmed', payload }] : []),
    { userId: dto.ownerId, type: 'booking_created', payload },
  ]);
  tx.emit({ type: 'booking:created', ownerId: dto.ownerId, customerId: dto.customerId, alert: alertOf(dto) });
  tx.emit({ type: 'notifications:queued', ids });
}
