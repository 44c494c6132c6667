/**
 * Making a booking: the single flight per slot in front (booking-flight.ts),
 * then one real try: the idempotency key's lock and lookup, a waitlist
 * offer's claim, and the booking transaction (booking-create.ts, with a
 * customer's caps); a conflict leaves with alternatives.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { invalid, pgCode, pgConstraint } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { WaitlistService } from '../waitlist/waitlist.service.ts';
import { type CreateDeps, createBookingTx } from './booking-create.ts';
import { createBookingFlights } from './booking-flight.ts';
import { replayOf, requestHash } from './booking-idempotency.ts';
import { type BookingRow, findBooking, findByIdempotencyKey } from './booking-queries.ts';
import type { BookRequest } from './bookings.service.ts';

/**
 * Runs before each real try, never for a request the single flight answers
 * from another's outcome (the customer's booking budget: a burst's losers
 * cost the database nothing and mail no one, so they spend nothing).
 */
export type BeforeTry = (actor: AuthUser, req: BookRequest & { frontDesk?: boolean }) => Promise<void>;

export function createBooker(
  deps: Deps,
  services: Omit<CreateDeps, 'now'> & { waitlist: WaitlistService },
  beforeTry: BeforeTry = async () => {},
) {
  const { availability } = services;
  const em = () => deps.orm.em.fork() as EntityManager;
  const flights = createBookingFlights({
    alternativesFor: (err, seat) => availability.withAlternatives(err, seat),
    // A read only: which booking has the slot, and who made it with which key.
    bookerOf: async (slotId) => {
      const [row] = await em().execute<{ requester: number; key: string | null }[]>(
        `select b.booked_by as requester, b.idempotency_key as key
         from slots sl join bookings b on b.id = sl.booking_id where sl.id = ? and sl.is_booked`,
        [slotId],
      );
      return row;
    },
  });

  /**
   * Books for `customerId` or `guest`, asked by `actor`; returns the booking
   * and whether it is new. `frontDesk`: the salon's owner books for someone
   * in the salon or on the phone, so the online booking notice does not apply.
   */
  async function create(
    actor: AuthUser,
    req: BookRequest & { frontDesk?: boolean },
  ): Promise<{ booking: BookingRow; created: boolean }> {
    if (new Set(req.serviceIds).size !== req.serviceIds.length) {
      throw invalid('serviceIds', 'serviceIds must not repeat a service');
    }
    const key = req.idempotencyKey;
    const hash = requestHash(req);
    const attempt = () => createOnce(actor, req, key, hash);
    if (req.anyStaff || req.frontDesk) return attempt();
    return flights({ slotId: req.slotId, serviceIds: req.serviceIds, requester: actor.id, key, hash }, attempt);
  }

  /** One real try: the booking transaction, or its replay, or a conflict with alternatives. */
  async function createOnce(
    actor: AuthUser,
    req: BookRequest & { frontDesk?: boolean },
    key: string | undefined,
    hash: string,
  ): Promise<{ booking: BookingRow; created: boolean }> {
    await beforeTry(actor, req);
    try {
      return await inTransaction(deps, async (tx: Tx) => {
        if (key) {
          // Two requests with one key meet here: the second waits for the key's lock, then finds
          // the first's booking. One statement (see the booking-round-trips migration), and the only
          // lookup of the key: a replay costs one transaction, a new booking no extra round trip.
          const [known] = await tx.em.execute<{ id: number | null }[]>('select id from booking_key_claim(?, ?)', [
            actor.id,
            key,
          ]);
          const existing = known?.id ? await findBooking(tx.em, known.id) : undefined;
          if (existing) return { booking: replayOf(existing, hash), created: false };
        }
        // A waitlist offer's token books only while the offer is open (else 409 OFFER_EXPIRED).
        const offer = req.lockToken
          ? await services.waitlist.claimOffer(tx, { lockToken: req.lockToken, userId: actor.id, slotId: req.slotId })
          : null;
        const booking = await createBookingTx(
          tx,
          {
            slotId: req.slotId,
            serviceIds: req.serviceIds,
            bookedBy: actor.id,
            ...(req.guest ? { guest: req.guest } : { customerId: req.customerId ?? actor.id }),
            ...(req.staffId !== undefined ? { staffId: req.staffId } : {}),
            ...(req.anyStaff ? { anyStaff: true } : {}),
            ...(req.lockToken ? { lockToken: req.lockToken } : {}),
            ...(key ? { idempotency: { key, hash } } : {}),
            ...(req.frontDesk ? { frontDesk: true } : {}),
            // A customer's own booking meets their caps (booking-limits.ts); the owner's do not.
            ...(actor.role === 'customer' && !req.frontDesk
              ? { customerCaps: { perDay: deps.config.bookingsPerCustomerDay } }
              : {}),
          },
          { ...services, now: deps.now() },
        );
        if (offer) await services.waitlist.offerBooked(tx, offer, booking.id);
        return { booking, created: true };
      });
    } catch (err) {
      if (key && pgCode(err) === '23505' && pgConstraint(err) === 'bookings_idempotency_key') {
        const existing = await findByIdempotencyKey(em(), actor.id, key);
        if (existing) return { booking: replayOf(existing, hash), created: false };
      }
      return availability.withAlternatives(err, { slotId: req.slotId, serviceIds: req.serviceIds });
    }
  }

  return create;
}
