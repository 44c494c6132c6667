/**
 * What one customer account may book for itself, so that a free account
 * cannot empty a salon's day:
 *
 * - at most BOOKINGS_PER_CUSTOMER_DAY live bookings (PENDING or CONFIRMED,
 *   not yet over) at one salon on one salon-local day, new or moved there;
 * - a booking that awaits its deposit counts toward HOLDS_PER_CUSTOMER with
 *   the customer's holds (availability's `assertKeptRoom`).
 *
 * Both are checked inside the booking's transaction under the per-customer
 * lock, taken before any slot row (`claim` with `lockHolder`, or
 * `lockCustomer`): every earlier booking and hold of the customer has
 * committed by then and is counted, and a refusal rolls everything back.
 * The salon's owner booking for a customer is not limited.
 */
import { ErrorCode, localDate } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import type { Tx } from '../../lib/tx.ts';

export interface SalonDay {
  customerId: number;
  salonId: number;
  /** Salon-local YYYY-MM-DD. */
  date: string;
  timezone: string;
}

/** The customer's live bookings at the salon that day, as a scalar subquery with its parameters. */
export function dayCount(d: SalonDay, now: Date): { sql: string; params: unknown[] } {
  return {
    sql: `select count(*) from bookings
          where customer_id = ? and salon_id = ? and status in ('PENDING', 'CONFIRMED') and ends_at > ?
            and starts_at >= (cast(? as date)::timestamp at time zone ?)
            and starts_at < ((cast(? as date) + 1)::timestamp at time zone ?)`,
    params: [d.customerId, d.salonId, now.toISOString(), d.date, d.timezone, d.date, d.timezone],
  };
}

/** The 429 for a full day. */
export function dayFull(cap: number, date: string): AppError {
  return new AppError(
    ErrorCode.RATE_LIMITED,
    `You have ${cap} bookings at this salon on ${date} already: pick another day, or call the salon`,
  );
}

/**
 * 429 when the customer has more than `cap` live bookings at a booking's
 * salon on its day, itself included (a reschedule, after the move).
 */
export async function assertDayRoom(
  tx: Tx,
  b: { customerId: number; salonId: number; startsAt: string; timezone: string },
  cap: number,
  now: Date,
): Promise<void> {
  const date = localDate(b.startsAt, b.timezone);
  const q = dayCount({ ...b, date }, now);
  const [row] = await tx.em.execute<{ n: number }[]>(`select (${q.sql})::int as n`, q.params);
  if ((row?.n ?? 0) > cap) throw dayFull(cap, date);
}
