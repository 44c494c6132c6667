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
 * nothing certain about the others: they try for real, as a new flight (the
 * first of them leads, the rest wait for it), so a burst that lost to
 * another process's booking costs a few transactions, not one each. One
 * failure does answer for them: SLOT_BOOKED, read by the leader in the
 * database. Then who holds the slot is read once, and only its booker's
 * retry with the same key tries for real (to be answered its booking);
 * everyone else gets the 409. Only exact-slot
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

/** Who booked a slot (the requester and the key they booked it with), when it is booked. */
export interface SlotBooker {
  requester: number;
  key: string | null;
}

type Outcome = { booked: Booked } | { failed: unknown };

interface Flight {
  leader: FlightSeat;
  outcome: Promise<Outcome>;
  /** One SLOT_BOOKED (with alternatives) per asked set of services, for every loser. */
  conflicts: Map<string, Promise<AppError>>;
  /** After a SLOT_BOOKED failure: who has the slot, read once for every waiter. */
  booker?: Promise<SlotBooker | undefined>;
}

export function createBookingFlights(deps: {
  alternativesFor: (err: AppError, seat: FlightSeat) => Promise<never>;
  bookerOf: (slotId: number) => Promise<SlotBooker | undefined>;
}) {
  const flights = new Map<number, Flight>();

  function conflictFor(flight: Flight, seat: FlightSeat): Promise<AppError> {
    const which = seat.serviceIds.join(',');
    let c = flight.conflicts.get(which);
    if (!c) {
      const booked = new AppError(ErrorCode.SLOT_BOOKED, 'That time is already booked');
      c = deps.alternativesFor(booked, seat).catch((err: unknown) => (err instanceof AppError ? err : booked));
      flight.conflicts.set(which, c);
    }
    return c;
  }

  async function lost(flight: Flight, seat: FlightSeat): Promise<never> {
    const e = await conflictFor(flight, seat);
    // Each answer gets its own error object; the body is the same for all.
    throw new AppError(e.code, e.message, e.extras);
  }

  async function follow(flight: Flight, seat: FlightSeat, attempt: () => Promise<Booked>): Promise<Booked> {
    const o = await flight.outcome;
    const sameKey = (requester: number, key: string | null | undefined) =>
      seat.requester === requester && seat.key !== undefined && seat.key === key;
    if ('booked' in o) {
      // A replay proves nothing about the slot: fly again (one of us leads, the others follow).
      if (!o.booked.created) return book(seat, attempt);
      if (sameKey(flight.leader.requester, flight.leader.key)) {
        return { booking: replayOf(o.booked.booking, seat.hash), created: false };
      }
      return lost(flight, seat);
    }
    if (o.failed instanceof AppError && o.failed.code === ErrorCode.SLOT_BOOKED) {
      // Booked before the leader looked: by whom decides. Their own key's booking is replayed
      // for real; for anyone else the answer is the leader's. Freed meanwhile: fly again.
      flight.booker ??= deps.bookerOf(seat.slotId).catch(() => undefined);
      const booker = await flight.booker;
      if (!booker) return book(seat, attempt);
      if (sameKey(booker.requester, booker.key)) return attempt();
      return lost(flight, seat);
    }
    // Anything else (someone else's hold or booking under way, a refusal of the leader's own
    // request) says nothing certain about the waiters: they try for real, one flight at a time.
    return book(seat, attempt);
  }

  /** Books through the slot's flight: leads one when none is in the air, else waits for it. */
  function book(seat: FlightSeat, attempt: () => Promise<Booked>): Promise<Booked> {
    const running = flights.get(seat.slotId);
    if (running) return follow(running, seat, attempt);
    const result = attempt();
    const flight: Flight = {
      leader: seat,
      outcome: result.then(
        (booked) => ({ booked }),
        (failed: unknown) => ({ failed }),
      ),
      conflicts: new Map(),
    };
    flights.set(seat.slotId, flight);
    // Landed: this runs before any waiter resumes, so the first waiter to fly again leads.
    void flight.outcome.then(() => {
      if (flights.get(seat.slotId) === flight) flights.delete(seat.slotId);
    });
    return result;
  }
  return book;
}
