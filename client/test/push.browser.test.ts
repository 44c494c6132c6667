/**
 * Web Push in a real Chromium: the service worker shows a push delivered
 * through the DevTools protocol (`ServiceWorker.deliverPushMessage`) while
 * no page of the app is open, and a tap opens the booking; customers turn
 * reminders on after booking and owners turn alerts on in their dashboard
 * (the device's subscription reaches the server, and signing out ends it).
 *
 * Headless Chromium has no push service to subscribe with, so where a test
 * needs a subscription the browser's `PushManager.subscribe` is replaced by
 * one that answers as a browser does (an https endpoint, a P-256 key and an
 * auth secret) after checking it was given the server's VAPID key.
 */
import { addDays, localDate, type PushMessage } from '@glamify/shared';
import type { Browser, BrowserContext, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pushPlan } from '../../server/src/modules/notifications/push-messages.ts';
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
let publicKey: string;

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    publicKey = ((await (await fetch(`${base}/api/v1/push/public-key`)).json()) as { publicKey: string }).publicKey;
  },
});

/** A context where notifications are allowed, as after the person said yes. */
async function allowed(opts?: Parameters<typeof newContext>[1]): Promise<BrowserContext> {
  const ctx = await newContext(browser, opts);
  await ctx.grantPermissions(['notifications'], { origin: base });
  return ctx;
}

/** Stands in for the browser's push service registration (see the file comment). */
async function fakePushService(ctx: BrowserContext): Promise<void> {
  await ctx.addInitScript((serverKey: string) => {
    const b64url = (bytes: Uint8Array) =>
      btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    const fromB64url = (s: string) =>
      Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    let current: object | null = null;
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
      const key = options?.applicationServerKey;
      const given = typeof key === 'string' ? key : b64url(new Uint8Array(key as ArrayBuffer));
      if (given !== serverKey || options?.userVisibleOnly !== true)
        throw new DOMException('wrong key', 'InvalidAccessError');
      const p256dh = new Uint8Array(65);
      crypto.getRandomValues(p256dh);
      p256dh[0] = 4;
      const auth = crypto.getRandomValues(new Uint8Array(16));
      const endpoint = `https://push.example.test/device/${b64url(crypto.getRandomValues(new Uint8Array(9)))}`;
      const sub = {
        endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: fromB64url(serverKey).buffer },
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: b64url(p256dh), auth: b64url(auth) } }),
        unsubscribe: async () => {
          current = null;
          return true;
        },
      };
      current = sub;
      return sub as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async () => current as PushSubscription | null;
  }, publicKey);
}

async function subscriptionsOf(email: string): Promise<string[]> {
  const { rows } = await server.t.db.sql.query(
    'select p.endpoint from push_subscriptions p join users u on u.id = p.user_id where u.email = $1',
    [email],
  );
  return rows.map((r) => r.endpoint as string);
}

/** A new customer with a booking three days ahead. */
async function customerWithBooking() {
  const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
  const email = `push-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const reg = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'glamify-demo', name: 'Pia Push' }),
  });
  const { token } = (await reg.json()) as { token: string };
  const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
  const date = addDays(localDate(new Date(), salon.timezone), 3);
  const slots = (await (
    await fetch(`${base}/api/v1/availability/slots?salonId=${salon.id}&date=${date}&serviceId=${blowout.id}`)
  ).json()) as { slots: { id: number; staffId: number; status: string }[] };
  const slot = slots.slots.find((s) => s.status === 'available') as { id: number; staffId: number };
  const res = await fetch(`${base}/api/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ slotId: slot.id, staffId: slot.staffId, serviceIds: [blowout.id] }),
  });
  const booking = (await res.json()) as Record<string, unknown> & { id: number };
  return { email, salon, booking };
}

function serviceWorker(ctx: BrowserContext): Worker {
  const sw = ctx.serviceWorkers().find((w) => w.url() === `${base}/sw.js`);
  if (!sw) throw new Error('no service worker');
  return sw;
}

const shown = (sw: Worker) =>
  sw.evaluate(async () =>
    (await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as { url: string },
    })),
  );

