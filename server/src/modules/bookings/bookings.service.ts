/**
 * The Booking module's service: the create flow with idempotency and
 * alternatives on conflict, reads with access rules, and the lifecycle.
 */
import { type BookingStatus, ErrorCode, localDate } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, forbidden, invalid, pgCode, pgConstraint } from '../../errors.ts';
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { loadSlot } from '../availability/holds.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { BookingEntity } from './booking.entity.ts';
import { alertOf, createBookingTx, notificationPayload } from './booking-create.ts';
import { type BookingRow, findBooking, findByIdempotencyKey, listBookings } from './booking-queries.ts';
import { assertTransition } from './booking-state.ts';

export interface Actor {
  id: number;
  role: string;
}

export interface CreateRequest {
  slotId: number;
  serviceIds: number[];
  staffId?: number;
  lockToken?: string;
  idempotencyKey?: string;
}

export type BookingsService = ReturnType<typeof createBookingsService>;

export function createBookingsService(
  deps: Deps,
  { availability, notifications }: { availability: AvailabilityService; notifications: NotificationsService },
) {
  const em = () => deps.orm.em.fork() as EntityManager;

  async function book(customerId: number, req: CreateRequest): Promise<{ booking: BookingRow; created: boolean }> {
    if (new Set(req.serviceIds).size !== req.serviceIds.length) {
      throw invalid('serviceIds', 'serviceIds must not repeat a service');
    }
    const key = req.idempotencyKey;
    if (key) {
      const existing = await findByIdempotencyKey(em(), customerId, key);
      if (existing) return { booking: existing, created: false };
    }
    const start = await loadSlot(em(), req.slotId);
    try {
      return await inTransaction(deps, async (tx: Tx) => {
        if (key) {
          // Two requests with one key meet here: the second waits, then finds the first's booking.
          await tx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`booking:${customerId}:${key}`]);
          const existing = await findByIdempotencyKey(tx.em, customerId, key);
          if (existing) return { booking: existing, created: false };
        }
        const booking = await createBookingTx(
          tx,
          { customerId, start, serviceIds: req.serviceIds, now: deps.now(), ...pick(req) },
          notifications,
        );
        return { booking, created: true };
      });
    } catch (err) {
      if (key && pgCode(err) === '23505' && pgConstraint(err) === 'bookings_idempotency_key') {
        const existing = await findByIdempotencyKey(em(), customerId, key);
        if (existing) return { booking: existing, created: false };
      }
      return availability.withAlternatives(err, {
        salonId: start.salonId,
        serviceIds: req.serviceIds,
        staffId: req.staffId ?? start.staffId,
        startsAt: start.startsAt,
      });
    }
  }

  /** The front desk books a walk-in (owner of the slot's salon, or admin). */
  async function bookForCustomer(actor: Actor, req: CreateRequest & { customerId: number }) {
    const start = await loadSlot(em(), req.slotId);
    await assertSalonOwner(actor, start.salonId);
    return (await book(req.customerId, req)).booking;
  }

  async function assertSalonOwner(actor: Actor, salonId: number): Promise<void> {
    if (actor.role === 'admin') return;
    const rows = await em().execute('select 1 from salons where id = ? and owner_id = ?', [salonId, actor.id]);
    if (rows.length === 0) throw forbidden('Only the salon owner may do this');
  }

  function canSee(actor: Actor, b: BookingRow): boolean {
    return actor.role === 'admin' || b.customerId === actor.id || b.ownerId === actor.id;
  }

  async function get(actor: Actor, id: number): Promise<BookingRow> {
    const b = await findBooking(em(), id);
    if (!b) throw new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${id} was not found`);
    if (!canSee(actor, b)) throw forbidden('This booking is not yours');
    return b;
  }

  async function list(
    actor: Actor,
    q: { salonId?: number; date?: string; status?: BookingStatus; limit: number; offset: number },
  ) {
    const base = { now: deps.now(), ...dropUndefined(q) };
    if (actor.role === 'customer') return listBookings(em(), { ...base, customerId: actor.id });
    if (actor.role === 'owner') return listBookings(em(), { ...base, ownerId: actor.id });
    return listBookings(em(), base);
  }

  /** Locks the booking row (and bumps its version on change), checks access and the move. */
  async function transition(
    actor: Actor,
    id: number,
    to: BookingStatus,
    apply: (tx: Tx, b: BookingRow, entity: InstanceType<typeof BookingEntity.class>) => Promise<void>,
  ): Promise<BookingRow> {
    return inTransaction(deps, async (tx) => {
      const entity = await tx.em.findOne(BookingEntity, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = entity ? await findBooking(tx.em, id) : undefined;
      if (!entity || !before) throw new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${id} was not found`);
      if (!canSee(actor, before)) throw forbidden('This booking is not yours');
      assertTransition(entity.status, to);
      await apply(tx, before, entity);
      entity.status = to;
      await tx.em.flush();
      return (await findBooking(tx.em, id)) as BookingRow;
    });
  }

  function cancel(actor: Actor, id: number, reason?: string) {
    return transition(actor, id, 'CANCELLED', async (tx, b, entity) => {
      const by = b.ownerId === actor.id || actor.role === 'admin' ? 'owner' : 'customer';
      const deadline = await tx.em.execute<{ m: number }[]>(
        'select cancellation_deadline_minutes as m from salons where id = ?',
        [b.salonId],
      );
      const minutes = deadline[0]?.m ?? 0;
      if (by === 'customer' && Date.parse(b.startsAt) - deps.now().getTime() < minutes * 60_000) {
        throw new AppError(
          ErrorCode.INVALID_TRANSITION,
          `Bookings can be cancelled online up to ${minutes} minutes before; please call the salon`,
        );
      }
      entity.cancelReason = reason ?? null;
      entity.cancelledBy = by;
      entity.cancelledAt = deps.now();
      const freed = await tx.em.execute<{ id: number }[]>(
        'update slots set is_booked = false, booking_id = null where booking_id = ? returning id',
        [id],
      );
      const slotIds = freed.map((r) => r.id).sort((a, b) => a - b);
      const payload = notificationPayload(b, { cancelledBy: by, reason: reason ?? null });
      const ids = await notifications.queue(tx.em, [
        { userId: b.customerId, type: 'booking_cancelled', payload },
        { userId: b.ownerId, type: 'booking_cancelled', payload },
      ]);
      if (slotIds.length > 0) {
        tx.emit({ type: 'slot:released', salonId: b.salonId, date: localDate(b.startsAt, b.timezone), slotIds });
      }
      tx.emit({ type: 'booking:cancelled', ownerId: b.ownerId, customerId: b.customerId, alert: alertOf(b, by) });
      tx.emit({ type: 'notifications:queued', ids });
    });
  }

  async function complete(actor: Actor, id: number) {
    const b = await get(actor, id);
    await assertSalonOwner(actor, b.salonId);
    return transition(actor, id, 'COMPLETED', async (_tx, _b, entity) => {
      entity.completedAt = deps.now();
    });
  }

  return { book, bookForCustomer, get, list, cancel, complete };
}

function pick(req: CreateRequest) {
  return dropUndefined({ staffId: req.staffId, lockToken: req.lockToken, idempotencyKey: req.idempotencyKey });
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
