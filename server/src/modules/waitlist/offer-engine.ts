/**
 * Turning freed times into offers. Triggers queue every time that may have
 * become free (waitlist_freed); a pass claims queued rows with SKIP LOCKED,
 * so each is handled by one instance, and in one transaction:
 *
 * 1. closes offers that ended (expired, or their hold released) and puts
 *    range entries whose offer was released back in line;
 * 2. expires entries whose window has passed;
 * 3. for every salon-day touched, under that day's advisory lock, walks the
 *    line (exact-slot entries first, then first come) and gives each waiting
 *    entry the earliest free time that fits it, as a hold taken for the
 *    customer: the same slot_locks rows as any hold, whose unique slot makes
 *    a second offer of one time impossible whatever the application does.
 *
 * The re-check happens here, after commit of whatever freed the time: a
 * queued time that was taken again meanwhile simply matches nobody.
 */
import { ErrorCode, localDate, localTime, type Slot, type WaitlistOffer } from '@glamify/shared';
import { AppError, fromDatabaseError } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { LINE_ORDER } from './waitlist-queries.ts';

/** Queue rows one pass claims at most. */
export const PASS_BATCH = 500;

export interface EngineDeps {
  deps: Deps;
  availability: AvailabilityService;
  notifications: NotificationsService;
}

interface Day {
  salonId: number;
  date: string;
}

interface LineEntry {
  id: number;
  customerId: number;
  serviceId: number;
  staffId: number | null;
  slotId: number | null;
  windowStartsAt: Date;
  windowEndsAt: Date;
  durationMinutes: number;
  offered: number[];
}

/** Conflicts that mean "not this time": someone holds or booked it, or it no longer fits. */
const passOver = new Set<string>([
  ErrorCode.SLOT_BOOKED,
  ErrorCode.SLOT_LOCKED,
  ErrorCode.SLOT_NOT_FOUND,
  ErrorCode.VALIDATION_FAILED,
  ErrorCode.SERVICE_NOT_FOUND,
]);

/** One pass; returns how many queue rows it claimed (a full batch means: run again). */
export function runPass(ctx: EngineDeps): Promise<number> {
  return inTransaction(ctx.deps, async (tx) => {
    const claimed = await tx.em.execute<Day[]>(
      `with claimed as (
         delete from waitlist_freed where id in (
           select id from waitlist_freed order by id limit ? for update skip locked)
         returning salon_id, starts_at)
       select c.salon_id as "salonId", to_char((c.starts_at at time zone s.timezone)::date, 'YYYY-MM-DD') as date
       from claimed c join salons s on s.id = c.salon_id`,
      [PASS_BATCH],
    );
    const reopened = await closeEndedOffers(tx, ctx.deps.sqlNow());
    await expireEntries(tx, ctx.deps.now());
    const days = await daysWithLine(tx, [...claimed, ...reopened]);
    for (const day of days) {
      // A day that fails for an unforeseen reason must not hold up the others, nor the queue.
      await tx.em.execute('savepoint waitlist_day');
      try {
        await matchDay(tx, ctx, day);
        await tx.em.execute('release savepoint waitlist_day');
      } catch (err) {
        await tx.em.execute('rollback to savepoint waitlist_day');
        ctx.deps.log.error({ err, ...day }, 'waitlist matching failed for a day');
      }
    }
    return claimed.length;
  });
}

/**
 * Offers whose hold is gone or past its expiry end: `expired` (the entry
 * missed it) or `released` (the hold was let go early, e.g. the customer
 * took another hold that day, or the salon released it): a range entry goes
 * back in line, an exact-slot entry ends. Returns the days to look at again.
 */
