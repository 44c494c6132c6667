/**
 * Materialises slot rows from working hours, in the salon's time zone, over
 * its booking horizon. PostgreSQL does the calendar maths: a local wall
 * time `AT TIME ZONE` the salon's zone gives the right instant on DST days.
 * Idempotent: existing slots are kept (ON CONFLICT DO NOTHING), and future
 * free slots the schedule no longer has are removed, never held or booked
 * ones. Slots start at the salon-local start of today, not at `now`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgCode } from '../../errors.ts';

/** Candidate slots for one salon: one row per stylist and slot start. */
const CANDIDATES = `
  with s as (
    select id, timezone, make_interval(mins => slot_minutes) as step, horizon_days,
           (cast(? as timestamptz) at time zone timezone)::date as today
    from salons where id = ?
  ),
  days as (
    select s.id as salon_id, s.timezone, s.step, d::date as day
    from s, generate_series(s.today, s.today + s.horizon_days, interval '1 day') d
  ),
  hours as (
    select days.*, st.id as staff_id,
           coalesce(own.opens, salon.opens) as opens,
           coalesce(own.closes, salon.closes) as closes,
           coalesce(own.breaks, salon.breaks) as breaks
    from days
    join staff st on st.salon_id = days.salon_id and st.active
    left join working_hours own
      on own.salon_id = days.salon_id and own.staff_id = st.id and own.weekday = extract(isodow from days.day)
    left join working_hours salon
      on salon.salon_id = days.salon_id and salon.staff_id is null and salon.weekday = extract(isodow from days.day)
    where coalesce(own.id, salon.id) is not null
  ),
  candidates as (
    select h.salon_id, h.staff_id,
           (t at time zone h.timezone) as starts_at,
           (t at time zone h.timezone) + h.step as ends_at
    from hours h,
         generate_series(h.day + h.opens, h.day + h.closes - h.step, h.step) t
    where not exists (
      select 1 from jsonb_array_elements(h.breaks) b
      where t < h.day + (b->>'ends')::time and t + h.step > h.day + (b->>'starts')::time
    )
  )`;

export interface GenerationResult {
  inserted: number;
  removed: number;
  /** Salon-local dates whose slots changed (watchers of those days take a fresh snapshot). */
  dates: string[];
}

/** The salon-local date of a slot, as SQL: `returning` clauses name the days they touched. */
const LOCAL_DAY = "to_char(starts_at at time zone (select timezone from salons where id = ?), 'YYYY-MM-DD') as day";

/** Regenerates one salon's future slots. Runs in the caller's transaction. */
export async function generateSalonSlots(em: EntityManager, salonId: number, now: Date): Promise<GenerationResult> {
  const params = [now.toISOString(), salonId];
  // Skip rows another transaction holds (a hold or booking in progress): they
  // stay, and the next run looks at them again.
  // The stale slots are a set difference (EXCEPT: one hash or sort, whatever the
  // statistics say); a correlated anti-join was planned as a nested comparison of
  // every slot with every candidate right after slots were written, which took
  // 15 s for five stylists over 60 days.
  const removed = await em.execute<{ id: number; day: string }[]>(
    `${CANDIDATES},
     stale as (
       select staff_id, starts_at, ends_at from slots
       where salon_id = ? and starts_at > ? and not is_booked
       except
       select staff_id, starts_at, ends_at from candidates
     )
     delete from slots where id in (
       select sl.id from stale
       join slots sl on sl.staff_id = stale.staff_id and sl.starts_at = stale.starts_at
       where not sl.is_booked and not exists (select 1 from slot_locks l where l.slot_id = sl.id)
       for update of sl skip locked
     ) returning id, ${LOCAL_DAY}`,
    [...params, salonId, now.toISOString(), salonId],
  );
  // Today's slots from the opening on, past ones too: the kiosk and the owner's
  // calendar draw the whole working day from them (customers' reads leave out
  // what can no longer be booked, and every booking path refuses the past).
  const inserted = await em.execute<{ id: number; day: string }[]>(
    `${CANDIDATES}
     insert into slots (salon_id, staff_id, starts_at, ends_at)
     select salon_id, staff_id, starts_at, ends_at from candidates
     on conflict (staff_id, starts_at) do nothing
     returning id, ${LOCAL_DAY}`,
    [...params, salonId],
  );
  const dates = [...new Set([...removed, ...inserted].map((r) => r.day))].sort();
  return { inserted: inserted.length, removed: removed.length, dates };
}

/**
 * True when regeneration lost a race with a hold taken on a slot it meant to
 * remove: the foreign key from slot_locks refuses, and the caller retries.
 */
export function isLostRegenerationRace(err: unknown): boolean {
  return pgCode(err) === '23503';
}
