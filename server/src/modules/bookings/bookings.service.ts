/**
 * The Booking module's service: the create flow with idempotency and
 * alternatives on conflict (customers, and the salon's owner for walk-ins),
 * reads with access rules, the lifecycle, reschedules and reminders, and
 * deposits (paid, expired, settled on cancellation and no-show), and the
 * front desk (check-in, the kiosk's day, the owner's customer search).
 */
import { type BookingStatus, ErrorCode, type GuestInput, localDate, salonCancelReasonText } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, forbidden, invalid, pgCode, pgConstraint } from '../../errors.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import type { SalonsService } from '../salons/salons.service.ts';
import type { WaitlistService } from '../waitlist/waitlist.service.ts';
import { BookingEntity } from './booking.entity.ts';
import { createBooker } from './booking-book.ts';
import { createCheckIn } from './booking-check-in.ts';
import { rescheduleHash } from './booking-idempotency.ts';
import { alertOf, formatPrice, notificationPayload } from './booking-payloads.ts';
import { createBookingPayments } from './booking-payments.ts';
import { type BookingRow, findBooking, listBookings } from './booking-queries.ts';
import { createReminderSender, dropReminders } from './booking-reminders.ts';
import { replayedReschedule, rescheduleTx } from './booking-reschedule.ts';
import { assertTransition } from './booking-state.ts';
import { createFrontDeskReads, isSalonCustomer } from './front-desk-queries.ts';

export interface BookRequest {
  slotId: number;
  serviceIds: number[];
  staffId?: number;
  anyStaff?: boolean;
  lockToken?: string;
  idempotencyKey?: string;
  /** The salon's owner only: a walk-in without an account. */
  guest?: GuestInput;
  /** The salon's owner only: a customer of the salon (a phone booking). */
  customerId?: number;
}

export interface FrontDeskRequest {
  slotId: number;
  serviceIds: number[];
  customerId?: number;
  guest?: GuestInput;
  lockToken?: string;
}

export type BookingsService = ReturnType<typeof createBookingsService>;

