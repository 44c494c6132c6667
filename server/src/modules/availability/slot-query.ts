/**
 * Reading availability: one query for the salon (and service), one for the
 * day's slots with their status; the fit of a service over consecutive
 * slots is the shared `fittingStarts`, so the PWA derives the same answer
 * from live deltas.
 */
import { type Alternative, ErrorCode, fittingStarts, type Slot, slotsNeeded } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';

export interface SalonRules {
  id: number;
  timezone: string;
  slotMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  ownerId: number;
}

export interface ServiceRules {
  id: number;
  salonId: number;
  durationMinutes: number;
  bufferMinutes: number;
}

export async function loadSalonRules(em: EntityManager, salonId: number): Promise<SalonRules> {
  const rows = await em.execute<SalonRules[]>(
    `select id, timezone, slot_minutes as "slotMinutes", min_notice_minutes as "minNoticeMinutes",
            horizon_days as "horizonDays", owner_id as "ownerId"
     from salons where id = ?`,
    [salonId],
  );
  const salon = rows[0];
  if (!salon) throw new AppError(ErrorCode.SALON_NOT_FOUND, `Salon ${salonId} was not found`);
  return salon;
}

export interface PricedService extends ServiceRules {
  name: string;
  priceCents: number;
  currency: string;
}

/**
 * The salon's rules and the requested active services, in one query. A
 * service of another salon is "not found" here.
 */
export async function loadRules(
  em: EntityManager,
  salonId: number,
  ids: number[],
): Promise<{ salon: SalonRules; services: PricedService[] }> {
  const { dayVersion: _none, ...rules } = await rulesQuery(em, salonId, ids, undefined);
  return rules;
}

/**
 * `loadRules`, and in the same statement the version of one of the salon's
 * days (`slot_day_versions`; '0' before its first change): a cached read
 * checks its picture against it for one round trip.
 */
export async function loadDayRules(em: EntityManager, salonId: number, ids: number[], date: string) {
  const r = await rulesQuery(em, salonId, ids, date);
  return { ...r, dayVersion: r.dayVersion ?? '0' };
}

async function rulesQuery(em: EntityManager, salonId: number, ids: number[], date: string | undefined) {
  const rows = await em.execute<(SalonRules & { services: PricedService[]; dayVersion?: string })[]>(
    `select s.id, s.timezone, s.slot_minutes as "slotMinutes", s.min_notice_minutes as "minNoticeMinutes",
            s.horizon_days as "horizonDays", s.owner_id as "ownerId",
            ${SERVICES_JSON} as services
            ${date === undefined ? '' : `, ${DAY_VERSION_SQL} as "dayVersion"`}
     from salons s where s.id = ?`,
    [`{${ids.join(',')}}`, ...(date === undefined ? [] : [salonId, date]), salonId],
  );
  const row = rows[0];
  if (!row) throw new AppError(ErrorCode.SALON_NOT_FOUND, `Salon ${salonId} was not found`);
  const { services: found, dayVersion, ...salon } = row;
  return { salon, services: pickServices(found, ids, salonId), dayVersion };
}

/** The asked services in the asked order; one that is not this salon's (or not active) is "not found". */
export function pickServices(found: PricedService[], ids: number[], salonId: number): PricedService[] {
  return ids.map((id) => {
    const v = found.find((r) => r.id === id);
    if (!v || v.salonId !== salonId) {
      throw new AppError(ErrorCode.SERVICE_NOT_FOUND, `Service ${id} is not offered by this salon`, {
        field: 'serviceId',
      });
    }
    return v;
  });
}

/**
 * A salon-day's version (binds the salon id and the date): the sum of its
 * stylists' counters, which only grow, so it moves with every committed change.
 */
export const DAY_VERSION_SQL = `coalesce((select sum(version) from slot_day_versions
  where salon_id = ? and day = cast(? as date)), 0)::text`;

/** The active services among `ids`, as a JSON array (the first statement of a hold or a booking embeds it). */
export const SERVICES_JSON = `coalesce((select json_agg(json_build_object(
    'id', v.id, 'salonId', v.salon_id, 'durationMinutes', v.duration_minutes,
    'bufferMinutes', v.buffer_minutes, 'name', v.name, 'priceCents', v.price_cents,
    'currency', trim(v.currency)))
  from services v where v.id = any(cast(? as int[])) and v.active), '[]')`;

