/**
 * The waitlist in a real Chromium against the real server: joining from a
 * day with no free time, the offer banner with its countdown on any page,
 * booking from it, leaving an entry in My bookings, and "get it for me if it
 * frees" from a checkout conflict.
 */
import { addDays, localDate, PROTOCOL_VERSION } from '@glamify/shared';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { mailSettled } from '../../server/test/waitlist.ts';
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
const sockets: Socket[] = [];

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    salon = await demoSalon(base, 'Brooklyn Blowout Bar');
  },
  beforeClose: async () => {
    for (const s of sockets) s.disconnect();
    if (server) await mailSettled(server.t);
  },
});

/** A fresh customer account, signed up over the API. */
async function newCustomer(name: string) {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'glamify-demo', name }),
  });
  expect(res.status).toBe(201);
  return email;
}

/** Fills a salon-day: every slot held by a scripted customer for an hour (straight in the database). */
async function fillDay(date: string, holderEmail: string): Promise<void> {
  const { userId } = await apiToken(base, holderEmail);
  await server.t.db.sql.query(
    `insert into slot_locks (slot_id, holder_id, token, expires_at, hold_started_at)
     select sl.id, $1, gen_random_uuid(), now() + interval '1 hour', now() from slots sl
     where sl.salon_id = $2 and sl.starts_at >= ($3::date::timestamp at time zone $4)
       and sl.starts_at < (($3::date + 1)::timestamp at time zone $4) and not sl.is_booked
       and not exists (select 1 from slot_locks l where l.slot_id = sl.id)`,
    [userId, salon.id, date, salon.timezone],
  );
}

