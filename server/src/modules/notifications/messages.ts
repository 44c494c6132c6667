/** Turns a notification record into words a person reads. */
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
}

export function render(type: string, payload: Record<string, unknown>, to: string, name: string): OutgoingMail {
  const p = payload as unknown as BookingPayload;
  const what = `${(p.services ?? []).join(' + ')} with ${p.staffName} at ${p.salonName}, ${p.startsAtLocal}`;
  switch (type) {
    case 'booking_confirmed':
      return {
        to,
        subject: `Booked: ${p.salonName}, ${p.startsAtLocal}`,
        text: `Hi ${name},\n\nyou're booked: ${what}.\nTotal: ${p.totalPrice}.\nBooking #${p.bookingId}.\n\nSee you soon!\nGlamify`,
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
    default: {
      const text = typeof payload.message === 'string' ? payload.message : JSON.stringify(payload);
      const subject = typeof payload.subject === 'string' ? payload.subject : 'A message from Glamify';
      return { to, subject, text: `Hi ${name},\n\n${text}\n\nGlamify` };
    }
  }
}
