/**
 * Cancelling from My bookings: where focus goes after "Yes, cancel it", and
 * a cancellation queued offline reaching the server within seconds of the
 * network really working again — also when the browser says "online" before
 * anything is reachable — without a reload.
 */
import { addDays, localDate } from '@glamify/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, demoSalon, newContext, shot, watchErrors } from './browser/harness';

let browser: Browser;
let base: string;

browserSuite({
  ready: (suite) => {
    ({ browser, base } = suite);
  },
});

/** A new customer with one booking at Harlem Fade Co. on the next working day, made over the API. */
async function customerWithBooking(): Promise<{ email: string; token: string; bookingId: number }> {
  const salon = await demoSalon(base, 'Harlem Fade Co.');
  const email = `cancel-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'glamify-demo', name: 'Carla Cancel' }),
  });
  const { token } = (await reg.json()) as { token: string };
  const fade = salon.services.find((s) => s.name === 'Fade') as { id: number };
  const days = (await (
    await fetch(`${base}/api/v1/availability/days?salonId=${salon.id}&serviceId=${fade.id}`)
  ).json()) as { days: { date: string; status: string }[] };
  const date = days.days.find((d) => d.status === 'free')?.date ?? addDays(localDate(new Date(), salon.timezone), 1);
  const list = (await (
    await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${date}&serviceId=${fade.id}`)
  ).json()) as { slots: { id: number; staffId: number; status: string }[] };
  const free = list.slots.filter((s) => s.status === 'available');
  const slot = free[Math.floor(Math.random() * free.length)] as { id: number; staffId: number };
  const res = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slotId: slot.id, staffId: slot.staffId, serviceIds: [fade.id], idempotencyKey: email }),
  });
  expect(res.status).toBe(201);
  return { email, token, bookingId: ((await res.json()) as { id: number }).id };
}

async function statusOf(bookingId: number, token: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/bookings/${bookingId}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { status: string }).status;
}

async function openBookings(ctx: BrowserContext, email: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/login?next=/bookings`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('glamify-demo');
  await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.booking-card').first().waitFor();
  return page;
}

describe('cancelling a booking', () => {
  it('keeps focus on the booking after "Yes, cancel it" and says it is cancelled', async () => {
    const customer = await customerWithBooking();
    const ctx = await newContext(browser);
    const page = await openBookings(ctx, customer.email);
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.locator('.badge--cancelled').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(`booking-${customer.bookingId}-title`);
    expect(await page.getByRole('status').filter({ hasText: 'Booking cancelled.' }).count()).toBe(1);
    expect(await statusOf(customer.bookingId, customer.token)).toBe('CANCELLED');
    await ctx.close();
  });

  it('asks before cancelling from the keyboard: focus on "Keep it", Escape closes, focus back on "Cancel booking"', async () => {
    const customer = await customerWithBooking();
    const ctx = await newContext(browser);
    const page = await openBookings(ctx, customer.email);
    const errors = watchErrors(page);
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    const cancelButton = page.getByRole('button', { name: 'Cancel booking' });
    const box = page.getByRole('group', { name: 'Confirm cancellation' });

    // Enter opens the box on the safe choice: a second Enter keeps the booking.
    await cancelButton.focus();
    await page.keyboard.press('Enter');
    await box.waitFor();
    await expect.poll(focused).toBe('Keep it');
    await shot(page, 'bookings-confirm-cancel', { fullPage: false });
    await page.keyboard.press('Enter');
    await box.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('Cancel booking');
    expect(await statusOf(customer.bookingId, customer.token)).toBe('CONFIRMED');

    // Escape closes it too, and focus goes back where it came from.
    await page.keyboard.press('Enter');
    await box.waitFor();
    // Escape is the box's: wait until focus is in it (it moves there after the box is drawn).
    await expect.poll(focused).toBe('Keep it');
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('Cancel booking');

    // Cancelling takes a deliberate step to "Yes, cancel it".
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Keep it');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe('Yes, cancel it');
    await page.keyboard.press('Enter');
    await page.locator('.badge--cancelled').waitFor();
    expect(await statusOf(customer.bookingId, customer.token)).toBe('CANCELLED');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('sends an offline cancellation within seconds of the network really returning, without a reload', async () => {
    const customer = await customerWithBooking();
    const ctx = await newContext(browser);
    const page = await openBookings(ctx, customer.email);
    const errors = watchErrors(page);
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    await ctx.setOffline(true);
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText("Cancellation pending — will be sent when you're back online.").waitFor();
    // Focus moves to the booking's title once the card has re-rendered (an effect after the note shows).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(`booking-${customer.bookingId}-title`);

    // The browser says "online" before the server can be reached: the first try fails.
    let refused = 0;
    await ctx.route('**/api/v1/bookings/*/cancel', (route) => {
      refused++;
      return route.abort('internetdisconnected');
    });
    await ctx.setOffline(false);
    await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await statusOf(customer.bookingId, customer.token)).toBe('CONFIRMED');
    await shot(page, 'bookings-retrying');

    // Now it can: the retry timer sends it within seconds, with nobody touching the page.
    await ctx.unroute('**/api/v1/bookings/*/cancel');
    const back = Date.now();
    await expect.poll(() => statusOf(customer.bookingId, customer.token), { timeout: 15_000 }).toBe('CANCELLED');
    const seconds = (Date.now() - back) / 1000;
    console.info(`queued cancellation reached the server ${seconds.toFixed(1)} s after the network returned`);
    expect(seconds).toBeLessThan(10);
    await page.locator('.badge--cancelled').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
