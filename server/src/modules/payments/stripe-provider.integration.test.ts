import { randomBytes } from 'node:crypto';
import type { Booking } from '@glamify/shared';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser, manualClock, type SalonFixture } from '../../../test/fixtures.ts';
import { book, bookingById, depositSalon, eventually } from '../../../test/payments.ts';
import { type StripeStandIn, startStripeStandIn } from '../../../test/stripe-stand-in.ts';
import { toProviderEvent } from './stripe-provider.ts';

const START = '2030-03-04T06:00:00Z';
const clock = manualClock(START);
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const PUBLIC = 'https://book.example.test';
let stand: StripeStandIn;
let t: TestApp;
let s: SalonFixture;

beforeAll(async () => {
  stand = await startStripeStandIn();
  t = await createTestApp(
    {
      paymentProvider: 'stripe',
      stripeSecretKey: stand.secretKey,
      stripeWebhookSecret: WEBHOOK_SECRET,
      stripeApiUrl: stand.url,
      publicUrl: PUBLIC,
    },
    { now: clock.now },
  );
  s = await depositSalon(t);
});
afterAll(async () => {
  await t.close();
  await stand.close();
});

const signer = new Stripe('sk_test_only_for_signing');

/** A Stripe event, signed as Stripe signs its webhook deliveries. */
function signed(type: string, object: Record<string, unknown>, opts: { secret?: string; created?: Date } = {}) {
  const created = Math.floor((opts.created ?? clock.now()).getTime() / 1000);
  const payload = JSON.stringify({
    id: `evt_${randomBytes(10).toString('hex')}`,
    object: 'event',
    type,
    created,
    api_version: '2026-10-28.endive',
    data: { object },
  });
  const header = signer.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? WEBHOOK_SECRET,
    timestamp: Math.floor(clock.now().getTime() / 1000),
  });
  return { payload, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header } };
}

async function webhook(delivery: { payload: string; headers: Record<string, string> }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhook/stripe', ...delivery });
  return { status: res.statusCode, body: res.json() };
}

/** Follows the booking's checkout link: the session the stand-in created for it. */
async function openCheckout(b: Booking) {
  const res = await t.app.inject({ url: String(b.payment?.checkoutUrl).replace(PUBLIC, '') });
  expect(res.statusCode).toBe(303);
  const id = (res.headers.location as string).split('/').pop() as string;
  return stand.sessions.get(id) as { id: string; metadata: Record<string, string>; amount_total: number };
}

const completed = (session: { id: string; metadata: Record<string, string> }, pi: string) => ({
  id: session.id,
  object: 'checkout.session',
  payment_status: 'paid',
  status: 'complete',
  payment_intent: pi,
  amount_total: 200,
  currency: 'eur',
  metadata: session.metadata,
});

