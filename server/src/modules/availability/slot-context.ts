/**
 * What a booking reads before it locks anything, in one statement: the
 * start slot (and whether its stylist still works here), the salon's rules
 * and deposit terms, the asked services, and who holds the named hold token,
 * and for a customer's own booking it takes their lock (`lockHolder`).
 * It used to be three or four statements; each is a round trip while the
 * transaction is open, and the booking path is where those add up.
 */
import { ErrorCode } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import { holderLockKey } from './holds.ts';
import type { StartSlot } from './slot-locks.ts';
import { type PricedService, pickServices, type SalonRules, SERVICES_JSON } from './slot-query.ts';

/** The salon's deposit policy as a new booking's deposit copies it. */
export interface SalonTerms {
  depositPercent: number;
  freeCancellationHours: number;
  lateCancelFeePercent: number;
  noShowFeePercent: number;
}

export interface ClaimContext {
  start: StartSlot;
  salon: SalonRules;
  /** Loaded, not yet checked: `services()` checks them (after the caller's own checks on the slot). */
  services: () => PricedService[];
  terms: SalonTerms;
  /** Who holds `lockToken` while it is live; null when nobody does (or no token was named). */
  tokenHolder: number | null;
}

interface Row extends SalonRules {
  slotId: number;
  staffId: number;
  startsAt: string;
  active: boolean;
  terms: SalonTerms;
  found: PricedService[];
  tokenHolder: number | null;
}

export async function loadClaimContext(
  em: EntityManager,
  req: {
    slotId: number;
    serviceIds: number[];
    lockToken?: string | undefined;
    sqlNow: string | null;
    /** Take this customer's lock (`lockHolder`) in the same statement, before any slot row is locked. */
    lockHolderOf?: number | undefined;
  },
): Promise<ClaimContext> {
  // The lock waits for the customer's other transaction to end; statements after this one see what it committed.
  const holder = req.lockHolderOf !== undefined;
  const rows = await em.execute<Row[]>(
    `${holder ? 'with holder as materialized (select pg_advisory_xact_lock(hashtextextended(?, 0)))' : ''}
     select sl.id as "slotId", sl.staff_id as "staffId", sl.starts_at as "startsAt", st.active,
            s.id, s.timezone, s.slot_minutes as "slotMinutes", s.min_notice_minutes as "minNoticeMinutes",
            s.horizon_days as "horizonDays", s.owner_id as "ownerId",
            json_build_object('depositPercent', s.deposit_percent, 'freeCancellationHours', s.free_cancellation_hours,
              'lateCancelFeePercent', s.late_cancel_fee_percent, 'noShowFeePercent', s.no_show_fee_percent) as terms,
            ${SERVICES_JSON} as found,
            (select l.holder_id from slot_locks l where l.token = ? and l.expires_at > ${SQL_NOW} limit 1) as "tokenHolder"
     from ${holder ? 'holder, ' : ''}slots sl
     join staff st on st.id = sl.staff_id and st.salon_id = sl.salon_id
     join salons s on s.id = sl.salon_id
     where sl.id = ?`,
    [
      ...(holder ? [holderLockKey(req.lockHolderOf as number)] : []),
      `{${req.serviceIds.join(',')}}`,
      req.lockToken ?? null,
      req.sqlNow,
      req.slotId,
    ],
  );
  const row = rows[0];
  if (!row) throw new AppError(ErrorCode.SLOT_NOT_FOUND, `Slot ${req.slotId} was not found`);
  if (!row.active) throw new AppError(ErrorCode.SLOT_NOT_FOUND, 'That stylist no longer takes bookings');
  const { slotId, staffId, startsAt, active: _active, terms, found, tokenHolder, ...salon } = row;
  return {
    start: { id: slotId, salonId: salon.id, staffId, startsAt: new Date(startsAt) },
    salon,
    services: () => pickServices(found, req.serviceIds, salon.id),
    terms,
    tokenHolder,
  };
}
