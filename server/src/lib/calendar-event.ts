/**
 * Bookings as iCalendar (RFC 5545), built with the `ics` package: the file a
 * customer adds to their calendar (`GET /bookings/:id/calendar.ics`, the
 * confirmation email's attachment) and the owner's feed.
 *
 * Times are written in UTC, which every calendar app turns into its own
 * zone without ambiguity (the `ics` package cannot write TZID times, and a
 * TZID without its VTIMEZONE is invalid). The salon's zone is named twice:
 * as the calendar's `X-WR-TIMEZONE` and, with the wall-clock time, in the
 * description, so a customer travelling to the salon reads the salon's time.
 */
import { localDate, localTime } from '@glamify/shared';
import { createEvent, createEvents, type EventAttributes } from 'ics';

/** The facts of a booking a calendar event needs. */
export interface CalendarBooking {
  id: number;
  status: string;
  startsAt: string;
  endsAt: string;
  salonName: string;
  /** Street and city, as customers need it to get there; may be empty. */
  salonAddress: string;
  timezone: string;
  services: string[];
  staffName: string;
  customerName: string;
  /** Raised on every move, so calendar apps replace the event they have. */
  sequence: number;
}

const PRODUCT = 'glamify/bookings';

/** The same event, whatever file it is in: one UID per booking, forever. */
export function bookingUid(id: number): string {
  return `booking-${id}@glamify`;
}

function status(s: string): EventAttributes['status'] {
  if (s === 'CANCELLED') return 'CANCELLED';
  return s === 'PENDING' ? 'TENTATIVE' : 'CONFIRMED';
}

/** One booking as a calendar event: the customer's view, or the salon's (the owner's feed). */
export function bookingEvent(b: CalendarBooking, audience: 'customer' | 'owner'): EventAttributes {
  const services = b.services.join(', ');
  const wallClock = `${localDate(b.startsAt, b.timezone)} ${localTime(b.startsAt, b.timezone)}–${localTime(b.endsAt, b.timezone)} (${b.timezone})`;
  return {
    uid: bookingUid(b.id),
    sequence: b.sequence,
    start: Date.parse(b.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(b.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title:
      audience === 'customer' ? `${services} at ${b.salonName}` : `${b.customerName}: ${services} (${b.staffName})`,
    description: [
      audience === 'customer' ? `${services} with ${b.staffName}` : `${b.customerName} with ${b.staffName}`,
      wallClock,
      `Glamify booking #${b.id}`,
    ].join('\n'),
    location: [b.salonName, b.salonAddress].filter((x) => x.trim() !== '').join(', '),
    status: status(b.status),
    busyStatus: 'BUSY',
    productId: PRODUCT,
  };
}

/**
 * Calendar-level lines the `ics` package has no option for, placed where
 * RFC 5545 wants them (before any component); they replace the package's own
 * line of the same name (its `X-PUBLISHED-TTL` is an hour).
 */
function withCalendarLines(text: string, lines: string[]): string {
  const names = new Set(lines.map((l) => l.split(/[;:]/)[0]));
  const kept = unfold(text).filter((l) => !names.has(l.split(/[;:]/)[0]));
  const at = kept.findIndex((l) => l.startsWith('PRODID:')) + 1;
  return [...kept.slice(0, at), ...lines, ...kept.slice(at)].map(fold).join('\r\n');
}

function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8
 * sequence: the `ics` package counts characters, so an address with an ß
 * or an é came out a few octets too long.
 */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    // Continuation lines start with a space, which counts toward their 75.
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function unwrap(result: { error?: Error | null | undefined; value?: string | null | undefined }): string {
  if (result.error || typeof result.value !== 'string') throw result.error ?? new Error('calendar file not built');
  return result.value;
}

/** A calendar file with one booking, for the customer (or the owner) to add. */
export function bookingCalendarFile(b: CalendarBooking, audience: 'customer' | 'owner' = 'customer'): string {
  return withCalendarLines(unwrap(createEvent(bookingEvent(b, audience))), [`X-WR-TIMEZONE:${b.timezone}`]);
}

/**
 * A subscribed feed: every booking given, refreshed by calendar apps every
 * 15 minutes where they honour the hint. An empty feed is still a calendar.
 */
export function feedCalendarFile(bookings: CalendarBooking[], name: string, timezone: string): string {
  const text = bookings.length
    ? unwrap(
        createEvents(
          bookings.map((b) => bookingEvent(b, 'owner')),
          { calName: name, productId: PRODUCT },
        ),
      )
    : `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nPRODID:${PRODUCT}\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:${name.replace(/[\\;,\r\n]/g, ' ')}\r\nEND:VCALENDAR\r\n`;
  return withCalendarLines(text, [
    `X-WR-TIMEZONE:${timezone}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
  ]);
}
