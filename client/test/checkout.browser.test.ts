/**
 * The checkout in a real Chromium against the real server, around its edges:
 * coming back to a checkout that has booked (reload, Back), and a checkout
 * started offline that takes its hold once the connection returns.
 */
import { addDays, localDate } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiToken, browserSuite, demoSalon, newContext, shot, signIn, watchErrors } from './browser/harness';

let browser: Browser;
let base: string;
let salon: Awaited<ReturnType<typeof demoSalon>>;
let tomorrow: string;

browserSuite({
  ready: async (suite) => {
    ({ browser, base } = suite);
    // Open every day of the week, so "tomorrow" always has free times.
    salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
  },
});

function service(name: string) {
  const s = salon.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

/** Every ask for a hold the page makes, over the socket or over HTTP. */
function countHolds(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/api\/v1\/availability\/slots\/\d+\/lock$/.test(new URL(r.url()).pathname)) {
      seen.count++;
    }
  });
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && f.payload.includes('"hold:start"')) seen.count++;
    }),
  );
  return seen;
}

/** The page's salon details in the service worker's cache (what an installed app has when it goes offline). */
async function salonSaved(page: Page, salonId: number): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
  await page.reload();
  await page.waitForFunction(
    async (id) => {
      const stored = await (await caches.open('api-salons')).keys();
      return stored.some((r) => new URL(r.url).pathname === `/api/v1/salons/${id}`);
    },
    salonId,
    { timeout: 20_000 },
  );
}

describe('checkout', () => {
  it('shows the booking again after a reload and on Back, without holding its time again', async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'ana@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    await page.locator('.time-btn').nth(4).click();
    await page.getByTestId('countdown').waitFor();
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();

    // The address names the booking, and it is the one the server has.
    await page.waitForURL((u) => u.searchParams.has('booking'));
    const url = new URL(page.url());
    const bookingId = Number(url.searchParams.get('booking'));
    expect(url.pathname).toBe('/checkout');
    const { token } = await apiToken(base, 'ana@example.com');
    const res = await fetch(`${base}/api/v1/bookings/${bookingId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const booking = (await res.json()) as { status: string; staffName: string; slotIds: number[] };
    expect(booking.status).toBe('CONFIRMED');
    expect(booking.slotIds).toContain(Number(url.searchParams.get('slot')));
    const lead = await page.locator('.panel--success .lead').textContent();

    const holds = countHolds(page);
    await page.reload();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    const summary = page.locator('.panel--success .summary');
    await expect.poll(() => summary.textContent()).toContain(booking.staffName);
    expect(await summary.textContent()).toContain(cut.name);
    expect(await page.locator('.panel--success .lead').textContent()).toBe(lead);
    // One service, said in the singular.
    expect(await summary.locator('dt').first().textContent()).toBe('Service');
    await shot(page, 'confirmation-reloaded');
    // Time for a hold the page should not ask for to show itself.
    await page.waitForTimeout(1000);
    expect(holds.count).toBe(0);
    expect(await page.getByRole('heading', { name: /just booked|Someone else is booking/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'My bookings' }).last().click();
    await page.waitForURL(/\/bookings$/);
    await page.locator('.booking-card').first().waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    expect(Number(new URL(page.url()).searchParams.get('booking'))).toBe(bookingId);
    expect(await page.locator('.panel--success .lead').textContent()).toBe(lead);
    await page.waitForTimeout(1000);
    expect(holds.count).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says it is offline and takes the hold by itself once the connection is back (installed app)', async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'ben@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    await page.locator('.time-btn').first().waitFor();
    await salonSaved(page, salon.id);
    await page.locator('.live-status--live').waitFor();

    const holds = countHolds(page);
    await ctx.setOffline(true);
    await page.locator('.time-btn').nth(12).click();
    await page.waitForURL(/\/checkout\?/);
    const offline = page.getByRole('status').filter({ hasText: "We'll hold this time as soon as you're back online." });
    await offline.waitFor();
    expect(await offline.textContent()).toContain("You're offline.");
    expect(await page.getByText('Holding this time for you…').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Confirm booking' }).isDisabled()).toBe(true);
    await shot(page, 'checkout-offline');

    // No reload: the page keeps this mark through the whole wait.
    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await ctx.setOffline(false);
    await page.getByTestId('countdown').waitFor({ timeout: 15_000 });
    expect(await offline.count()).toBe(0);
    expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
    // Asked for once the network was back (which also shows the count sees a hold being asked for).
    expect(holds.count).toBeGreaterThan(0);
    await shot(page, 'checkout-back-online');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says it is offline and opens the checkout by itself once back, on a first visit', async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, base, 'chloe@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    await page.locator('.live-status--live').waitFor();

    // Nothing of the checkout saved yet (its code, or the salon's details): whatever is missing waits for the network.
    await ctx.setOffline(true);
    await page.locator('.time-btn').nth(14).click();
    await page.waitForURL(/\/checkout\?/);
    const offline = page.getByRole('status').filter({ hasText: "We'll hold this time as soon as you're back online." });
    await offline.waitFor();
    expect(await page.getByText("This isn't saved on your device yet").count()).toBe(0);
    await shot(page, 'checkout-offline-first-visit');

    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await ctx.setOffline(false);
    await page.getByTestId('countdown').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
    await ctx.close();
  });

  it("says it is offline and loads the checkout by itself once back, when the salon's details are not saved", async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'ana@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    // The checkout's code is saved by the service worker; the salon's details are not.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    await page.evaluate(() => caches.delete('api-salons'));
    await page.locator('.live-status--live').waitFor();

    await ctx.setOffline(true);
    await page.locator('.time-btn').nth(16).click();
    await page.waitForURL(/\/checkout\?/);
    const offline = page.getByRole('status').filter({ hasText: "We'll hold this time as soon as you're back online." });
    await offline.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your booking');
    expect(await page.getByText("This isn't saved on your device yet").count()).toBe(0);
    await shot(page, 'checkout-offline-no-salon');

    await page.evaluate(() => Object.assign(window, { stillHere: true }));
    await ctx.setOffline(false);
    await page.getByTestId('countdown').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
