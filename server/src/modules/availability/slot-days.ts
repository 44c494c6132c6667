/**
 * A run of days at a glance, for choosing a day: which days are closed,
 * which are full and how many start times each has for a service. One query
 * for the whole run; the fit over consecutive slots is the shared
 * `fittingStarts`, as for a single day.
 */
import { addDays, type DaySummary, fittingStarts, localDate, type Slot } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SQL_NOW } from '../../lib/clock.ts';
import type { ReadClock, SalonRules } from './slot-query.ts';

interface DayRow {
  id: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  status: Slot['status'];
  date: string;
}

export async function daySummaries(
  em: EntityManager,
  salon: SalonRules,
  q: { from: string; days: number; needed: number; staffId?: number | undefined },
  clock: ReadClock,
): Promise<DaySummary[]> {
  const until = addDays(q.from, q.days);
  const rows = await em.execute<DayRow[]>(
    `select sl.id, sl.staff_id as "staffId",
            sl.starts_at as "startsAt", sl.ends_at as "endsAt",
            to_char(sl.starts_at at time zone ?, 'YYYY-MM-DD') as date,
            case when sl.is_booked then 'booked'
                 when exists (select 1 from slot_locks l where l.slot_id = sl.id and l.expires_at > ${SQL_NOW}) then 'locked'
                 else 'available' end as status
     from slots sl
     join staff st on st.id = sl.staff_id and st.active
     where sl.salon_id = ?
       and sl.starts_at >= (cast(? as date)::timestamp at time zone ?)
       and sl.starts_at < (cast(? as date)::timestamp at time zone ?)
       ${q.staffId ? 'and sl.staff_id = ?' : ''}`,
    [
      salon.timezone,
      clock.sqlNow,
      salon.id,
      q.from,
      salon.timezone,
      until,
      salon.timezone,
      ...(q.staffId ? [q.staffId] : []),
    ],
  );
  const byDate = new Map<string, Slot[]>();
  for (const r of rows) {
    const list = byDate.get(r.date) ?? [];
    list.push({
      id: r.id,
      staffId: r.staffId,
      startsAt: new Date(r.startsAt).toISOString(),
      endsAt: new Date(r.endsAt).toISOString(),
      status: r.status,
    });
    byDate.set(r.date, list);
  }

  const bookableFrom = clock.now.getTime() + salon.minNoticeMinutes * 60_000;
  const today = localDate(clock.now, salon.timezone);
  // Today's slots that have started may never have been made (slots are made ahead of
  // time, from the moment of generation on): whether today is over or closed is the hours'.
  const openToday =
    byDate.has(today) || (today >= q.from && today < until && (await worksOn(em, salon.id, today, q.staffId)));
  const out: DaySummary[] = [];
  for (let i = 0; i < q.days; i++) {
    const date = addDays(q.from, i);
    const slots = byDate.get(date) ?? [];
    if (slots.length === 0) {
      const over = date < today || (date === today && openToday);
      out.push({ date, status: over ? 'over' : 'closed', freeStarts: 0 });
      continue;
    }
    // As for one day: a free slot nobody can take any more does not help a service fit.
    const takeable = slots.filter((s) => s.status !== 'available' || Date.parse(s.startsAt) >= bookableFrom);
    const starts = new Set(fittingStarts(takeable, q.needed).map((s) => Date.parse(s.startsAt)));
    const status =
      starts.size > 0 ? 'free' : slots.every((s) => Date.parse(s.startsAt) < bookableFrom) ? 'over' : 'full';
    out.push({ date, status, freeStarts: starts.size });
  }
  return out;
}

/** True when the salon (or the stylist) has working hours on that date's weekday. */
async function worksOn(em: EntityManager, salonId: number, date: string, staffId?: number): Promise<boolean> {
  const rows = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from working_hours wh
     left join staff st on st.id = wh.staff_id
     where wh.salon_id = ? and wh.weekday = extract(isodow from cast(? as date))
       and (wh.staff_id is null or st.active)
       and (cast(? as int) is null or wh.staff_id is null or wh.staff_id = ?)`,
    [salonId, date, staffId ?? null, staffId ?? null],
  );
  return (rows[0]?.n ?? 0) > 0;
}
