/**
 * What a customer sees around a booking, in a real Chromium against the real
 * server: salon details, the salon's time zone on a phone elsewhere, the day
 * row opening on the first day with free times, and a visitor's choice
 * surviving sign-up.
 */
import { addDays, localDate } from '@glamify/shared';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiToken,
  browserSuite,
  demoSalon,
  newContext,
  phone,
  type Running,
  shot,
  signIn,
  watchErrors,
} from './browser/harness';

let server: Running;
let browser: Browser;
let base: string;

browserSuite({
  ready: (suite) => {
    ({ server, browser, base } = suite);
  },
});

/** ISO weekday (1 = Monday) of a calendar date. */
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay() || 7;

describe('salon details', () => {
  it('shows the address with a map link, the phone, opening hours, descriptions and bios', async () => {
    const salon = await demoSalon(base, 'Harlem Fade Co.');
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/salons/${salon.id}`);
    await page.getByRole('heading', { level: 1, name: salon.name }).waitFor();

    const map = page.getByRole('link', { name: /^Map of Harlem Fade Co\./ });
    expect(await map.getAttribute('href')).toBe(
      `https://www.openstreetmap.org/search?query=${encodeURIComponent('301 Lenox Ave, New York, NY 10027')}`,
    );
    // The postal address as the salon wrote it: the search's city is not said twice.
    expect(await page.locator('.salon-address > span').first().textContent()).toBe('301 Lenox Ave, New York, NY 10027');
    expect(await map.getAttribute('target')).toBe('_blank');
    expect(await page.getByRole('link', { name: /Call Harlem Fade Co\./ }).getAttribute('href')).toBe(
      'tel:+12125550199',
    );
    await page.getByText('Skin, low, mid or high fade.').waitFor();

    await page.getByText('Opening hours and team').click();
    const hours = page.locator('.hours-list');
    expect(await hours.locator('dt').allTextContents()).toEqual(['Mon', 'Tue–Sat', 'Sun']);
    expect(await hours.locator('dd').allTextContents()).toEqual([
      'Closed',
      '10:00–20:00 (break 14:00–14:30)',
      'Closed',
    ]);
    await page.locator('.team-list').getByText('Classic cuts and straight-razor shaves.').waitFor();

    await page.getByRole('radio', { name: 'Dre' }).check();
    await page.locator('.stylist-bio').getByText('Skin fades and designs.').waitFor();
    await shot(page, 'salon-details');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('time zones', () => {
  it('names the salon’s zone on a phone elsewhere: salon page, checkout, confirmation and My bookings', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const ctx = await browser.newContext({ ...phone, timezoneId: 'Europe/Berlin', serviceWorkers: 'allow' });
    const page = await ctx.newPage();
    await signIn(page, base, 'ben@example.com', `/salons/${salon.id}?date=${tomorrow}`);
    await page.getByText('Times are New York time.').waitFor();
    const button = page.locator('.time-btn').first();
    const time = (await button.textContent()) ?? '';
    await button.click();
    await page.getByTestId('countdown').waitFor();
    const when = page.locator('.summary dt', { hasText: 'When' }).locator('..').locator('dd');
    expect(await when.textContent()).toContain(`${time} New York time`);
    // And the same moment on the phone's own clock, six hours later in Berlin.
    const berlin = `${String((Number(time.slice(0, 2)) + 6) % 24).padStart(2, '0')}${time.slice(2)} your time`;
    expect(await when.textContent()).toContain(berlin);
    // The hold's end is about now, on the phone's clock, and says so beside the salon's times.
    expect(await page.getByTestId('hold-cap').textContent()).toMatch(
      /^Held until \d\d:\d\d your time\. You can ask for more time, up to \d\d:\d\d your time at the latest\.$/,
    );
    await shot(page, 'checkout-other-zone');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    expect(await page.locator('.lead').textContent()).toContain(`${time} New York time`);

    await page.goto(`${base}/bookings`);
    await page.locator('.booking-card__when').first().waitFor();
    expect(await page.locator('.booking-card__when').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(`${time} New York time`)]),
    );
    await shot(page, 'bookings-other-zone');
    await ctx.close();
  });

  it('says nothing about zones where the phone’s clock and the salon’s agree', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const ctx = await browser.newContext({ ...phone, timezoneId: 'America/New_York' });
    const page = await ctx.newPage();
    await page.goto(`${base}/salons/${salon.id}`);
    await page.locator('.time-btn, .day-full').first().waitFor();
    expect(await page.getByText('New York time').count()).toBe(0);
    await ctx.close();
  });
});

