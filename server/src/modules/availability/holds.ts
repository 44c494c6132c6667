/**
 * Checkout holds: rows in slot_locks, one per held slot, unique on the slot.
 * Every function runs inside the caller's transaction and reports what it
 * changed through `emit`, so events leave only after commit. Hold times are
 * the hold clock's (`SQL_NOW`: the database's now()).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, localDate } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import type { Tx } from '../../lib/tx.ts';
import type { AssertKeptRoom } from './kept-times.ts';
import { assertTakeable, type CoveredSlot } from './slot-locks.ts';
import type { SalonRules } from './slot-query.ts';

export interface HoldSettings {
  ttlSeconds: number;
  maxSeconds: number;
  /** Times one customer may keep at once (live holds and bookings awaiting a deposit), across days and salons. */
  perCustomer: number;
}

export interface HoldResult {
  lockToken: string;
  slotIds: number[];
  expiresAt: string;
  /** The hold's hard end (`hold_started_at + maxSeconds`): no renewal goes past it. */
  holdEndsAt: string;
  /** Tokens of the holder's other holds this one replaced (released in the same transaction). */
  released: string[];
}

/** The advisory lock that serialises one customer's holds and own bookings (also taken in `loadClaimContext`). */
export const holderLockKey = (holderId: number) => `holds:${holderId}`;

/** Serialises one customer's hold changes, so limits and replacements see every committed hold. */
export async function lockHolder(tx: Tx, holderId: number): Promise<void> {
  await tx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [holderLockKey(holderId)]);
}

interface Freed {
  slotId: number;
  salonId: number;
  startsAt: Date;
  timezone: string;
  token: string;
}

/** Announces slots grouped by salon-day. */
function announce(
  rows: Omit<Freed, 'token'>[],
  event: (g: { salonId: number; date: string; slotIds: number[] }) => void,
): void {
  const groups = new Map<string, { salonId: number; date: string; slotIds: number[] }>();
  for (const r of rows) {
    const date = localDate(new Date(r.startsAt), r.timezone);
    const key = `${r.salonId}:${date}`;
    const g = groups.get(key) ?? { salonId: r.salonId, date, slotIds: [] };
    g.slotIds.push(r.slotId);
    groups.set(key, g);
  }
  for (const g of groups.values()) event({ ...g, slotIds: g.slotIds.sort((a, b) => a - b) });
}

/** Deletes lock rows and announces the slots as free again; returns what went. */
export async function deleteLocks(tx: Tx, where: string, params: unknown[]): Promise<Freed[]> {
  const rows = await tx.em.execute<Freed[]>(
    `with gone as (delete from slot_locks where ${where} returning slot_id, token)
     select g.slot_id as "slotId", g.token, sl.salon_id as "salonId", sl.starts_at as "startsAt", s.timezone
     from gone g join slots sl on sl.id = g.slot_id join salons s on s.id = sl.salon_id`,
    params,
  );
  announce(rows, (g) => tx.emit({ type: 'slot:unlocked', ...g }));
  return rows;
}

/** Re-announces a hold's slots as locked until `expiresAt` (a new hold or a renewal). */
async function announceLocked(tx: Tx, token: string, expiresAt: string): Promise<void> {
  const rows = await tx.em.execute<Omit<Freed, 'token'>[]>(
    `select l.slot_id as "slotId", sl.salon_id as "salonId", sl.starts_at as "startsAt", s.timezone
     from slot_locks l join slots sl on sl.id = l.slot_id join salons s on s.id = sl.salon_id where l.token = ?`,
    [token],
  );
  announce(rows, (g) => tx.emit({ type: 'slot:locked', ...g, expiresAt }));
}

/**
 * Moves a hold's expiry forward, never past `hold_started_at + max` and never
 * back (a waitlist offer may run longer than a heartbeat's TTL); returns the
 * new expiry and the hard end (the later of the cap and an offer's own end).
 * Hold times are kept to the millisecond, as they travel in ISO strings: the
 * grace release compares with the expiry a socket last saw.
 */
async function extend(
  tx: Tx,
  token: string,
  settings: HoldSettings,
  sqlNow: string | null,
): Promise<{ expiresAt: string; holdEndsAt: string }> {
  const rows = await tx.em.execute<{ expiresAt: Date; holdEndsAt: Date }[]>(
    `update slot_locks
     set expires_at = greatest(expires_at, date_trunc('milliseconds',
           least(${SQL_NOW} + make_interval(secs => ?), hold_started_at + make_interval(secs => ?))))
     where token = ?
     returning expires_at as "expiresAt", greatest(expires_at, hold_started_at + make_interval(secs => ?)) as "holdEndsAt"`,
    [sqlNow, settings.ttlSeconds, settings.maxSeconds, token, settings.maxSeconds],
  );
  const row = rows[0] as { expiresAt: Date; holdEndsAt: Date };
  const expiresAt = new Date(row.expiresAt).toISOString();
  await announceLocked(tx, token, expiresAt);
  return { expiresAt, holdEndsAt: new Date(row.holdEndsAt).toISOString() };
}

