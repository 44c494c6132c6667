/**
 * Display formatting. Instants are shown on the salon's clock (that is when
 * the appointment is), and the zone is named whenever the device's clock
 * would read differently.
 */
import { localDate, localTime } from '@glamify/shared';

// Building an Intl formatter costs far more than using one (a salon page formats
// dozens of days, times and prices per render on a slow phone): build each once.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

let prepared = false;
/**
 * The first date or number formatter of a page load makes the browser load
 * its locale data: 20–30 ms on a desktop in one piece, four times that on a
 * mid-range phone. A page that will show a salon's times calls this while it
 * waits for the salon, so the cost is paid in the network's idle time and
 * in steps of a few milliseconds each (the locale's likely subtags, the
 * formatters' locale list, then the formatters themselves), each a task of
 * its own that a tap can come between, not inside the render that draws
 * the salon.
 */
export function prepareFormatting(): void {
  if (prepared) return;
  prepared = true;
  const steps = [
    () => new Intl.Locale(navigator.language || 'en').maximize(),
    () => Intl.DateTimeFormat.supportedLocalesOf([navigator.language || 'en']),
    () => localDate(new Date(), deviceZone()),
    () => money(0, 'USD'),
  ];
  const next = () => {
    try {
      steps.shift()?.();
    } catch {
      // An unusual navigator.language: the formatter that needs the data will load it.
    }
    if (steps.length > 0) setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

export function money(cents: number, currency: string): string {
  try {
    const f = cached(`money:${currency}`, () => new Intl.NumberFormat(undefined, { style: 'currency', currency }));
    return f.format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** "Tue 3 Mar" for a YYYY-MM-DD date (a calendar date has no time zone). */
export function dayLabel(date: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const f = cached(
    // String(undefined) keeps `{ weekday: undefined }` (no weekday) apart from `{}` (JSON would not).
    `day:${Object.entries(opts)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',')}`,
    () =>
      new Intl.DateTimeFormat(undefined, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        timeZone: 'UTC',
        ...opts,
      }),
  );
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}

let device: string | undefined;
/** The device's IANA time zone (read once: a phone that travels reloads the app sooner or later). */
export function deviceZone(): string {
  device ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return device;
}

/** True when the salon's wall clock and the device's read differently at that instant. */
export function zoneDiffers(instant: string | Date, timeZone: string, device = deviceZone()): boolean {
  if (timeZone === device) return false;
  return (
    localTime(instant, timeZone) !== localTime(instant, device) ||
    localDate(instant, timeZone) !== localDate(instant, device)
  );
}

/** "New York time" for America/New_York, "UTC time" for UTC; Etc/ zones get their offset ("GMT-5 time"). */
export function zoneName(timeZone: string, at: string | Date = new Date()): string {
  const place = timeZone.split('/').pop() ?? timeZone;
  if (!timeZone.startsWith('Etc/')) return `${place.replace(/_/g, ' ')} time`;
  const offset = cached(
    `offset:${timeZone}`,
    () => new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }),
  )
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')?.value;
  return `${offset ?? timeZone} time`;
}

/** " New York time" when the device's clock differs from the salon's at that instant, else nothing. */
export function zoneSuffix(instant: string | Date, timeZone: string): string {
  return zoneDiffers(instant, timeZone) ? ` ${zoneName(timeZone, instant)}` : '';
}

/** "Tue 3 Mar, 14:30" on the salon's clock, with "New York time" added when the device's differs. */
export function whenLabel(instant: string, timeZone: string): string {
  return `${dayLabel(localDate(instant, timeZone))}, ${localTime(instant, timeZone)}${zoneSuffix(instant, timeZone)}`;
}

/** The same instant on the device's clock ("Tue 3 Mar, 20:30"), for "that is … your time". */
export function deviceWhenLabel(instant: string): string {
  const device = deviceZone();
  return `${dayLabel(localDate(instant, device))}, ${localTime(instant, device)}`;
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

/** A phone number as a `tel:` link ("+1 718 555 0142" → "tel:+17185550142"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}
