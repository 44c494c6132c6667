import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DepositTerms, depositCents, settle, shareOf } from './deposit.ts';

const terms: DepositTerms = { freeCancellationHours: 24, lateCancelFeePercent: 50, noShowFeePercent: 100 };
const startsAt = '2030-03-10T10:00:00Z';

describe('deposit arithmetic', () => {
  it('rounds a share to the nearest cent, halves up', () => {
    expect(depositCents(3500, 20)).toBe(700);
    expect(shareOf(123, 20)).toBe(25); // 24.6
    expect(shareOf(122, 20)).toBe(24); // 24.4
    expect(shareOf(250, 1)).toBe(3); // 2.5, half up
    expect(shareOf(249, 1)).toBe(2); // 2.49
    expect(depositCents(9999, 0)).toBe(0);
    expect(depositCents(9999, 100)).toBe(9999);
  });

  it('refunds everything inside the free window and when the salon cancels', () => {
    const paid = { paidCents: 700, priceCents: 3500, startsAt, terms };
    expect(settle('customer_cancel', { ...paid, now: new Date('2030-03-09T09:59:59Z') })).toEqual({
      feeCents: 0,
      refundCents: 700,
      reason: 'free_cancellation',
    });
    expect(settle('owner_cancel', { ...paid, now: new Date('2030-03-10T09:59:00Z') })).toEqual({
      feeCents: 0,
      refundCents: 700,
      reason: 'salon_cancellation',
    });
  });

  it('keeps the late-cancel fee from the window on, never more than was paid', () => {
    const late = new Date('2030-03-09T10:00:00Z');
    // 50 % of 35.00 € is 17.50 €, but only 7.00 € was paid: all of it is kept.
    expect(settle('customer_cancel', { paidCents: 700, priceCents: 3500, startsAt, now: late, terms })).toEqual({
      feeCents: 700,
      refundCents: 0,
      reason: 'late_cancellation',
    });
    // 10 % of 35.00 € is 3.50 €: kept out of the 7.00 € paid, 3.50 € back.
    const light = { ...terms, lateCancelFeePercent: 10 };
    expect(settle('customer_cancel', { paidCents: 700, priceCents: 3500, startsAt, now: late, terms: light })).toEqual({
      feeCents: 350,
      refundCents: 350,
      reason: 'late_cancellation',
    });
  });

  it('keeps the no-show fee and refunds the rest', () => {
    const now = new Date('2030-03-10T10:30:00Z');
    const some = { ...terms, noShowFeePercent: 5 };
    expect(settle('no_show', { paidCents: 700, priceCents: 3500, startsAt, now, terms: some })).toEqual({
      feeCents: 175,
      refundCents: 525,
      reason: 'no_show',
    });
    expect(settle('no_show', { paidCents: 700, priceCents: 3500, startsAt, now, terms })).toEqual({
      feeCents: 700,
      refundCents: 0,
      reason: 'no_show',
    });
  });

  it('never keeps more than was paid and always accounts for every cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.record({
          freeCancellationHours: fc.integer({ min: 0, max: 720 }),
          lateCancelFeePercent: fc.integer({ min: 0, max: 100 }),
          noShowFeePercent: fc.integer({ min: 0, max: 100 }),
        }),
        fc.constantFrom('customer_cancel', 'owner_cancel', 'no_show') as fc.Arbitrary<
          'customer_cancel' | 'owner_cancel' | 'no_show'
        >,
        fc.integer({ min: -1000, max: 1000 }),
        (price, percent, t, outcome, hoursBefore) => {
          const paid = depositCents(price, percent);
          expect(Number.isInteger(paid) && paid >= 0 && paid <= price).toBe(true);
          const now = new Date(Date.parse(startsAt) - hoursBefore * 3_600_000);
          const s = settle(outcome, { paidCents: paid, priceCents: price, startsAt, now, terms: t });
          expect(s.feeCents + s.refundCents).toBe(paid);
          expect(s.feeCents).toBeGreaterThanOrEqual(0);
          expect(s.refundCents).toBeGreaterThanOrEqual(0);
          if (outcome === 'owner_cancel') expect(s.refundCents).toBe(paid);
        },
      ),
    );
  });
});
