/**
 * The booking state machine, in one place:
 * PENDING -> CONFIRMED -> COMPLETED | NO_SHOW, PENDING|CONFIRMED -> CANCELLED.
 * COMPLETED and NO_SHOW are final, and come only after the start (the
 * service checks the time; this table knows only states).
 */
import { type BookingStatus, ErrorCode } from '@glamify/shared';
import { AppError } from '../../errors.ts';

const allowed: Record<BookingStatus, readonly BookingStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['COMPLETED', 'NO_SHOW', 'CANCELLED'],
  COMPLETED: [],
  NO_SHOW: [],
  CANCELLED: [],
};

/** Throws the most specific 409 for an illegal move. */
export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (allowed[from].includes(to)) return;
  if (from === 'CANCELLED')
    throw new AppError(ErrorCode.BOOKING_ALREADY_CANCELLED, 'This booking is already cancelled');
  if (from === 'COMPLETED') throw new AppError(ErrorCode.BOOKING_COMPLETED, 'This booking is already completed');
  throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${from.toLowerCase()} booking cannot become ${to.toLowerCase()}`);
}
