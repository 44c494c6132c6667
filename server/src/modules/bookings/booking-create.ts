/**
 * The booking transaction (seed steps 6-12): availability claims the covered
 * slots (row locks in id order, holds checked), the services are priced, the
 * booking and its items are inserted, availability marks the slots booked and
 * consumes the hold, the booking is confirmed, its reminders are planned
 * and the outbox records are written. All in one transaction; any failure rolls all of it back.
 */
import type { GuestInput } from '@glamify/shared';
import { invalid } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
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

export async function createBookingTx(tx: Tx, input: CreateInput, { availability, notifications, now }: CreateDeps) {
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
  assertTransition(booking.status, 'CONFIRMED');
  booking.status = 'CONFIRMED';
  await em.flush();
  await planReminders(tx, booking, now);

  const dto = (await findBooking(em, booking.id)) as BookingRow;
  const payload = notificationPayload(dto);
  const ids = await notifications.queue(em, [
    // A walk-in has no account to notify; the owner hears either way.
    ...(dto.customerId !== null ? [{ userId: dto.customerId, type: 'booking_confirmed', payload }] : []),
    { userId: dto.ownerId, type: 'booking_created', payload },
  ]);
  tx.emit({ type: 'booking:created', ownerId: dto.ownerId, customerId: dto.customerId, alert: alertOf(dto) });
  tx.emit({ type: 'notifications:queued', ids });
  return dto;
}