/**
 * Takes (or renews) a hold on the covered slots. The caller holds the
 * holder's lock (`lockHolder`). A customer holds at most one time per salon
 * and day (a new one releases the old) and keeps `perCustomer` times in all
 * (holds and bookings awaiting a deposit, see kept-times.ts); a new
 * hold that overlaps the holder's current one keeps its start, so moving a
 * hold back and forth never restarts the `maxSeconds` clock.
 */
export async function takeHold(
  tx: Tx,
  input: { userId: number; salon: SalonRules; covered: CoveredSlot[]; serviceId: number; sqlNow: string | null },
  settings: HoldSettings,
  assertRoom: AssertKeptRoom,
): Promise<HoldResult> {
  const { userId, salon, covered, serviceId, sqlNow } = input;
  assertTakeable(covered, userId);
  const ids = covered.map((s) => s.id);
  const date = localDate(covered[0]?.startsAt as Date, salon.timezone);
  const mine = covered.flatMap((s) => (s.hold?.live && s.hold.holderId === userId ? [s.hold] : []));
  const tokens = [...new Set(mine.map((h) => h.token))];
  if (tokens.length === 1 && mine.length === covered.length) {
    const [size] = await tx.em.execute<{ n: number }[]>('select count(*)::int as n from slot_locks where token = ?', [
      tokens[0],
    ]);
    if (size?.n === covered.length) {
      // The same holder locking the same time again renews, within the cap.
      const token = tokens[0] as string;
      const released = await releaseOthers(tx, userId, salon, date, [token]);
      return { lockToken: token, slotIds: ids, ...(await extend(tx, token, settings, sqlNow)), released };
    }
  }
  const startedAt = mine.length ? new Date(Math.min(...mine.map((h) => h.startedAt.getTime()))) : null;
  // Expired rows on these slots count as free and are replaced quietly (the lock event follows).
  await tx.em.execute(
    `delete from slot_locks where slot_id in (${ids.map(() => '?').join(',')}) and (expires_at <= ${SQL_NOW} or holder_id = ?)`,
    [...ids, sqlNow, userId],
  );
  // The rest of an overlapped hold goes with it (the new one replaces it), announced.
  if (tokens.length) await deleteLocks(tx, `token in (${tokens.map(() => '?').join(',')})`, tokens);
  const released = [...new Set([...tokens, ...(await releaseOthers(tx, userId, salon, date, []))])];
  // Live holds and bookings awaiting a deposit share one cap (kept-times.ts).
  await assertRoom(tx, userId, sqlNow, 1);
  const token = randomUUID();
  const rows = await tx.em.execute<{ expiresAt: Date; holdEndsAt: Date }[]>(
    `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at, created_at)
     select unnest(cast(? as int[])), ?, ?, ?,
            date_trunc('milliseconds', least(
              ${SQL_NOW} + make_interval(secs => ?),
              coalesce(cast(? as timestamptz), ${SQL_NOW}) + make_interval(secs => ?))),
            date_trunc('milliseconds', coalesce(cast(? as timestamptz), ${SQL_NOW})), now()
     returning expires_at as "expiresAt", hold_started_at + make_interval(secs => ?) as "holdEndsAt"`,
    [
      `{${ids.join(',')}}`,
      userId,
      serviceId,
      token,
      sqlNow,
      settings.ttlSeconds,
      startedAt?.toISOString() ?? null,
      sqlNow,
      settings.maxSeconds,
      startedAt?.toISOString() ?? null,
      sqlNow,
      settings.maxSeconds,
    ],
  );
  // An inherited start is a live hold's, so its cap is still ahead: the new hold is live too.
  const row = rows[0] as { expiresAt: Date; holdEndsAt: Date };
  const expiresAt = new Date(row.expiresAt).toISOString();
  tx.emit({ type: 'slot:locked', salonId: salon.id, date, slotIds: ids, expiresAt });
  return { lockToken: token, slotIds: ids, expiresAt, holdEndsAt: new Date(row.holdEndsAt).toISOString(), released };
}

