/**
 * Join snapshots kept in PostgreSQL by content version (`day_snapshots`, an
 * unlogged table), so that a client re-joining after a restart or on another
 * instance can name the version it last saw and get only what changed since.
 * Losing a row only costs a full snapshot: everything here is best effort,
 * never on the path of an answer.
 */
import type { Slot } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createCoalescer } from '../../lib/coalesce.ts';
import type { DayKey, DayPicture } from './day-pictures.ts';

/** Versions kept per salon-day and kind: enough for clients a few changes behind. */
const KEEP = 16;
/** Versions this process knows it stored (bounded; forgetting one only writes it again). */
const MAX_KNOWN = 20_000;

export interface DaySnapshots {
  /** Stores a picture that was sent to a client (once per version). */
  remember(p: DayPicture): void;
  /** The slots of an earlier picture of that day, if still kept. */
  find(key: DayKey, version: string): Promise<Slot[] | undefined>;
}

export function createDaySnapshots(o: { em: () => EntityManager; onError: (err: unknown) => void }): DaySnapshots {
  const known = new Set<string>();
  const shared = createCoalescer<Slot[] | undefined>();
  return {
    remember(p) {
      const id = `${p.key.salonId}|${p.key.date}|${p.key.wholeDay}|${p.version}`;
      if (known.has(id)) return;
      if (known.size >= MAX_KNOWN) known.clear();
      known.add(id);
      const { salonId, date, wholeDay } = p.key;
      // Insert, then trim that day to the newest versions and drop days long gone, in one statement.
      o.em()
        .execute(
          `with ins as (
             insert into day_snapshots (salon_id, day, whole_day, version, slots)
             values (?, cast(? as date), ?, ?, ?) on conflict do nothing returning 1)
           delete from day_snapshots d
           where (d.salon_id = ? and d.day = cast(? as date) and d.whole_day = ?
                  and d.version not in (
                    select version from day_snapshots
                    where salon_id = ? and day = cast(? as date) and whole_day = ?
                    order by created_at desc limit ${KEEP - 1}))
              or d.day < current_date - 2`,
          [salonId, date, wholeDay, p.version, p.json, salonId, date, wholeDay, salonId, date, wholeDay],
        )
        .catch((err: unknown) => {
          known.delete(id);
          o.onError(err);
        });
    },
    find(key, version) {
      return shared(`${key.salonId}|${key.date}|${key.wholeDay}|${version}`, async () => {
        const rows = await o
          .em()
          .execute<{ slots: string }[]>(
            'select slots from day_snapshots where salon_id = ? and day = cast(? as date) and whole_day = ? and version = ?',
            [key.salonId, key.date, key.wholeDay, version],
          );
        return rows[0] ? (JSON.parse(rows[0].slots) as Slot[]) : undefined;
      });
    },
  };
}
