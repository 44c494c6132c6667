/**
 * Turns a notification record into words a person reads. Every word is ours:
 * records carry facts (names, times, a template), never text to pass on, and
 * a type without a template here fails to send rather than mail its payload.
 */
import { salonCancelReasonText } from '@glamify/shared';
import { bookingCalendarFile } from '../../lib/calendar-event.ts';
import type { MailAttachment, OutgoingMail } from './transport.ts';

export interface BookingPayload {
  bookingId: number;
  salonName: string;
  customerName: string;
  staffName: string;
  services: string[];
  startsAtLocal: string;
  totalPrice: string;
  /** The 4 digits that check the customer in at the salon's kiosk. */
  checkInCode?: string;
  cancelledBy?: string;
  reason?: string | null;
  /** salon_message: which of the owner templates, and its minutes for running_late. */
  template?: string;
  minutes?: number;
  /** Deposits: what was paid, what comes back, what the salon keeps, and for an expiry what was due by when. */
  depositPaid?: string;
  refund?: string | null;
  feeKept?: string | null;
  deposit?: string;
  dueAtLocal?: string;
  /** Who reads it, where one type goes to both sides (booking_rescheduled). */
  audience?: 'customer' | 'owner';
  /** The facts a calendar file needs (bookings queued since calendar files exist carry them). */
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  salonAddress?: string;
  status?: string;
  sequence?: number;
  /** booking_rescheduled: the start before the move, in the salon's words, and who moved it. */
  previousStartsAtLocal?: string;
  rescheduledBy?: 'customer' | 'owner';
  /** booking_reminder: how long before the start it was planned for. */
  hoursBefore?: number;
}

/** The booking's calendar event, attached for the customer; records without the facts go without it. */
function calendarAttachment(p: BookingPayload): MailAttachment[] | undefined {
  if (!p.startsAt || !p.endsAt || !p.timezone) return undefined;
  const content = bookingCalendarFile({
    id: p.bookingId,
    status: p.status ?? 'CONFIRMED',
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    salonName: p.salonName,
    salonAddress: p.salonAddress ?? '',
    timezone: p.timezone,
    services: p.services ?? [],
    staffName: p.staffName,
    customerName: p.customerName,
    sequence: p.sequence ?? 0,
  });
  return [{ filename: `booking-${p.bookingId}.ics`, content, contentType: 'text/calendar; charset=utf-8' }];
}

function hoursLabel(h: number | undefined): string {
  if (h === undefined) return 'soon';
  if (h % 24 === 0) return h === 24 ? 'tomorrow' : `in ${h / 24} days`;
  return h === 1 ? 'in an hour' : `in ${h} hours`;
}

/** The money lines of a cancellation: the refund and the fee the salon's terms keep. */
function moneyLines(p: BookingPayload): string {
  return `${p.refund ? `\nDeposit refunded: ${p.refund}.` : ''}${p.feeKept ? `\nKept under the salon's cancellation terms: ${p.feeKept}.` : ''}`;
}

