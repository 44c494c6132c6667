/**
 * The words of a push, from a notification record's facts (like messages.ts
 * for email), and how the push service should treat it. A type that is not
 * pushed has no message here and fails to send rather than push its payload.
 */
import { PUSH_MESSAGE_VERSION, type PushMessage, type PushType } from '@glamify/shared';
import type { PushOptions } from '../push/web-push-transport.ts';

interface PushPayload {
  bookingId?: number;
  salonId?: number;
  /** The salon-local date of the start, for the owner's day. */
  date?: string;
  salonName?: string;
  customerName?: string;
  staffName?: string;
  services?: string[];
  startsAt?: string;
  startsAtLocal?: string;
  cancelledBy?: string;
  previousStartsAtLocal?: string;
  rescheduledBy?: string;
  hoursBefore?: number;
  /** waitlist_offer: until when the time is held, and which entry it is for. */
  expiresAt?: string;
  entryId?: number;
  /** An app path the record names for a tap (waitlist offers). */
  url?: string;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** A path inside the app, never another origin (`//host`, `https:`) or a script. */
function appPath(url: unknown, fallback: string): string {
  return typeof url === 'string' && /^\/(?!\/)[\w\-./?=&%#]*$/.test(url) ? url : fallback;
}

/** Seconds from now until an instant, at least a minute, at most four weeks. */
function until(iso: string | undefined, now: Date, fallback: number): number {
  const ms = iso ? Date.parse(iso) - now.getTime() : Number.NaN;
  return Number.isFinite(ms) ? Math.min(28 * DAY, Math.max(60, Math.floor(ms / 1000))) : fallback;
}

function ownersDay(p: PushPayload): string {
  const q = new URLSearchParams();
  if (p.date) q.set('date', p.date);
  if (p.salonId) q.set('salon', String(p.salonId));
  const qs = q.toString();
  return `/owner${qs ? `?${qs}` : ''}`;
}

export interface PushPlan {
  message: PushMessage;
  options: PushOptions;
}

/** The push for a record of `type`, or an error for a type that is never pushed. */
export function pushPlan(type: string, payload: Record<string, unknown>, now: Date): PushPlan {
  const p = payload as PushPayload;
  const what = `${(p.services ?? []).join(' + ')} with ${p.staffName ?? 'your stylist'}`;
  const id = p.bookingId ?? 0;
  const message = (t: PushType, title: string, body: string, url: string): PushMessage => ({
    v: PUSH_MESSAGE_VERSION,
    type: t,
    title,
    body,
    url,
    tag: `booking-${id}-${t}`,
  });
  const ownerAlert: PushOptions = { ttlSeconds: DAY, urgency: 'high', topic: `b${id}-owner` };
  switch (type) {
    case 'booking_created':
      return {
        message: message(type, `New booking: ${p.customerName}`, `${what}, ${p.startsAtLocal}`, ownersDay(p)),
        options: ownerAlert,
      };
    case 'booking_cancelled': {
      const by = p.cancelledBy === 'owner' ? 'by the salon' : 'by the customer';
      return {
        message: message(type, `Cancelled ${by}: ${p.customerName}`, `${what}, ${p.startsAtLocal}`, ownersDay(p)),
        options: ownerAlert,
      };
    }
    case 'payment_expired_salon':
      return {
        message: message(
          type,
          `Released, deposit not paid: ${p.customerName}`,
          `${what}, ${p.startsAtLocal}`,
          ownersDay(p),
        ),
        options: ownerAlert,
      };
    case 'booking_rescheduled': {
      const was = p.previousStartsAtLocal ? ` (was ${p.previousStartsAtLocal})` : '';
      return {
        message: message(type, `Moved: ${p.customerName}`, `${what}, now ${p.startsAtLocal}${was}`, ownersDay(p)),
        options: ownerAlert,
      };
    }
    case 'booking_checked_in':
      return {
        message: message(type, `Arrived: ${p.customerName}`, `${what}, ${p.startsAtLocal}`, ownersDay(p)),
        options: { ...ownerAlert, ttlSeconds: until(p.startsAt, now, HOUR) + HOUR },
      };
    case 'booking_reminder':
      return {
        message: message(
          type,
          `Reminder: ${p.salonName}`,
          `${what}, ${p.startsAtLocal}`,
          `/bookings?booking=${encodeURIComponent(String(id))}`,
        ),
        // Useless once the appointment has begun; a later reminder replaces an undelivered earlier one.
        options: { ttlSeconds: until(p.startsAt, now, HOUR), urgency: 'high', topic: `b${id}-reminder` },
      };
    case 'waitlist_offer': {
      const held = p.expiresAt ? ' — held for you for a few minutes' : '';
      return {
        message: {
          ...message(
            type,
            `A time you wanted is free: ${p.salonName}`,
            `${what}, ${p.startsAtLocal}${held}`,
            appPath(p.url, '/bookings'),
          ),
          tag: `waitlist-${p.entryId ?? id}`,
        },
        options: { ttlSeconds: until(p.expiresAt, now, 600), urgency: 'high', topic: `w${p.entryId ?? id}-offer` },
      };
    }
    default:
      throw new Error(`no push for notification type "${type}"`);
  }
}
