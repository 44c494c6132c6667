/**
 * Checkout holds: rows in slot_locks, one per held slot, unique on the slot.
 * Every function runs inside the caller's transaction and reports what it
 * changed through `emit`, so events leave only after commit.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, localDate } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalid } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';
import { SlotEntity } from './slot.entity.ts';
import type { SalonRules } from './slot-query.ts';

export interface CoveredSlot {
  id: number;
  staffId: number;
  startsAt: Date;
  endsAt: Date;
  isBooked: boolean;
  lockHolder: number | null;
  lockToken: string | null;
  lockExpiresAt: Date | null;
  holdStartedAt: Date | null;
}

export interface StartSlot {
  id: number;
  salonId: number;
  staffId: number;
  startsAt: Date;
}

export async function loadSlot(em: EntityManager, slotId: number): Promise<StartSlot> {
  const rows = await em.execute<StartSlot[]>(
    'select id, salon_id as "salonId", staff_id as "staffId", starts_at as "startsAt" from slots where id = ?',
    [slotId],
  );
  const slot = rows[0];
  if (!slot) throw new AppError(ErrorCode.SLOT_NOT_FOUND, `Slot ${slotId} was not found`);
  return { ...slot, startsAt: new Date(slot.startsAt) };
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
  nowait = false,
): Promise<CoveredSlot[]> {
  const until = new Date(start.startsAt.getTime() + count * slotMinutes * 60_000);
  const locked = await em.find(
    SlotEntity,
    { staffId: start.staffId, startsAt: { $gte: start.startsAt, $lt: until } },
    {
      lockMode: nowait ? LockMode.PESSIMISTIC_WRITE_OR_FAIL : LockMode.PESSIMISTIC_WRITE,
      orderBy: { id: 'asc' },
      fields: ['id', 'staffId', 'startsAt', 'endsAt', 'isBooked'],
    },
  );
  // Read the holds in a second statement: under READ COMMITTED it takes a new
  // snapshot, so it sees a hold committed by the transaction we just waited for.
  const holds = locked.length
    ? await em.execute<
        { slotId: number; lockHolder: number; lockToken: string; lockExpiresAt: Date; holdStartedAt: Date }[]
      >(
        `select slot_id as "slotId", holder_id as "lockHolder", token as "lockToken", expires_at as "lockExpiresAt",
                hold_started_at as "holdStartedAt"
         from slot_locks where slot_id in (${locked.map(() => '?').join(',')})`,
        locked.map((r) => r.id),
      )
    : [];
  const rows = locked.map((r) => {
    const h = holds.find((x) => x.slotId === r.id);
    return {
      id: r.id,
      staffId: r.staffId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      isBooked: r.isBooked,
      lockHolder: h?.lockHolder ?? null,
      lockToken: h?.lockToken ?? null,
      lockExpiresAt: h?.lockExpiresAt ?? null,
      holdStartedAt: h?.holdStartedAt ?? null,
    };
  });
  const slots = rows
    .map((r) => ({
      ...r,
      startsAt: new Date(r.startsAt),
      endsAt: new Date(r.endsAt),
      lockExpiresAt: r.lockExpiresAt ? new Date(r.lockExpiresAt) : null,
      holdStartedAt: r.holdStartedAt ? new Date(r.holdStartedAt) : null,
    }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const contiguous =
    slots.length === count && slots.every((s, i) => i === 0 || s.startsAt.getTime() === slots[i - 1]?.endsAt.getTime());
  if (!contiguous) {
    throw invalid('slotId', 'The service does not fit at this time: the stylist is not working for all of it');
  }
  return slots;
}

/** Throws SLOT_BOOKED / SLOT_LOCKED unless every slot is free or held by `userId`. */
export function assertTakeable(slots: CoveredSlot[], userId: number, now: Date, token?: string): void {
  if (slots.some((s) => s.isBooked)) throw new AppError(ErrorCode.SLOT_BOOKED, 'That time is already booked');
  const foreign = slots.filter(
    (s) =>
      s.lockExpiresAt &&
      s.lockExpiresAt > now &&
      (s.lockHolder !== userId || (token !== undefined && s.lockToken !== token)),
  );
  if (foreign.length > 0) {
    const until = new Date(Math.max(...foreign.map((s) => (s.lockExpiresAt as Date).getTime())));
    throw new AppError(ErrorCode.SLOT_LOCKED, 'Someone else is holding that time', {
      lockedUntil: until.toISOString(),
    });
  }
}

