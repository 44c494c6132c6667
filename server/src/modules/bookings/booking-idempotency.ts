/**
 * Idempotency keys: the same key from the same requester returns the first
 * booking made with it. A request that failed saved nothing, so a retry with
 * the key may still book. The key is stored with a hash of what was asked
 * (slot, services, stylist choice, for whom), so the same key with another
 * request is refused with 422 instead of answering with a booking that does
 * not match it. The lock token is left out: a retry after re-holding the time
 * carries a new one and is still the same request.
 */
import { createHash } from 'node:crypto';
import { ErrorCode, type GuestInput } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import type { BookingRow } from './booking-queries.ts';

export interface HashedRequest {
  slotId: number;
  serviceIds: number[];
  staffId?: number | undefined;
  anyStaff?: boolean | undefined;
  customerId?: number | undefined;
  guest?: GuestInput | undefined;
}

export function requestHash(r: HashedRequest): string {
  const canonical = JSON.stringify([
    r.slotId,
    r.serviceIds,
    r.staffId ?? null,
    r.anyStaff === true,
    r.customerId ?? null,
    r.guest ? [r.guest.name, r.guest.phone ?? null, r.guest.email ?? null] : null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A reschedule's hash: which booking, to which start, whether another stylist will do. */
export function rescheduleHash(r: { bookingId: number; slotId: number; anyStaff?: boolean | undefined }): string {
  const canonical = JSON.stringify(['reschedule', r.bookingId, r.slotId, r.anyStaff === true]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** 422 when a key comes back with another request than the one it was first used for. */
export function assertSameRequest(storedHash: string | null, hash: string, what: string): void {
  // Keys stored before hashes were kept have an empty hash: they match any request.
  if (storedHash && storedHash !== hash) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `This idempotency key was already used for a different ${what}`,
      { field: 'idempotencyKey' },
      422,
    );
  }
}

/** The earlier booking for a replayed key, or 422 when the key was used for another request. */
export function replayOf(existing: BookingRow, hash: string): BookingRow {
  assertSameRequest(existing.idempotencyHash, hash, 'booking request');
  return existing;
}
