/**
 * Deposits in a real Chromium against the real server and its demo payment
 * provider: the notice at checkout, the demo card page (a declined card, the
 * success card), the way back, waiting live for a payment, an expired one,
 * and deposits and refunds in My bookings.
 */
import { addDays, type Booking, localDate } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deliver, paidEvent } from '../../server/test/payments';
import {
  apiToken,
  browserSuite,
  demoSalon,
  newContext,
  type Running,
  shot,
  signIn,
  watchErrors,
} from './browser/harness';

let server: Running;
let browser: Browser;
let base: string;
let salon: Awaited<ReturnType<typeof demoSalon>>;
let day: string;

/** The first day at least `from` days ahead on which the salon opens (Studio Schnitt: Tuesday to Saturday). */
function openDay(timezone: string, from: number): string {
  for (let i = from; ; i++) {
    const d = addDays(localDate(new Date(), timezone), i);
    const weekday = new Date(`${d}T12:00:00Z`).getUTCDay() || 7;
    if (weekday >= 2 && weekday <= 6) return d;
  }
}

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    // The demo salon that asks a 20 % deposit; days far enough ahead that cancelling is still free.
    salon = await demoSalon(base, 'Studio Schnitt');
    day = openDay(salon.timezone, 3);
  },
});

const haircut = () => salon.services.find((s) => s.name === 'Haircut') as { id: number };

/** Signs in, picks the n-th free time for a haircut and arrives at the checkout with the time held. */
async function checkout(page: Page, email: string, nth: number) {
  await signIn(page, base, email, `/salons/${salon.id}?service=${haircut().id}&date=${day}`);
  await page.locator('.time-btn').nth(nth).click();
  await page.getByTestId('countdown').waitFor();
}

