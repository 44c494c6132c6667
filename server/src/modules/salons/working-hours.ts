/**
 * The rules a week of working hours must follow beyond what JSON Schema can
 * say: the order of times, breaks within the day and apart from each other,
 * one row per (weekday, stylist), and stylists of this salon only. Pure, so
 * it is tested without a database; errors name the field as `hours/2/breaks/0`.
 */
import { minutesOfDay, type WorkingHours } from '@glamify/shared';
import { invalid } from '../../errors.ts';

/** Throws VALIDATION_FAILED naming the first offending field. */
export function checkWorkingHours(hours: readonly WorkingHours[], staffIds: ReadonlySet<number>): void {
  const seen = new Map<string, number>();
  hours.forEach((day, i) => {
    const at = `hours/${i}`;
    const opens = minutesOfDay(day.opens);
    const closes = minutesOfDay(day.closes);
    if (Number.isNaN(opens)) throw invalid(`${at}/opens`, `"${day.opens}" is not a time of day (HH:MM)`);
    if (Number.isNaN(closes)) throw invalid(`${at}/closes`, `"${day.closes}" is not a time of day (HH:MM)`);
    if (opens >= closes) throw invalid(`${at}/closes`, 'Closing time must be after opening time');
    if (day.staffId !== null && !staffIds.has(day.staffId)) {
      throw invalid(`${at}/staffId`, `Stylist ${day.staffId} does not work at this salon`);
    }
    const key = `${day.weekday}:${day.staffId ?? 'salon'}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw invalid(`${at}/weekday`, `Weekday ${day.weekday} is given twice for the same hours (also hours/${first})`);
    }
    seen.set(key, i);

    const breaks = day.breaks.map((b, j) => {
      const field = `${at}/breaks/${j}`;
      const starts = minutesOfDay(b.starts);
      const ends = minutesOfDay(b.ends);
      if (Number.isNaN(starts) || Number.isNaN(ends)) throw invalid(field, 'A break needs HH:MM times');
      if (starts >= ends) throw invalid(field, 'A break must end after it starts');
      if (starts < opens || ends > closes) throw invalid(field, 'A break must lie within the working hours');
      return { j, starts, ends };
    });
    breaks.sort((a, b) => a.starts - b.starts);
    for (let k = 1; k < breaks.length; k++) {
      const prev = breaks[k - 1]!;
      const cur = breaks[k]!;
      if (cur.starts < prev.ends) {
        throw invalid(`${at}/breaks/${Math.max(prev.j, cur.j)}`, `Breaks ${prev.j} and ${cur.j} overlap`);
      }
    }
  });
}

/** PostgreSQL answers `time` columns as HH:MM:SS; the API speaks HH:MM. */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}
