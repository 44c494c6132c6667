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
}

/** The money lines of a cancellation: the refund and the fee the salon's terms keep. */
function moneyLines(p: BookingPayload): string {
  return `${p.refund ? `\nDeposit refunded: ${p.refund}.` : ''}${p.feeKept ? `\nKept under the salon's cancellation terms: ${p.feeKept}.` : ''}`;
}

export function render(type: string, payload: Record<string, unknown>, to: string, name: string): OutgoingMail {
  const p = payload as unknown as BookingPayload;
  const what = `${(p.services ?? []).join(' + ')} with ${p.staffName} at ${p.salonName}, ${p.startsAtLocal}`;
  switch (type) {
    case 'booking_confirmed':
      return {
        to,
        subject: `Booked: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nyou're booked: ${what}.\nTotal: ${p.totalPrice}.${p.depositPaid ? `\nDeposit paid: ${p.depositPaid} (counts towards the total).` : ''}\nBooking #${p.bookingId}.\n\nSee you soon!\nGlamify`,
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
        text: `Hi ${name},\n\nthe booking ${what} was cancelled by the ${p.cancelledBy ?? 'salon'}.${p.reason ? `\nReason: ${p.reason}` : ''}${moneyLines(p)}\nBooking #${p.bookingId}.\n\nGlamify`,
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
