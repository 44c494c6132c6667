/**
 * One cap on the times a customer keeps without having committed to them
 * (HOLDS_PER_CUSTOMER): live holds (checkout holds and waitlist offers) and
 * bookings still waiting for their deposit. Both keep a time from everyone
 * else, and a deposit booking keeps it for PAYMENT_DEADLINE_SECONDS, so a
 * cap on holds alone would let one account empty a salon's day by booking
 * and never paying. Checked under the per-customer lock (`lockHolder`), so
 * parallel requests of one customer see each other's committed holds and
 * bookings.
 */
import { ErrorCode } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import { SQL_NOW } from '../../lib/clock.ts';
import type { Tx } from '../../lib/tx.ts';

/**
 * The payments module's count of a customer's bookings awaiting their
 * deposit, as a scalar subquery with its parameters: it runs in the same
 * statement as the count of holds, one round trip for both.
 */
export type UnpaidQuery = (customerId: number) => { sql: string; params: unknown[] };

export function createKeptTimes(perCustomer: number, unpaid: UnpaidQuery) {
  /**
   * Throws 429 RATE_LIMITED when the customer's kept times plus `adding`
   * exceed the cap: `adding` is 1 before a new hold is written, 0 after a
   * booking was written in this transaction (it is counted, and the hold it
   * consumed is gone, so a hold turned into a booking is not counted twice).
   */
  return async function assertRoom(tx: Tx, customerId: number, sqlNow: string | null, adding: 0 | 1): Promise<void> {
    const deposits = unpaid(customerId);
    const [row] = await tx.em.execute<{ n: number }[]>(
      `select (select count(distinct token) from slot_locks where holder_id = ? and expires_at > ${SQL_NOW})::int
              + (${deposits.sql})::int as n`,
      [customerId, sqlNow, ...deposits.params],
    );
    if ((row?.n ?? 0) + adding > perCustomer) {
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `You are keeping ${perCustomer} times already (held, or booked and awaiting a deposit): pay for, book, cancel or release one first.`,
      );
    }
  };
}

export type AssertKeptRoom = ReturnType<typeof createKeptTimes>;
