import type { Booking } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import {
  book,
  bookingById,
  deliver,
  demoDelivery,
  depositSalon,
  notificationTypes,
  paidEvent,
} from '../../../test/payments.ts';
import type { DomainEvent } from '../../lib/events.ts';
import { signDemoPayload } from './demo-provider.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
const events: DomainEvent[] = [];
const form = 'application/x-www-form-urlencoded';

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await depositSalon(t);
  t.app.deps.events.subscribe((batch) => events.push(...batch));
});
afterAll(() => t.close());

async function reminders(bookingId: number): Promise<number[]> {
  const { rows } = await t.db.sql.query(
    'select hours_before from booking_reminders where booking_id = $1 order by hours_before',
    [bookingId],
  );
  return rows.map((r: { hours_before: number }) => r.hours_before);
}

const ofBooking = (id: number) => events.filter((e) => 'alert' in e && e.alert.bookingId === id).map((e) => e.type);

describe('a booking with a deposit', () => {
  it('is PENDING with its payment, and its slots are taken at once', async () => {
    const u = await makeUser(t);
    const before = events.length;
    const b = await book(t, s, u.token, '2030-03-06 10:00');
    expect(b.status).toBe('PENDING');
    expect(b.payment).toMatchObject({
      provider: 'demo',
      status: 'DUE',
      // 20 % of 10.00 €.
      amountCents: 200,
      currency: 'EUR',
      dueAt: '2030-03-04T06:15:00.000Z',
      paidCents: 0,
      paidAt: null,
      refundedCents: 0,
      feeCents: 0,
      lastFailure: null,
      terms: { freeCancellationHours: 24, lateCancelFeePercent: 50, noShowFeePercent: 100 },
      refunds: [],
    });
    expect(b.payment?.checkoutUrl).toMatch(/^\/api\/v1\/payments\/checkout\/[A-Za-z0-9_-]{43}$/);
    const { rows } = await t.db.sql.query('select count(*)::int as n from slots where booking_id = $1', [b.id]);
    expect(rows[0].n).toBe(1);
    const emitted = events.slice(before).map((e) => e.type);
    expect(emitted).toContain('slot:booked');
    expect(emitted).toContain('payment:due');
    // Nobody is told of a booking that is not confirmed yet.
    expect(emitted).not.toContain('booking:created');
    expect(await notificationTypes(t, b.id)).toEqual([]);
  });

  it('walks the demo checkout: a declined card is reported, the success card confirms it', async () => {
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 11:00');
    const go = await t.app.inject({ url: b.payment?.checkoutUrl as string });
    expect(go.statusCode).toBe(303);
    const page = go.headers.location as string;
    expect(page).toMatch(/^\/api\/v1\/payments\/demo\/cs_demo_[A-Za-z0-9_-]{32}$/);
    // The same link again goes to the same checkout.
    expect((await t.app.inject({ url: b.payment?.checkoutUrl as string })).headers.location).toBe(page);

    const view = await t.app.inject({ url: page });
    expect(view.statusCode).toBe(200);
    expect(view.headers['content-type']).toMatch(/text\/html/);
    expect(view.body).toContain('DEMO PAYMENT');
    expect(view.body).toContain('€2.00');

    const pay = (card: string, expiry = '12/34') =>
      t.app.inject({
        method: 'POST',
        url: page,
        headers: { 'content-type': form },
        payload: new URLSearchParams({ card, expiry, cvc: '123', name: 'Ana' }).toString(),
      });
    const declined = await pay('4000 0000 0000 0002');
    expect(declined.statusCode).toBe(402);
    expect(declined.body).toContain('Your card was declined.');
    expect(await reminders(b.id)).toEqual([]);
    const afterDecline = await bookingById(t, u.token, b.id);
    expect(afterDecline.status).toBe('PENDING');
    expect(afterDecline.payment?.lastFailure).toBe('Your card was declined.');

    const unknown = await pay('5555 5555 5555 4444');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('only the test cards');
    expect((await pay('4242 4242 4242 4242', '01/29')).body).toContain('This card has expired.');

    const paid = await pay('4242 4242 4242 4242');
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`/bookings/${b.id}/payment?checkout=done`);
    const confirmed = await bookingById(t, u.token, b.id);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.payment).toMatchObject({
      status: 'PAID',
      paidCents: 200,
      paidAt: clock.now().toISOString(),
      checkoutUrl: null,
      lastFailure: null,
    });
    expect(await notificationTypes(t, b.id)).toEqual(['booking_confirmed', 'booking_created']);
    expect(ofBooking(b.id)).toEqual(['booking:created']);
    // Reminders wait for the deposit: planned (24 h and 2 h before) only once it is paid.
    expect(await reminders(b.id)).toEqual([2, 24]);

    // Closed now: the link goes back to the app, the page says so.
    const back = await t.app.inject({ url: b.payment?.checkoutUrl as string });
    expect(back.headers.location).toBe(`/bookings/${b.id}/payment`);
    expect((await t.app.inject({ url: page })).statusCode).toBe(409);
  });

  it('applies a webhook delivered five times (at once) exactly once', async () => {
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 12:00');
    const event = await paidEvent(t, b, { paidAt: clock.now() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(t, event, clock.now())));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual([
      'confirmed',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const charges = await t.db.sql.query(
      'select count(*)::int as n from payment_charges c join payments p on p.id = c.payment_id where p.booking_id = $1',
      [b.id],
    );
    expect(charges.rows[0].n).toBe(1);
    expect(await notificationTypes(t, b.id)).toEqual(['booking_confirmed', 'booking_created']);
    expect(ofBooking(b.id)).toEqual(['booking:created']);
    // The same money under another event id is not counted twice either.
    const again = await deliver(t, { ...event, id: `${event.id}-again` }, clock.now());
    expect(again.body.outcome).toBe('duplicate');
    expect((await bookingById(t, u.token, b.id)).payment?.paidCents).toBe(200);
  });

  it('refuses forged, altered, stale and unsigned webhooks and changes nothing', async () => {
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 14:00');
    const event = await paidEvent(t, b, { paidAt: clock.now() });
    const url = '/api/v1/payments/webhook/demo';
    const signed = await demoDelivery(t, event, clock.now());
    const attempts = [
      // Signed with a key that is not the server's.
      {
        ...signed,
        headers: {
          ...signed.headers,
          'glamify-demo-signature': signDemoPayload('x'.repeat(64), signed.body, clock.now()),
        },
      },
      // A genuine signature over another body.
      { ...signed, body: signed.body.replace('"amountCents":200', '"amountCents":1') },
      // Signed ten minutes ago: a captured delivery replayed later.
      await demoDelivery(t, event, new Date(clock.now().getTime() - 600_000)),
      { body: signed.body, headers: { 'content-type': 'application/json' } },
      { body: signed.body, headers: { ...signed.headers, 'glamify-demo-signature': 't=1,v1=zz' } },
    ];
    for (const a of attempts) {
      const res = await t.app.inject({ method: 'POST', url, headers: a.headers, payload: a.body });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('WEBHOOK_SIGNATURE_INVALID');
    }
    const stripe = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhook/stripe', ...signed });
    expect(stripe.statusCode).toBe(404);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhook/paypal', ...signed });
    expect(other.json()).toMatchObject({ status: 400, field: 'provider' });
    expect((await bookingById(t, u.token, b.id)).status).toBe('PENDING');
    const stored = await t.db.sql.query('select count(*)::int as n from payment_events where event_id = $1', [
      event.id,
    ]);
    expect(stored.rows[0].n).toBe(0);
    // The genuine one still works afterwards.
    expect((await deliver(t, event, clock.now())).body.outcome).toBe('confirmed');
  });

  it('asks no deposit at the front desk: owners book walk-ins and customers confirmed', async () => {
    const u = await makeUser(t);
    // A customer of the salon (the front desk books no one else): their own booking waits for its deposit.
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(u.token),
      payload: { slotId: await slotAt(t, s.staffIds[1] as number, '2030-03-06 09:00'), serviceId: s.serviceIds[0] },
    });
    expect(own.json<Booking>().status).toBe('PENDING');
    const slotId = await slotAt(t, s.staffIds[1] as number, '2030-03-06 10:00');
    const desk = await t.app.inject({
      method: 'POST',
      url: `/api/v1/availability/slots/${slotId}/book`,
      headers: auth(s.ownerToken),
      payload: { serviceId: s.serviceIds[0], customerId: u.id },
    });
    expect(desk.statusCode).toBe(201);
    const booked = await bookingById(t, u.token, desk.json().bookingId);
    expect(booked).toMatchObject({ status: 'CONFIRMED', payment: null });
    const walkIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(s.ownerToken),
      payload: {
        slotId: await slotAt(t, s.staffIds[1] as number, '2030-03-06 11:00'),
        serviceId: s.serviceIds[0],
        guest: { name: 'Walk In' },
      },
    });
    expect(walkIn.json<Booking>()).toMatchObject({ status: 'CONFIRMED', payment: null });
  });

  it('answers checkout links: a malformed token names the field, an unknown one is 404', async () => {
    const bad = await t.app.inject({ url: '/api/v1/payments/checkout/nope' });
    expect(bad.json()).toMatchObject({ status: 400, field: 'token' });
    const unknown = await t.app.inject({ url: `/api/v1/payments/checkout/${'A'.repeat(43)}` });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const settings = await t.app.inject({ url: '/api/v1/payments/settings' });
    expect(settings.json()).toEqual({ provider: 'demo', deadlineSeconds: 900, minimumCents: 1 });
  });
});
