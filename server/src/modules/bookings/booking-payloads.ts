/**
 * What a booking change tells people: the owner's socket alert and the
 * facts notification records carry (what messages say, the owner's day a
 * push opens, what a calendar attachment needs).
 */
import { type BookingAlert, localDate, localTime } from '@glamify/shared';
import type { BookingRow } from './booking-queries.ts';

export function alertOf(b: BookingRow, cancelledBy?: 'customer' | 'owner'): BookingAlert {
  return {
    bookingId: b.id,
    salonId: b.salonId,
    salonName: b.salonName,
    customerName: b.customerName,
    services: b.items.map((i) => i.name),
    staffName: b.staffName,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    ...(cancelledBy ? { cancelledBy } : {}),
  };
}

const priceFormats = new Map<string, Intl.NumberFormat>();
/** Building an Intl.NumberFormat costs more than the rest of the payload; keep one per currency. */
export function formatPrice(cents: number, currency: string): string {
  let f = priceFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en', { style: 'currency', currency });
    priceFormats.set(currency, f);
  }
  return f.format(cents / 100);
}

/** startsAtLocal: "2026-12-01 10:00 (Europe/Berlin)", how every message names a time. */
export function localLabel(instant: string, timezone: string): string {
  return `${localDate(instant, timezone)} ${localTime(instant, timezone)} (${timezone})`;
}

/**
 * The facts a notification about a booking carries: what messages say, the
 * owner's day a push opens, and what a calendar attachment needs.
 */
export function notificationPayload(b: BookingRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bookingId: b.id,
    salonId: b.salonId,
    date: localDate(b.startsAt, b.timezone),
    salonName: b.salonName,
    salonAddress: b.salonAddress,
    customerName: b.customerName,
    staffName: b.staffName,
    services: b.items.map((i) => i.name),
    startsAtLocal: localLabel(b.startsAt, b.timezone),
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    timezone: b.timezone,
    status: b.status,
    sequence: b.sequence,
    totalPrice: formatPrice(b.totalPriceCents, b.currency),
    checkInCode: b.checkInCode,
    ...extra,
  };
}