describe('the Stripe provider (against a local stand-in for the Stripe API)', () => {
  it('opens one Checkout Session per booking, living to the deadline or Stripe’s 30-minute minimum', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 10:00');
    expect(b.payment?.checkoutUrl).toMatch(new RegExp(`^${PUBLIC}/api/v1/payments/checkout/`));
    const path = String(b.payment?.checkoutUrl).replace(PUBLIC, '');
    // Three tabs open the link at once.
    const answers = await Promise.all([1, 2, 3].map(() => t.app.inject({ url: path })));
    const targets = new Set(answers.map((a) => a.headers.location));
    expect(targets.size).toBe(1);
    expect([...targets][0]).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const creates = stand.requests.filter((r) => r.path === '/v1/checkout/sessions');
    expect(new Set(creates.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(new Set(creates.map((r) => JSON.stringify(r.params))).size).toBe(1);
    const p = creates[0]?.params ?? {};
    expect(p).toMatchObject({
      mode: 'payment',
      'line_items[0][price_data][unit_amount]': '200',
      'line_items[0][price_data][currency]': 'eur',
      'metadata[glamify_booking_id]': String(b.id),
      success_url: `${PUBLIC}/bookings/${b.id}/payment?checkout=done`,
      cancel_url: `${PUBLIC}/bookings/${b.id}/payment?checkout=cancelled`,
    });
    // Due in 15 minutes, but Stripe wants at least 30: the session lives 31, and Glamify closes it at the deadline.
    expect(Number(p.expires_at)).toBe(Date.parse(START) / 1000 + 31 * 60);
    expect(stand.sessions.size).toBe(1);
  });

  it('confirms on a signed checkout.session.completed, once, and refuses forged signatures', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 11:00');
    const session = await openCheckout(b);
    const failed = signed('payment_intent.payment_failed', {
      id: 'pi_declined',
      object: 'payment_intent',
      metadata: session.metadata,
      last_payment_error: { message: 'Your card has insufficient funds.' },
    });
    expect((await webhook(failed)).body.outcome).toBe('noted');
    expect((await bookingById(t, u.token, b.id)).payment?.lastFailure).toBe('Your card has insufficient funds.');

    const forged = signed('checkout.session.completed', completed(session, 'pi_forged'), { secret: 'whsec_wrong' });
    expect(await webhook(forged)).toMatchObject({ status: 400, body: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
    const good = signed('checkout.session.completed', completed(session, `pi_${b.id}`));
    const altered = { ...good, payload: good.payload.replace('"amount_total":200', '"amount_total":20') };
    expect((await webhook(altered)).status).toBe(400);
    expect((await bookingById(t, u.token, b.id)).status).toBe('PENDING');

    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await webhook(good)).body.outcome);
    expect(outcomes).toEqual(['confirmed', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect((await bookingById(t, u.token, b.id)).payment).toMatchObject({ status: 'PAID', paidCents: 200 });
  });

  it('closes the session at the deadline and refunds a payment that still lands, with one idempotency key', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 12:00');
    const session = await openCheckout(b);
    clock.advance(15 * 60);
    expect(await t.app.services.bookings.expireUnpaid(b.id)).toBe('expired');
    await eventually(
      async () => stand.sessions.get(session.id)?.status,
      (v) => v === 'expired',
    );
    expect(stand.sessions.get(session.id)?.status).toBe('expired');

    // Completed on Stripe's side just before the expiry call reached it; the refund fails at first.
    stand.failRefunds(3);
    const late = signed('checkout.session.completed', completed(session, `pi_late_${b.id}`));
    expect((await webhook(late)).body.outcome).toBe('refunded');
    const refundCalls = () => stand.requests.filter((r) => r.path === '/v1/refunds');
    await eventually(
      () => t.db.sql.query('select attempts, status from payment_refunds where purpose like $1', ['charge-%']),
      (r) => r.rows.some((x: { attempts: number; status: string }) => x.attempts === 1 && x.status === 'pending'),
    );
    expect((await bookingById(t, u.token, b.id)).payment?.refunds).toMatchObject([
      { reason: 'late_payment', status: 'PENDING' },
    ]);
    // The retry job runs once the backoff is over.
    await t.db.sql.query("update payment_refunds set next_attempt_at = now() where status = 'pending'");
    expect(await t.app.services.payments.retryRefunds()).toEqual({ issued: 1, failed: 0 });
    const after = await bookingById(t, u.token, b.id);
    expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: 'payment_expired' });
    expect(after.payment?.refunds).toMatchObject([{ reason: 'late_payment', amountCents: 200, status: 'ISSUED' }]);
    const calls = refundCalls();
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(calls.at(-1)?.params).toMatchObject({ payment_intent: `pi_late_${b.id}`, amount: '200' });
  });

  it('refunds through Stripe when the salon cancels a paid booking', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-06 14:00');
    const session = await openCheckout(b);
    expect((await webhook(signed('checkout.session.completed', completed(session, `pi_${b.id}`)))).body.outcome).toBe(
      'confirmed',
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${b.id}/cancel`,
      headers: auth(s.ownerToken),
      payload: { reason: 'stylist_unavailable' },
    });
    expect(res.statusCode).toBe(200);
    const after = await eventually(
      () => bookingById(t, u.token, b.id),
      (x) => x.payment?.refunds[0]?.status === 'ISSUED',
    );
    expect(after.payment?.refunds).toMatchObject([
      { reason: 'salon_cancellation', amountCents: 200, status: 'ISSUED' },
    ]);
    expect(stand.requests.filter((r) => r.params.payment_intent === `pi_${b.id}`)).toHaveLength(1);
  });

  it('reads only the events deposits need', () => {
    const base = { id: 'evt_1', object: 'event', created: 1_900_000_000 } as const;
    const session = { id: 'cs_1', object: 'checkout.session', metadata: { glamify_payment_id: '7' } };
    const pending = toProviderEvent({
      ...base,
      type: 'checkout.session.completed',
      data: {
        object: { ...session, payment_status: 'unpaid', payment_intent: 'pi_1', amount_total: 100, currency: 'eur' },
      },
    } as unknown as Stripe.Event);
    expect(pending.kind).toBe('ignored');
    const later = toProviderEvent({
      ...base,
      type: 'checkout.session.async_payment_succeeded',
      data: {
        object: { ...session, payment_status: 'paid', payment_intent: 'pi_1', amount_total: 100, currency: 'eur' },
      },
    } as unknown as Stripe.Event);
    expect(later).toMatchObject({ kind: 'payment_succeeded', paymentId: 7, chargeRef: 'pi_1', currency: 'EUR' });
    const refund = toProviderEvent({
      ...base,
      type: 'charge.refunded',
      data: { object: {} },
    } as unknown as Stripe.Event);
    expect(refund.kind).toBe('ignored');
  });
});
