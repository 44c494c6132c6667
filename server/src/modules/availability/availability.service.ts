/**
 * The Availability module's service: slot generation, the availability
 * query, and the hold lifecycle (take, renew, release, sweep). Bookings and
 * realtime call these functions; routes are a thin layer over them.
 */
import { type Alternative, ErrorCode, isIsoDate, localDate, type Slot, type SlotList } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, fromDatabaseError, invalid } from '../../errors.ts';
import { createCoalescer } from '../../lib/coalesce.ts';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction } from '../../lib/tx.ts';
import {
  type HoldResult,
  type HoldSettings,
  loadSlot,
  lockCovered,
  releaseHold,
  releaseIfNotRenewed,
  renewHold,
  sweepExpired,
  takeHold,
} from './holds.ts';
import { generateSalonSlots, isLostRegenerationRace } from './slot-generation.ts';
import {
  daySlots,
  forService,
  loadRules,
  loadSalonRules,
  pickAlternatives,
  type SalonRules,
  slotsFor,
} from './slot-query.ts';

export interface Actor {
  id: number;
  role: string;
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

export function createAvailabilityService(deps: Deps) {
  const settings: HoldSettings = { ttlSeconds: deps.config.holdTtlSeconds, maxSeconds: deps.config.holdMaxSeconds };
  const em = () => deps.orm.em.fork() as EntityManager;

  // Many readers of one salon-day at once (a busy day, a reconnect storm, the
  // losers of a contended slot asking for alternatives) share one query.
  const sharedDay = createCoalescer<Slot[]>();
  const sharedAlternatives = createCoalescer<Alternative[]>();
  const sharedSchedule = createCoalescer<SlotList>();
  function readDay(salon: SalonRules, date: string, staffId?: number): Promise<Slot[]> {
    return sharedDay(`${salon.id}|${date}|${staffId ?? ''}`, () => daySlots(em(), salon, date, deps.now(), staffId));
  }

  function checkDate(date: string): void {
    if (!isIsoDate(date)) throw invalid('date', 'date must be a calendar date written YYYY-MM-DD');
  }

  /** Materialises future slots for one salon, or all of them. Retries a lost race once. */
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
          const r = await deps.orm.em.fork().transactional((tx) => generateSalonSlots(tx, salonId, deps.now()));
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

  /** Every slot of a salon-day with its status: the live schedule snapshot. */
  async function schedule(salonId: number, date: string): Promise<SlotList> {
    checkDate(date);
    // A reconnect storm re-joins thousands of sockets to a few days: one snapshot per day and moment.
    return sharedSchedule(`${salonId}|${date}`, async () => {
      const salon = await loadSalonRules(em(), salonId);
      return { salonId, date, timezone: salon.timezone, slots: await readDay(salon, date) };
    });
  }

  /** GET /availability/slots: where one service can start on a day. */
  async function slotsForService(q: { salonId: number; date: string; serviceId: number; staffId?: number }) {
    checkDate(q.date);
    const e = em();
    const { salon, services } = await loadRules(e, q.salonId, [q.serviceId]);
    const slots = await readDay(salon, q.date, q.staffId);
    const list: SlotList = {
      salonId: salon.id,
      date: q.date,
      timezone: salon.timezone,
      slots: forService(slots, slotsFor(services, salon.slotMinutes)),
    };
    return list;
  }

  /** Nearest free alternatives to a wanted start, for a 409. */
  async function alternatives(q: {
    salonId: number;
    serviceIds: number[];
    staffId: number;
    startsAt: Date;
  }): Promise<Alternative[]> {
    // Everyone who lost the same slot gets the same suggestions: compute them once.
    const key = `${q.salonId}|${q.serviceIds.join(',')}|${q.staffId}|${q.startsAt.getTime()}`;
    return sharedAlternatives(key, async () => {
      const rules = await loadRules(em(), q.salonId, q.serviceIds).catch(() => undefined);
      if (!rules) return [];
      const { salon, services } = rules;
      const slots = await readDay(salon, localDate(q.startsAt, salon.timezone));
      return pickAlternatives(slots, slotsFor(services, salon.slotMinutes), {
        staffId: q.staffId,
        startsAt: q.startsAt.toISOString(),
      });
    });
  }

  /** Adds alternatives to a slot conflict on its way out. */
  async function withAlternatives(
    err: unknown,
    q: { salonId: number; serviceIds: number[]; staffId: number; startsAt: Date },
  ): Promise<never> {
    // A constraint firing (the database's backstop) is a conflict like any other.
    const e = err instanceof AppError ? err : (fromDatabaseError(err) ?? err);
    if (e instanceof AppError && (e.code === ErrorCode.SLOT_BOOKED || e.code === ErrorCode.SLOT_LOCKED)) {
      const alts = await alternatives(q).catch(() => []);
      throw new AppError(e.code, e.message, { ...e.extras, alternatives: alts });
    }
    throw err;
  }

  async function hold(user: Actor, slotId: number, serviceId: number): Promise<HoldResult> {
    const start = await loadSlot(em(), slotId);
    try {
      return await inTransaction(deps, async (tx) => {
        const { salon, services } = await loadRules(tx.em, start.salonId, [serviceId]);
        const now = deps.now();
        if (start.startsAt.getTime() < now.getTime() + salon.minNoticeMinutes * 60_000) {
          throw invalid('slotId', `This time is too soon: book at least ${salon.minNoticeMinutes} minutes ahead`);
        }
        const covered = await lockCovered(tx.em, start, slotsFor(services, salon.slotMinutes), salon.slotMinutes);
        return takeHold(tx, { userId: user.id, salon, covered, serviceId, now }, settings);
      });
    } catch (err) {
      return withAlternatives(err, {
        salonId: start.salonId,
        serviceIds: [serviceId],
        staffId: start.staffId,
        startsAt: start.startsAt,
      });
    }
  }

  function renew(user: Actor, token: string) {
    return inTransaction(deps, (tx) => renewHold(tx, { userId: user.id, token, now: deps.now() }, settings));
  }

  function release(user: Actor, by: { token?: string; slotId?: number }) {
    return inTransaction(deps, (tx) => releaseHold(tx, { user, ...by }));
  }

  /** A disconnected socket's hold, after the grace period. */
  function releaseAbandoned(token: string, seenExpiresAt: string) {
    return inTransaction(deps, (tx) => releaseIfNotRenewed(tx, token, seenExpiresAt));
  }

  /** The cleanup job: deletes expired holds, announces the freed slots. */
  function cleanupExpired(): Promise<{ removed: number }> {
    return inTransaction(deps, async (tx) => ({ removed: await sweepExpired(tx, deps.now()) }));
  }

  return {
    settings,
    generateSlots,
    schedule,
    slotsForService,
    alternatives,
    withAlternatives,
    hold,
    renew,
    release,
    releaseAbandoned,
    cleanupExpired,
  };
}