export function createBookingsService(
  deps: Deps,
  services: {
    availability: AvailabilityService;
    notifications: NotificationsService;
    payments: PaymentsService;
    waitlist: WaitlistService;
    salons: SalonsService;
  },
) {
  const { availability, payments } = services;
  const deposits = createBookingPayments(deps, services);
  const em = () => deps.orm.em.fork() as EntityManager;
  const rules = limitRules(deps.config);
  const reminders = createReminderSender(deps, services.notifications);
  // A customer's own bookings spend their budget, once per real try (see BeforeTry).
  const create = createBooker(deps, services, async (actor, req) => {
    if (actor.role === 'customer' && !req.frontDesk) await consumeBookingBudget(actor, req.idempotencyKey);
  });

  function assertOwner(actor: AuthUser, ownerId: number, what: string): void {
    if (actor.role !== 'admin' && actor.id !== ownerId) throw forbidden(`Only the salon's owner may ${what}`);
  }

  /**
   * Booking for someone else is the salon's owner's, at their own salon, for
   * a walk-in `guest` or a customer who has booked there before: an owner
   * must not be able to reach any account on Glamify (a booking mails and
   * reminds its customer, and makes them findable in the owner's search).
   */
  async function assertFrontDesk(actor: AuthUser, req: { slotId: number; customerId?: number; guest?: unknown }) {
    if (actor.role === 'customer') throw forbidden("Only the salon's owner books for someone else");
    const { salonId, ownerId } = await availability.salonOf(req.slotId);
    assertOwner(actor, ownerId, 'book for someone else');
    if (req.guest !== undefined && req.customerId !== undefined) {
      throw invalid('customerId', 'Give guest (a walk-in) or customerId (a customer of the salon), not both');
    }
    if (req.customerId !== undefined && !(await isSalonCustomer(em(), salonId, req.customerId))) {
      throw invalid('customerId', 'That is not a customer of this salon (book a new customer as a guest)');
    }
  }

  /**
   * POST /bookings: a customer books for themselves; the salon's owner may
   * book a walk-in `guest` or, on the phone, a `customerId` of the salon.
   */
  async function book(actor: AuthUser, req: BookRequest) {
    if (!req.guest && req.customerId === undefined) return create(actor, req);
    await assertFrontDesk(actor, req);
    return create(actor, { ...req, frontDesk: true });
  }

  /**
   * BOOKING_RATE_LIMIT_PER_HOUR: a customer's bookings (each mails and
   * alerts the salon). Cancelling is never limited: every cancellation
   * follows a booking that was counted, and a customer must always be able
   * to give a time back, even offline-queued an hour later. A replay (a key this
   * customer already booked with) is exempt in the same statement as the
   * count, so a client retrying after a lost answer costs nothing and is
   * never refused its booking; two first tries with one key at once may both
   * count, which only costs the client.
   */
  function consumeBookingBudget(actor: AuthUser, key: string | undefined): Promise<void> {
    const replay = key
      ? { sql: 'exists (select 1 from bookings where booked_by = ? and idempotency_key = ?)', params: [actor.id, key] }
      : undefined;
    return deps.limiter.consume(rules.bookings, `user:${actor.id}`, 'Too many bookings in an hour', replay);
  }

  /** The front desk's own route: the same rules, and someone must be named (never the owner themselves). */
  async function bookAtFrontDesk(actor: AuthUser, req: FrontDeskRequest): Promise<BookingRow> {
    await assertFrontDesk(actor, req);
    if (req.customerId === undefined && req.guest === undefined) {
      throw invalid('customerId', 'Give customerId (a customer of the salon) or guest (a walk-in), one of them');
    }
    return (await create(actor, { ...req, frontDesk: true })).booking;
  }

  function canSee(actor: AuthUser, b: BookingRow): boolean {
    return actor.role === 'admin' || (b.customerId !== null && b.customerId === actor.id) || b.ownerId === actor.id;
  }

  async function get(actor: AuthUser, id: number): Promise<BookingRow> {
    const b = await findBooking(em(), id);
    if (!b) throw new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${id} was not found`);
    if (!canSee(actor, b)) throw forbidden('This booking is not yours');
    return b;
  }

  async function list(
    actor: AuthUser,
    q: { salonId?: number; date?: string; status?: BookingStatus; limit?: number; offset?: number },
  ) {
    const base = { now: deps.now(), limit: q.limit ?? 20, offset: q.offset ?? 0, ...dropUndefined(q) };
    if (actor.role === 'customer') return listBookings(em(), { ...base, customerId: actor.id });
    if (actor.role === 'owner') return listBookings(em(), { ...base, ownerId: actor.id });
    return listBookings(em(), base);
  }

  /** Locks the booking row (and bumps its version on change), checks access and the move. */
  async function transition(
    actor: AuthUser,
    id: number,
    to: BookingStatus,
    apply: (tx: Tx, b: BookingRow, entity: InstanceType<typeof BookingEntity.class>) => Promise<void>,
    authorize: (b: BookingRow) => void = () => {},
  ): Promise<BookingRow> {
    return inTransaction(deps, async (tx) => {
      const entity = await tx.em.findOne(BookingEntity, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = entity ? await findBooking(tx.em, id) : undefined;
      if (!entity || !before) throw new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${id} was not found`);
      if (!canSee(actor, before)) throw forbidden('This booking is not yours');
      authorize(before);
      assertTransition(entity.status, to);
      await apply(tx, before, entity);
      entity.status = to;
      await tx.em.flush();
      return (await findBooking(tx.em, id)) as BookingRow;
    });
  }

  /** The deposit of a booking that ends early: void if unpaid, else the policy's fee kept and the rest refunded. */
  async function settleDeposit(tx: Tx, b: BookingRow, outcome: 'customer_cancel' | 'owner_cancel' | 'no_show') {
    const payment = await payments.ledger.lock(tx, b.id);
    const s = payment
      ? await payments.ledger.settleBooking(tx, payment, outcome, {
          priceCents: b.totalPriceCents,
          startsAt: b.startsAt,
        })
      : null;
    if (!s) return {};
    return {
      refund: s.refundCents > 0 ? formatPrice(s.refundCents, b.currency) : null,
      feeKept: s.feeCents > 0 ? formatPrice(s.feeCents, b.currency) : null,
    };
  }

  function cancel(actor: AuthUser, id: number, reason?: string) {
    return transition(actor, id, 'CANCELLED', async (tx, b, entity) => {
      const by = b.ownerId === actor.id || actor.role === 'admin' ? 'owner' : 'customer';
      // Inside the policy's window a customer still may cancel (the fee is the policy's business);
      // once the appointment has begun it is the salon's to complete or mark as a no-show.
      if (by === 'customer' && Date.parse(b.startsAt) <= deps.now().getTime()) {
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'This appointment has already started; please call the salon');
      }
      entity.cancelReason = reason ?? null;
      entity.cancelledBy = by;
      entity.cancelledAt = deps.now();
      await availability.freeBooked(tx, { id, salonId: b.salonId, date: localDate(b.startsAt, b.timezone) });
      await dropReminders(tx, id);
      const money = await settleDeposit(tx, b, by === 'owner' ? 'owner_cancel' : 'customer_cancel');
      // The records (and so the mails) carry a salon's reason only as one of our fixed ones; any
      // other words of the owner stay on the booking as the salon's note.
      const told = by === 'owner' && salonCancelReasonText(reason) === null ? null : (reason ?? null);
      const payload = notificationPayload(b, { cancelledBy: by, reason: told, ...money });
      const ids = await services.notifications.queue(tx.em, [
        ...(b.customerId !== null ? [{ userId: b.customerId, type: 'booking_cancelled', payload }] : []),
        { userId: b.ownerId, type: 'booking_cancelled', payload },
      ]);
      tx.emit({ type: 'booking:cancelled', ownerId: b.ownerId, customerId: b.customerId, alert: alertOf(b, by) });
      tx.emit({ type: 'notifications:queued', ids });
    });
  }

  /** COMPLETED and NO_SHOW: the salon's owner, once the booking has started. */
  function finish(actor: AuthUser, id: number, to: 'COMPLETED' | 'NO_SHOW') {
    return transition(
      actor,
      id,
      to,
      async (tx, b, entity) => {
        if (Date.parse(b.startsAt) > deps.now().getTime()) {
          throw new AppError(ErrorCode.BOOKING_NOT_STARTED, 'This booking has not started yet');
        }
        if (to === 'NO_SHOW' && entity.checkedInAt) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This customer checked in: they came');
        }
        if (to === 'COMPLETED') entity.completedAt = deps.now();
        else {
          entity.noShowAt = deps.now();
          await settleDeposit(tx, b, 'no_show');
        }
      },
      (b) => assertOwner(actor, b.ownerId, to === 'COMPLETED' ? 'complete a booking' : 'mark a no-show'),
    );
  }

  /**
   * POST /bookings/:id/reschedule: the customer (inside the policy window)
   * or the salon's owner moves the booking; idempotent per requester and key;
   * a taken time is a 409 with alternatives, as for a new booking.
   */
  async function reschedule(
    actor: AuthUser,
    id: number,
    req: { slotId: number; anyStaff?: boolean; lockToken?: string; idempotencyKey?: string },
  ): Promise<BookingRow> {
    const key = req.idempotencyKey;
    const idempotency = key ? { key, hash: rescheduleHash({ bookingId: id, ...req }) } : undefined;
    if (actor.role === 'customer') {
      await deps.limiter.consume(rules.reschedules, `user:${actor.id}`, 'Too many reschedules');
    }
    const input = {
      bookingId: id,
      slotId: req.slotId,
      ...(req.anyStaff ? { anyStaff: true } : {}),
      ...(req.lockToken ? { lockToken: req.lockToken } : {}),
      ...(idempotency ? { idempotency } : {}),
    };
    try {
      return await inTransaction(deps, async (tx) => {
        if (idempotency) {
          // Two requests with one key meet here: the second waits, then finds the first's move.
          await tx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [
            `reschedule:${actor.id}:${key}`,
          ]);
          const replay = await replayedReschedule(tx, actor, idempotency);
          if (replay) return replay;
        }
        return rescheduleTx(tx, actor, input, {
          ...services,
          now: deps.now(),
          perDay: deps.config.bookingsPerCustomerDay,
        });
      });
    } catch (err) {
      if (idempotency && pgCode(err) === '23505' && pgConstraint(err) === 'booking_reschedules_idempotency_key') {
        const replay = await inTransaction(deps, (tx) => replayedReschedule(tx, actor, idempotency));
        if (replay) return replay;
      }
      const serviceIds = (await findBooking(em(), id))?.items.map((i) => i.serviceId) ?? [];
      return availability.withAlternatives(err, { slotId: req.slotId, serviceIds });
    }
  }

  return {
    book,
    bookAtFrontDesk,
    checkIn: createCheckIn(deps, services, assertOwner),
    ...createFrontDeskReads(deps, services.salons),
    reschedule,
    /** The reminder job's work: every due reminder, once across instances. */
    sendDueReminders: () => reminders.sendDue(),
    get,
    list,
    cancel,
    complete: (actor: AuthUser, id: number) => finish(actor, id, 'COMPLETED'),
    noShow: (actor: AuthUser, id: number) => finish(actor, id, 'NO_SHOW'),
    // Deposits: verified provider events, and the deadline (its job per booking and the sweep).
    applyPaymentEvent: deposits.applyPaymentEvent,
    expireUnpaid: deposits.expireOne,
    expireDue: deposits.expireDue,
  };
}

function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
