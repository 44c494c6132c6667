/**
 * Row locks on the slots a service covers, and the check that they can be
 * taken. Shared by holds and by the booking claim; both run inside the
 * caller's transaction.
 */
import { ErrorCode } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalid } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import { SlotEntity } from './slot.entity.ts';

export interface SlotHold {
  holderId: number;
  token: string;
  expiresAt: Date;
  startedAt: Date;
  /** Decided by the hold clock (the database's now()), not this process's. */
  live: boolean;
}

export interface CoveredSlot {
  id: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  isBooked: boolean;
  /** The booking that has the slot, when it is booked. */
  bookingId: number | null;
  hold: SlotHold | null;
}

export interface StartSlot {
  id: number;
  salonId: number;
  staffId: number;
  startsAt: Date;
}

/** The start slot. A stylist who no longer works here takes no new holds or bookings. */
export async function loadSlot(em: EntityManager, slotId: number): Promise<StartSlot> {
  const rows = await em.execute<(StartSlot & { active: boolean })[]>(
    `select sl.id, sl.salon_id as "salonId", sl.staff_id as "staffId", sl.starts_at as "startsAt", st.active
     from slots sl join staff st on st.id = sl.staff_id and st.salon_id = sl.salon_id where sl.id = ?`,
    [slotId],
  );
  const slot = rows[0];
  if (!slot) throw new AppError(ErrorCode.SLOT_NOT_FOUND, `Slot ${slotId} was not found`);
  if (!slot.active) throw new AppError(ErrorCode.SLOT_NOT_FOUND, 'That stylist no longer takes bookings');
  return { id: slot.id, salonId: slot.salonId, staffId: slot.staffId, startsAt: new Date(slot.startsAt) };
}

/**
 * Locks (SELECT ... FOR UPDATE, in slot-id order so that two transactions
 * never deadlock) the `count` consecutive slots of one stylist from `start`,
 * and checks they run back to back. `nowait`: fail at once with 55P03 when
 * another transaction has them, for the hot booking path.
 */
export async function lockCovered(
  em: EntityManager,
  start: StartSlot,
  count: number,
  slotMinutes: number,
  sqlNow: string | null,
  nowait = false,
): Promise<CoveredSlot[]> {
  const until = new Date(start.startsAt.getTime() + count * slotMinutes * 60_000);
  const locked = await em.find(
    SlotEntity,
    { staffId: start.staffId, startsAt: { $gte: start.startsAt, $lt: until } },
    {
      lockMode: nowait ? LockMode.PESSIMISTIC_WRITE_OR_FAIL : LockMode.PESSIMISTIC_WRITE,
      orderBy: { id: 'asc' },
      fields: ['id', 'staffId', 'startsAt', 'endsAt', 'isBooked', 'bookingId'],
    },
  );
  // Read the holds in a second statement: under READ COMMITTED it takes a new
  // snapshot, so it sees a hold committed by the transaction we just waited for.
  const holds = locked.length
    ? await em.execute<(Omit<SlotHold, 'live'> & { slotId: number; live: boolean })[]>(
        `select slot_id as "slotId", holder_id as "holderId", token, expires_at as "expiresAt",
                hold_started_at as "startedAt", expires_at > ${SQL_NOW} as live
         from slot_locks where slot_id in (${locked.map(() => '?').join(',')})`,
        [sqlNow, ...locked.map((r) => r.id)],
      )
    : [];
  const slots = locked
    .map((r): CoveredSlot => {
      const h = holds.find((x) => x.slotId === r.id);
      return {
        id: r.id,
        staffId: r.staffId,
        startsAt: new Date(r.startsAt),
        endsAt: new Date(r.endsAt),
        isBooked: r.isBooked,
        bookingId: r.bookingId ?? null,
        hold: h
          ? {
              holderId: h.holderId,
              token: h.token,
              expiresAt: new Date(h.expiresAt),
              startedAt: new Date(h.startedAt),
              live: h.live,
            }
          : null,
      };
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const contiguous =
    slots.length === count && slots.every((s, i) => i === 0 || s.startsAt.getTime() === slots[i - 1]?.endsAt.getTime());
  if (!contiguous) {
    throw invalid('slotId', 'The service does not fit at this time: the stylist is not working for all of it');
  }
  return slots;
}

/**
 * Throws SLOT_BOOKED / SLOT_LOCKED unless every slot is free, expired, or
 * held by `holderId` (under `token`, when one is named). `rebooking`: the
 * booking being moved, whose own slots count as free for it.
 */
export function assertTakeable(slots: CoveredSlot[], holderId: number, token?: string, rebooking?: number): void {
  if (slots.some((s) => s.isBooked && (rebooking === undefined || s.bookingId !== rebooking)))
    throw new AppError(ErrorCode.SLOT_BOOKED, 'That time is already booked');
  const foreign = slots.flatMap((s) =>
    s.hold?.live && (s.hold.holderId !== holderId || (token !== undefined && s.hold.token !== token)) ? [s.hold] : [],
  );
  if (foreign.length > 0) {
    const until = new Date(Math.max(...foreign.map((h) => h.expiresAt.getTime())));
    throw new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is holding that time', {
      lockedUntil: until.toISOString(),
    });
  }
}
