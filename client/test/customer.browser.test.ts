/**
 * The customer's journey in a real Chromium against the real server: search,
 * live free times, checkout with a hold, conflicts, and offline cancellation.
 */
import { type Ack, addDays, localDate, PROTOCOL_VERSION } from '@glamify/shared';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
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
let tomorrow: string;
const sockets: Socket[] = [];

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    // Open every day of the week, so "tomorrow" always has free times.
    salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
  },
  beforeClose: () => {
    for (const s of sockets) s.disconnect();
  },
});

function service(name: string) {
  const s = salon.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

/** Another customer, scripted over the socket. */
async function otherCustomer(email: string) {
  const { token } = await apiToken(base, email);
  const socket = io(base, { transports: ['websocket'], auth: { token, v: PROTOCOL_VERSION } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    token,
    hold: (slotId: number, serviceId: number) =>
      socket.timeout(5000).emitWithAck('hold:start', { slotId, serviceId }) as Promise<
        Ack<{ lockToken: string; slotIds: number[]; expiresAt: string }>
      >,
  };
}

/** A fresh customer with one booking tomorrow, made over the API. */
async function customerWithBooking() {
  const email = `offline-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'glamify-demo', name: 'Olivia Offline' }),
  });
  expect(reg.status).toBe(201);
  const { token } = (await reg.json()) as { token: string };
  const cut = service("Men's cut");
  const list = (await (
    await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${tomorrow}&serviceId=${cut.id}`)
  ).json()) as { slots: { id: number; staffId: number; status: string }[] };
  const free = list.slots.filter((s) => s.status === 'available');
  const slot = free[free.length - 1];
  if (!slot) throw new Error('no free slot tomorrow');
  const res = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slotId: slot.id, staffId: slot.staffId, serviceIds: [cut.id], idempotencyKey: email }),
  });
  expect(res.status).toBe(201);
  return { email, token };
}

