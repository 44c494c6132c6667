/**
 * Running the salon from the console in a real Chromium: services with
 * descriptions, stylists with bios, hours with breaks that move the
 * calendar live, the policy; alerts that go by themselves and cover no
 * button; notifications with an unread count; and customers kept out.
 */
import { localDate } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/src/db/seed-data';
import { axeViolations } from './browser/axe';
import { apiToken, browserSuite, newContext, type Running, shot, signIn } from './browser/harness';
import { call, freeSlotFrom, type NoonSalon, noonSalon } from './browser/noon-salon';

let server: Running;
let browser: Browser;
let base: string;
let salon: NoonSalon;
const laptop = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: false };

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    salon = await noonSalon(server, 'Setup Studio');
  },
});

async function owner(path: string): Promise<Page> {
  const ctx = await newContext(browser, laptop);
  const page = await ctx.newPage();
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email').fill(salon.ownerEmail);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
  await page.waitForURL((u) => u.pathname === '/owner');
  // Signed in, the socket reconnects as the owner: alerts flow once the console says it is live.
  await page.locator('.console-live:not(.console-live--down)').waitFor({ timeout: 15_000 });
  return page;
}

/** 0 = Monday: the weekday row of today in the salon's time zone. */
function todayRow(): number {
  const [y, m, d] = localDate(new Date(), salon.timezone).split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

describe('salon set-up', () => {
  it('adds a service with a description and a stylist with a bio, and a break that the calendar follows live', async () => {
    const page = await owner('/owner?tab=salon');
    const services = page.locator('section', { has: page.getByRole('heading', { name: 'Services' }) });
    await services.getByText('Cut & finish').waitFor();
    const add = page.locator('form', { has: page.getByRole('button', { name: 'Add service' }) });
    await add.getByLabel('Name').fill('Gloss treatment');
    await add.getByLabel('What it includes').fill('A clear gloss for shine, rinsed and blow-dried.');
    await add.getByLabel('Minutes').fill('40');
    await add.getByLabel('Cleanup (min)').fill('5');
    await add.getByLabel('Price').fill('39.50');
    await add.getByRole('button', { name: 'Add service' }).click();
    await services.getByText('A clear gloss for shine, rinsed and blow-dried.').waitFor();
    await services.getByText('40 min + 5 min cleanup · €39.50').waitFor();
    // Edited in place, then off the menu and back.
    await services.getByRole('button', { name: 'Edit Gloss treatment' }).click();
    const edit = services.locator('form', { has: page.getByRole('button', { name: 'Save', exact: true }) });
    await edit.getByLabel('Price').fill('42');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await services.getByText('40 min + 5 min cleanup · €42.00').waitFor();
    await services.getByRole('button', { name: 'Take off menu: Gloss treatment' }).click();
    await services.locator('.setup-item.is-off', { hasText: 'Gloss treatment' }).getByText('off the menu').waitFor();
    await services.getByRole('button', { name: 'Put back: Gloss treatment' }).click();
    await services.getByRole('button', { name: 'Take off menu: Gloss treatment' }).waitFor();

    const addStaff = page.locator('form', { has: page.getByRole('button', { name: 'Add stylist' }) });
    await addStaff.getByLabel('Name').fill('Ida');
    await addStaff.getByLabel('Short bio').fill('Colour specialist, ten years at the chair.');
    await addStaff.getByRole('button', { name: 'Add stylist' }).click();
    await page.getByText('Colour specialist, ten years at the chair.').waitFor();
    const detail = await call<{
      staff: { name: string; bio: string }[];
      services: { name: string; description: string }[];
    }>(base, 'GET', `/salons/${salon.id}`, null);
    expect(detail.staff.find((s) => s.name === 'Ida')?.bio).toBe('Colour specialist, ten years at the chair.');
    expect(detail.services.find((s) => s.name === 'Gloss treatment')?.description).toContain('clear gloss');
    const stylists = page.locator('section', { has: page.getByRole('heading', { name: 'Stylists' }) });
    await stylists.getByRole('button', { name: 'Stop bookings for Ida' }).click();
    await stylists.locator('.setup-item.is-off', { hasText: 'Ida' }).getByText('not taking bookings').waitFor();
    await stylists.getByRole('button', { name: 'Take bookings again for Ida' }).click();
    await stylists.getByRole('button', { name: 'Stop bookings for Ida' }).waitFor();

    // A break for Mia late this afternoon, while a second tab watches the calendar.
    const day = await owner('/owner');
    const mia = day.locator(`.cal__col[data-staff-id="${salon.staff[0]?.id}"]`);
    await mia.locator('.cal-free').first().waitFor();
    const before = await mia.locator('.cal-free').count();
    await page.getByLabel('Hours of').selectOption({ label: 'Mia' });
    const today = page.locator('.hours__day').nth(todayRow());
    await today.getByLabel('Own hours').check();
    await today.getByLabel('From').fill('07:00');
    await today.getByLabel('to', { exact: true }).first().fill('19:00');
    await today.getByRole('button', { name: /Add break/ }).click();
    await today.getByLabel('Break', { exact: true }).fill('17:00');
    await today.getByLabel('to', { exact: true }).nth(1).fill('18:00');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await page.getByText('Saved: free times follow at once.').waitFor();
    await shot(page, 'owner-setup', { fullPage: false });
    expect(await axeViolations(page)).toEqual([]);
    // Four quarter-hours fewer for Mia, without a reload.
    await expect.poll(() => mia.locator('.cal-free').count(), { timeout: 10_000 }).toBe(before - 4);

    // The policy, with a field error named by the server.
    await page.getByLabel('Deposit (%)').fill('20');
    await page.getByLabel('Reminders (hours before, up to three)').fill('48, 24, 2, 1');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.locator('.policy .field__error').waitFor();
    await page.getByLabel('Reminders (hours before, up to three)').fill('24, 2');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const policy = await call<{ policy: { depositPercent: number; reminderHoursBefore: number[] } }>(
      base,
      'GET',
      `/salons/${salon.id}`,
      null,
    );
    expect(policy.policy).toMatchObject({ depositPercent: 20, reminderHoursBefore: [24, 2] });
    await page.context().close();
    await day.context().close();
  });
});

describe('deposits', () => {
  it("shows a booking's deposit status in the console, no more", async () => {
    const policy = (depositPercent: number) =>
      call(base, 'PUT', `/salons/${salon.id}/policy`, salon.ownerToken, {
        depositPercent,
        freeCancellationHours: 24,
        lateCancelFeePercent: 50,
        noShowFeePercent: 100,
        reminderHoursBefore: [24],
      });
    await policy(20);
    try {
      const ben = await apiToken(base, 'ben@example.com');
      const slot = await freeSlotFrom(server, salon.staff[3]?.id as number, Date.now() + 3 * 60 * 60_000);
      const booking = await call<{ id: number; status: string; payment: { status: string } | null }>(
        base,
        'POST',
        '/bookings',
        ben.token,
        { slotId: slot.id, serviceIds: [salon.services[2]?.id] },
      );
      expect(booking).toMatchObject({ status: 'PENDING', payment: { status: 'DUE' } });
      const page = await owner('/owner');
      const block = page.locator(`.cal-booking[data-booking-id="${booking.id}"]`);
      await expect.poll(() => block.textContent(), { timeout: 10_000 }).toContain('awaiting deposit');
      await block.click();
      await page
        .getByRole('dialog')
        .locator('.panel-deposit')
        .getByText(/^€3\.60 due by /)
        .waitFor();
      await page.context().close();
    } finally {
      // The other tests' customers book without a deposit.
      await policy(0);
    }
  });
});

describe('alerts and notifications', () => {
  it('an alert covers no button and goes by itself; the unread count follows and clears when read', async () => {
    const page = await owner('/owner');
    await page.locator('.cal-free').first().waitFor();
    const unread = page.locator('.notif-button__count');
    const was = Number((await unread.count()) ? await unread.first().textContent() : '0') || 0;

    const chloe = await apiToken(base, 'chloe@example.com');
    const slot = await freeSlotFrom(server, salon.staff[2]?.id as number, Date.now() + 2 * 60 * 60_000);
    await call(base, 'POST', '/bookings', chloe.token, { slotId: slot.id, serviceIds: [salon.services[1]?.id] });
    const toast = page.locator('.toast', { hasText: 'Chloé Martin' });
    await toast.waitFor({ timeout: 10_000 });
    const shownAt = Date.now();

    // The alert lies on no button, link or field: it takes its own place in the page.
    const covered = await page.evaluate(() => {
      const alert = (document.querySelector('.toast') as HTMLElement).getBoundingClientRect();
      return [...document.querySelectorAll<HTMLElement>('button, a, select, input, textarea')]
        .filter((el) => !el.closest('.toast'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) return false;
          return r.left < alert.right && alert.left < r.right && r.top < alert.bottom && alert.top < r.bottom;
        })
        .map((el) => el.outerHTML.slice(0, 80));
    });
    expect(await page.locator('.toast').boundingBox()).not.toBeNull();
    expect(covered).toEqual([]);
    await expect.poll(() => unread.textContent(), { timeout: 10_000 }).toBe(`${was + 1} unread`);
    await shot(page, 'owner-alert', { fullPage: false });

    await toast.waitFor({ state: 'detached', timeout: 15_000 });
    const lasted = Date.now() - shownAt;
    expect(lasted).toBeGreaterThan(6000);

    await page.getByRole('button', { name: /Notifications/ }).click();
    const list = page.getByRole('dialog', { name: 'Notifications' });
    await list.getByText(/New booking: Chloé Martin/).waitFor();
    await expect.poll(() => unread.count(), { timeout: 10_000 }).toBe(0);
    await page.context().close();
  });
});

describe('customers', () => {
  it('never reach the console, the salon’s kiosks or its customers', async () => {
    const ctx = await newContext(browser, laptop);
    const page = await ctx.newPage();
    await signIn(page, base, 'ana@example.com', '/owner');
    await page.getByText('The salon console is for salon owners.').waitFor();
    expect(await page.locator('.cal').count()).toBe(0);
    const { token } = await apiToken(base, 'ana@example.com');
    for (const [method, path, body] of [
      ['GET', `/salons/${salon.id}/kiosks`],
      ['POST', `/salons/${salon.id}/kiosks`, { name: 'Mine now' }],
      ['GET', `/salons/${salon.id}/customers?q=ben`],
      ['GET', `/salons/${salon.id}/staff`],
      ['GET', '/kiosks/me'],
    ] as const) {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    // Her bookings list holds her own bookings only, whatever salon she names.
    const page2 = await call<{ items: { customerId: number }[] }>(base, 'GET', `/bookings?salonId=${salon.id}`, token);
    const me = await call<{ id: number }>(base, 'GET', '/auth/me', token);
    expect(page2.items.every((b) => b.customerId === me.id)).toBe(true);
    await ctx.close();
  });
});
