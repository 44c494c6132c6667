/**
 * The Availability module's service: slot generation, the availability
 * query, the hold lifecycle (take, renew, release, sweep), and the small
 * surface the booking transaction calls (`claim`, `markBooked`,
 * `freeBooked`, `withAlternatives`). Other modules use only this object.
 */
import {
  type Alternative,
  type DayList,
  type DayQuery,
  ErrorCode,
  fittingStarts,
  isIsoDate,
  localDate,
  type Slot,
  type SlotList,
} from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, fromDatabaseError, invalid } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { createCoalescer } from '../../lib/coalesce.ts';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import { createDayPictures, type DayKey } from './day-pictures.ts';
import { readVersionedDay } from './day-read.ts';
import { createDaySnapshots } from './day-snapshots.ts';
import { joinSnapshot, serviceAnswer } from './day-views.ts';
import {
  deleteLocks,
  type HoldResult,
  type HoldSettings,
  lockHolder,
  releaseHold,
  releaseIfNotRenewed,
  renewHold,
  sweepExpired,
  takeHold,
} from './holds.ts';
import { createKeptTimes, type UnpaidQuery } from './kept-times.ts';
import { takeServerHold } from './server-hold.ts';
import {
  type BookingInsert,
  type Claim,
  type ClaimRequest,
  claimSlots,
  freeBooked,
  insertBooked,
  markBooked,
} from './slot-claim.ts';
import { daySummaries } from './slot-days.ts';
import { generateSalonSlots, isLostRegenerationRace } from './slot-generation.ts';
import { loadSlot, lockCovered } from './slot-locks.ts';
import { daySlots, loadDayRules, loadRules, pickAlternatives, type SalonRules, slotsFor } from './slot-query.ts';

export type { BookingInsert, Claim } from './slot-claim.ts';

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

