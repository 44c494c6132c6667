/**
 * Around a booking, in a real Chromium against the real server: moving a
 * booking from My bookings with the live time picker (and losing the time
 * to someone else on the way), the policy window, and "Add to calendar".
 */
import { readFile } from 'node:fs/promises';
import { addDays, localDate } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
let inThreeDays: string;
let inFourDays: string;

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    // Open every day, free changes until 24 hours before: days three and four ahead are always movable.
    salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const today = localDate(new Date(), salon.timezone);
    inThreeDays = addDays(today, 3);
    inFourDays = addDays(today, 4);
  },
});

const json = { 'content-type': 'application/json' };

async function freeSlots(date: string, serviceId: number) {
  const res = await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${date}&serviceId=${serviceId}`);
  const list = (await res.json()) as { slots: { id: number; staffId: number; startsAt: string; status: string }[] };
  return list.slots.filter((s) => s.status === 'available');
}

/** A Blowout for the customer with `token` at the first free time on `date`. */
async function bookBlowout(token: string, date: string) {
  const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
  const slot = (await freeSlots(date, blowout.id))[0];
  if (!slot) throw new Error(`no free time on ${date}`);
  const res = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${token}` },
    body: JSON.stringify({ slotId: slot.id, staffId: slot.staffId, serviceIds: [blowout.id] }),
  });
  expect(res.status).toBe(201);
  const booking = (await res.json()) as { id: number; startsAt: string; staffId: number };
  return { booking, blowout };
}

/** A fresh customer with one Blowout booking at the first free time on `date`. */
async function customerWithBooking(date: string) {
  const email = `move-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password: 'glamify-demo', name: 'Mo Mover' }),
  });
  const { token } = (await reg.json()) as { token: string };
  return { email, token, ...(await bookBlowout(token, date)) };
}

async function bookingOf(token: string, id: number) {
  const res = await fetch(`${base}/api/v1/bookings/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { id: number; startsAt: string; staffId: number; status: string };
}

async function openReschedule(page: Page, email: string, date: string) {
  await signIn(page, base, email, '/bookings');
  await page.getByRole('heading', { name: 'My bookings' }).waitFor();
  await page.getByRole('link', { name: 'Reschedule' }).click();
  await page.getByRole('heading', { name: 'Move your booking' }).waitFor();
  await page.locator('label.choice--day', { has: page.locator(`input[value="${date}"]`) }).click();
  await page.locator('.live-status--live').waitFor();
}

