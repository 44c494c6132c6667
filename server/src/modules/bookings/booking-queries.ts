/** Reading bookings: one query assembles the DTO with names, items and slots. */
import type { Booking, BookingPayment, BookingStatus } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface BookingRow extends Booking {
  ownerId: number;
  timezone: string;
  /** Who asked for it (the customer, or the owner at the front desk). */
  bookedBy: number;
  idempotencyHash: string | null;
  /** Street and city, for calendar files and reminders. */
  salonAddress: string;
  /** How often the booking moved: the calendar event's SEQUENCE. */
  sequence: number;
}

/** The deposit, when there is one, as the Booking DTO's `payment` (dates normalised in toDto). */
const PAYMENT = `(select json_build_object(
    'provider', p.provider, 'status', upper(p.status), 'amountCents', p.amount_cents, 'currency', trim(p.currency),
    'dueAt', p.due_at, 'checkoutUrl', case when p.status = 'due' then p.checkout_url end,
    'paidCents', coalesce((select sum(c.amount_cents) from payment_charges c where c.payment_id = p.id), 0),
    'paidAt', p.paid_at,
    'refundedCents', coalesce((select sum(r.amount_cents) from payment_refunds r where r.payment_id = p.id), 0),
    'feeCents', p.fee_cents, 'lastFailure', case when p.status = 'due' then p.last_failure end,
    'terms', json_build_object('freeCancellationHours', p.free_cancellation_hours,
      'lateCancelFeePercent', p.late_cancel_fee_percent, 'noShowFeePercent', p.no_show_fee_percent),
    'refunds', coalesce((select json_agg(json_build_object('id', r.id, 'amountCents', r.amount_cents, 'reason', r.reason,
        'status', case r.status when 'issued' then 'ISSUED' when 'failed' then 'FAILED' else 'PENDING' end,
        'createdAt', r.created_at, 'issuedAt', r.issued_at) order by r.id)
      from payment_refunds r where r.payment_id = p.id), '[]'))
  from payments p where p.booking_id = b.id)`;

/**
 * The Booking DTO read from `source` (the bookings table, or a CTE that just
 * inserted one: then the rows that statement writes beside it, such as its
 * items and slots, are not visible to it, and the caller fills them in).
 */
export const selectBookingFrom = (source: string) => `
  select b.id, b.salon_id as "salonId", s.name as "salonName", b.customer_id as "customerId",
         coalesce(u.name, g.name) as "customerName",
         case when g.id is null then null else json_build_object('name', g.name, 'phone', g.phone, 'email', g.email) end as guest,
         b.booked_by as "bookedBy", b.idempotency_hash as "idempotencyHash",
         b.staff_id as "staffId", st.name as "staffName", b.status,
         b.starts_at as "startsAt", b.ends_at as "endsAt", b.total_price_cents as "totalPriceCents",
         b.total_duration_minutes as "totalDurationMinutes", b.currency, b.cancel_reason as "cancelReason",
         b.cancelled_by as "cancelledBy", b.created_at as "createdAt", s.owner_id as "ownerId", s.timezone,
         b.check_in_code as "checkInCode", b.checked_in_at as "checkedInAt",
         concat_ws(', ', nullif(s.address, ''), s.city) as "salonAddress",
         (select count(*)::int from booking_reschedules r where r.booking_id = b.id) as sequence,
         coalesce((select json_agg(json_build_object('serviceId', i.service_id, 'name', i.name,
                     'priceCents', i.price_cents, 'durationMinutes', i.duration_minutes) order by i.position)
                   from booking_items i where i.booking_id = b.id), '[]') as items,
         coalesce((select array_agg(sl.id order by sl.starts_at) from slots sl where sl.booking_id = b.id), '{}') as "slotIds",
         ${PAYMENT} as payment
  from ${source} b
  join salons s on s.id = b.salon_id
  left join users u on u.id = b.customer_id
  left join guests g on g.id = b.guest_id
  join staff st on st.id = b.staff_id`;

const SELECT = selectBookingFrom('bookings');

const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

function paymentDto(p: BookingPayment | null): BookingPayment | null {
  if (!p) return null;
  return {
    ...p,
    dueAt: new Date(p.dueAt).toISOString(),
    paidAt: iso(p.paidAt),
    paidCents: Number(p.paidCents),
    refundedCents: Number(p.refundedCents),
    refunds: p.refunds.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      issuedAt: iso(r.issuedAt),
    })),
  };
}

export function toDto(r: BookingRow): BookingRow {
  return {
    ...r,
    payment: paymentDto(r.payment ?? null),
    currency: r.currency.trim(),
    startsAt: new Date(r.startsAt).toISOString(),
    endsAt: new Date(r.endsAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    checkedInAt: r.checkedInAt ? new Date(r.checkedInAt).toISOString() : null,
    slotIds: (r.slotIds ?? []).map(Number),
  };
}

export async function findBooking(em: EntityManager, id: number): Promise<BookingRow | undefined> {
  const rows = await em.execute<BookingRow[]>(`${SELECT} where b.id = ?`, [id]);
  return rows[0] ? toDto(rows[0]) : undefined;
}

/** The booking a requester made with an idempotency key (keys are scoped to who asked). */
export async function findByIdempotencyKey(
  em: EntityManager,
  bookedBy: number,
  key: string,
): Promise<BookingRow | undefined> {
  const rows = await em.execute<BookingRow[]>(`${SELECT} where b.booked_by = ? and b.idempotency_key = ?`, [
    bookedBy,
    key,
  ]);
  return rows[0] ? toDto(rows[0]) : undefined;
}

export interface ListFilter {
  customerId?: number;
  ownerId?: number;
  salonId?: number;
  date?: string;
  status?: BookingStatus;
  now: Date;
  limit: number;
  offset: number;
}

/**
 * Customers see their own bookings, upcoming first (soonest first), then
 * past ones (latest first); owners see their salons' bookings in time order.
 */
export async function listBookings(em: EntityManager, f: ListFilter): Promise<{ items: BookingRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.customerId !== undefined) where.push('b.customer_id = ?') && params.push(f.customerId);
  if (f.ownerId !== undefined) where.push('s.owner_id = ?') && params.push(f.ownerId);
  if (f.salonId !== undefined) where.push('b.salon_id = ?') && params.push(f.salonId);
  if (f.status !== undefined) where.push('b.status = ?') && params.push(f.status);
  if (f.date !== undefined) {
    where.push(
      'b.starts_at >= (cast(? as date)::timestamp at time zone s.timezone) and b.starts_at < ((cast(? as date) + 1)::timestamp at time zone s.timezone)',
    );
    params.push(f.date, f.date);
  }
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const order =
    f.customerId !== undefined
      ? 'order by (b.ends_at < ?) asc, case when b.ends_at >= ? then b.starts_at end asc, b.starts_at desc, b.id'
      : 'order by b.starts_at, b.id';
  const orderParams = f.customerId !== undefined ? [f.now.toISOString(), f.now.toISOString()] : [];
  const rows = await em.execute<BookingRow[]>(`${SELECT} ${clause} ${order} limit ? offset ?`, [
    ...params,
    ...orderParams,
    f.limit,
    f.offset,
  ]);
  const [count] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from bookings b join salons s on s.id = b.salon_id ${clause}`,
    params,
  );
  return { items: rows.map(toDto), total: count?.n ?? 0 };
}
