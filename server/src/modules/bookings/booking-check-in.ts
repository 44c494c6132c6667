/**
 * Check-in: the customer has arrived. The salon's owner records it, or a
 * kiosk paired to the salon does once the customer proves the booking is
 * theirs with something only they know: the booking's 4-digit check-in code
 * or the last 4 digits of the phone number the salon has for the guest.
 * The booking row is locked, so of many simultaneous check-ins one records
 * it and alerts the owner; the others get the same booking back, silently.
 */
import { ErrorCode, isCheckInWindow, type KioskBooking } from '@glamify/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalid } from '../../errors.ts';
import type { AuthUser, FrontDeskActor } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction } from '../../lib/tx.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { BookingEntity } from './booking.entity.ts';
import { alertOf, notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';
import { kioskBooking } from './front-desk-queries.ts';

/** Does the code prove the booking? Its check-in code, or the last 4 digits of the guest's phone. */
export function codeMatches(b: Pick<BookingRow, 'checkInCode' | 'guest'>, code: string): boolean {
  if (code === b.checkInCode) return true;
  const digits = (b.guest?.phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 && digits.slice(-4) === code;
}

export function createCheckIn(
  deps: Deps,
  services: { notifications: NotificationsService },
  assertOwner: (actor: AuthUser, ownerId: number, what: string) => void,
) {
  const rules = limitRules(deps.config);
  const notFound = (id: number) => new AppError(ErrorCode.BOOKING_NOT_FOUND, `Booking ${id} was not found`);

  /**
   * The owner gets the whole booking back; a kiosk only what its screen shows
   * (first name, services, times): a kiosk stands where anyone can read it,
   * and a guessed code must not open the customer's contact details.
   */
  return async function checkIn(
    actor: FrontDeskActor,
    id: number,
    code: string | undefined,
  ): Promise<BookingRow | KioskBooking> {
    const row = await record(actor, id, code);
    return actor.kind === 'kiosk' ? kioskBooking(deps.orm.em.fork() as EntityManager, row.id) : row;
  };

  async function record(actor: FrontDeskActor, id: number, code: string | undefined): Promise<BookingRow> {
    if (actor.kind === 'kiosk') {
      if (code === undefined) throw invalid('code', 'Enter the booking code or the last 4 digits of the phone number');
      const { kioskId, salonId } = actor.kiosk;
      await deps.limiter.consume(rules.checkInKiosk, `kiosk:${kioskId}`, 'Too many check-in attempts at this kiosk');
      // Keyed by the kiosk's salon too: another salon's kiosk cannot use up this booking's tries.
      await deps.limiter.consume(
        rules.checkInBooking,
        `${salonId}:${id}`,
        'Too many check-in attempts for this booking; please ask at the desk',
      );
    }
    return inTransaction(deps, async (tx) => {
      const entity = await tx.em.findOne(BookingEntity, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const b = entity ? await findBooking(tx.em, id) : undefined;
      if (!entity || !b) throw notFound(id);
      if (actor.kind === 'kiosk') {
        // Another salon's booking does not exist as far as this kiosk is concerned.
        if (b.salonId !== actor.kiosk.salonId) throw notFound(id);
        if (!codeMatches(b, code as string)) {
          throw new AppError(ErrorCode.CHECK_IN_CODE_INVALID, 'That code does not match this booking', {
            field: 'code',
          });
        }
      } else {
        assertOwner(actor.user, b.ownerId, 'check customers in');
      }
      if (entity.checkedInAt) return b;
      if (b.status === 'CANCELLED')
        throw new AppError(ErrorCode.BOOKING_ALREADY_CANCELLED, 'This booking is cancelled');
      if (b.status === 'COMPLETED')
        throw new AppError(ErrorCode.BOOKING_COMPLETED, 'This booking is already completed');
      if (b.status !== 'CONFIRMED') {
        throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${b.status.toLowerCase()} booking cannot be checked in`);
      }
      const now = deps.now();
      if (!isCheckInWindow(b.startsAt, b.endsAt, now)) {
        throw new AppError(
          ErrorCode.CHECK_IN_CLOSED,
          'Check-in opens two hours before the appointment and closes when it ends',
        );
      }
      const by = actor.kind === 'kiosk' ? 'kiosk' : 'owner';
      entity.checkedInAt = now;
      entity.checkedInBy = by;
      entity.checkedInKioskId = actor.kind === 'kiosk' ? actor.kiosk.kioskId : null;
      await tx.em.flush();
      const after = (await findBooking(tx.em, id)) as BookingRow;
      const checkedInAt = now.toISOString();
      // In-app only: the owner is standing in the salon; push (where set up) goes by the type.
      const ids = await services.notifications.queue(tx.em, [
        {
          userId: b.ownerId,
          type: 'booking_checked_in',
          channel: 'in_app',
          payload: notificationPayload(after, { checkedInAt, checkedInBy: by }),
        },
      ]);
      tx.emit({
        type: 'booking:checked-in',
        ownerId: b.ownerId,
        customerId: b.customerId,
        alert: { ...alertOf(after), checkedInAt, checkedInBy: by },
      });
      tx.emit({ type: 'notifications:queued', ids });
      return after;
    });
  }
}
