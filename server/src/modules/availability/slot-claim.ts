/**
 * What the booking transaction asks of availability: claim the slots a set
 * of services covers from one start (exactly that stylist's, or with
 * `anyStaff` the same start with the first free stylist), mark them booked,
 * free them again on cancellation. All in the caller's transaction.
 */
import { ErrorCode, localDate } from '@glamify/shared';
import { AppError, invalid, pgCode } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import { consumeHolds } from './holds.ts';
import { loadClaimContext, type SalonTerms } from './slot-context.ts';
import { assertTakeable, type CoveredSlot, lockCovered, type StartSlot } from './slot-locks.ts';
import { type PricedService, type SalonRules, slotsFor } from './slot-query.ts';

export interface ClaimRequest {
  slotId: number;
  serviceIds: number[];
  /** When given, it must be the slot's stylist. */
  staffId?: number;
  /** The same start with another free stylist is fine. */
  anyStaff?: boolean;
  /** Who asks: their own holds count as free for them. */
  holderId: number;
  lockToken?: string;
  /**
   * The salon's owner books someone at the desk or on the phone: the online
   * notice does not apply, only a slot that is already over is refused.
   */
  frontDesk?: boolean;
  /** A reschedule: the booking being moved, whose own slots count as free. */
  rebooking?: number;
  /**
   * A customer's own booking, whose caps are checked later in the
   * transaction: take the customer's lock (`lockHolder`) first, in the
   * claim's first statement rather than a round trip of its own.
   */
  lockHolder?: boolean;
  now: Date;
  sqlNow: string | null;
}

/** Slots locked for a booking, with what the booking needs to price and place itself. */
export interface Claim {
  salon: SalonRules;
  /** The salon's deposit policy, read with the rules (a new booking's deposit copies it). */
  terms: SalonTerms;
  services: PricedService[];
  staffId: number;
  slots: CoveredSlot[];
  startsAt: Date;
  /** Salon-local date of the start. */
  date: string;
  holderId: number;
  lockToken?: string;
}

const conflictCodes = new Set<string>([ErrorCode.SLOT_BOOKED, ErrorCode.SLOT_LOCKED, ErrorCode.VALIDATION_FAILED]);

/** Locks one candidate's slots without waiting; a loser learns at once that someone else is booking. */
async function lockCandidate(tx: Tx, start: StartSlot, needed: number, salon: SalonRules, req: ClaimRequest) {
  const covered = await lockCovered(tx.em, start, needed, salon.slotMinutes, req.sqlNow, true).catch((err: unknown) => {
    if (pgCode(err) === '55P03')
      throw new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is booking that time right now');
    throw err;
  });
  assertTakeable(covered, req.holderId, req.lockToken, req.rebooking);
  return covered;
}

/** The same start with every other active stylist of the salon, lowest id first. */
async function otherStylists(tx: Tx, start: StartSlot): Promise<StartSlot[]> {
  const rows = await tx.em.execute<{ id: number; staffId: number }[]>(
    `select sl.id, sl.staff_id as "staffId" from slots sl
     join staff st on st.id = sl.staff_id and st.salon_id = sl.salon_id and st.active
     where sl.salon_id = ? and sl.starts_at = ? and sl.staff_id <> ? order by sl.staff_id`,
    [start.salonId, start.startsAt.toISOString(), start.staffId],
  );
  return rows.map((r) => ({ ...start, id: r.id, staffId: r.staffId }));
}