/** Slots a set of services needs back to back, the buffer after the last one included. */
export function slotsFor(services: ServiceRules[], slotMinutes: number): number {
  const minutes = services.reduce((sum, s) => sum + s.durationMinutes, 0);
  const buffer = Math.max(0, ...services.map((s) => s.bufferMinutes));
  return slotsNeeded(minutes + buffer, slotMinutes);
}

export interface SlotRow {
  id: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  status: Slot['status'];
  expiresAt: Date | null;
}

/** The instants a day read compares against: the app's (notice) and the hold clock's. */
export interface ReadClock {
  now: Date;
  sqlNow: string | null;
}

/**
 * Every slot of a salon-local day with its status (held ones with their
 * expiry). Free slots that start inside the minimum notice (or in the past)
 * are left out, since no customer can take them, unless `wholeDay` asks for
 * the stylists' whole working day (the kiosk's and the owner's calendar).
 * Held and booked ones always stay.
 */
export async function daySlots(
  em: EntityManager,
  salon: SalonRules,
  date: string,
  clock: ReadClock,
  staffId?: number,
  wholeDay = false,
): Promise<Slot[]> {
  const rows = await em.execute<SlotRow[]>(
    `${DAY_SLOTS_SQL(staffId !== undefined && staffId !== 0)} order by sl.starts_at, sl.staff_id`,
    [...daySlotsParams(salon, date, clock), ...(staffId ? [staffId] : [])],
  );
  return toSlots(rows, salon, clock, wholeDay);
}

/** The day's slot rows with their status; binds `daySlotsParams` (then the stylist, if asked). */
export const DAY_SLOTS_SQL = (oneStylist: boolean) =>
  `select sl.id, sl.staff_id as "staffId", sl.starts_at as "startsAt", sl.ends_at as "endsAt",
            case when sl.is_booked then 'booked'
                 when l.expires_at > ${SQL_NOW} then 'locked'
                 else 'available' end as status,
            l.expires_at as "expiresAt"
     from slots sl
     join staff st on st.id = sl.staff_id and st.active
     left join slot_locks l on l.slot_id = sl.id
     where sl.salon_id = ?
       and sl.starts_at >= (cast(? as date)::timestamp at time zone ?)
       and sl.starts_at < ((cast(? as date) + 1)::timestamp at time zone ?)
       ${oneStylist ? 'and sl.staff_id = ?' : ''}`;

export function daySlotsParams(salon: SalonRules, date: string, clock: ReadClock): unknown[] {
  return [clock.sqlNow, salon.id, date, salon.timezone, date, salon.timezone];
}

/** Rows (in snapshot order) to slots, leaving out free ones no customer can take unless `wholeDay`. */
export function toSlots(rows: SlotRow[], salon: SalonRules, clock: ReadClock, wholeDay: boolean): Slot[] {
  const bookableFrom = clock.now.getTime() + salon.minNoticeMinutes * 60_000;
  const out: Slot[] = [];
  for (const r of rows) {
    const startsAt = new Date(r.startsAt);
    if (!wholeDay && r.status === 'available' && startsAt.getTime() < bookableFrom) continue;
    out.push({
      id: r.id,
      staffId: r.staffId,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(r.endsAt).toISOString(),
      status: r.status,
      ...(r.status === 'locked' && r.expiresAt ? { expiresAt: new Date(r.expiresAt).toISOString() } : {}),
    });
  }
  return out;
}

/**
 * The slot list for one service: start slots where the whole service fits
 * are `available`; held and booked slots are marked; free slots where the
 * service does not fit are left out.
 */
export function forService(slots: Slot[], needed: number): Slot[] {
  const starts = new Set(fittingStarts(slots, needed).map((s) => s.id));
  return slots.filter((s) => s.status !== 'available' || starts.has(s.id));
}

/**
 * Up to three nearest free start times of the same stylist, then the same
 * time with other stylists: what a 409 offers so the customer can re-pick.
 */
export function pickAlternatives(slots: Slot[], needed: number, wanted: { staffId: number; startsAt: string }) {
  const starts = fittingStarts(slots, needed);
  const at = Date.parse(wanted.startsAt);
  const sameStaff = starts
    .filter((s) => s.staffId === wanted.staffId && Date.parse(s.startsAt) !== at)
    .sort((a, b) => Math.abs(Date.parse(a.startsAt) - at) - Math.abs(Date.parse(b.startsAt) - at))
    .slice(0, 3);
  const sameTime = starts.filter((s) => s.staffId !== wanted.staffId && Date.parse(s.startsAt) === at);
  return [...sameStaff, ...sameTime].map(
    (s): Alternative => ({ slotId: s.id, staffId: s.staffId, startsAt: s.startsAt }),
  );
}
