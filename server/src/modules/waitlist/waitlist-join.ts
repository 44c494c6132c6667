/**
 * Joining the waitlist: checks the wish (a range of a salon-day, or one
 * exact start slot), places it in line once, and queues its day for the
 * matcher, so a time that is free right now is offered at once.
 */
import { ErrorCode, isIsoDate, type JoinWaitlistBody, minutesOfDay } from '@glamify/shared';
import { AppError, invalid } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';

/** Live entries one customer may have at once. */
export const ENTRIES_PER_CUSTOMER = 10;

interface Place {
  salonId: number;
  serviceId: number;
  staffId: number | null;
  slotId: number | null;
  date: string;
  from: string | null;
  to: string | null;
  dayStartsAt: string;
  dayEndsAt: string;
  windowStartsAt: string;
  windowEndsAt: string;
}

interface SalonRow {
  timezone: string;
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  today: string;
}

async function salonRules(tx: Tx, salonId: number, now: Date): Promise<SalonRow> {
  const [salon] = await tx.em.execute<SalonRow[]>(
    `select timezone, slot_minutes as "slotMinutes", min_notice_minutes as "minNoticeMinutes",
            horizon_days as "horizonDays", to_char((cast(? as timestamptz) at time zone timezone)::date, 'YYYY-MM-DD') as today
     from salons where id = ?`,
    [now.toISOString(), salonId],
  );
  if (!salon) throw new AppError(ErrorCode.SALON_NOT_FOUND, `Salon ${salonId} was not found`, { field: 'salonId' });
  return salon;
}

async function serviceMinutes(tx: Tx, salonId: number, serviceId: number): Promise<number> {
  const [service] = await tx.em.execute<{ minutes: number }[]>(
    'select duration_minutes as minutes from services where id = ? and salon_id = ? and active',
    [serviceId, salonId],
  );
  if (!service) {
    throw new AppError(ErrorCode.SERVICE_NOT_FOUND, `Service ${serviceId} is not offered by this salon`, {
      field: 'serviceId',
    });
  }
  return service.minutes;
}

/** The instants of a salon-local day and of a window in it. */
async function instants(tx: Tx, tz: string, date: string, from: string, to: string) {
  const [row] = await tx.em.execute<Record<'dayStart' | 'dayEnd' | 'windowStart' | 'windowEnd', Date>[]>(
    `select (cast(? as date)::timestamp at time zone ?) as "dayStart",
            ((cast(? as date) + 1)::timestamp at time zone ?) as "dayEnd",
            ((cast(? as date) + cast(? as time)) at time zone ?) as "windowStart",
            ((cast(? as date) + cast(? as time)) at time zone ?) as "windowEnd"`,
    [date, tz, date, tz, date, from, tz, date, to === '24:00' ? '24:00:00' : to, tz],
  );
  const iso = (d: Date | undefined) => new Date(d as Date).toISOString();
  return {
    dayStartsAt: iso(row?.dayStart),
    dayEndsAt: iso(row?.dayEnd),
    windowStartsAt: iso(row?.windowStart),
    windowEndsAt: iso(row?.windowEnd),
  };
}