export function createAvailabilityService(deps: Deps, counts: { unpaidDeposits: UnpaidQuery }) {
  const settings: HoldSettings = {
    ttlSeconds: deps.config.holdTtlSeconds,
    maxSeconds: deps.config.holdMaxSeconds,
    perCustomer: deps.config.holdsPerCustomer,
  };
  const assertKeptRoom = createKeptTimes(settings.perCustomer, counts.unpaidDeposits);
  const em = () => deps.orm.em.fork() as EntityManager;
  const clock = () => ({ now: deps.now(), sqlNow: deps.sqlNow() });

  // Many readers of one salon-day at once (a busy day, a reconnect storm, the
  // losers of a contended slot asking for alternatives) share one query.
  const sharedDay = createCoalescer<Slot[]>();
  const sharedAlternatives = createCoalescer<Alternative[]>();
  const sharedDays = createCoalescer<DayList>();
  function readDay(salon: SalonRules, date: string, staffId?: number, wholeDay = false): Promise<Slot[]> {
    return sharedDay(`${salon.id}|${date}|${staffId ?? ''}|${wholeDay ? 'whole' : ''}`, () =>
      daySlots(em(), salon, date, clock(), staffId, wholeDay),
    );
  }

  // Each salon-day is read and serialised once per version (see day-pictures.ts).
  const pictures = createDayPictures({
    read: (key, salon) => readVersionedDay(em(), salon, key.date, clock(), key.wholeDay),
    now: () => deps.now().getTime(),
  });
  const snapshots = createDaySnapshots({
    em,
    onError: (err) => deps.log.warn({ err }, 'could not keep a day snapshot'),
  });
  // The version check every read makes: requests for one day and service that arrive
  // while one runs share the next (never one that began before they asked).
  const sharedRules = createCoalescer<Awaited<ReturnType<typeof loadDayRules>>>();
  async function picture(key: DayKey, serviceIds: number[] = []) {
    checkDate(key.date);
    const { salon, services, dayVersion } = await sharedRules(
      `${key.salonId}|${key.date}|${serviceIds.join(',')}`,
      () => loadDayRules(em(), key.salonId, serviceIds, key.date),
    );
    return { salon, services, picture: await pictures.get(key, salon, dayVersion) };
  }

  function checkDate(date: string): void {
    if (!isIsoDate(date)) throw invalid('date', 'date must be a calendar date written YYYY-MM-DD');
  }

  /**
   * Materialises future slots for one salon, or all of them. Retries a lost
   * race. Once a salon's new slots are committed, the days that changed are
   * announced (`schedule:changed`), so screens watching them re-read them.
   */
  async function generateSlots(opts: { salonId?: number } = {}) {
    const ids =
      opts.salonId !== undefined
        ? [opts.salonId]
        : (await em().execute<{ id: number }[]>('select id from salons order by id')).map((r) => r.id);
    let inserted = 0;
    let removed = 0;
    for (const salonId of ids) {
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await inTransaction(deps, async (tx) => {
            const result = await generateSalonSlots(tx.em, salonId, deps.now());
            if (result.dates.length > 0) tx.emit({ type: 'schedule:changed', salonId, dates: result.dates });
            return result;
          });
          inserted += r.inserted;
          removed += r.removed;
          break;
        } catch (err) {
          if (attempt >= 3 || !isLostRegenerationRace(err)) throw err;
        }
      }
    }
    return { inserted, removed };
  }

  /**
   * Every slot of a salon-day with its status: the live schedule snapshot.
   * `wholeDay` keeps the free slots no customer can take any more (past, or
   * inside the booking notice), for screens that draw the working day.
   */
  async function schedule(salonId: number, date: string, opts: { wholeDay?: boolean } = {}): Promise<SlotList> {
    const { salon, picture: p } = await picture({ salonId, date, wholeDay: opts.wholeDay === true });
    return { salonId, date, timezone: salon.timezone, slots: [...p.slots] };
  }

  /**
   * schedule:join's answer, serialised once per day version: the snapshot, or
   * only what changed since the version the client names (`since`).
   */
  async function joinDay(q: { salonId: number; date: string; wholeDay?: boolean; since?: string }) {
    const { picture: p } = await picture({ salonId: q.salonId, date: q.date, wholeDay: q.wholeDay === true });
    return joinSnapshot(p, q.since, { pictures, snapshots });
  }

  /**
   * GET /availability/slots (where one service can start on a day) as its
   * serialised answer and ETag: equal answers, equal tags, on every instance.
   */
  async function serviceSlots(q: { salonId: number; date: string; serviceId: number; staffId?: number }) {
    const key = { salonId: q.salonId, date: q.date, wholeDay: false };
    const { salon, services, picture: p } = await picture(key, [q.serviceId]);
    return serviceAnswer(p, salon, { needed: slotsFor(services, salon.slotMinutes), staffId: q.staffId });
  }

  /** GET /availability/days: a run of days for a service, each free, full, closed or over. */
  async function days(q: DayQuery): Promise<DayList> {
    if (q.from !== undefined && !isIsoDate(q.from)) {
      throw invalid('from', 'from must be a calendar date written YYYY-MM-DD');
    }
    const { salon, services } = await loadRules(em(), q.salonId, [q.serviceId]);
    const from = q.from ?? localDate(deps.now(), salon.timezone);
    const count = q.days ?? 14;
    const key = `${salon.id}|${q.serviceId}|${q.staffId ?? ''}|${from}|${count}`;
    return sharedDays(key, async () => ({
      salonId: salon.id,
      timezone: salon.timezone,
      days: await daySummaries(
        em(),
        salon,
        { from, days: count, needed: slotsFor(services, salon.slotMinutes), staffId: q.staffId },
        clock(),
      ),
    }));
  }

  /** Nearest free starts of the stylist of `slotId` first, then the same time with others. */
  async function alternatives(slotId: number, serviceIds: number[]): Promise<Alternative[]> {
    // Everyone who lost the same slot gets the same suggestions: compute them once.
    return sharedAlternatives(`${slotId}|${serviceIds.join(',')}`, async () => {
      const start = await loadSlot(em(), slotId);
      const { salon, services } = await loadRules(em(), start.salonId, serviceIds);
      const slots = await readDay(salon, localDate(start.startsAt, salon.timezone));
      return pickAlternatives(slots, slotsFor(services, salon.slotMinutes), {
        staffId: start.staffId,
        startsAt: start.startsAt.toISOString(),
      });
    });
  }

  /** Adds `alternatives` (always, maybe empty) to a slot conflict on its way out; rethrows anything else. */
  async function withAlternatives(err: unknown, q: { slotId: number; serviceIds: number[] }): Promise<never> {
    // A constraint firing (the database's backstop) is a conflict like any other.
    const e = err instanceof AppError ? err : (fromDatabaseError(err) ?? err);
    if (e instanceof AppError && (e.code === ErrorCode.SLOT_BOOKED || e.code === ErrorCode.SLOT_LOCKED)) {
      const alts = await alternatives(q.slotId, q.serviceIds).catch(() => []);
      throw new AppError(e.code, e.message, { ...e.extras, alternatives: alts });
    }
    throw e;
  }

  /** The salon a slot belongs to and its owner, for access checks before a booking. */
  async function salonOf(slotId: number): Promise<{ salonId: number; ownerId: number }> {
    const rows = await em().execute<{ salonId: number; ownerId: number }[]>(
      `select sl.salon_id as "salonId", s.owner_id as "ownerId"
       from slots sl join salons s on s.id = sl.salon_id where sl.id = ?`,
      [slotId],
    );
    if (!rows[0]) throw new AppError(ErrorCode.SLOT_NOT_FOUND, `Slot ${slotId} was not found`);
    return rows[0];
  }

  async function hold(user: AuthUser, slotId: number, serviceId: number): Promise<HoldResult> {
    try {
      return await inTransaction(deps, async (tx) => {
        // The holder's lock first, then slot rows in id order: one order for everyone.
        await lockHolder(tx, user.id);
        const start = await loadSlot(tx.em, slotId);
        const { salon, services } = await loadRules(tx.em, start.salonId, [serviceId]);
        if (start.startsAt.getTime() < deps.now().getTime() + salon.minNoticeMinutes * 60_000) {
          throw invalid('slotId', `This time is too soon: book at least ${salon.minNoticeMinutes} minutes ahead`);
        }
        const needed = slotsFor(services, salon.slotMinutes);
        const covered = await lockCovered(tx.em, start, needed, salon.slotMinutes, deps.sqlNow());
        return takeHold(
          tx,
          { userId: user.id, salon, covered, serviceId, sqlNow: deps.sqlNow() },
          settings,
          assertKeptRoom,
        );
      });
    } catch (err) {
      return withAlternatives(err, { slotId, serviceIds: [serviceId] });
    }
  }

  function renew(user: AuthUser, token: string) {
    return inTransaction(deps, (tx) => renewHold(tx, { userId: user.id, token, sqlNow: deps.sqlNow() }, settings));
  }

  function release(user: AuthUser, by: { token?: string; slotId?: number }) {
    return inTransaction(deps, (tx) => releaseHold(tx, { user, ...by, sqlNow: deps.sqlNow() }));
  }

  /** A disconnected socket's hold, after the grace period. */
  function releaseAbandoned(token: string, seenExpiresAt: string) {
    return inTransaction(deps, (tx) => releaseIfNotRenewed(tx, token, seenExpiresAt));
  }

  /** Deletes expired holds, announces the freed slots (each exactly once, whoever runs it). */
  function cleanupExpired(): Promise<{ removed: number }> {
    return inTransaction(deps, async (tx) => ({ removed: await sweepExpired(tx, deps.sqlNow()) }));
  }

  /** A hold the server takes for `holderId` (a waitlist offer), in the caller's transaction. */
  async function holdFor(tx: Tx, req: { holderId: number; slotId: number; serviceId: number; seconds: number }) {
    const start = await loadSlot(tx.em, req.slotId);
    const { salon, services } = await loadRules(tx.em, start.salonId, [req.serviceId]);
    const needed = slotsFor(services, salon.slotMinutes);
    const covered = await lockCovered(tx.em, start, needed, salon.slotMinutes, deps.sqlNow());
    const hold = await takeServerHold(tx, { ...req, salon, covered, maxSeconds: settings.maxSeconds }, deps.sqlNow());
    return { ...hold, startsAt: start.startsAt.toISOString(), staffId: start.staffId, salonId: salon.id };
  }

  /** Start slots where one service fits on a salon-day, read in the caller's transaction (so it sees its own holds). */
  async function freeStartsIn(tx: Tx, q: { salonId: number; date: string; serviceId: number }): Promise<Slot[]> {
    const { salon, services } = await loadRules(tx.em, q.salonId, [q.serviceId]);
    const slots = await daySlots(tx.em, salon, q.date, clock());
    return fittingStarts(slots, slotsFor(services, salon.slotMinutes));
  }

  return {
    settings,
    generateSlots,
    schedule,
    joinDay,
    serviceSlots,
    days,
    hold,
    renew,
    release,
    releaseAbandoned,
    cleanupExpired,
    // The booking transaction's surface: everything but salonOf runs in the caller's transaction.
    salonOf,
    claim: (tx: Tx, req: Omit<ClaimRequest, 'now' | 'sqlNow'>): Promise<Claim> =>
      claimSlots(tx, { ...req, now: deps.now(), sqlNow: deps.sqlNow() }),
    markBooked: (tx: Tx, claim: Claim, bookingId: number) => markBooked(tx, claim, bookingId, deps.sqlNow()),
    /** A new booking: its insert and the slots marked booked in one statement. */
    insertBooked: <T>(tx: Tx, claim: Claim, insert: BookingInsert) => insertBooked<T>(tx, claim, insert, deps.sqlNow()),
    freeBooked,
    withAlternatives,
    /**
     * Serialises a customer's holds and own bookings (the holds' lock; `claim`
     * takes it with `lockHolder`): take it before any slot row, so that the
     * caps checked after it see every committed hold and booking of theirs.
     */
    lockCustomer: lockHolder,
    /** 429 unless the customer's holds and unpaid bookings, this transaction's included, are within HOLDS_PER_CUSTOMER. */
    assertKeptRoom: (tx: Tx, customerId: number) => assertKeptRoom(tx, customerId, deps.sqlNow(), 0),
    // The waitlist's surface, in the caller's transaction too.
    holdFor,
    freeStartsIn,
    /** Ends a hold by its token and announces its slots as free; returns them. */
    dropHold: async (tx: Tx, token: string) => (await deleteLocks(tx, 'token = ?', [token])).map((r) => r.slotId),
  };
}
