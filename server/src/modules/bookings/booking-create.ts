/**
 * The booking transaction (seed steps 6-12): availability claims the covered
 * slots (row locks in id order, holds checked), the services are priced, the
 * booking and its items are inserted, availability marks the slots booked and
 * consumes the hold, and the booking is confirmed with its reminders planned
 * and its outbox records written, or, when the salon asks for a deposit,
 * opened for payment and left PENDING (confirmed when it is paid). A
 * customer's own booking meets their caps on the way (booking-limits.ts). All
 * in one transaction; any failure rolls all of it back.
 */
import type { GuestInput } from '@glamify/shared';
import { invalid } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import { dayCount, dayFull } from './booking-limits.ts';
import { alertOf, notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking, selectBookingFrom, toDto } from './booking-queries.ts';
import { planReminders, remindersFor } from './booking-reminders.ts';
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
  /**
   * A customer's own booking: under their lock, at most `perDay` live
   * bookings at the salon that day, and, awaiting a deposit, within
   * HOLDS_PER_CUSTOMER with their holds (booking-limits.ts).
   */
  customerCaps?: { perDay: number };
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
): Promise<BookingRow> {
  const { em } = tx;
  const claim = await availability.claim(tx, {
    slotId: input.slotId,
    serviceIds: input.serviceIds,
    holderId: input.bookedBy,
    ...(input.staffId !== undefined ? { staffId: input.staffId } : {}),
    ...(input.anyStaff ? { anyStaff: true } : {}),
    ...(input.lockToken ? { lockToken: input.lockToken } : {}),
    ...(input.frontDesk ? { frontDesk: true } : {}),
    ...(input.customerCaps ? { lockHolder: true } : {}),
  });
  const { salon, services } = claim;
  const currency = new Set(services.map((p) => p.currency));
  if (currency.size !== 1) throw invalid('serviceIds', 'Services in one booking must share a currency');
  const minutes = services.reduce((sum, s) => sum + s.durationMinutes, 0);
  const guestId = input.guest ? await insertGuest(tx, salon.id, input.guest) : null;
  const totalPriceCents = services.reduce((sum, p) => sum + p.priceCents, 0);
  const createdAt = new Date().toISOString();
  // A customer's day cap guards the insert itself (no round trip of its own): a full day inserts nothing.
  const day =
    input.customerCaps && input.customerId !== undefined
      ? dayCount({ customerId: input.customerId, salonId: salon.id, date: claim.date, timezone: salon.timezone }, now)
      : undefined;
  // The booking, its items and its slots in one statement, which returns the booking as its DTO.
  const row = await availability.insertBooked<BookingRow>(tx, claim, {
    with: `b as (
      insert into bookings (customer_id, guest_id, booked_by, salon_id, staff_id, status, starts_at, ends_at,
        total_price_cents, total_duration_minutes, currency, idempotency_key, idempotency_hash, created_at, updated_at)
      select ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?
      where ${day ? `(${day.sql}) < ?` : 'true'}
      returning *
    ), items as (
      insert into booking_items (booking_id, service_id, position, name, price_cents, duration_minutes)
      select b.id, x.service_id, x.position, x.name, x.price_cents, x.duration_minutes
      from b, jsonb_to_recordset(cast(? as jsonb))
        as x(service_id int, position int, name text, price_cents int, duration_minutes int)
    )`,
    params: [
      input.customerId ?? null,
      guestId,
      input.bookedBy,
      salon.id,
      claim.staffId,
      claim.startsAt.toISOString(),
      new Date(claim.startsAt.getTime() + minutes * 60_000).toISOString(),
      totalPriceCents,
      minutes,
      [...currency][0] as string,
      input.idempotency?.key ?? null,
      input.idempotency?.hash ?? null,
      createdAt,
      createdAt,
      ...(day ? [...day.params, input.customerCaps?.perDay] : []),
      JSON.stringify(
        services.map((s, position) => ({
          service_id: s.id,
          position,
          name: s.name,
          price_cents: s.priceCents,
          duration_minutes: s.durationMinutes,
        })),
      ),
    ],
    select: selectBookingFrom('b'),
    selectParams: [],
  });
  if (!row) throw dayFull(input.customerCaps?.perDay ?? 0, claim.date);
  // The items and slots were written by the same statement, so its read could not see them.
  const created = toDto({
    ...row,
    items: services.map((s) => ({
      serviceId: s.id,
      name: s.name,
      priceCents: s.priceCents,
      durationMinutes: s.durationMinutes,
    })),
    slotIds: claim.slots.map((s) => s.id),
  });

  // A customer booking for themselves pays the salon's deposit, if it asks one; the slots stay
  // taken while the booking is PENDING. The front desk books without one: the salon is there.
  const deposit =
    input.customerId !== undefined && input.customerId === input.bookedBy
      ? await payments.ledger.open(
          tx,
          {
            bookingId: created.id,
            salonId: salon.id,
            totalCents: created.totalPriceCents,
            currency: created.currency,
            startsAt: claim.startsAt,
          },
          claim.terms,
        )
      : null;
  if (deposit) {
    // Awaiting its deposit, it keeps its time like a hold: one cap on both (its own hold is gone by now).
    if (input.customerCaps) await availability.assertKeptRoom(tx, created.customerId as number);
    return (await findBooking(em, created.id)) as BookingRow;
  }

  // The seed's step 12, PENDING to CONFIRMED, stays a real transition (the status guard
  // checks it), planned reminders and queued notifications riding in the same statement.
  assertTransition(created.status, 'CONFIRMED');
  const dto: BookingRow = { ...created, status: 'CONFIRMED' };
  const reminders = remindersFor('confirmed', 'reminders', now);
  const queued = notifications.queued(confirmationRecords(dto), 'queued');
  const [done] = await em.execute<{ confirmed: number; ids: number[] }[]>(
    `with confirmed as (
       update bookings set status = 'CONFIRMED', version = version + 1, updated_at = ?
       where id = ? and status = 'PENDING'
       returning id, salon_id, starts_at
     ), ${reminders.with}, ${queued.with}
     select (select count(*)::int from confirmed) as confirmed,
            coalesce((select array_agg(id order by id) from queued), '{}') as ids`,
    [createdAt, created.id, ...reminders.params, ...queued.params],
  );
  if (done?.confirmed !== 1) throw new Error(`booking ${created.id} was not PENDING when confirmed`);
  tx.emit({ type: 'booking:created', ownerId: dto.ownerId, customerId: dto.customerId, alert: alertOf(dto) });
  tx.emit({ type: 'notifications:queued', ids: done.ids.map(Number) });
  return dto;
}

/** The customer's confirmation (a walk-in has no account to notify) and the owner's alert email. */
function confirmationRecords(dto: BookingRow, extra: Record<string, unknown> = {}) {
  const payload = notificationPayload(dto, extra);
  return [
    ...(dto.customerId !== null ? [{ userId: dto.customerId, type: 'booking_confirmed', payload }] : []),
    { userId: dto.ownerId, type: 'booking_created', payload },
  ];
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
  const ids = await notifications.queue(tx.em, confirmationRecords(dto, extra));
  tx.emit({ type: 'booking:created', ownerId: dto.ownerId, customerId: dto.customerId, alert: alertOf(dto) });
  tx.emit({ type: 'notifications:queued', ids });
}