/** A range of a salon-day: "between 10:00 and 14:00, any stylist / with Jonas". */
async function rangePlace(tx: Tx, body: JoinWaitlistBody, now: Date): Promise<Place> {
  if (body.salonId === undefined) throw invalid('salonId', 'Give salonId and date (or slotId for one exact time)');
  if (body.date === undefined) throw invalid('date', 'Give the salon-local date, YYYY-MM-DD');
  if (!isIsoDate(body.date)) throw invalid('date', 'date must be a calendar date written YYYY-MM-DD');
  const salon = await salonRules(tx, body.salonId, now);
  const minutes = await serviceMinutes(tx, body.salonId, body.serviceId);
  if (body.staffId !== undefined) {
    const [staff] = await tx.em.execute<{ id: number }[]>(
      'select id from staff where id = ? and salon_id = ? and active',
      [body.staffId, body.salonId],
    );
    if (!staff) throw invalid('staffId', 'No such stylist works at this salon');
  }
  const from = body.from ?? null;
  const to = body.to ?? null;
  if (from !== null && to !== null && minutesOfDay(from) >= (to === '24:00' ? 1440 : minutesOfDay(to))) {
    throw invalid('to', '`to` must be later than `from`');
  }
  if (body.date < salon.today) throw invalid('date', 'That day has passed');
  const last = new Date(`${salon.today}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() + salon.horizonDays);
  if (body.date > last.toISOString().slice(0, 10)) {
    throw invalid('date', `The salon takes bookings up to ${salon.horizonDays} days ahead`);
  }
  const at = await instants(tx, salon.timezone, body.date, from ?? '00:00', to ?? '24:00');
  const bookableFrom = now.getTime() + salon.minNoticeMinutes * 60_000;
  if (Date.parse(at.windowEndsAt) - minutes * 60_000 < bookableFrom) {
    throw invalid(to !== null ? 'to' : 'date', 'No appointment can be booked in that window any more');
  }
  // A closed day (or a stylist's day off) would wait forever: say so now.
  const [open] = await tx.em.execute<{ id: number }[]>(
    `select id from slots where salon_id = ? and starts_at >= ? and starts_at < ? ${body.staffId !== undefined ? 'and staff_id = ?' : ''} limit 1`,
    [body.salonId, at.windowStartsAt, at.windowEndsAt, ...(body.staffId !== undefined ? [body.staffId] : [])],
  );
  if (!open) throw invalid('date', 'Nobody works at this salon then: pick another day or time');
  return {
    salonId: body.salonId,
    serviceId: body.serviceId,
    staffId: body.staffId ?? null,
    slotId: null,
    date: body.date,
    from,
    to,
    ...at,
  };
}

/** One exact start slot: "this time is being booked, get it for me if it frees". */
async function exactPlace(tx: Tx, body: JoinWaitlistBody & { slotId: number }, now: Date): Promise<Place> {
  for (const field of ['salonId', 'date', 'staffId', 'from', 'to'] as const) {
    if (body[field] !== undefined)
      throw invalid(field, `Give slotId and serviceId alone for one exact time, without ${field}`);
  }
  const [slot] = await tx.em.execute<{ salonId: number; staffId: number; startsAt: Date }[]>(
    `select sl.salon_id as "salonId", sl.staff_id as "staffId", sl.starts_at as "startsAt"
     from slots sl join staff st on st.id = sl.staff_id and st.salon_id = sl.salon_id and st.active where sl.id = ?`,
    [body.slotId],
  );
  if (!slot) throw new AppError(ErrorCode.SLOT_NOT_FOUND, `Slot ${body.slotId} was not found`, { field: 'slotId' });
  const salon = await salonRules(tx, slot.salonId, now);
  const minutes = await serviceMinutes(tx, slot.salonId, body.serviceId);
  const startsAt = new Date(slot.startsAt);
  if (startsAt.getTime() < now.getTime() + salon.minNoticeMinutes * 60_000) {
    throw invalid('slotId', 'That time is too soon or has passed');
  }
  const needed = Math.max(1, Math.ceil(minutes / salon.slotMinutes));
  const [run] = await tx.em.execute<{ n: number }[]>(
    'select count(*)::int as n from slots where staff_id = ? and starts_at >= ? and starts_at < ?',
    [
      slot.staffId,
      startsAt.toISOString(),
      new Date(startsAt.getTime() + needed * salon.slotMinutes * 60_000).toISOString(),
    ],
  );
  if (run?.n !== needed)
    throw invalid('slotId', 'The service does not fit at this time: the stylist is not working for all of it');
  const [day] = await tx.em.execute<{ date: string }[]>(
    `select to_char((cast(? as timestamptz) at time zone ?)::date, 'YYYY-MM-DD') as date`,
    [startsAt.toISOString(), salon.timezone],
  );
  const date = day?.date as string;
  const at = await instants(tx, salon.timezone, date, '00:00', '24:00');
  return {
    salonId: slot.salonId,
    serviceId: body.serviceId,
    staffId: slot.staffId,
    slotId: body.slotId,
    date,
    from: null,
    to: null,
    dayStartsAt: at.dayStartsAt,
    dayEndsAt: at.dayEndsAt,
    windowStartsAt: startsAt.toISOString(),
    windowEndsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
  };
}

/** Places the customer in line (once per wish); returns the entry id and whether it is new. */
export async function joinLine(
  tx: Tx,
  customerId: number,
  body: JoinWaitlistBody,
  now: Date,
): Promise<{ id: number; created: boolean }> {
  const place =
    body.slotId !== undefined
      ? await exactPlace(tx, { ...body, slotId: body.slotId }, now)
      : await rangePlace(tx, body, now);
  // One customer's joins in a row, so the cap and the "same wish" lookup see every committed entry.
  await tx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`waitlist-customer:${customerId}`]);
  const [same] = await tx.em.execute<{ id: number }[]>(
    `select id from waitlist_entries
     where customer_id = ? and salon_id = ? and date = cast(? as date) and service_id = ? and status in ('waiting', 'offered')
       and staff_id is not distinct from ? and slot_id is not distinct from ?
       and from_time is not distinct from ? and to_time is not distinct from ?`,
    [customerId, place.salonId, place.date, place.serviceId, place.staffId, place.slotId, place.from, place.to],
  );
  if (same) return { id: same.id, created: false };
  const [live] = await tx.em.execute<{ n: number }[]>(
    `select count(*)::int as n from waitlist_entries where customer_id = ? and status in ('waiting', 'offered')`,
    [customerId],
  );
  if ((live?.n ?? 0) >= ENTRIES_PER_CUSTOMER) {
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `You are waiting for ${ENTRIES_PER_CUSTOMER} times already: leave one first`,
    );
  }
  const [row] = await tx.em.execute<{ id: number }[]>(
    `insert into waitlist_entries (customer_id, salon_id, service_id, staff_id, slot_id, date, from_time, to_time,
       day_starts_at, day_ends_at, window_starts_at, window_ends_at)
     values (?, ?, ?, ?, ?, cast(? as date), ?, ?, ?, ?, ?, ?) returning id`,
    [
      customerId,
      place.salonId,
      place.serviceId,
      place.staffId,
      place.slotId,
      place.date,
      place.from,
      place.to,
      place.dayStartsAt,
      place.dayEndsAt,
      place.windowStartsAt,
      place.windowEndsAt,
    ],
  );
  // The matcher looks at this day after commit: a time free right now is offered at once.
  await tx.em.execute('insert into waitlist_freed (salon_id, starts_at) values (?, ?)', [
    place.salonId,
    place.windowStartsAt,
  ]);
  return { id: (row as { id: number }).id, created: true };
}
