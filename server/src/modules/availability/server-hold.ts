/**
 * A hold the server takes for someone (a waitlist offer): the same rows and
 * events as a checkout hold, `seconds` long, on slots that must be entirely
 * free (no live hold of anyone, not booked). Expired rows on them go quietly,
 * as in `takeHold`. No per-customer limits: the customer did not ask for it
 * now, and it replaces none of their own holds. Runs in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { localDate } from '@glamify/shared';
import { SQL_NOW } from '../../lib/clock.ts';
import type { Tx } from '../../lib/tx.ts';
import type { HoldResult } from './holds.ts';
import { assertTakeable, type CoveredSlot } from './slot-locks.ts';
import type { SalonRules } from './slot-query.ts';

export async function takeServerHold(
  tx: Tx,
  input: {
    holderId: number;
    salon: SalonRules;
    covered: CoveredSlot[];
    serviceId: number;
    seconds: number;
    /** HOLD_MAX_SECONDS: how far the holder's own renewals may take it (never shorter than the offer). */
    maxSeconds: number;
  },
  sqlNow: string | null,
): Promise<HoldResult> {
  const { holderId, salon, covered, serviceId, seconds, maxSeconds } = input;
  // Nobody's live hold counts as free here, not even the customer's own checkout.
  assertTakeable(covered, 0);
  const ids = covered.map((s) => s.id);
  await tx.em.execute(
    `delete from slot_locks where slot_id in (${ids.map(() => '?').join(',')}) and expires_at <= ${SQL_NOW}`,
    [...ids, sqlNow],
  );
  const token = randomUUID();
  const rows = await tx.em.execute<{ expiresAt: Date; holdEndsAt: Date }[]>(
    `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at, created_at)
     select unnest(cast(? as int[])), ?, ?, ?,
            date_trunc('milliseconds', ${SQL_NOW} + make_interval(secs => ?)),
            date_trunc('milliseconds', ${SQL_NOW}), now()
     returning expires_at as "expiresAt", greatest(expires_at, hold_started_at + make_interval(secs => ?)) as "holdEndsAt"`,
    [`{${ids.join(',')}}`, holderId, serviceId, token, sqlNow, seconds, sqlNow, maxSeconds],
  );
  const row = rows[0] as { expiresAt: Date; holdEndsAt: Date };
  const expiresAt = new Date(row.expiresAt).toISOString();
  const date = localDate(covered[0]?.startsAt as Date, salon.timezone);
  tx.emit({ type: 'slot:locked', salonId: salon.id, date, slotIds: ids, expiresAt });
  return {
    lockToken: token,
    slotIds: ids,
    expiresAt,
    holdEndsAt: new Date(row.holdEndsAt).toISOString(),
    released: [],
  };
}