/** A PENDING booking made over the API, for the scripted steps. */
async function pendingBooking(email: string, nth: number): Promise<{ booking: Booking; token: string }> {
  const { token } = await apiToken(base, email);
  const list = (await (
    await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${day}&serviceId=${haircut().id}`)
  ).json()) as { slots: { id: number; status: string }[] };
  const slot = list.slots.filter((s) => s.status === 'available').at(-1 - nth);
  const res = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slotId: slot?.id, serviceId: haircut().id }),
  });
  expect(res.status).toBe(201);
  return { booking: (await res.json()) as Booking, token };
}

describe('deposits in the PWA', () => {
  it('shows the deposit and terms, walks the demo checkout and comes back booked; a cancellation refunds it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await checkout(page, 'ana@example.com', 2);
    // 20 % of 35.00 €, with the terms, before anything is confirmed.
    await page.getByRole('heading', { name: /Deposit to pay now: €7\.00/ }).waitFor();
    await page.getByText('Pay within 15 minutes').waitFor();
    await page.getByText(/Cancel by .* and you get the whole deposit back/).waitFor();
    // One policy: the terms are told as what is kept of the deposit, never as other shares of the price.
    expect(await page.getByText(/costs \d+% of the price/).count()).toBe(0);
    expect(await page.getByText(/Not turning up/).count()).toBe(1);
    await shot(page, 'checkout-deposit');

    await page.getByRole('button', { name: 'Confirm and pay €7.00' }).click();
    await page.waitForURL(/\/api\/v1\/payments\/demo\/cs_demo_/);
    await page.getByText('DEMO PAYMENT — test mode, no real money moves').waitFor();
    await shot(page, 'demo-checkout');

    const pay = async (card: string) => {
      await page.getByLabel('Card number').fill(card);
      await page.getByLabel('Expiry (MM/YY)').fill('12/34');
      await page.getByLabel('CVC').fill('123');
      await page.getByRole('button', { name: 'Pay €7.00' }).click();
    };
    await pay('4000 0000 0000 0002');
    await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await shot(page, 'demo-declined');

    await pay('4242 4242 4242 4242');
    await page.waitForURL(/\/bookings\/\d+\/payment\?checkout=done/);
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    // What was paid and what is left, in the confirmation's own summary.
    const summary = page.locator('.panel--success .summary');
    await summary.getByText('Deposit paid').waitFor();
    expect(await summary.textContent()).toContain('Deposit paid€7.00Left to pay at the salon€28.00');
    await shot(page, 'payment-confirmed');

    await page.getByRole('link', { name: 'My bookings' }).first().click();
    const card = page.locator('.booking-card').filter({ hasText: 'Deposit paid: €7.00' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    await card.getByText('Your deposit of €7.00 comes back in full.').waitFor();
    await card.getByRole('button', { name: 'Yes, cancel it' }).click();
    await card.getByText(/Refund(ed| on its way): €7\.00/).waitFor();
    await shot(page, 'bookings-refund');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('waits live for a payment after the customer left the payment page, then shows the booking confirmed', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await checkout(page, 'ben@example.com', 5);
    await page.getByRole('button', { name: 'Confirm and pay €7.00' }).click();
    await page.waitForURL(/\/api\/v1\/payments\/demo\//);
    // The back button leads to this booking's payment, not to a new hold on a time that is Ben's already.
    await page.goBack();
    await page.waitForURL(/\/bookings\/\d+\/payment\?checkout=cancelled/);
    await page.getByRole('heading', { name: 'The deposit is not paid yet' }).waitFor();
    // And from the payment page, "Cancel" comes back to the same place.
    await page.getByRole('link', { name: 'Pay €7.00' }).click();
    await page.waitForURL(/\/api\/v1\/payments\/demo\//);
    await page.getByRole('link', { name: 'Cancel and return to Glamify' }).click();
    await page.waitForURL(/\/bookings\/\d+\/payment\?checkout=cancelled/);
    await page.getByRole('heading', { name: 'The deposit is not paid yet' }).waitFor();
    await shot(page, 'payment-left');

    const id = Number(/\/bookings\/(\d+)\//.exec(page.url())?.[1]);
    await page.goto(`${base}/bookings/${id}/payment?checkout=done`);
    await page.getByRole('heading', { name: 'Waiting for your payment…' }).waitFor();
    await shot(page, 'payment-waiting');
    // The provider reports the payment a moment later; the page notices by itself.
    const { token } = await apiToken(base, 'ben@example.com');
    const booking = (await (
      await fetch(`${base}/api/v1/bookings/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as Booking;
    const answer = await deliver(server.t, await paidEvent(server.t, booking, { paidAt: new Date() }), new Date());
    expect(answer.body.outcome).toBe('confirmed');
    await page.getByRole('heading', { name: "You're booked!" }).waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('lists a booking awaiting payment with its pay link, and tells when the time to pay ran out', async () => {
    const waiting = await pendingBooking('chloe@example.com', 0);
    const lapsing = await pendingBooking('chloe@example.com', 1);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'chloe@example.com', '/bookings');
    const card = page.locator('.booking-card').filter({ has: page.locator('.badge--awaiting-payment') });
    await card.first().waitFor();
    expect(await card.count()).toBe(2);
    await card
      .first()
      .getByText(/Awaiting payment — pay €7\.00 by/)
      .waitFor();
    const href = await card.first().getByRole('link', { name: 'Pay deposit' }).getAttribute('href');
    expect([waiting.booking.payment?.checkoutUrl, lapsing.booking.payment?.checkoutUrl]).toContain(href);
    await shot(page, 'bookings-awaiting');

    // The deadline passes for one of them.
    await server.t.db.sql.query("update payments set due_at = now() - interval '1 second' where booking_id = $1", [
      lapsing.booking.id,
    ]);
    expect(await server.t.app.services.bookings.expireUnpaid(lapsing.booking.id)).toBe('expired');
    await page.goto(`${base}/bookings/${lapsing.booking.id}/payment`);
    await page.getByRole('heading', { name: 'The time to pay ran out' }).waitFor();
    await page.getByText('If a payment still goes through, it is refunded in full.').waitFor();
    await shot(page, 'payment-expired');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says why a time cannot be held when the customer keeps as many unpaid times as allowed', async () => {
    const email = `keeper-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const reg = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kim Keeper', email, password: 'glamify-demo' }),
    });
    expect(reg.status).toBe(201);
    // Three bookings awaiting their deposits: HOLDS_PER_CUSTOMER (3) times kept without paying.
    const kept = [await pendingBooking(email, 8), await pendingBooking(email, 9), await pendingBooking(email, 10)];
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, base, email, `/salons/${salon.id}?service=${haircut().id}&date=${day}`);
    await page.locator('.time-btn').nth(1).click();
    const refused = page.locator('.hold-status .notice--error');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(
      /You are keeping 3 times already .*pay for, book, cancel or release one first/,
    );
    await shot(page, 'checkout-kept-times');
    for (const { booking, token } of kept) {
      await fetch(`${base}/api/v1/bookings/${booking.id}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    }
    await ctx.close();
  });
});