describe('reschedule', () => {
  it('moves a booking from My bookings with the live picker, keeping the booking; the owner hears of it', async () => {
    const { email, token, booking } = await customerWithBooking(inThreeDays);
    const ownerCtx = await newContext(browser, {
      viewport: { width: 1024, height: 768 },
      deviceScaleFactor: 1,
      hasTouch: false,
    });
    const owner = await ownerCtx.newPage();
    await signIn(owner, base, 'owner@blowoutbar.com', `/owner?date=${inFourDays}`);
    await owner.getByRole('heading', { name: 'Salon console' }).waitFor();
    // Alerts flow once the console's connection is live as the owner.
    await owner.locator('.console-live:not(.console-live--down)').waitFor({ timeout: 15_000 });
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await openReschedule(page, email, inFourDays);
    // The days say what they have, as on the salon page; the chosen one counts with the live list.
    const chip = page.locator(`.choice--day:has(input[value="${inFourDays}"]) .day__status`);
    await expect
      .poll(async () => [await chip.textContent(), `${await page.locator('.time-btn').count()} times`])
      .toSatisfy(([shown, listed]) => shown === listed);
    await shot(page, 'reschedule-picker');
    const button = page.locator('.time-btn').nth(2);
    const slotId = Number(await button.getAttribute('data-slot-id'));
    await button.click();
    await page.getByRole('heading', { name: 'Move your booking?' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('move-heading');
    await shot(page, 'reschedule-confirm');
    await page.getByRole('button', { name: 'Move my booking' }).click();
    await page.getByRole('heading', { name: 'Your booking has moved' }).waitFor();
    await shot(page, 'reschedule-done');
    // The owner's open console: an alert, and the new day's calendar shows the booking.
    const toast = owner.locator('.toast--rescheduled');
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain('Booking moved by the customer');
    expect(await toast.textContent()).toContain('Mo Mover');
    await owner.locator('.cal-booking', { hasText: 'Mo Mover' }).waitFor();
    await shot(owner, 'reschedule-owner-alert');
    await ownerCtx.close();

    const after = await bookingOf(token, booking.id);
    expect(after.status).toBe('CONFIRMED');
    expect(localDate(after.startsAt, salon.timezone)).toBe(inFourDays);
    const slot = await server.t.db.sql.query('select booking_id from slots where id = $1', [slotId]);
    expect(slot.rows[0].booking_id).toBe(booking.id);
    await page.locator('.panel--success').getByRole('link', { name: 'My bookings' }).click();
    await page.locator(`#booking-${booking.id}`).getByText(/with/).first().waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('offers the nearest free times when someone else takes the picked one first', async () => {
    const { email, token, booking, blowout } = await customerWithBooking(inThreeDays);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await openReschedule(page, email, inFourDays);
    const button = page.locator('.time-btn').nth(4);
    const slotId = Number(await button.getAttribute('data-slot-id'));
    const staffId = Number(
      (await freeSlots(inFourDays, blowout.id)).find((s) => s.id === slotId)?.staffId ?? Number.NaN,
    );
    await button.click();
    await page.getByRole('heading', { name: 'Move your booking?' }).waitFor();
    // Another customer books exactly that stylist's time first.
    const rival = await apiToken(base, 'ben@example.com');
    const res = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${rival.token}` },
      body: JSON.stringify({ slotId, staffId, serviceIds: [blowout.id] }),
    });
    expect(res.status).toBe(201);
    await page.getByRole('button', { name: 'Move my booking' }).click();
    await page.getByRole('heading', { name: /was just taken/ }).waitFor();
    await shot(page, 'reschedule-conflict');
    await page.locator('.move-confirm .alt-btn').first().click();
    await page.getByRole('heading', { name: 'Move your booking?' }).waitFor();
    await page.getByRole('button', { name: 'Move my booking' }).click();
    await page.getByRole('heading', { name: 'Your booking has moved' }).waitFor();
    expect((await bookingOf(token, booking.id)).startsAt).not.toBe(booking.startsAt);
    await ctx.close();
  });

  it('says why when the free-change window has closed, and how to reach the salon', async () => {
    const { email, booking } = await customerWithBooking(inThreeDays);
    await server.t.db.sql.query('update salons set free_cancellation_hours = 720 where id = $1', [salon.id]);
    try {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, base, email, `/bookings/${booking.id}/reschedule`);
      await page.getByRole('heading', { name: 'This booking can’t be moved here' }).waitFor();
      await page.getByText('takes changes until 720 hours before').waitFor();
      await shot(page, 'reschedule-window-closed');
      await ctx.close();
    } finally {
      await server.t.db.sql.query('update salons set free_cancellation_hours = 24 where id = $1', [salon.id]);
    }
  });
});

describe('reschedule on My bookings', () => {
  it('is not offered once the free-change window has closed; the card says why and how to reach the salon', async () => {
    // Changes free until 120 hours (five days) before: a booking three days ahead is inside
    // the closed window, one a week ahead is not.
    const { email, token, booking: soon } = await customerWithBooking(inThreeDays);
    const { booking: later } = await bookBlowout(token, addDays(inThreeDays, 4));
    await server.t.db.sql.query('update salons set free_cancellation_hours = 120 where id = $1', [salon.id]);
    try {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signIn(page, base, email, '/bookings');
      const closed = page.locator(`#booking-${soon.id}`);
      const open = page.locator(`#booking-${later.id}`);
      await closed.getByText(/^Changes closed .+ — call the salon at \+1 718 555 0142 to move it\.$/).waitFor();
      expect(await closed.getByRole('link', { name: 'Reschedule' }).count()).toBe(0);
      expect(await closed.getByRole('link', { name: '+1 718 555 0142' }).getAttribute('href')).toBe('tel:+17185550142');
      // Cancelling and the calendar stay; only moving is closed.
      await closed.getByRole('button', { name: 'Cancel booking' }).waitFor();
      await closed.getByRole('button', { name: 'Add to calendar' }).waitFor();
      await open.getByRole('link', { name: 'Reschedule' }).waitFor();
      expect(await open.getByText(/Changes closed/).count()).toBe(0);
      await shot(page, 'bookings-changes-closed');
      expect(errors).toEqual([]);
      await ctx.close();
    } finally {
      await server.t.db.sql.query('update salons set free_cancellation_hours = 24 where id = $1', [salon.id]);
    }
  });
});

describe('add to calendar', () => {
  it('downloads the booking as a calendar file from My bookings', async () => {
    const { email, booking } = await customerWithBooking(inThreeDays);
    const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signIn(page, base, email, '/bookings');
    const card = page.locator(`#booking-${booking.id}`);
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Add to calendar' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`glamify-booking-${booking.id}.ics`);
    const text = await readFile(await file.path(), 'utf8');
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain(`UID:booking-${booking.id}@glamify`);
    expect(text).toContain(`X-WR-TIMEZONE:${salon.timezone}`);
    await ctx.close();
  });
});