export async function claimSlots(tx: Tx, req: ClaimRequest): Promise<Claim> {
  if (req.anyStaff && req.staffId !== undefined) {
    throw invalid('staffId', 'Give staffId for that stylist or anyStaff: true for any, not both');
  }
  // One statement reads the slot, the salon's rules and terms, the services and the token's holder.
  const ctx = await loadClaimContext(tx.em, { ...req, lockHolderOf: req.lockHolder ? req.holderId : undefined });
  const { start, salon, terms } = ctx;
  if (req.staffId !== undefined && req.staffId !== start.staffId) {
    throw invalid('staffId', 'That slot belongs to another stylist: pick their slot, or book with anyStaff: true');
  }
  const services = ctx.services();
  if (req.frontDesk) {
    if (start.startsAt.getTime() + salon.slotMinutes * 60_000 <= req.now.getTime()) {
      throw invalid('slotId', 'This time is over');
    }
  } else if (start.startsAt.getTime() < req.now.getTime() + salon.minNoticeMinutes * 60_000) {
    throw invalid('slotId', `This time is too soon: book at least ${salon.minNoticeMinutes} minutes ahead`);
  }
  // Someone else's token proves nothing and must not let this booking touch their hold.
  if (req.lockToken && ctx.tokenHolder !== null && ctx.tokenHolder !== req.holderId) {
    throw new AppError(ErrorCode.LOCK_NOT_HELD, 'That hold is not yours', { field: 'lockToken' });
  }
  const needed = slotsFor(services, salon.slotMinutes);
  const claim = (s: StartSlot, slots: CoveredSlot[]): Claim => ({
    salon,
    terms,
    services,
    staffId: s.staffId,
    slots,
    startsAt: slots[0]?.startsAt as Date,
    date: localDate(slots[0]?.startsAt as Date, salon.timezone),
    holderId: req.holderId,
    ...(req.lockToken ? { lockToken: req.lockToken } : {}),
  });
  if (!req.anyStaff) return claim(start, await lockCandidate(tx, start, needed, salon, req));

  // Any stylist: the asked-for slot first, then the others at that start. Each try
  // runs in a savepoint, so a lost race (NOWAIT) or a taken slot moves on to the next.
  let firstError: unknown;
  for (const candidate of [start, ...(await otherStylists(tx, start))]) {
    await tx.em.execute('savepoint claim_candidate');
    try {
      const slots = await lockCandidate(tx, candidate, needed, salon, req);
      await tx.em.execute('release savepoint claim_candidate');
      return claim(candidate, slots);
    } catch (err) {
      await tx.em.execute('rollback to savepoint claim_candidate');
      if (!(err instanceof AppError && conflictCodes.has(err.code))) throw err;
      firstError ??= err;
    }
  }
  throw firstError;
}

/** Marks the claimed slots booked, consumes the booker's holds on them, and announces them. */
export async function markBooked(tx: Tx, claim: Claim, bookingId: number, sqlNow: string | null): Promise<number[]> {
  const slotIds = claim.slots.map((s) => s.id);
  await tx.em.execute(
    `update slots set is_booked = true, booking_id = ? where id in (${slotIds.map(() => '?').join(',')})`,
    [bookingId, ...slotIds],
  );
  await afterBooked(tx, claim, sqlNow);
  return slotIds;
}

/**
 * A new booking's insert, written by the caller: data-modifying CTEs (`with`)
 * of which one, named `b`, returns the booking's `id`, and the `select` that
 * reads the answer from `b`.
 */
export interface BookingInsert {
  with: string;
  params: unknown[];
  select: string;
  selectParams: unknown[];
}

/**
 * Inserts a booking and marks the claimed slots booked by it in the same
 * statement (one round trip instead of two, while the slot rows are locked),
 * then consumes the booker's holds on them and announces them. The insert
 * may refuse itself (a guard in `b` that inserts nothing): then nothing is
 * marked and the answer is undefined, for the caller to throw.
 */
export async function insertBooked<T>(
  tx: Tx,
  claim: Claim,
  insert: BookingInsert,
  sqlNow: string | null,
): Promise<T | undefined> {
  const rows = await tx.em.execute<T[]>(
    `with ${insert.with},
     booked_slots as (
       update slots set is_booked = true, booking_id = (select id from b)
       where id = any(cast(? as int[])) and exists (select 1 from b) returning id
     )
     ${insert.select}`,
    [...insert.params, `{${claim.slots.map((s) => s.id).join(',')}}`, ...insert.selectParams],
  );
  if (!rows[0]) return undefined;
  await afterBooked(tx, claim, sqlNow);
  return rows[0];
}

async function afterBooked(tx: Tx, claim: Claim, sqlNow: string | null): Promise<void> {
  const slotIds = claim.slots.map((s) => s.id);
  // Most bookings come from a hold; those that do not skip the round trip.
  if (claim.lockToken || claim.slots.some((c) => c.hold)) {
    await consumeHolds(tx, slotIds, claim.holderId, sqlNow, claim.lockToken);
  }
  tx.emit({ type: 'slot:booked', salonId: claim.salon.id, date: claim.date, slotIds });
}

/**
 * A cancelled booking gives its slots back, announced as released. A moved
 * booking gives back those of its old slots it does not `keep` (the ones its
 * new time still covers).
 */
export async function freeBooked(
  tx: Tx,
  booking: { id: number; salonId: number; date: string },
  keep: readonly number[] = [],
): Promise<number[]> {
  const freed = await tx.em.execute<{ id: number }[]>(
    'update slots set is_booked = false, booking_id = null where booking_id = ? and not (id = any(cast(? as int[]))) returning id',
    [booking.id, `{${keep.join(',')}}`],
  );
  const slotIds = freed.map((r) => r.id).sort((a, b) => a - b);
  if (slotIds.length > 0) tx.emit({ type: 'slot:released', salonId: booking.salonId, date: booking.date, slotIds });
  return slotIds;
}
