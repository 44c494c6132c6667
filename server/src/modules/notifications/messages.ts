/**
 * Turns a notification record into words a person reads. Every word is ours:
 * records carry facts (names, times, a template), never text to pass on, and
 * a type without a template here fails to send rather than mail its payload.
 */
import type { OutgoingMail } from './transport.ts';

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
}

export function render(type: string, payload: Record<string, unknown>, to: string, name: string): OutgoingMail {
  const p = payload as unknown as BookingPayload;
  const what = `${(p.services ?? []).join(' + ')} with ${p.staffName} at ${p.salonName}, ${p.startsAtLocal}`;
  switch (type) {
    case 'booking_confirmed':
      return {
        to,
        subject: `Booked: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nyou're booked: ${what}.\nTotal: ${p.totalPrice}.\nBooking #${p.bookingId}.${p.checkInCode ? `\nYour check-in code at the salon: ${p.checkInCode}.` : ''}\n\nSee you soon!\nGlamify`,
      };
    case 'booking_created':
      return {
        to,
        subject: `New booking: ${p.customerName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\n${p.customerName} booked ${what}.\nTotal: ${p.totalPrice}.\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'booking_cancelled':
      return {
        to,
        subject: `Cancelled: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nthe booking ${what} was cancelled by the ${p.cancelledBy ?? 'salon'}.${p.reason ? `\nReason: ${p.reason}` : ''}\nBooking #${p.bookingId}.\n\nGlamify`,
      };
    case 'salon_message':
      return salonMessage(p, what, to, name);
    default:
      throw new Error(`no message for notification type "${type}"`);
  }
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