describe('choosing a day', () => {
  it('opens on the first day with free times, marks closed and full days, and a full day points to the next', async () => {
    const salon = await demoSalon(base, 'Harlem Fade Co.');
    const today = localDate(new Date(), salon.timezone);
    // The salon works Tuesday to Saturday; the next two working days are made full.
    const working = Array.from({ length: 14 }, (_, i) => addDays(today, i)).filter(
      (d) => weekday(d) <= 6 && weekday(d) >= 2,
    );
    const [fullA, fullB, firstFree] = working as [string, string, string];
    const { userId } = await apiToken(base, 'chloe@example.com');
    await server.t.db.sql.query(
      `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at)
       select sl.id, $1, null, gen_random_uuid(), now() + interval '1 hour', now()
       from slots sl join salons s on s.id = sl.salon_id
       where s.id = $2 and (sl.starts_at at time zone s.timezone)::date in ($3::date, $4::date)
         and sl.starts_at > now() and not sl.is_booked
       on conflict (slot_id) do nothing`,
      [userId, salon.id, fullA, fullB],
    );

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/salons/${salon.id}`);
    await page.locator('.time-btn').first().waitFor();
    expect(await page.locator('input[name="date"]:checked').getAttribute('value')).toBe(firstFree);
    expect(await page.locator('#times-heading').textContent()).toContain('Free times');
    // The chosen day is in view in its row.
    const inView = await page.evaluate(() => {
      const row = document.querySelector('.day-row') as HTMLElement;
      const chosen = (row.querySelector('input:checked') as HTMLElement).closest('label') as HTMLElement;
      const r = row.getBoundingClientRect();
      const c = chosen.getBoundingClientRect();
      return c.left >= r.left - 1 && c.right <= r.right + 1;
    });
    expect(inView).toBe(true);

    // Closed days say so and cannot be chosen; full days say so and can.
    const dayOf = (date: string) => page.locator(`.choice--day:has(input[value="${date}"])`);
    const closed = Array.from({ length: 14 }, (_, i) => addDays(today, i)).filter(
      (d) => weekday(d) === 1 || weekday(d) === 7,
    );
    for (const d of closed) {
      expect(await dayOf(d).locator('.day__status').textContent(), d).toBe('Closed');
      expect(await dayOf(d).locator('input').isDisabled(), d).toBe(true);
    }
    const fullText = await dayOf(fullB).locator('.day__status').textContent();
    expect(fullText).toBe('Full');
    await shot(page, 'salon-first-free-day');

    await dayOf(fullB).click();
    const full = page.locator('.day-full');
    await full.getByText(/^Fully booked on /).waitFor();
    await shot(page, 'salon-full-day');
    await full.getByRole('button', { name: /^First free day:/ }).click();
    await expect.poll(() => page.locator('input[name="date"]:checked').getAttribute('value')).toBe(firstFree);
    await page.locator('.time-btn').first().waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('signing in mid-booking', () => {
  it('keeps the visitor’s choice through sign-up (and a too-short password) and holds it at checkout', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/salons/${salon.id}?service=${blowout.id}&date=${tomorrow}`);
    const button = page.locator('.time-btn').nth(4);
    const time = (await button.textContent()) ?? '';
    const slotId = Number(await button.getAttribute('data-slot-id'));
    await button.click();

    await page.waitForURL(/\/login\?next=/);
    // The page's code loads on first use; focus still lands on its heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in');
    const choice = page.getByTestId('pending-choice');
    await choice.getByText('Blowout').waitFor();
    expect(await choice.textContent()).toContain(time);
    expect(await choice.textContent()).toContain(salon.name);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/register\?next=/);
    await page.getByTestId('pending-choice').getByText(time, { exact: false }).waitFor();

    const email = `visitor-${crypto.randomUUID().slice(0, 8)}@example.com`;
    // Spaces are no name: said in words next to the field, not as the server's schema.
    await page.getByLabel('Your name').fill('   ');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#auth-name-error').getByText('Enter your name.').waitFor();
    expect(await page.getByLabel('Your name').getAttribute('maxlength')).toBe('100');
    await page.getByLabel('Your name').fill('Vera Visitor');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The rule is said next to the field, and the field says it is wrong.
    const password = page.getByLabel('Password');
    await page.getByText('Use at least 8 characters.').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('auth-password-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('auth-password');
    await shot(page, 'register-short-password');

    await password.fill('long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/checkout\?/);
    await page.getByTestId('countdown').waitFor();
    expect(Number(new URL(page.url()).searchParams.get('slot'))).toBe(slotId);
    expect(await page.locator('.summary').textContent()).toContain(time);
    const { rows } = await server.t.db.sql.query(
      'select u.email from slot_locks l join users u on u.id = l.holder_id where l.slot_id = $1',
      [slotId],
    );
    expect(rows).toEqual([{ email }]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
