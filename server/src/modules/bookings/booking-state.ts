/**
 * The booking state machine, in one place:
 * PENDING -> CONFIRMED -> COMPLETED, PENDING|CONFIRMED -> CANCELLED.
 */
import { type BookingStatus, ErrorCode } from '@glamify/shared';
import { AppError } from '../../errors.ts';

const allowed: Record<BookingStatus, readonly BookingStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return allowed[from].includes(to);
}

/** Throws the most specific 409 for an illegal move. */
export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (canTransition(from, to)) return;
  if (from === 'CANCELLED')
    throw new AppError(ErrorCode.BOOKING_ALREADY_CANCELLED, 'This booking is already cancelled');
  if (from === 'COMPLETED') throw new AppError(ErrorCode.BOOKING_COMPLETED, 'This booking is already completed');
  throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${from.toLowerCase()} booking cannot become ${to.toLowerCase()}`);
}
