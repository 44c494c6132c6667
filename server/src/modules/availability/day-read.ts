/**
 * The full read behind a cached day picture (the cheap check every request
 * makes is `loadDayRules`): the day's slots and the version they belong to,
 * in one statement, so the two always match.
 */
import type { Slot } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  DAY_SLOTS_SQL,
  DAY_VERSION_SQL,
  daySlotsParams,
  type ReadClock,
  type SalonRules,
  type SlotRow,
  toSlots,
} from './slot-query.ts';

/** Every slot of the day (as `daySlots`, all stylists) and the day's version, read in one snapshot. */
export async function readVersionedDay(
  em: EntityManager,
  salon: SalonRules,
  date: string,
  clock: ReadClock,
  wholeDay: boolean,
): Promise<{ dayVersion: string; slots: Slot[] }> {
  // The one-row version side is left-joined to the slots, so a day without
  // slots still says which version its emptiness belongs to.
  const rows = await em.execute<(SlotRow & { dayVersion: string })[]>(
    `select v.version as "dayVersion", d.*
     from (select ${DAY_VERSION_SQL} as version) v
     left join lateral (${DAY_SLOTS_SQL(false)}) d on true
     order by d."startsAt", d."staffId"`,
    [salon.id, date, ...daySlotsParams(salon, date, clock)],
  );
  const dayVersion = rows[0]?.dayVersion ?? '0';
  return { dayVersion, slots: toSlots(rows[0]?.id == null ? [] : rows, salon, clock, wholeDay) };
}
