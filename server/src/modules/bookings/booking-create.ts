/**
 * The booking transaction (seed steps 6-12): lock the covered slots in id
 * order, check them, price the services, insert the booking and its items,
 * mark the slots booked, consume the hold, confirm, write the outbox records.
 * All in one transaction; any failure rolls all of it back.
 */
import { type BookingAlert, ErrorCode, fittingStarts, localDate, localTime } from '@glamify/shared';
import { AppError, invalid, pgCode } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import { assertTakeable, consumeHolds, lockCovered, type StartSlot } from '../availability/holds.ts';
import { daySlots, loadRules, type SalonRules, slotsFor } from '../availability/slot-query.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { BookingEntity, BookingItemEntity } from './booking.entity.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';
import { assertTransition } from './booking-state.ts';

export interface CreateInput {
  customerId: number;
  start: StartSlot;
  serviceIds: number[];
  staffId?: number;
  lockToken?: string;
  idempotencyKey?: string;
  now: Date;
}

/** "Any stylist": the given slot's stylist if free, else the lowest-id free one at that time. */
async function chooseStart(tx: Tx, salon: SalonRules, input: CreateInput, needed: number): Promise<StartSlot> {
  const { start } = input;
  const date = localDate(start.startsAt, salon.timezone);
  if (input.staffId !== undefined && input.staffId !== start.staffId) {
    const rows = await tx.em.execute<{ id: number }[]>('select id from slots where staff_id = ? and starts_at = ?', [
      input.staffId,
      start.startsAt.toISOString(),
    ]);
    const id = rows[0]?.id;
    if (!id) throw new AppError(ErrorCode.SLOT_NOT_FOUND, 'That stylist has no slot at this time');
    return { ...start, id, staffId: input.staffId };
  }
  if (input.staffId !== undefined) return start;
  // The customer's own hold on this time wins: that is the stylist they were shown.
  const held = await tx.em.execute('select 1 from slot_locks where slot_id = ? and holder_id = ? and expires_at > ?', [
    start.id,
    input.customerId,
    input.now.toISOString(),
  ]);
  if (held.length > 0) return start;
  const free = fittingStarts(await daySlots(tx.em, salon, date, input.now), needed).filter(
    (s) => Date.parse(s.startsAt) === start.startsAt.getTime(),
  );
  const pick = free.find((s) => s.staffId === start.staffId) ?? free.sort((a, b) => a.staffId - b.staffId)[0];
  return pick ? { ...start, id: pick.id, staffId: pick.staffId } : start;
}

export async function createBookingTx(
  tx: Tx,
  input: CreateInput,
  notifications: NotificationsService,
): Promise<BookingRow> {
  const { em } = tx;
  const { salon, services } = await loadRules(em, input.start.salonId, input.serviceIds);
  const needed = slotsFor(services, salon.slotMinutes);
  if (input.start.startsAt.getTime() < input.now.getTime() + salon.minNoticeMinutes * 60_000) {
    throw invalid('slotId', `This time is too soon: book at least ${salon.minNoticeMinutes} minutes ahead`);
  }
  const start = await chooseStart(tx, salon, input, needed);
  const covered = await lockCovered(em, start, needed, salon.slotMinutes, true).catch((err: unknown) => {
    // NOWAIT: another booking transaction has these rows right now. Losers learn at once.
    if (pgCode(err) === '55P03')
      throw new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is booking that time right now');
    throw err;
  });
  assertTakeable(covered, input.customerId, input.now, input.lockToken);

  const currency = new Set(services.map((p) => p.currency));
  if (currency.size !== 1) throw invalid('serviceIds', 'Services in one booking must share a currency');
  const minutes = services.reduce((sum, s) => sum + s.durationMinutes, 0);
  const startsAt = covered[0]?.startsAt as Date;
  const booking = em.create(BookingEntity, {
    customerId: input.customerId,
    salonId: salon.id,
    staffId: start.staffId,
    status: 'PENDING',
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * 60_000),
    totalPriceCents: services.reduce((sum, p) => sum + p.priceCents, 0),
    totalDurationMinutes: minutes,
    currency: [...currency][0] as string,
    idempotencyKey: input.idempotencyKey ?? null,
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

  const slotIds = covered.map((s) => s.id);
  await em.execute(
    `update slots set is_booked = true, booking_id = ? where id in (${slotIds.map(() => '?').join(',')})`,
    [booking.id, ...slotIds],
  );
  // Most bookings come from a hold; those that do not skip the round trip.
  if (input.lockToken || covered.some((c) => c.lockToken)) await consumeHolds(tx, slotIds, input.lockToken);
  assertTransition(booking.status, 'CONFIRMED');
  booking.status = 'CONFIRMED';
  await em.flush();

  const dto = (await findBooking(em, booking.id)) as BookingRow;
  const ids = await notifications.queue(em, [
    { userId: dto.customerId, type: 'booking_confirmed', payload: notificationPayload(dto) },
    { userId: dto.ownerId, type: 'booking_created', payload: notificationPayload(dto) },
  ]);
  const date = localDate(startsAt, salon.timezone);
  tx.emit({ type: 'slot:booked', salonId: salon.id, date, slotIds });
  tx.emit({ type: 'booking:created', ownerId: dto.ownerId, customerId: dto.customerId, alert: alertOf(dto) });
  tx.emit({ type: 'notifications:queued', ids });
  return dto;
}

export function alertOf(b: BookingRow, cancelledBy?: 'customer' | 'owner'): BookingAlert {
  return {
    bookingId: b.id,
    salonId: b.salonId,
    salonName: b.salonName,
    customerName: b.customerName,
    services: b.items.map((i) => i.name),
    staffName: b.staffName,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    ...(cancelledBy ? { cancelledBy } : {}),
  };
}

const priceFormats = new Map<string, Intl.NumberFormat>();
/** Building an Intl.NumberFormat costs more than the rest of the payload; keep one per currency. */
function formatPrice(cents: number, currency: string): string {
  let f = priceFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en', { style: 'currency', currency });
    priceFormats.set(currency, f);
  }
  return f.format(cents / 100);
}

export function notificationPayload(b: BookingRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bookingId: b.id,
    salonName: b.salonName,
    customerName: b.customerName,
    staffName: b.staffName,
    services: b.items.map((i) => i.name),
    startsAtLocal: `${localDate(b.startsAt, b.timezone)} ${localTime(b.startsAt, b.timezone)} (${b.timezone})`,
    totalPrice: formatPrice(b.totalPriceCents, b.currency),
    ...extra,
  };
}