export interface HoldSettings {
  ttlSeconds: number;
  maxSeconds: number;
}

export interface HoldResult {
  lockToken: string;
  slotIds: number[];
  expiresAt: string;
}

/** A renewal pushes expiry forward, but never past the maximum from the first lock. */
export function renewedExpiry(now: Date, holdStartedAt: Date, s: HoldSettings): Date {
  return new Date(Math.min(now.getTime() + s.ttlSeconds * 1000, holdStartedAt.getTime() + s.maxSeconds * 1000));
}

/** Deletes lock rows and announces the slots as free again, grouped by salon-day. */
async function deleteLocks(tx: Tx, where: string, params: unknown[]): Promise<number[]> {
  const rows = await tx.em.execute<{ slotId: number; salonId: number; startsAt: Date; timezone: string }[]>(
    `with gone as (delete from slot_locks where ${where} returning slot_id)
     select g.slot_id as "slotId", sl.salon_id as "salonId", sl.starts_at as "startsAt", s.timezone
     from gone g join slots sl on sl.id = g.slot_id join salons s on s.id = sl.salon_id`,
    params,
  );
  const groups = new Map<string, { salonId: number; date: string; slotIds: number[] }>();
  for (const r of rows) {
    const date = localDate(new Date(r.startsAt), r.timezone);
    const key = `${r.salonId}:${date}`;
    const g = groups.get(key) ?? { salonId: r.salonId, date, slotIds: [] };
    g.slotIds.push(r.slotId);
    groups.set(key, g);
  }
  for (const g of groups.values()) tx.emit({ type: 'slot:unlocked', ...g, slotIds: g.slotIds.sort((a, b) => a - b) });
  return rows.map((r) => r.slotId);
}

/**
 * Takes (or renews) a hold on the covered slots. A customer holds at most
 * one time per salon and day: taking a new one releases the old.
 */
export async function takeHold(
  tx: Tx,
  input: { userId: number; salon: SalonRules; covered: CoveredSlot[]; serviceId: number; now: Date },
  settings: HoldSettings,
): Promise<HoldResult> {
  const { userId, salon, covered, serviceId, now } = input;
  assertTakeable(covered, userId, now);
  const ids = covered.map((s) => s.id);
  const date = localDate(covered[0]?.startsAt as Date, salon.timezone);
  const own = covered.filter((s) => s.lockHolder === userId && s.lockExpiresAt && s.lockExpiresAt > now);
  const sameHold =
    own.length === covered.length && new Set(own.map((s) => s.lockToken)).size === 1 && own[0]?.holdStartedAt;
  if (sameHold) {
    // The same holder locking the same time again renews, within the cap.
    const token = own[0]?.lockToken as string;
    const expiresAt = renewedExpiry(now, own[0]?.holdStartedAt as Date, settings);
    await tx.em.execute('update slot_locks set expires_at = ? where token = ?', [expiresAt.toISOString(), token]);
    await releaseOthers(tx, userId, salon, date, token);
    return { lockToken: token, slotIds: ids, expiresAt: expiresAt.toISOString() };
  }
  // Expired rows on these slots count as free and are replaced; so are the
  // holder's own rows (a different service at an overlapping time).
  await tx.em.execute(
    `delete from slot_locks where slot_id in (${ids.map(() => '?').join(',')}) and (expires_at <= ? or holder_id = ?)`,
    [...ids, now.toISOString(), userId],
  );
  const token = randomUUID();
  await releaseOthers(tx, userId, salon, date, token);
  const expiresAt = new Date(now.getTime() + settings.ttlSeconds * 1000);
  await tx.em.execute(
    `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at, created_at)
     select unnest(cast(? as int[])), ?, ?, ?, ?, ?, ?`,
    [`{${ids.join(',')}}`, userId, serviceId, token, expiresAt.toISOString(), now.toISOString(), now.toISOString()],
  );
  tx.emit({ type: 'slot:locked', salonId: salon.id, date, slotIds: ids, expiresAt: expiresAt.toISOString() });
  return { lockToken: token, slotIds: ids, expiresAt: expiresAt.toISOString() };
}

/** Releases the holder's other holds in the same salon on the same day. */
async function releaseOthers(tx: Tx, userId: number, salon: SalonRules, date: string, keep: string): Promise<void> {
  await deleteLocks(
    tx,
    `holder_id = ? and token <> ? and slot_id in (
       select id from slots where salon_id = ?
         and starts_at >= (cast(? as date)::timestamp at time zone ?)
         and starts_at < ((cast(? as date) + 1)::timestamp at time zone ?))`,
    [userId, keep, salon.id, date, salon.timezone, date, salon.timezone],
  );
}