async function bookingsOf(token: string) {
  const res = await fetch(`${base}/api/v1/bookings?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { items: { id: number; status: string; startsAt: string; staffId: number }[] }).items;
}

describe('customer PWA', () => {
  it('searches salons and opens one', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    await page.locator('.salon-card').first().waitFor();
    expect(await page.locator('.salon-card').count()).toBe(4);
    await shot(page, 'search');

    await page.getByLabel('Salon name').fill('blow');
    await expect.poll(() => page.locator('.salon-card').count()).toBe(1);
    await page.getByLabel('City').selectOption('Berlin');
    await expect.poll(() => page.locator('.result-count').textContent()).toMatch(/0 salons in Berlin/);
    await page.getByLabel('City').selectOption('');
    await page.getByRole('link', { name: 'Brooklyn Blowout Bar' }).click();

    await page.waitForURL(/\/salons\/\d+/);
    await page.getByRole('heading', { level: 1, name: 'Brooklyn Blowout Bar' }).waitFor();
    // Focus follows navigation to the new page's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.locator('.time-btn, .state--empty').first().waitFor();
    await shot(page, 'salon');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('takes a time off the list the moment another customer starts checking out', async () => {
    const cut = service("Men's cut");
    const stylist = salon.staff[1] as { id: number; name: string };
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/salons/${salon.id}?service=${cut.id}&staff=${stylist.id}&date=${tomorrow}`);
    await page.locator('.live-status--live').waitFor();
    const button = page.locator('.time-btn').nth(3);
    const slotId = Number(await button.getAttribute('data-slot-id'));
    const time = (await button.textContent()) ?? '';
    expect(slotId).toBeGreaterThan(0);

    const other = await otherCustomer('chloe@example.com');
    // Presence: the other customer watches the same day too.
    await other.socket.timeout(5000).emitWithAck('schedule:join', { salonId: salon.id, date: tomorrow });
    await page.getByText('2 people are looking at this day').waitFor();

    const held = await other.hold(slotId, cut.id);
    expect(held.ok).toBe(true);
    await page.locator(`.time-btn[data-slot-id="${slotId}"]`).waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.locator('.time-btn').allTextContents()).not.toContain(time);
    // The day's chip counts with the list, live.
    const chip = page.locator(`.choice--day:has(input[value="${tomorrow}"]) .day__status`);
    const shown = await page.locator('.time-btn').count();
    await expect.poll(() => chip.textContent()).toBe(`${shown} times`);
    await shot(page, 'salon-live-held');

    if (!held.ok) return;
    await other.socket.timeout(5000).emitWithAck('hold:release', { lockToken: held.lockToken });
    await page.locator(`.time-btn[data-slot-id="${slotId}"]`).waitFor({ timeout: 5000 });
    await expect.poll(() => chip.textContent()).toBe(`${await page.locator('.time-btn').count()} times`);
    other.socket.disconnect();
    await ctx.close();
  });

  it('falls back to fetched times and says live updates are paused while the socket is down', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    // No WebSocket and no long-polling: the live connection cannot be made.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.route('**/socket.io/**', (route) => route.abort());
    await page.goto(`${base}/salons/${salon.id}?date=${tomorrow}`);
    await page.getByText('Live updates paused — reconnecting').waitFor({ timeout: 15_000 });
    await page.locator('.time-btn').first().waitFor();
    await shot(page, 'salon-socket-down');
    await ctx.close();
  });

  it('signs in on the way, holds the time with a countdown and books it', async () => {
    const blowout = service('Blowout');
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/salons/${salon.id}?service=${blowout.id}&date=${tomorrow}`);
    await page.locator('.time-btn').nth(1).click();

    await page.waitForURL(/\/login\?next=/);
    await shot(page, 'login');
    await page.getByLabel('Email').fill('ana@example.com');
    await page.getByLabel('Password').fill('glamify-demo');
    await page.locator('form').getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(/\/checkout\?/);
    const clock = page.getByTestId('countdown');
    await clock.waitFor();
    expect(await clock.textContent()).toMatch(/^0[0-5]:\d\d$/);
    await page.getByText("We're holding this time for you").waitFor();
    await shot(page, 'checkout');

    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    await shot(page, 'confirmation');

    const { token } = await apiToken(base, 'ana@example.com');
    const mine = await bookingsOf(token);
    expect(mine.filter((b) => b.status === 'CONFIRMED')).toHaveLength(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows a conflict with one-tap alternatives when the time was taken, and books an alternative', async () => {
    const cut = service("Men's cut");
    const stylist = salon.staff[0] as { id: number; name: string };
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    // Ben picks a stylist: the slot is exactly theirs, so a taken time is a conflict, not another stylist.
    await signIn(
      page,
      base,
      'ben@example.com',
      `/salons/${salon.id}?service=${cut.id}&staff=${stylist.id}&date=${tomorrow}`,
    );
    await page.locator('.time-btn').nth(6).click();
    await page.getByTestId('countdown').waitFor();
    const params = new URL(page.url()).searchParams;
    const slotId = Number(params.get('slot'));
    const staffId = Number(params.get('staff'));

    // Ben's hold lapses and Chloé books the same stylist at that time before he confirms.
    await server.t.db.sql.query(
      "update slot_locks set expires_at = now() - interval '1 minute' where token = (select token from slot_locks where slot_id = $1)",
      [slotId],
    );
    const chloe = await apiToken(base, 'chloe@example.com');
    const res = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chloe.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId, staffId, serviceIds: [cut.id], idempotencyKey: crypto.randomUUID() }),
    });
    expect(res.status).toBe(201);

    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: /this time was just booked/ }).waitFor();
    const alternatives = page.locator('.alt-btn');
    await alternatives.first().waitFor();
    expect(await alternatives.count()).toBeGreaterThan(0);
    // The chosen stylist's nearest times are among them.
    expect((await alternatives.allTextContents()).some((t) => t.includes(stylist.name))).toBe(true);
    // Shown in time order (then by stylist), whatever order the server picked them in.
    const offered = await alternatives.evaluateAll((buttons) =>
      buttons.map((b) => ({
        at: Date.parse(b.getAttribute('data-starts-at') ?? ''),
        who: b.querySelector('.alt-btn__who')?.textContent ?? '',
      })),
    );
    expect(offered.every((o) => Number.isFinite(o.at))).toBe(true);
    const sorted = [...offered].sort((a, b) => a.at - b.at || a.who.localeCompare(b.who));
    expect(offered).toEqual(sorted);
    // "See all times" keeps the stylist filter.
    expect(await page.getByRole('link', { name: 'See all times' }).getAttribute('href')).toContain(
      `staff=${stylist.id}`,
    );
    await shot(page, 'conflict');

    await alternatives.first().click();
    await page.waitForURL((u) => Number(u.searchParams.get('slot')) !== slotId);
    await page.getByTestId('countdown').waitFor();
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    await ctx.close();
  });

  it('with "any stylist", a time taken from under the hold is booked with another free stylist', async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, base, 'ben@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    await page.locator('.time-btn').nth(8).click();
    await page.getByTestId('countdown').waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('any')).toBe('1');
    const slotId = Number(params.get('slot'));
    const staffId = Number(params.get('staff'));
    await server.t.db.sql.query(
      "update slot_locks set expires_at = now() - interval '1 minute' where token = (select token from slot_locks where slot_id = $1)",
      [slotId],
    );
    const chloe = await apiToken(base, 'chloe@example.com');
    const res = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chloe.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId, serviceIds: [cut.id], idempotencyKey: crypto.randomUUID() }),
    });
    expect(res.status).toBe(201);
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    const { token } = await apiToken(base, 'ben@example.com');
    const mine = (await bookingsOf(token)) as { startsAt: string; status: string; staffId?: number }[];
    const at = params.get('at');
    const booked = mine.find((b) => b.startsAt === at && b.status === 'CONFIRMED');
    expect(booked?.staffId).toBeDefined();
    expect(booked?.staffId).not.toBe(staffId);
    await ctx.close();
  });

  it('offers other times when the hold itself cannot be had', async () => {
    const cut = service("Men's cut");
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, base, 'ben@example.com', `/salons/${salon.id}?service=${cut.id}&date=${tomorrow}`);
    const button = page.locator('.time-btn').nth(10);
    const slotId = Number(await button.getAttribute('data-slot-id'));
    const other = await otherCustomer('chloe@example.com');
    expect((await other.hold(slotId, cut.id)).ok).toBe(true);
    await page.goto(
      `${base}/checkout?salon=${salon.id}&service=${cut.id}&slot=${slotId}&at=${encodeURIComponent(new Date().toISOString())}&date=${tomorrow}`,
    );
    await page.getByRole('heading', { name: 'Someone else is booking this time' }).waitFor();
    await page.locator('.alt-btn').first().waitFor();
    other.socket.disconnect();
    await ctx.close();
  });

  it('reads bookings offline and queues a cancellation until the network is back', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const customer = await customerWithBooking();
    await page.goto(`${base}/login?next=/bookings`);
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill('glamify-demo');
    await page.locator('form').getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.booking-card').first().waitFor();
    // Once the service worker controls the page, a reload puts the list in its cache.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    await page.reload();
    await page.locator('.booking-card').first().waitFor();
    // The service worker stores the answer after the page has rendered it; under load that
    // can take a moment. Going offline before it is stored would test an empty cache.
    await page.waitForFunction(
      async () => {
        const stored = await (await caches.open('api-bookings')).keys();
        return stored.some((r) => new URL(r.url).pathname === '/api/v1/bookings');
      },
      null,
      { timeout: 20_000 },
    );

    // A waitlist entry, which has no copy saved on the device: for a time another customer has
    // booked on a day far from this booking (nothing frees for it here, so no offer comes).
    const blowout = service('Blowout');
    const later = addDays(tomorrow, 5);
    const ben = await apiToken(base, 'ben@example.com');
    const taken = (
      (await (
        await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${later}&serviceId=${blowout.id}`)
      ).json()) as { slots: { id: number; staffId: number; status: string }[] }
    ).slots.find((s) => s.status === 'available');
    if (!taken) throw new Error(`no free time on ${later}`);
    const booked = await fetch(`${base}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ben.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: taken.id, staffId: taken.staffId, serviceIds: [blowout.id] }),
    });
    expect(booked.status).toBe(201);
    const joined = await fetch(`${base}/api/v1/waitlist`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: taken.id, serviceId: blowout.id }),
    });
    expect(joined.status).toBe(201);

    await ctx.setOffline(true);
    const waitlistFailed = page.waitForEvent('requestfailed', (r) => new URL(r.url()).pathname === '/api/v1/waitlist');
    await page.reload();
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
    await page.locator('.booking-card').first().waitFor();
    await page.getByText("You're offline — these are your bookings as last seen").waitFor();
    // The waitlist cannot load offline: it steps aside instead of putting an error above the saved list.
    await waitlistFailed;
    // The section has taken in the failure (not merely still loading): then nothing alarms.
    await page.locator('[data-waitlist="offline"]').waitFor({ state: 'attached' });
    await page.locator('.booking-card').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Waitlist' }).count()).toBe(0);
    await shot(page, 'bookings-offline');

    await page.getByRole('button', { name: 'Cancel booking' }).first().click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.getByText("Cancellation pending — will be sent when you're back online.").waitFor();
    await shot(page, 'bookings-offline-pending');

    const { token } = customer;
    expect((await bookingsOf(token)).filter((b) => b.status === 'CANCELLED')).toHaveLength(0);

    await ctx.setOffline(false);
    await expect
      .poll(async () => (await bookingsOf(token)).filter((b) => b.status === 'CANCELLED').length, {
        timeout: 15_000,
      })
      .toBe(1);
    await page.locator('.badge--cancelled').first().waitFor({ timeout: 15_000 });
    // Back online, the waitlist loads by itself.
    await page.getByRole('heading', { name: 'Waitlist' }).waitFor({ timeout: 10_000 });
    await shot(page, 'bookings-after-sync');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
