import type { Booking } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser, manualClock, type SalonFixture } from '../../../test/fixtures.ts';
import {
  book,
  bookingById,
  deliver,
  depositSalon,
  eventually,
  paidEvent,
  setTerms,
  type Terms,
} from '../../../test/payments.ts';

// Monday 07:00 in Berlin. Bookings on Wednesday are inside the free window, today's are not.
const START = '2030-03-04T06:00:00Z';
const clock = manualClock(START);
let t: TestApp;
let s: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await depositSalon(t, {}, { staff: 3 });
});
afterAll(() => t.close());

/** A customer's booking at `local`, its 2.00 € deposit (20 % of 10.00 €) paid. */
async function paidBooking(local: string, terms: Terms = {}, staff = 0) {
  clock.set(START);
  await setTerms(t, s.salonId, terms);
  const u = await makeUser(t);
  const b = await book(t, s, u.token, local, { staff });
  expect((await deliver(t, await paidEvent(t, b, { paidAt: clock.now() }), clock.now())).body.outcome).toBe(
    'confirmed',
  );
  return { u, b };
}

const post = (path: string, token: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/bookings/${path}`, headers: auth(token), payload: {} });

/** The booking once its refunds have reached the provider. */
function settled(token: string, id: number): Promise<Booking> {
  return eventually(
    () => bookingById(t, token, id),
    (b) => b.payment?.refunds.every((r) => r.status === 'ISSUED') ?? false,
  );
}

describe('refund rules', () => {
  it('refunds everything when the customer cancels inside the free window', async () => {
    const { u, b } = await paidBooking('2030-03-06 10:00');
    expect((await post(`${b.id}/cancel`, u.token)).statusCode).toBe(200);
    const after = await settled(u.token, b.id);
    expect(after.payment).toMatchObject({ status: 'PAID', paidCents: 200, refundedCents: 200, feeCents: 0 });
    expect(after.payment?.refunds).toMatchObject([{ amountCents: 200, reason: 'free_cancellation', status: 'ISSUED' }]);
  });

  it('keeps the late-cancel fee after the window, never more than was paid', async () => {
    // 50 % of 10.00 € is more than the 2.00 € paid: all of it is kept, nothing is refunded.
    const high = await paidBooking('2030-03-04 15:00');
    expect((await post(`${high.b.id}/cancel`, high.u.token)).statusCode).toBe(200);
    const kept = await bookingById(t, high.u.token, high.b.id);
    expect(kept.payment).toMatchObject({ feeCents: 200, refundedCents: 0, refunds: [] });

    // 10 % of 10.00 € is 1.00 €: kept, the other 1.00 € back.
    const low = await paidBooking('2030-03-04 15:00', { lateCancelFeePercent: 10 }, 1);
    expect((await post(`${low.b.id}/cancel`, low.u.token)).statusCode).toBe(200);
    const split = await settled(low.u.token, low.b.id);
    expect(split.payment).toMatchObject({ feeCents: 100, refundedCents: 100 });
    expect(split.payment?.refunds).toMatchObject([{ amountCents: 100, reason: 'late_cancellation' }]);
  });

  it('applies the terms the customer booked under, not a policy changed later', async () => {
    const { u, b } = await paidBooking('2030-03-04 16:00', { lateCancelFeePercent: 10 });
    expect(b.payment?.terms.lateCancelFeePercent).toBe(10);
    await setTerms(t, s.salonId, { lateCancelFeePercent: 100 });
    await post(`${b.id}/cancel`, u.token);
    expect((await settled(u.token, b.id)).payment).toMatchObject({ feeCents: 100, refundedCents: 100 });
  });

  it('refunds everything when the salon cancels, also late', async () => {
    const { u, b } = await paidBooking('2030-03-04 14:00');
    const res = await post(`${b.id}/cancel`, s.ownerToken);
    expect(res.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'owner' });
    const after = await settled(u.token, b.id);
    expect(after.payment).toMatchObject({ feeCents: 0, refundedCents: 200 });
    expect(after.payment?.refunds).toMatchObject([{ amountCents: 200, reason: 'salon_cancellation' }]);
    const mail = await t.db.sql.query(
      "select payload from notifications where type = 'booking_cancelled' and payload->>'bookingId' = $1::text",
      [b.id],
    );
    expect(mail.rows[0].payload).toMatchObject({ refund: '€2.00', feeKept: null });
  });

  it('keeps the no-show fee and refunds the rest; a completed booking keeps its deposit', async () => {
    const some = await paidBooking('2030-03-04 10:00', { noShowFeePercent: 5 });
    const all = await paidBooking('2030-03-04 10:00', { noShowFeePercent: 100 }, 1);
    const done = await paidBooking('2030-03-04 10:00', {}, 2);
    clock.set('2030-03-04T09:30:00Z');
    expect((await post(`${some.b.id}/no-show`, s.ownerToken)).json().status).toBe('NO_SHOW');
    expect((await post(`${all.b.id}/no-show`, s.ownerToken)).json().status).toBe('NO_SHOW');
    expect((await post(`${done.b.id}/complete`, s.ownerToken)).json().status).toBe('COMPLETED');
    const partly = await settled(some.u.token, some.b.id);
    expect(partly.payment).toMatchObject({ feeCents: 50, refundedCents: 150 });
    expect(partly.payment?.refunds).toMatchObject([{ amountCents: 150, reason: 'no_show' }]);
    expect((await bookingById(t, all.u.token, all.b.id)).payment).toMatchObject({ feeCents: 200, refunds: [] });
    expect((await bookingById(t, done.u.token, done.b.id)).payment).toMatchObject({ status: 'PAID', refunds: [] });
  });

  it('voids an unpaid deposit on cancellation, and refunds a payment that lands afterwards', async () => {
    clock.set(START);
    await setTerms(t, s.salonId, {});
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 15:00');
    const late = await paidEvent(t, b, { paidAt: clock.now() });
    expect((await post(`${b.id}/cancel`, u.token)).json()).toMatchObject({
      status: 'CANCELLED',
      payment: { status: 'VOID', checkoutUrl: null, refunds: [] },
    });
    expect((await deliver(t, late, clock.now())).body.outcome).toBe('refunded');
    const after = await settled(u.token, b.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.payment).toMatchObject({ status: 'VOID', paidCents: 200, refundedCents: 200 });
    expect(after.payment?.refunds).toMatchObject([{ reason: 'late_payment', amountCents: 200 }]);
  });

  it('records each refund once, and the database refuses to refund more than a charge brought in', async () => {
    const { u, b } = await paidBooking('2030-03-07 10:00');
    await post(`${b.id}/cancel`, u.token);
    await settled(u.token, b.id);
    // Dispatching again, from several callers at once, sends nothing twice.
    await Promise.all([
      t.app.services.payments.retryRefunds(),
      t.app.services.payments.retryRefunds(),
      t.app.services.payments.retryRefunds(),
    ]);
    const { rows } = await t.db.sql.query(
      `select r.attempts, r.purpose, c.id as charge_id from payment_refunds r
       join payment_charges c on c.id = r.charge_id join payments p on p.id = r.payment_id where p.booking_id = $1`,
      [b.id],
    );
    expect(rows).toMatchObject([{ attempts: 1, purpose: `booking-${b.id}-settle` }]);
    await expect(
      t.db.sql.query('update payment_charges set refunded_cents = refunded_cents + 1 where id = $1', [
        rows[0].charge_id,
      ]),
    ).rejects.toThrow(/payment_charges_refunded_cents_check|check constraint/);
    // The fee never exceeds the deposit either.
    await expect(
      t.db.sql.query('update payments set fee_cents = amount_cents + 1 where booking_id = $1', [b.id]),
    ).rejects.toThrow(/check constraint/);
  });
});
