/** Deposits in tests: salons that ask for one, bookings that await one, and demo provider events signed for real. */
import { randomBytes } from 'node:crypto';
import type { Booking, WebhookAnswer } from '@glamify/shared';
import { expect } from 'vitest';
import { DEMO_SIGNATURE_HEADER, type DemoEvent, isDemoProvider } from '../src/modules/payments/demo-provider.ts';
import type { TestApp } from './app.ts';
import { auth, makeSalon, type SalonFixture, type SalonSpec, slotAt } from './fixtures.ts';

export interface Terms {
  depositPercent?: number;
  freeCancellationHours?: number;
  lateCancelFeePercent?: number;
  noShowFeePercent?: number;
}

/** A salon asking for a 20 % deposit (by default), free changes until 24 h before, 50 % late, 100 % no-show. */
export async function depositSalon(t: TestApp, terms: Terms = {}, spec: SalonSpec = {}): Promise<SalonFixture> {
  const s = await makeSalon(t, { staff: 2, ...spec });
  await setTerms(t, s.salonId, terms);
  return s;
}

export async function setTerms(t: TestApp, salonId: number, terms: Terms): Promise<void> {
  await t.db.sql.query(
    `update salons set deposit_percent = $2, free_cancellation_hours = $3, late_cancel_fee_percent = $4,
       no_show_fee_percent = $5 where id = $1`,
    [
      salonId,
      terms.depositPercent ?? 20,
      terms.freeCancellationHours ?? 24,
      terms.lateCancelFeePercent ?? 50,
      terms.noShowFeePercent ?? 100,
    ],
  );
}

/** Books `local` (salon time) with the salon's first stylist and the given service; expects a 201. */
export async function book(
  t: TestApp,
  s: SalonFixture,
  token: string,
  local: string,
  opts: { service?: number; staff?: number } = {},
): Promise<Booking> {
  const slotId = await slotAt(t, s.staffIds[opts.staff ?? 0] as number, local);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: auth(token),
    payload: { slotId, serviceId: s.serviceIds[opts.service ?? 0] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Booking>();
}

/** The payment row's id and checkout reference (opening the checkout on the demo provider if needed). */
export async function paymentOf(t: TestApp, bookingId: number): Promise<{ id: number; checkoutRef: string }> {
  const { rows } = await t.db.sql.query('select id, checkout_ref, pay_token from payments where booking_id = $1', [
    bookingId,
  ]);
  const row = rows[0];
  if (!row) throw new Error(`booking ${bookingId} has no payment`);
  if (row.checkout_ref) return { id: row.id, checkoutRef: row.checkout_ref };
  // The service behind GET /payments/checkout/:token, without the per-address limit tests would run into.
  await t.app.services.payments.checkoutTarget(row.pay_token);
  const again = await t.db.sql.query('select checkout_ref from payments where id = $1', [row.id]);
  return { id: row.id, checkoutRef: again.rows[0].checkout_ref };
}

/** A demo provider event body with its signature header, as the demo checkout page sends it. */
export async function demoDelivery(
  t: TestApp,
  event: DemoEvent,
  at: Date,
): Promise<{ body: string; headers: Record<string, string> }> {
  const provider = t.app.services.payments.provider;
  if (!isDemoProvider(provider)) throw new Error('the app does not run the demo provider');
  const body = JSON.stringify(event);
  return {
    body,
    headers: { 'content-type': 'application/json', [DEMO_SIGNATURE_HEADER]: await provider.sign(body, at) },
  };
}

/** A successful demo payment event for a booking's deposit. */
export async function paidEvent(
  t: TestApp,
  booking: Booking,
  opts: { paidAt: Date; amountCents?: number; chargeRef?: string; id?: string },
): Promise<DemoEvent> {
  const p = await paymentOf(t, booking.id);
  return {
    id: opts.id ?? `evt_test_${randomBytes(9).toString('base64url')}`,
    type: 'payment.succeeded',
    created: Math.floor(opts.paidAt.getTime() / 1000),
    data: {
      checkoutRef: p.checkoutRef,
      paymentId: p.id,
      chargeRef: opts.chargeRef ?? `ch_test_${randomBytes(9).toString('base64url')}`,
      amountCents: opts.amountCents ?? (booking.payment?.amountCents as number),
      currency: booking.currency,
    },
  };
}

/** Delivers a signed demo event to the webhook route; resolves with status and body. */
export async function deliver(t: TestApp, event: DemoEvent, signedAt: Date) {
  const { body, headers } = await demoDelivery(t, event, signedAt);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/payments/webhook/demo', headers, payload: body });
  return { status: res.statusCode, body: res.json<WebhookAnswer & { code?: string; field?: string }>() };
}

export async function bookingById(t: TestApp, token: string, id: number): Promise<Booking> {
  const res = await t.app.inject({ url: `/api/v1/bookings/${id}`, headers: auth(token) });
  expect(res.statusCode).toBe(200);
  return res.json<Booking>();
}

/** Waits until `check` passes (refunds are sent after commit, on their own time). */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Notification types queued for a booking, sorted. */
export async function notificationTypes(t: TestApp, bookingId: number): Promise<string[]> {
  const { rows } = await t.db.sql.query(
    "select type from notifications where payload->>'bookingId' = $1::text order by type",
    [bookingId],
  );
  return rows.map((r: { type: string }) => r.type);
}
