/**
 * What a salon may tell its customers: a few fixed messages about one of
 * their bookings, never free text. A free-text `POST /notifications` let an
 * owner mail anyone who had ever booked with them anything at all, from our
 * address (a phishing relay); a template tied to a booking says only what
 * the salon needs to say, to the customer of that booking.
 */
import { ErrorCode, localDate, localTime, type OwnerMessageBody } from '@glamify/shared';
import { AppError, forbidden, invalid } from '../../errors.ts';

/** What the route hands over: the validated body (its schema is the shared `OwnerMessageBody`). */
export type OwnerMessageInput = OwnerMessageBody;

/** The booking facts a message needs (a BookingRow of the bookings module fits). */
export interface MessageBooking {
  id: number;
  ownerId: number;
  customerId: number | null;
  status: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  salonName: string;
  staffName: string;
  items: Array<{ name: string }>;
}

/** Checks who may send what about which booking; returns the record to queue. */
export function ownerMessage(
  actor: { id: number; role: string },
  booking: MessageBooking,
  input: OwnerMessageInput,
  now: Date,
): { userId: number; type: 'salon_message'; payload: Record<string, unknown> } {
  if (actor.role !== 'admin' && (actor.role !== 'owner' || booking.ownerId !== actor.id)) {
    throw forbidden("Owners may message their own salon's customers only");
  }
  if (input.template === 'running_late' && input.minutes === undefined) {
    throw invalid('minutes', 'Say how many minutes late (5 to 120)');
  }
  if (input.template !== 'running_late' && input.minutes !== undefined) {
    throw invalid('minutes', 'minutes goes with running_late only');
  }
  if (!['PENDING', 'CONFIRMED'].includes(booking.status) || new Date(booking.endsAt) <= now) {
    throw invalid('bookingId', 'Messages go to upcoming bookings only');
  }
  if (!booking.customerId) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'This booking has no customer account to message', {
      field: 'bookingId',
    });
  }
  return {
    userId: booking.customerId,
    type: 'salon_message',
    payload: {
      template: input.template,
      ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
      bookingId: booking.id,
      salonName: booking.salonName,
      staffName: booking.staffName,
      services: booking.items.map((i) => i.name),
      startsAtLocal: `${localDate(booking.startsAt, booking.timezone)} ${localTime(booking.startsAt, booking.timezone)} (${booking.timezone})`,
    },
  };
}