export function render(type: string, payload: Record<string, unknown>, to: string, name: string): OutgoingMail {
  const p = payload as unknown as BookingPayload;
  const what = `${(p.services ?? []).join(' + ')} with ${p.staffName} at ${p.salonName}, ${p.startsAtLocal}`;
  switch (type) {
    case 'booking_confirmed': {
      const attachments = calendarAttachment(p);
      return {
        to,
        subject: `Booked: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nyou're booked: ${what}.\nTotal: ${p.totalPrice}.${p.depositPaid ? `\nDeposit paid: ${p.depositPaid} (counts towards the total).` : ''}\nBooking #${p.bookingId}.${p.checkInCode ? `\nYour check-in code at the salon: ${p.checkInCode}.` : ''}${attachments ? '\nThe attached file adds it to your calendar.' : ''}\n\nSee you soon!\nGlamify`,
        ...(attachments ? { attachments } : {}),
      };
    }
    case 'booking_rescheduled':
      return rescheduled(p, what, to, name);
    case 'booking_reminder':
      return {
        to,
        subject: `Reminder: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nyour appointment is ${hoursLabel(p.hoursBefore)}: ${what}.${p.salonAddress ? `\nWhere: ${p.salonAddress}.` : ''}\nNeed another time? You can reschedule or cancel in My bookings.\nBooking #${p.bookingId}.\n\nSee you soon!\nGlamify`,
      };
    case 'booking_created':
      return {
        to,
        subject: `New booking: ${p.customerName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\n${p.customerName} booked ${what}.\nTotal: ${p.totalPrice}.${p.depositPaid ? `\nDeposit paid: ${p.depositPaid}.` : ''}\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'booking_cancelled':
      return {
        to,
        subject: `Cancelled: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nthe booking ${what} was cancelled by the ${p.cancelledBy ?? 'salon'}.${cancelReason(p)}${moneyLines(p)}\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'payment_expired':
      return {
        to,
        subject: `Not booked: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nthe deposit of ${p.deposit} for ${what} was not paid by ${p.dueAtLocal}, so the time has been released and the booking cancelled.\nIf a payment still goes through, it is refunded in full.\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'payment_expired_salon':
      return {
        to,
        subject: `Released, deposit not paid: ${p.customerName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\n${p.customerName} did not pay the deposit of ${p.deposit} for ${what} by ${p.dueAtLocal}. The booking is cancelled and the time is free again.\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'salon_message':
      return salonMessage(p, what, to, name);
    case 'waitlist_offer':
      return waitlistOffer(payload as unknown as OfferPayload, to, name);
    default:
      throw new Error(`no message for notification type "${type}"`);
  }
}

/** A waitlist offer as the engine queues it (offer-engine.ts): facts and our own link. */
export interface OfferPayload {
  entryId: number;
  salonName: string;
  serviceName: string;
  staffName: string;
  startsAtLocal: string;
  expiresAtLocal: string;
  /** The offer's page on PUBLIC_URL (`url` is the same page as an app path, for pushes). */
  link: string;
}

/**
 * A salon's reason is one of our fixed sentences (anything else it carries is
 * dropped); a customer's own words are theirs, told to the salon they booked
 * with and back to themselves.
 */
function cancelReason(p: BookingPayload): string {
  const text = p.cancelledBy === 'customer' ? p.reason : salonCancelReasonText(p.reason);
  return text ? `\nReason: ${text}` : '';
}

function waitlistOffer(p: OfferPayload, to: string, name: string): OutgoingMail {
  return {
    to,
    subject: `A time freed up for you: ${p.salonName}, ${p.startsAtLocal}`,
    text: `Hi ${name},\n\na time you were waiting for is free: ${p.serviceName} with ${p.staffName} at ${p.salonName}, ${p.startsAtLocal}.\nWe are holding it for you until ${p.expiresAtLocal}. Book it here:\n${p.link}\n\nIf you do not book it by then, it goes to the next person waiting.\n\nGlamify`,
  };
}

function rescheduled(p: BookingPayload, what: string, to: string, name: string): OutgoingMail {
  const was = p.previousStartsAtLocal ? ` (was ${p.previousStartsAtLocal})` : '';
  if (p.audience === 'owner') {
    const by = p.rescheduledBy === 'owner' ? 'You moved' : `${p.customerName} moved`;
    return {
      to,
      subject: `Moved: ${p.customerName}, now ${p.startsAtLocal}`,
      text: `Hi ${name},\n\n${by} a booking: ${what}${was}.\nBooking #${p.bookingId}.\n\nGlamify`,
    };
  }
  const attachments = calendarAttachment(p);
  const by = p.rescheduledBy === 'owner' ? `${p.salonName} moved your booking` : 'Your booking has moved';
  return {
    to,
    subject: `New time: ${p.salonName}, ${p.startsAtLocal}`,
    text: `Hi ${name},\n\n${by}: ${what}${was}.\nBooking #${p.bookingId}.${attachments ? '\nThe attached file updates it in your calendar.' : ''}\n\nSee you soon!\nGlamify`,
    ...(attachments ? { attachments } : {}),
  };
}

function salonMessage(p: BookingPayload, what: string, to: string, name: string): OutgoingMail {
  const booking = `Booking #${p.bookingId}.`;
  switch (p.template) {
    case 'running_late':
      return {
        to,
        subject: `Running late: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\n${p.salonName} is running about ${Number(p.minutes)} minutes late. Your appointment (${what}) may start a little later than planned.\n${booking}\n\nGlamify`,
      };
    case 'please_call':
      return {
        to,
        subject: `Please get in touch: ${p.salonName}`,
        text: `Hi ${name},\n\n${p.salonName} would like to speak with you about your appointment (${what}). Please call the salon.\n${booking}\n\nGlamify`,
      };
    case 'reminder':
      return {
        to,
        subject: `Reminder: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\na reminder of your appointment: ${what}.\n${booking}\n\nSee you soon!\nGlamify`,
      };
    default:
      throw new Error(`no salon message template "${String(p.template)}"`);
  }
}
