/**
 * A single flight per start slot, inside this process. When many customers
 * ask for one slot at once (a release of popular times, the contention
 * burst), the first request books for real and the others wait for its
 * outcome instead of each opening a transaction that can only fail at the
 * row lock. Once it has committed:
 *
 * - the same requester with the same idempotency key gets that booking (200),
 *   exactly what their request would have found in the database (or 422 when
 *   the key came with another request);
 * - everyone else gets 409 SLOT_BOOKED with alternatives, computed once for
 *   them all after the commit, which is what they would have been told had
 *   they run a moment later. Nobody is ever answered with someone else's
 *   booking.
 *
 * A first request that failed (rolled back, or was itself a replay) proves
 * nothing about the slot: then every waiter tries for real. Only exact-slot
 * requests take part: with `anyStaff` (or at the front desk) a request may
 * end up elsewhere, so it neither leads nor follows. Other processes have
 * their own flights; the database still decides between them.
 */
import { ErrorCode } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import { replayOf } from './booking-idempotency.ts';
import type { BookingRow } from './booking-queries.ts';

export interface Booked {
  booking: BookingRow;
  created: boolean;
}

/** Who asks what: enough to tell a replay of the leader's request from a rival. */
export interface FlightSeat {
  slotId: number;
  serviceIds: number[];
  requester: number;
  key: string | undefined;
  hash: string;
}

interface Flight {
  leader: FlightSeat;
  outcome: Promise<Booked | undefined>;
  /** One SLOT_BOOKED (with alternatives) per asked set of services, for every loser. */
  conflicts: Map<string, Promise<AppError>>;
}

export function createBookingFlights(alternativesFor: (err: AppError, seat: FlightSeat) => Promise<never>) {
  const flights = new Map<number, Flight>();

  function conflictFor(flight: Flight, seat: FlightSeat): Promise<AppError> {
    const which = seat.serviceIds.join(',');
    let c = flight.conflicts.get(which);
    if (!c) {
      const booked = new AppError(ErrorCode.SLOT_BOOKED, 'That time is already booked');
      c = alternativesFor(booked, seat).catch((err: unknown) => (err instanceof AppError ? err : booked));
      flight.conflicts.set(which, c);
    }
    return c;
  }

  async function follow(flight: Flight, seat: FlightSeat, attempt: () => Promise<Booked>): Promise<Booked> {
    const won = await flight.outcome;
    if (!won?.created) return attempt();
    const { leader } = flight;
    if (seat.requester === leader.requester && seat.key !== undefined && seat.key === leader.key) {
      return { booking: replayOf(won.booking, seat.hash), created: false };
    }
    const e = await conflictFor(flight, seat);
    // Each answer gets its own error object; the body is the same for all.
    throw new AppError(e.code, e.message, e.extras);
  }

  /** Books through the slot's flight: leads one when none is in the air, else waits for it. */
  return function book(seat: FlightSeat, attempt: () => Promise<Booked>): Promise<Booked> {
    const running = flights.get(seat.slotId);
    if (running) return follow(running, seat, attempt);
    const result = attempt();
    const flight: Flight = {
      leader: seat,
      outcome: result.then(
        (r) => r,
        () => undefined,
      ),
      conflicts: new Map(),
    };
    flights.set(seat.slotId, flight);
    // Landed: later requests fly on their own (and meet the booked slot in the database).
    void flight.outcome.then(() => {
      if (flights.get(seat.slotId) === flight) flights.delete(seat.slotId);
    });
    return result;
  };
}
