/** The single flight per slot, with attempts whose outcome the test decides. */
import { ErrorCode } from '@glamify/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { type Booked, createBookingFlights, type FlightSeat, type SlotBooker } from './booking-flight.ts';
import type { BookingRow } from './booking-queries.ts';

const seat = (requester: number, key?: string, hash = 'h'): FlightSeat => ({
  slotId: 7,
  serviceIds: [1],
  requester,
  key,
  hash,
});
const booking = (bookedBy: number) => ({ id: 99, bookedBy, idempotencyHash: 'h' }) as unknown as BookingRow;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(booker?: SlotBooker) {
  let alternativeReads = 0;
  let bookerReads = 0;
  const book = createBookingFlights({
    alternativesFor: async (err) => {
      alternativeReads++;
      throw new AppError(err.code, err.message, { alternatives: [{ slotId: 8, staffId: 1, startsAt: 'x' }] });
    },
    bookerOf: async () => {
      bookerReads++;
      return booker;
    },
  });
  return { book, reads: () => alternativeReads, bookerReads: () => bookerReads };
}

describe('booking flights', () => {
  it('waiters get SLOT_BOOKED with alternatives computed once; the same key gets the booking; nobody else runs', async () => {
    const { book, reads } = setup();
    const lead = deferred<Booked>();
    let attempts = 0;
    const other = () => {
      attempts++;
      return Promise.reject(new Error('must not run'));
    };
    const first = book(seat(1, 'k'), () => lead.promise);
    const rivals = [2, 3, 4].map((u) => book(seat(u, 'k'), other));
    const replay = book(seat(1, 'k'), other);
    const sameUserOtherKey = book(seat(1, 'k2'), other);
    const mismatch = book(seat(1, 'k', 'other-hash'), other);
    lead.resolve({ booking: booking(1), created: true });
    expect((await first).created).toBe(true);
    for (const r of [...rivals, sameUserOtherKey]) {
      const e = await r.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: ErrorCode.SLOT_BOOKED, extras: { alternatives: [{ slotId: 8 }] } });
    }
    expect(await replay).toEqual({ booking: booking(1), created: false });
    expect(await mismatch.catch((x: AppError) => x.status)).toBe(422);
    expect(attempts).toBe(0);
    expect(reads()).toBe(1);
  });

  it('a leader that failed lets the waiters try for real, as a new flight: one leads, the others follow it', async () => {
    const { book } = setup();
    const lead = deferred<Booked>();
    const first = book(seat(1), () => lead.promise);
    const tries: number[] = [];
    const waiters = [2, 3, 4].map((u) =>
      book(seat(u), async () => {
        tries.push(u);
        return { booking: booking(u), created: true };
      }),
    );
    lead.reject(new AppError(ErrorCode.SLOT_LOCKED, 'held'));
    await expect(first).rejects.toMatchObject({ code: ErrorCode.SLOT_LOCKED });
    const answers = await Promise.allSettled(waiters);
    expect(tries).toEqual([2]);
    expect(answers[0]).toMatchObject({ status: 'fulfilled', value: { booking: { bookedBy: 2 }, created: true } });
    for (const a of answers.slice(1)) {
      expect(a).toMatchObject({ status: 'rejected', reason: { code: ErrorCode.SLOT_BOOKED } });
    }
  });

  it('a leader that met SLOT_BOOKED answers its waiters after one read of who booked it; that booker retries for real', async () => {
    const { book, bookerReads } = setup({ requester: 3, key: 'mine' });
    const lead = deferred<Booked>();
    const first = book(seat(1, 'a'), () => lead.promise);
    const tries: number[] = [];
    const attempt = (u: number) => async () => {
      tries.push(u);
      return { booking: booking(u), created: false };
    };
    const others = [2, 4].map((u) => book(seat(u, 'k'), attempt(u)));
    const booker = book(seat(3, 'mine'), attempt(3));
    const bookerOtherKey = book(seat(3, 'other'), attempt(3));
    lead.reject(new AppError(ErrorCode.SLOT_BOOKED, 'booked'));
    await expect(first).rejects.toMatchObject({ code: ErrorCode.SLOT_BOOKED });
    for (const r of [...others, bookerOtherKey]) await expect(r).rejects.toMatchObject({ code: ErrorCode.SLOT_BOOKED });
    expect((await booker).booking.bookedBy).toBe(3);
    expect(tries).toEqual([3]);
    expect(bookerReads()).toBe(1);
  });

  it('a leader that was only a replay proves nothing: waiters try for real; a landed flight is gone', async () => {
    const { book } = setup();
    const lead = deferred<Booked>();
    const first = book(seat(1, 'k'), () => lead.promise);
    let tried = 0;
    const waiter = book(seat(2), async () => {
      tried++;
      return { booking: booking(2), created: true };
    });
    lead.resolve({ booking: booking(1), created: false });
    await first;
    expect((await waiter).booking.bookedBy).toBe(2);
    expect(tried).toBe(1);
    // Later requests fly on their own.
    let later = 0;
    await book(seat(3), async () => {
      later++;
      return { booking: booking(3), created: true };
    });
    expect(later).toBe(1);
  });
});
