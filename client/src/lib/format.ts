/** Display formatting; instants are always shown in the salon's time zone. */
import { localDate, localTime } from '@glamify/shared';

export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** "Tue 3 Mar" for a YYYY-MM-DD date (a calendar date has no time zone). */
export function dayLabel(date: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
    ...opts,
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "Tue 3 Mar, 14:30" in the salon's zone. */
export function whenLabel(instant: string, timeZone: string): string {
  return `${dayLabel(localDate(instant, timeZone))}, ${localTime(instant, timeZone)}`;
}

export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** mm:ss for a countdown. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