interface TokenRow {
  holderId: number;
  expiresAt: Date;
  holdStartedAt: Date;
  salonOwner: number;
}

async function lockToken(tx: Tx, token: string): Promise<TokenRow[]> {
  const rows = await tx.em.execute<TokenRow[]>(
    `select l.holder_id as "holderId", l.expires_at as "expiresAt", l.hold_started_at as "holdStartedAt",
            s.owner_id as "salonOwner"
     from slot_locks l join slots sl on sl.id = l.slot_id join salons s on s.id = sl.salon_id
     where l.token = ? for update of l`,
    [token],
  );
  return rows.map((r) => ({ ...r, expiresAt: new Date(r.expiresAt), holdStartedAt: new Date(r.holdStartedAt) }));
}

/** Heartbeat: extends a live hold, within the cap. An expired hold is gone for good. */
export async function renewHold(
  tx: Tx,
  input: { userId: number; token: string; now: Date },
  settings: HoldSettings,
): Promise<{ expiresAt: string }> {
  const rows = await lockToken(tx, input.token);
  const first = rows[0];
  if (!first) throw new AppError(ErrorCode.LOCK_EXPIRED, 'This hold has expired');
  if (first.holderId !== input.userId) throw new AppError(ErrorCode.LOCK_NOT_HELD, 'This hold is not yours');
  if (first.expiresAt <= input.now) {
    await deleteLocks(tx, 'token = ?', [input.token]);
    throw new AppError(ErrorCode.LOCK_EXPIRED, 'This hold has expired');
  }
  const expiresAt = renewedExpiry(input.now, first.holdStartedAt, settings);
  await tx.em.execute('update slot_locks set expires_at = ? where token = ?', [expiresAt.toISOString(), input.token]);
  tx.emit({ type: 'hold:renewed', expiresAt: expiresAt.toISOString() });
  return { expiresAt: expiresAt.toISOString() };
}

/**
 * Releases a hold whose socket went away, unless it was renewed since (by a
 * reconnected client, on any instance): then its expiry has moved past the
 * one we saw at disconnect.
 */
export async function releaseIfNotRenewed(tx: Tx, token: string, seenExpiresAt: string): Promise<number[]> {
  return deleteLocks(tx, 'token = ? and expires_at <= ?', [token, seenExpiresAt]);
}

/**
 * Releases a hold by token (its holder), or every hold on a slot (its holder,
 * the salon's owner or an admin). Releasing nothing is not an error.
 */
export async function releaseHold(
  tx: Tx,
  input: { user: { id: number; role: string }; token?: string; slotId?: number },
): Promise<number[]> {
  let token = input.token;
  if (!token && input.slotId !== undefined) {
    const rows = await tx.em.execute<{ token: string }[]>('select token from slot_locks where slot_id = ?', [
      input.slotId,
    ]);
    token = rows[0]?.token;
  }
  if (!token) return [];
  const rows = await lockToken(tx, token);
  const first = rows[0];
  if (!first) return [];
  const allowed = first.holderId === input.user.id || first.salonOwner === input.user.id || input.user.role === 'admin';
  if (!allowed) throw new AppError(ErrorCode.FORBIDDEN, 'Only the holder or the salon owner may release this hold');
  return deleteLocks(tx, 'token = ?', [token]);
}

/** Removes every expired hold and announces the freed slots. Safe to run concurrently. */
export async function sweepExpired(tx: Tx, now: Date): Promise<number> {
  const freed = await deleteLocks(tx, 'expires_at <= ?', [now.toISOString()]);
  return freed.length;
}

/**
 * A booking took these slots: their hold rows go quietly (they are about to
 * be announced as booked); what else the same hold covered is released and
 * announced.
 */
export async function consumeHolds(tx: Tx, slotIds: number[], token?: string): Promise<void> {
  const list = slotIds.map(() => '?').join(',');
  const gone = await tx.em.execute<{ token: string }[]>(
    `delete from slot_locks where slot_id in (${list}) returning token`,
    slotIds,
  );
  const tokens = [...new Set([...gone.map((r) => r.token), ...(token ? [token] : [])])];
  if (tokens.length > 0) await deleteLocks(tx, `token in (${tokens.map(() => '?').join(',')})`, tokens);
}