describe('the waitlist in the PWA', () => {
  it('joins from a full day, shows the offer banner on another page, and books from it', async () => {
    const date = addDays(localDate(new Date(), salon.timezone), 3);
    await fillDay(date, 'ben@example.com');
    const cut = salon.services.find((s) => s.name === "Men's cut") as { id: number };
    const email = await newCustomer('Wanda');
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, email, `/salons/${salon.id}?service=${cut.id}&date=${date}`);

    await page.getByText(/^Fully booked on /).waitFor();
    await page.getByLabel('Between', { exact: true }).selectOption('10:00');
    await page.getByLabel('and', { exact: true }).selectOption('14:00');
    await page.getByLabel('With', { exact: true }).selectOption({ label: 'Marco' });
    await shot(page, 'waitlist-join-full-day');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await page.getByText("You're on the waitlist (number 1 in line)").waitFor();

    // Somewhere else in the app when a time frees: Marco's 11:00 is let go.
    await page.getByRole('link', { name: 'My bookings' }).first().click();
    await page.getByRole('heading', { name: 'Waitlist' }).waitFor();
    const marco = salon.staff.find((s) => s.name === 'Marco') as { id: number };
    await server.t.db.sql.query(
      `delete from slot_locks where slot_id in (
         select id from slots where staff_id = $1 and starts_at >= ($2::date + time '11:00') at time zone $3
           and starts_at < ($2::date + time '11:30') at time zone $3)`,
      [marco.id, date, salon.timezone],
    );
    const banner = page.getByRole('region', { name: 'Waitlist offers' });
    await banner.getByText('A time freed up for you').waitFor({ timeout: 15_000 });
    await expect(banner.getByText(/Men's cut with Marco at Brooklyn Blowout Bar/).count()).resolves.toBe(1);
    const countdown = await banner.getByTestId('offer-countdown').textContent();
    expect(countdown).toMatch(/^(09:[0-5]\d|10:00)$/);
    await page.getByText(/Held for you: .*11:00/).waitFor();
    await shot(page, 'waitlist-offer-banner');

    await banner.getByRole('button', { name: 'Book it' }).click();
    await banner.getByRole('heading', { name: "You're booked!" }).waitFor();
    await shot(page, 'waitlist-offer-booked');
    await banner.getByRole('link', { name: 'My bookings' }).click();
    await page.reload();
    await page.getByText('Brooklyn Blowout Bar').first().waitFor();
    const { token } = await apiToken(base, email);
    const mine = (await (
      await fetch(`${base}/api/v1/bookings`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      items: { staffName: string; status: string }[];
    };
    expect(mine.items).toEqual([expect.objectContaining({ staffName: 'Marco', status: 'CONFIRMED' })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers "get it for me if it frees" at a conflict, and leaves the entry from My bookings', async () => {
    const date = addDays(localDate(new Date(), salon.timezone), 4);
    const cut = salon.services.find((s) => s.name === "Men's cut") as { id: number };
    const slots = (await (
      await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${date}&serviceId=${cut.id}`)
    ).json()) as { slots: { id: number; staffId: number; startsAt: string; status: string }[] };
    const target = slots.slots.find((s) => s.status === 'available') as {
      id: number;
      staffId: number;
      startsAt: string;
    };
    // Another customer is in checkout on that time.
    const { token } = await apiToken(base, 'chloe@example.com');
    const other = io(base, { transports: ['websocket'], auth: { token, v: PROTOCOL_VERSION } });
    sockets.push(other);
    await new Promise<void>((resolve) => other.once('connect', () => resolve()));
    const held = (await other.timeout(5000).emitWithAck('hold:start', { slotId: target.id, serviceId: cut.id })) as {
      ok: boolean;
    };
    expect(held.ok).toBe(true);

    const email = await newCustomer('Xavier');
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const q = new URLSearchParams({
      salon: String(salon.id),
      service: String(cut.id),
      slot: String(target.id),
      staff: String(target.staffId),
      at: target.startsAt,
      date,
    });
    await signIn(page, base, email, `/checkout?${q}`);
    await page.getByRole('heading', { name: 'Someone else is booking this time' }).waitFor();
    await page.getByRole('button', { name: 'Get it for me if it frees' }).click();
    await page.getByText("You're on the waitlist (number 1 in line)").waitFor();
    await shot(page, 'waitlist-join-conflict');

    await page.goto(`${base}/bookings`);
    const item = page.locator('.waitlist-item');
    await item.getByText(/exactly/).waitFor();
    await item.getByRole('button', { name: /Leave the waitlist/ }).click();
    await page.getByRole('heading', { name: 'Waitlist' }).waitFor({ state: 'detached' });
    const list = (await (
      await fetch(`${base}/api/v1/waitlist`, {
        headers: { authorization: `Bearer ${(await apiToken(base, email)).token}` },
      })
    ).json()) as { items: { status: string }[] };
    expect(list.items.map((e) => e.status)).toEqual(['left']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows the owner the day's line in order", async () => {
    const date = addDays(localDate(new Date(), salon.timezone), 5);
    await fillDay(date, 'ben@example.com');
    const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
    const names = ['Quinn Early', 'Rosa Later'];
    for (const name of names) {
      const { token } = await apiToken(base, await newCustomer(name.split(' ')[0] as string));
      // The name on the account is the first word; the owner sees it.
      const res = await fetch(`${base}/api/v1/waitlist`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ salonId: salon.id, serviceId: blowout.id, date, from: '12:00', to: '16:00' }),
      });
      expect(res.status).toBe(201);
    }
    const context = await newContext(browser, {
      viewport: { width: 1100, height: 900 },
      deviceScaleFactor: 1,
      hasTouch: false,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'owner@blowoutbar.com', `/owner?date=${date}`);
    const section = page.locator('.owner-waitlist');
    await section.getByText('Quinn').waitFor();
    const rows = await section.locator('li').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Quinn · Blowout · 12:00–16:00 · any stylist/);
    expect(rows[1]).toMatch(/^Rosa/);
    await shot(page, 'waitlist-owner-day');
    expect(errors).toEqual([]);
    await context.close();
  });
});