async function closeEndedOffers(tx: Tx, sqlNow: string | null): Promise<Day[]> {
  return tx.em.execute<Day[]>(
    `with ended as (
       select o.id from waitlist_offers o
       where o.status = 'open'
         and (o.expires_at <= ${SQL_NOW} or not exists (select 1 from slot_locks l where l.token = o.lock_token))
       for update of o skip locked
     ), closed as (
       update waitlist_offers o
       set status = case when o.expires_at <= ${SQL_NOW} then 'expired' else 'released' end, closed_at = now()
       from ended where o.id = ended.id
       returning o.entry_id, o.status
     )
     update waitlist_entries e
     set status = case when c.status = 'released' and e.slot_id is null then 'waiting' else 'missed' end,
         ended_at = case when c.status = 'released' and e.slot_id is null then null else now() end
     from closed c where e.id = c.entry_id and e.status = 'offered'
     returning e.salon_id as "salonId", to_char(e.date, 'YYYY-MM-DD') as date`,
    [sqlNow, sqlNow],
  );
}

/** Entries whose window has passed leave the line (a past day's entries with it). */
async function expireEntries(tx: Tx, now: Date): Promise<void> {
  await tx.em.execute(
    `update waitlist_entries set status = 'expired', ended_at = now()
     where id in (select id from waitlist_entries where status = 'waiting' and window_ends_at <= ? for update skip locked)`,
    [now.toISOString()],
  );
}

/** The distinct days among `days` that have someone waiting, in a fixed order (the order their locks are taken in). */
async function daysWithLine(tx: Tx, days: Day[]): Promise<Day[]> {
  if (days.length === 0) return [];
  const keys = [...new Set(days.map((d) => `${d.salonId}|${d.date}`))];
  return tx.em.execute<Day[]>(
    `select distinct e.salon_id as "salonId", to_char(e.date, 'YYYY-MM-DD') as date
     from waitlist_entries e
     join unnest(cast(? as int[]), cast(? as date[])) as d(salon_id, date) on d.salon_id = e.salon_id and d.date = e.date
     where e.status = 'waiting'
     order by 1, 2`,
    [`{${keys.map((k) => k.split('|')[0]).join(',')}}`, `{${keys.map((k) => k.split('|')[1]).join(',')}}`],
  );
}

/** Does a free start fit this entry: its slot, its stylist, its window? */
function fits(entry: LineEntry, s: Slot): boolean {
  if (entry.offered.includes(s.id)) return false;
  if (entry.slotId !== null) return s.id === entry.slotId;
  if (entry.staffId !== null && s.staffId !== entry.staffId) return false;
  const start = Date.parse(s.startsAt);
  return (
    start >= entry.windowStartsAt.getTime() && start + entry.durationMinutes * 60_000 <= entry.windowEndsAt.getTime()
  );
}

/** Walks one salon-day's line and offers each waiting entry the earliest free time that fits it. */
export async function matchDay(tx: Tx, ctx: EngineDeps, day: Day): Promise<number> {
  // One matcher per salon-day across instances; the second sees the first's offers once it gets the lock.
  await tx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`waitlist:${day.salonId}:${day.date}`]);
  const line = await tx.em.execute<LineEntry[]>(
    `select e.id, e.customer_id as "customerId", e.service_id as "serviceId", e.staff_id as "staffId",
            e.slot_id as "slotId", e.window_starts_at as "windowStartsAt", e.window_ends_at as "windowEndsAt",
            v.duration_minutes as "durationMinutes",
            coalesce((select array_agg(o.slot_id) from waitlist_offers o where o.entry_id = e.id), '{}') as offered
     from waitlist_entries e join services v on v.id = e.service_id and v.active
     where e.salon_id = ? and e.date = cast(? as date) and e.status = 'waiting'
     order by ${LINE_ORDER}
     for update of e`,
    [day.salonId, day.date],
  );
  // Free starts per service, read again after every offer (the offer's hold takes some of them).
  const free = new Map<number, Slot[]>();
  let offers = 0;
  for (const raw of line) {
    const entry = { ...raw, windowStartsAt: new Date(raw.windowStartsAt), windowEndsAt: new Date(raw.windowEndsAt) };
    let starts = free.get(entry.serviceId);
    if (!starts) {
      starts = await ctx.availability.freeStartsIn(tx, { ...day, serviceId: entry.serviceId });
      free.set(entry.serviceId, starts);
    }
    for (const candidate of starts.filter((s) => fits(entry, s))) {
      if (await offer(tx, ctx, entry, candidate)) {
        offers++;
        free.clear();
        break;
      }
    }
  }
  return offers;
}