/** Releases the holder's other holds in the same salon on the same day; returns their tokens. */
async function releaseOthers(tx: Tx, userId: number, salon: SalonRules, date: string, keep: string[]) {
  const gone = await deleteLocks(
    tx,
    `holder_id = ? and token <> all(cast(? as uuid[])) and slot_id in (
       select id from slots where salon_id = ?
         and starts_at >= (cast(? as date)::timestamp at time zone ?)
         and starts_at < ((cast(? as date) + 1)::timestamp at time zone ?))`,
    [userId, `{${keep.join(',')}}`, salon.id, date, salon.timezone, date, salon.timezone],
  );
  return [...new Set(gone.map((r) => r.token))];
}

interface TokenRow {
  holderId: number;
  live: boolean;
  salonOwner: number;
}

async function lockToken(tx: Tx, token: string, sqlNow: string | null): Promise<TokenRow[]> {
  return tx.em.execute<TokenRow[]>(
    `select l.holder_id as "holderId", l.expires_at > ${SQL_NOW} as live, s.owner_id as "salonOwner"
     from slot_locks l join slots sl on sl.id = l.slot_id join salons s on s.id = sl.salon_id
     where l.token = ? for update of l`,
    [sqlNow, token],
  );
}

/** Heartbeat: extends a live hold within the cap and re-announces it. An expired hold is gone for good. */
export async function renewHold(
  tx: Tx,
  input: { userId: number; token: string; sqlNow: string | null },
  settings: HoldSettings,
): Promise<{ expiresAt: string; holdEndsAt: string }> {
  const rows = await lockToken(tx, input.token, input.sqlNow);
  const first = rows[0];
  if (!first) throw new AppError(ErrorCode.LOCK_EXPIRED, 'This hold has expired');
  if (first.holderId !== input.userId) throw new AppError(ErrorCode.LOCK_NOT_HELD, 'This hold is not yours');
  if (!first.live) {
    await deleteLocks(tx, 'token = ?', [input.token]);
    throw new AppError(ErrorCode.LOCK_EXPIRED, 'This hold has expired');
  }
  return extend(tx, input.token, settings, input.sqlNow);
}

/**
 * Releases a hold whose socket went away, unless it was renewed since (by a
 * reconnected client, on any instance): then its expiry has moved past the
 * one we saw at disconnect.
 */
export async function releaseIfNotRenewed(tx: Tx, token: string, seenExpiresAt: string): Promise<number[]> {
  return (await deleteLocks(tx, 'token = ? and expires_at <= ?', [token, seenExpiresAt])).map((r) => r.slotId);
}

/**
 * Releases a hold by token (its holder), or every hold on a slot (its holder,
 * the salon's owner or an admin). Releasing nothing is not an error.
 */
export async function releaseHold(
  tx: Tx,
  input: { user: { id: number; role: string }; token?: string; slotId?: number; sqlNow: string | null },
): Promise<number[]> {
  let token = input.token;
  if (!token && input.slotId !== undefined) {
    const rows = await tx.em.execute<{ token: string }[]>('select token from slot_locks where slot_id = ?', [
      input.slotId,
    ]);
    token = rows[0]?.token;
  }
  if (!token) return [];
  const first = (await lockToken(tx, token, input.sqlNow))[0];
  if (!first) return [];
  const allowed = first.holderId === input.user.id || first.salonOwner === input.user.id || input.user.role === 'admin';
  if (!allowed) throw new AppError(ErrorCode.FORBIDDEN, 'Only the holder or the salon owner may release this hold');
  return (await deleteLocks(tx, 'token = ?', [token])).map((r) => r.slotId);
}

/** Removes every expired hold and announces the freed slots. Safe to run concurrently: each row goes once. */
export async function sweepExpired(tx: Tx, sqlNow: string | null): Promise<number> {
  return (await deleteLocks(tx, `expires_at <= ${SQL_NOW}`, [sqlNow])).length;
}

/**
 * A booking took these slots: their hold rows go quietly (they are about to
 * be announced as booked). What else the same holds covered is released and
 * announced, but only the booker's own holds and expired ones: a live hold of
 * someone else is never touched (the claim refused the booking if it covered one).
 */
export async function consumeHolds(tx: Tx, slotIds: number[], holderId: number, sqlNow: string | null, token?: string) {
  const gone = await tx.em.execute<{ token: string }[]>(
    `delete from slot_locks where slot_id in (${slotIds.map(() => '?').join(',')}) returning token`,
    slotIds,
  );
  const tokens = [...new Set([...gone.map((r) => r.token), ...(token ? [token] : [])])];
  if (tokens.length === 0) return;
  await deleteLocks(
    tx,
    `token in (${tokens.map(() => '?').join(',')}) and (holder_id = ? or expires_at <= ${SQL_NOW})`,
    [...tokens, holderId, sqlNow],
  );
}
