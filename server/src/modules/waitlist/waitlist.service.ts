/**
 * The Waitlist module's service: join, list, leave, decline; the owner's
 * view of a day; the offer engine's pass; and, for the booking transaction,
 * the check that an offer's token is still good and the mark that it was
 * booked.
 */
import {
  ErrorCode,
  isIsoDate,
  type JoinWaitlistBody,
  type PageOf,
  type SalonWaitlistEntry,
  type WaitlistEntry,
} from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalid } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { SalonsService } from '../salons/salons.service.ts';
import { runPass } from './offer-engine.ts';
import { joinLine } from './waitlist-join.ts';
import { findEntry, listDay, listOwn } from './waitlist-queries.ts';

export type WaitlistService = ReturnType<typeof createWaitlistService>;

/** An offer a booking is claiming, locked for the booking's transaction. */
export interface ClaimedOffer {
  id: number;
  entryId: number;
}

interface OwnEntry {
  id: number;
  status: string;
  slotId: number | null;
  offerId: number | null;
  lockToken: string | null;
  offerLive: boolean;
}

export function createWaitlistService(
  deps: Deps,
  services: { availability: AvailabilityService; notifications: NotificationsService; salons: SalonsService },
) {
  const { availability } = services;
  const em = () => deps.orm.em.fork() as EntityManager;
  const rules = limitRules(deps.config);
  const engine = { deps, availability, notifications: services.notifications };

  const notFound = (id: number) =>
    new AppError(ErrorCode.WAITLIST_ENTRY_NOT_FOUND, `Waitlist entry ${id} was not found`);

  async function entry(id: number): Promise<WaitlistEntry> {
    const found = await findEntry(em(), id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Locks one of the customer's entries and its open offer. Someone else's entry is "not found". */
  async function lockOwn(tx: Tx, user: AuthUser, id: number): Promise<OwnEntry> {
    const [row] = await tx.em.execute<(OwnEntry & { customerId: number })[]>(
      `select e.id, e.status, e.slot_id as "slotId", e.customer_id as "customerId", o.id as "offerId",
              o.lock_token as "lockToken", coalesce(o.expires_at > ${SQL_NOW}, false) as "offerLive"
       from waitlist_entries e left join waitlist_offers o on o.entry_id = e.id and o.status = 'open'
       where e.id = ? for update of e`,
      [deps.sqlNow(), id],
    );
    if (!row || (row.customerId !== user.id && user.role !== 'admin')) throw notFound(id);
    if (row.offerId !== null)
      await tx.em.execute('select id from waitlist_offers where id = ? for update', [row.offerId]);
    return row;
  }

  /** POST /waitlist: 201 with a new entry, 200 with the live one when the same wish is already in line. */
  async function join(user: AuthUser, body: JoinWaitlistBody): Promise<{ entry: WaitlistEntry; created: boolean }> {
    await deps.limiter.consume(rules.waitlistJoins, `user:${user.id}`, 'Too many waitlist requests');
    const placed = await inTransaction(deps, async (tx) => {
      const r = await joinLine(tx, user.id, body, deps.now());
      if (r.created) tx.emit({ type: 'waitlist:changed' });
      return r;
    });
    return { entry: await entry(placed.id), created: placed.created };
  }

  /** DELETE /waitlist/:id: leaves the line; an open offer's hold goes to the next in line. */
  async function leave(user: AuthUser, id: number): Promise<void> {
    await inTransaction(deps, async (tx) => {
      const own = await lockOwn(tx, user, id);
      if (own.status !== 'waiting' && own.status !== 'offered') return;
      await tx.em.execute(`update waitlist_entries set status = 'left', ended_at = now() where id = ?`, [id]);
      if (own.offerId !== null && own.lockToken !== null) {
        await tx.em.execute(`update waitlist_offers set status = 'released', closed_at = now() where id = ?`, [
          own.offerId,
        ]);
        await availability.dropHold(tx, own.lockToken);
      }
      tx.emit({ type: 'waitlist:changed' });
    });
  }

  /**
   * POST /waitlist/:id/decline: "not this time". The time goes to the next
   * in line at once; a range entry stays in line for other times, an
   * exact-slot entry (which wanted only this one) ends.
   */
  async function decline(user: AuthUser, id: number): Promise<WaitlistEntry> {
    await inTransaction(deps, async (tx) => {
      const own = await lockOwn(tx, user, id);
      if (own.offerId === null || own.lockToken === null || !own.offerLive) {
        throw new AppError(ErrorCode.OFFER_EXPIRED, 'There is no open offer on this entry: it ended or was passed on');
      }
      await tx.em.execute(`update waitlist_offers set status = 'declined', closed_at = now() where id = ?`, [
        own.offerId,
      ]);
      await tx.em.execute(
        own.slotId === null
          ? `update waitlist_entries set status = 'waiting' where id = ?`
          : `update waitlist_entries set status = 'declined', ended_at = now() where id = ?`,
        [id],
      );
      await availability.dropHold(tx, own.lockToken);
      tx.emit({ type: 'waitlist:changed' });
    });
    return entry(id);
  }

  async function list(user: AuthUser, q: { limit?: number; offset?: number }): Promise<PageOf<WaitlistEntry>> {
    return listOwn(em(), user.id, q.limit ?? 50, q.offset ?? 0);
  }

  /** GET /salons/:id/waitlist: the salon's owner (or an admin) sees one day's line. */
  async function salonDay(user: AuthUser, salonId: number, date: string): Promise<PageOf<SalonWaitlistEntry>> {
    await services.salons.assertOwner(salonId, user);
    if (!isIsoDate(date)) throw invalid('date', 'date must be a calendar date written YYYY-MM-DD');
    return listDay(em(), salonId, date);
  }

  /**
   * In the booking transaction, before the slots are claimed: when the
   * token is an offer's, the offer must be open and live and the booking
   * must be for its time (else 409 OFFER_EXPIRED). Returns null for an
   * ordinary hold's token.
   */
  async function claimOffer(tx: Tx, req: { lockToken: string; userId: number; slotId: number }) {
    const [row] = await tx.em.execute<
      { id: number; entryId: number; slotId: number; status: string; live: boolean; customerId: number }[]
    >(
      `select o.id, o.entry_id as "entryId", o.slot_id as "slotId", o.status, o.expires_at > ${SQL_NOW} as live,
              e.customer_id as "customerId"
       from waitlist_offers o join waitlist_entries e on e.id = o.entry_id
       where o.lock_token = ? for update of o`,
      [deps.sqlNow(), req.lockToken],
    );
    if (!row) return null;
    if (row.customerId !== req.userId) {
      throw new AppError(ErrorCode.LOCK_NOT_HELD, 'That offer is not yours', { field: 'lockToken' });
    }
    if (row.status !== 'open' || !row.live) {
      throw new AppError(ErrorCode.OFFER_EXPIRED, 'This offer has ended: the time went to the next in line', {
        field: 'lockToken',
      });
    }
    if (row.slotId !== req.slotId) throw invalid('slotId', 'This offer is for another time: book its first slot');
    return { id: row.id, entryId: row.entryId } satisfies ClaimedOffer;
  }

  /** In the booking transaction, after the booking: the offer and its entry are done. */
  async function offerBooked(tx: Tx, offer: ClaimedOffer, bookingId: number): Promise<void> {
    await tx.em.execute(
      `update waitlist_offers set status = 'booked', booking_id = ?, closed_at = now() where id = ?`,
      [bookingId, offer.id],
    );
    await tx.em.execute(`update waitlist_entries set status = 'booked', ended_at = now() where id = ?`, [
      offer.entryId,
    ]);
  }

  return {
    join,
    leave,
    decline,
    list,
    salonDay,
    claimOffer,
    offerBooked,
    /** One pass of the offer engine; returns the queue rows it claimed. */
    process: () => runPass(engine),
  };
}