describe('the service worker', () => {
  it('shows a push while no page of the app is open, and a tap opens the booking', async () => {
    const { email, salon, booking } = await customerWithBooking();
    const ctx = await allowed();
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });

    // Close the app: only a blank page (for the DevTools session) stays.
    const blank = await ctx.newPage();
    const cdp = await ctx.newCDPSession(blank);
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await page.close();
    expect(ctx.pages().map((p) => p.url())).toEqual(['about:blank']);
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted)).toBeTruthy();
    const registration = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);

    // The message the server sends for a reminder of this booking.
    const { message } = pushPlan(
      'booking_reminder',
      { ...booking, bookingId: booking.id, services: ['Blowout'], startsAtLocal: 'Friday 10:00' },
      new Date(),
    );
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: base,
      registrationId: registration?.registrationId as string,
      data: JSON.stringify(message),
    });
    await expect.poll(async () => (await shown(serviceWorker(ctx))).length, { timeout: 10_000 }).toBe(1);
    const [notification] = await shown(serviceWorker(ctx));
    expect(notification).toEqual({
      title: `Reminder: ${salon.name}`,
      body: `Blowout with ${booking.staffName}, Friday 10:00`,
      tag: `booking-${booking.id}-booking_reminder`,
      data: { url: `${base}/bookings?booking=${booking.id}` },
    } satisfies Record<keyof Pick<PushMessage, 'title' | 'body' | 'tag'>, string> & { data: { url: string } });

    // A push the worker cannot read still shows something (browsers insist), pointing to My bookings.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: base,
      registrationId: registration?.registrationId as string,
      data: 'not json',
    });
    await expect.poll(async () => (await shown(serviceWorker(ctx))).length, { timeout: 10_000 }).toBe(2);

    // The customer opens the app; tapping the reminder takes that window to the booking.
    const app = await ctx.newPage();
    const errors = watchErrors(app);
    await signIn(app, base, email, '/');
    await serviceWorker(ctx).evaluate(async (tag) => {
      const sw = self as unknown as ServiceWorkerGlobalScope;
      const [n] = await sw.registration.getNotifications({ tag });
      // A synthetic tap: the browser's own click cannot be driven headless.
      sw.dispatchEvent(new NotificationEvent('notificationclick', { notification: n as Notification }));
    }, notification?.tag as string);
    await app.waitForURL(`${base}/bookings?booking=${booking.id}`);
    await app.locator(`#booking-${booking.id}.is-highlighted`).waitFor();
    await shot(app, 'push-opened-booking');
    expect(await shown(serviceWorker(ctx))).toHaveLength(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('turning notifications on', () => {
  it('a customer turns on reminders after booking; signing out ends the subscription', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const ctx = await allowed();
    await fakePushService(ctx);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 2);
    await signIn(page, base, 'chloe@example.com', `/salons/${salon.id}?date=${tomorrow}`);
    await page.locator('.time-btn').nth(5).click();
    await page.getByRole('button', { name: 'Confirm booking' }).click({ timeout: 15_000 });
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    await page.getByText('Get a reminder on this device before your appointment.').waitFor();
    await page.getByRole('button', { name: 'Add to calendar' }).waitFor();
    await shot(page, 'confirmation-push-offer');
    await page.getByRole('button', { name: 'Remind me on this device' }).click();
    await page.getByText('Reminders will come to this device.').waitFor();
    await shot(page, 'confirmation-push-on');
    await expect.poll(() => subscriptionsOf('chloe@example.com')).toHaveLength(1);
    expect((await subscriptionsOf('chloe@example.com'))[0]).toMatch(/^https:\/\/push\.example\.test\/device\//);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => subscriptionsOf('chloe@example.com')).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('says so when the browser cannot subscribe (no push service), instead of failing quietly', async () => {
    const ctx = await allowed();
    const page = await ctx.newPage();
    await signIn(page, base, 'owner@harlemfade.com', '/owner');
    await page.getByRole('button', { name: 'Turn on booking alerts' }).click();
    await page.getByRole('alert').getByText('This browser could not set up notifications.').waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await subscriptionsOf('owner@harlemfade.com')).toEqual([]);
    await ctx.close();
  });

  it('an owner turns on booking alerts and makes a private calendar link in the dashboard', async () => {
    const ctx = await allowed({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1, hasTouch: false });
    await fakePushService(ctx);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, base, 'owner@blowoutbar.com', '/owner');
    await page.getByRole('button', { name: 'Turn on booking alerts' }).click();
    await page.getByText('Booking alerts are on for this device.').waitFor();
    await expect.poll(() => subscriptionsOf('owner@blowoutbar.com')).toHaveLength(1);

    await page.getByText('Your bookings in your calendar app').click();
    await page.getByRole('button', { name: 'Make my calendar link' }).click();
    const url = await page.getByLabel('Your calendar link (shown once)').inputValue();
    expect(url).toMatch(new RegExp(`^${base}/api/v1/calendar/feeds/[\\w-]{43}\\.ics$`));
    await shot(page, 'owner-alerts-and-calendar');
    const feed = await fetch(url);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toContain('X-WR-CALNAME:Glamify: Brooklyn Blowout Bar');

    // A new link retires the old one.
    await page.getByRole('button', { name: 'Make a new link' }).click();
    await expect.poll(() => page.getByLabel('Your calendar link (shown once)').inputValue()).not.toBe(url);
    expect((await fetch(url)).status).toBe(404);
    const { token } = await apiToken(base, 'owner@blowoutbar.com');
    const status = await fetch(`${base}/api/v1/calendar/feed`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await status.json()) as { active: boolean }).active).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
