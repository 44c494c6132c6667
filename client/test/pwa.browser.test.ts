/**
 * The installable shell, the owner's live alerts and the front-desk kiosk, in
 * a real Chromium against the real server.
 */
import { addDays, localDate } from '@glamify/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiToken,
  demoSalon,
  ensureClientBuilt,
  launch,
  newContext,
  type Running,
  shot,
  signIn,
  startServer,
  watchErrors,
} from './browser/harness';

let server: Running;
let browser: Browser;
let base: string;

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startServer();
  base = server.url;
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('installable PWA', () => {
  it('links a manifest with icons and registers the service worker', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifest = (await (await fetch(new URL(href as string, base))).json()) as {
      name: string;
      short_name: string;
      display: string;
      start_url: string;
      icons: { sizes: string; src: string }[];
    };
    expect(manifest.short_name).toBe('Glamify');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, base));
      expect(res.headers.get('content-type')).toBe('image/png');
    }

    const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(scriptURL).toBe(`${base}/sw.js`);
    // The app shell comes from the precache when the network is gone.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await ctx.setOffline(true);
    await page.goto(`${base}/salons/1`);
    await page.locator('.app-header').waitFor();
    await page.getByText("You're offline").first().waitFor();
    await ctx.setOffline(false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows a 404 page for unknown routes', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shot(page, 'not-found');
    await ctx.close();
  });
});

describe('owner dashboard', () => {
  it("lists the day's bookings, marks one completed and alerts on a new booking", async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const ctx = await newContext(browser, {
      viewport: { width: 1024, height: 768 },
      deviceScaleFactor: 1,
      hasTouch: false,
    });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'owner@blowoutbar.com', `/owner?date=${tomorrow}`);
    await page.getByRole('heading', { name: 'Salon dashboard' }).waitFor();
    await page.getByText('No bookings on this day').waitFor();

    // A customer books while the owner watches.
    const { token } = await apiToken(base, 'ana@example.com');
    const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
    const list = (await (
      await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${tomorrow}&serviceId=${blowout.id}`)
    ).json()) as { slots: { id: number; staffId: number; status: string }[] };
    const slot = list.slots.find((s) => s.status === 'available') as { id: number; staffId: number };
    const res = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        slotId: slot.id,
        staffId: slot.staffId,
        serviceIds: [blowout.id],
        idempotencyKey: 'owner-test',
      }),
    });
    expect(res.status).toBe(201);

    const toast = page.locator('.toast');
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain('Ana Costa');
    await page.locator('.owner-row').first().waitFor();
    await shot(page, 'owner');
    // Tomorrow's booking has not started: nothing to complete or mark missed yet.
    expect(await page.getByRole('button', { name: /Mark .* completed/ }).count()).toBe(0);

    // A booking that started a moment ago today (written straight to the database; the
    // booking flow never books the past) can be completed.
    const today = localDate(new Date(), salon.timezone);
    await server.t.db.sql.query(
      `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at,
                             total_price_cents, total_duration_minutes, currency)
       select u.id, u.id, s.id, st.id, 'CONFIRMED', b.starts, b.starts + interval '30 minutes', 4500, 30, 'USD'
       from salons s join staff st on st.salon_id = s.id join users u on u.email = 'ben@example.com',
            lateral (select greatest(now() - interval '1 minute',
                                     (date_trunc('day', now() at time zone s.timezone)) at time zone s.timezone) as starts) b
       where s.id = $1 order by st.id limit 1`,
      [salon.id],
    );
    await page.goto(`${base}/owner?date=${today}`);
    await page
      .getByRole('button', { name: /Mark .* completed/ })
      .first()
      .click();
    await page.locator('.owner-row .badge--completed').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('front-desk kiosk', () => {
  it("shows today's schedule with a column per stylist, live, with a clock", async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const ctx = await newContext(browser, {
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      hasTouch: false,
    });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/kiosk/${salon.id}`);
    await page.getByRole('heading', { name: salon.name }).waitFor();
    const columns = page.locator('thead th.kiosk__stylist');
    await expect.poll(() => columns.allTextContents()).toEqual(salon.staff.map((s) => s.name));
    await expect.poll(() => page.locator('.kiosk__conn').textContent()).toBe('live');
    expect(await page.locator('.kiosk__clock').textContent()).toMatch(/^\d\d:\d\d$/);
    // Unattended: no header, no navigation.
    expect(await page.locator('.app-header').count()).toBe(0);
    await shot(page, 'kiosk');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says when it is reconnecting and recovers by itself', async () => {
    const salon = await demoSalon(base, 'Harlem Fade Co.');
    const ctx = await newContext(browser, {
      viewport: { width: 1280, height: 720 },
      deviceScaleFactor: 1,
      hasTouch: false,
    });
    const page = await ctx.newPage();
    await page.goto(`${base}/kiosk/${salon.id}`);
    await expect.poll(() => page.locator('.kiosk__conn').textContent()).toBe('live');
    // The server drops every socket (as on a restart); the kiosk comes back on its own.
    server.t.app.io.disconnectSockets(true);
    await expect.poll(() => page.locator('.kiosk__conn').textContent(), { timeout: 5000 }).toBe('reconnecting…');
    await expect.poll(() => page.locator('.kiosk__conn').textContent(), { timeout: 20_000 }).toBe('live');
    await ctx.close();
  });
});