/** Takes the hold for the entry's customer and records the offer; false when the time was taken meanwhile. */
async function offer(tx: Tx, ctx: EngineDeps, entry: LineEntry, start: Slot): Promise<boolean> {
  await tx.em.execute('savepoint waitlist_offer');
  let hold: Awaited<ReturnType<AvailabilityService['holdFor']>>;
  try {
    hold = await ctx.availability.holdFor(tx, {
      holderId: entry.customerId,
      slotId: start.id,
      serviceId: entry.serviceId,
      seconds: ctx.deps.config.waitlistOfferSeconds,
    });
    await tx.em.execute('release savepoint waitlist_offer');
  } catch (err) {
    await tx.em.execute('rollback to savepoint waitlist_offer');
    const e = err instanceof AppError ? err : fromDatabaseError(err);
    if (e && passOver.has(e.code)) return false;
    throw err;
  }
  await tx.em.execute(
    `insert into waitlist_offers (entry_id, lock_token, slot_id, slot_ids, staff_id, starts_at, expires_at)
     values (?, ?, ?, cast(? as int[]), ?, ?, ?)`,
    [entry.id, hold.lockToken, start.id, `{${hold.slotIds.join(',')}}`, hold.staffId, hold.startsAt, hold.expiresAt],
  );
  const [names] = await tx.em.execute<
    { salonName: string; timezone: string; serviceName: string; staffName: string }[]
  >(
    `update waitlist_entries e set status = 'offered' from salons s, services v, staff st
     where e.id = ? and s.id = e.salon_id and v.id = e.service_id and st.id = ?
     returning s.name as "salonName", s.timezone, v.name as "serviceName", st.name as "staffName"`,
    [entry.id, hold.staffId],
  );
  if (!names) throw new Error(`waitlist entry ${entry.id} vanished while it was being offered a time`);
  const dto: WaitlistOffer = {
    entryId: entry.id,
    lockToken: hold.lockToken,
    slotIds: hold.slotIds,
    startsAt: hold.startsAt,
    staffId: hold.staffId,
    expiresAt: hold.expiresAt,
    salonId: hold.salonId,
    salonName: names.salonName,
    serviceId: entry.serviceId,
    serviceName: names.serviceName,
    staffName: names.staffName,
    timezone: names.timezone,
  };
  const ids = await ctx.notifications.queue(tx.em, [
    { userId: entry.customerId, type: 'waitlist_offer', payload: offerPayload(dto, appUrl(ctx.deps)) },
  ]);
  tx.emit({ type: 'waitlist:offered', customerId: entry.customerId, offer: dto });
  tx.emit({ type: 'notifications:queued', ids });
  return true;
}

/** Where the email's link points: PUBLIC_URL, or this server when it is unset (a local start). */
function appUrl(deps: Deps): string {
  return deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
}

/**
 * What the offer email and its push say: facts and our own links, no free
 * text. The push (notifications/push-messages.ts) reads `services`,
 * `staffName`, `startsAtLocal`, `expiresAt`, `entryId` and the app path `url`;
 * the email links to `link`, the same page on PUBLIC_URL.
 */
function offerPayload(o: WaitlistOffer, base: string): Record<string, unknown> {
  const tz = o.timezone;
  const path = `/bookings?offer=${o.entryId}`;
  return {
    entryId: o.entryId,
    salonId: o.salonId,
    salonName: o.salonName,
    serviceName: o.serviceName,
    services: [o.serviceName],
    staffName: o.staffName,
    date: localDate(o.startsAt, tz),
    startsAt: o.startsAt,
    startsAtLocal: `${localDate(o.startsAt, tz)} ${localTime(o.startsAt, tz)} (${tz})`,
    expiresAt: o.expiresAt,
    expiresAtLocal: `${localTime(o.expiresAt, tz)} (${tz})`,
    url: path,
    link: `${base}${path}`,
  };
}
