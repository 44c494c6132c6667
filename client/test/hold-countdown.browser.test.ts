/**
 * The hold countdown is honest (WCAG 2.2.1): it shows the time the hold
 * really has, nothing renews it behind the customer's back, it names the
 * most the hold can last, warns a minute before the end with "I need more
 * time" while the cap allows, and says plainly when it does not. Holds are
 * short here (63 s, at most 75 s) so the test sees every stage.
 */
import { addDays, localDate, localTime } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, demoSalon, newContext, type Running, shot, signIn, watchErrors } from './browser/harness';

const TTL = 63;
const MAX = 75;
let server: Running;
let browser: Browser;

browserSuite({
  ready: (suite) => {
    ({ server, browser } = suite);
  },
  config: { holdTtlSeconds: TTL, holdMaxSeconds: MAX },
});

async function lockRow(slotId: number) {
  const { rows } = await server.t.db.sql.query(
    'select expires_at as "expiresAt", hold_started_at as "startedAt" from slot_locks where slot_id = $1',
    [slotId],
  );
  return rows[0] as { expiresAt: Date; startedAt: Date } | undefined;
}

/**
 * The instant as the page writes a hold's end, so the test reads what a person
 * reads: the phone's clock, 24-hour like every time in the app, and "your time"
 * where the salon's clock reads differently.
 */
const clockTime = async (page: Page, at: Date, salonZone: string) => {
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  return `${localTime(at, zone)}${localTime(at, zone) === localTime(at, salonZone) ? '' : ' your time'}`;
};

describe('the hold countdown', () => {
  it('shows the real time left and the cap, warns with "I need more time", then says the cap is reached', async () => {
    const salon = await demoSalon(server.url, 'Brooklyn Blowout Bar');
    const blowout = salon.services.find((s) => s.name === 'Blowout') as { id: number };
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'chloe@example.com', `/salons/${salon.id}?service=${blowout.id}&date=${tomorrow}`);
    await page.locator('.time-btn').nth(2).click();
    const clock = page.getByTestId('countdown');
    await clock.waitFor();
    const slotId = Number(new URL(page.url()).searchParams.get('slot'));
    const first = await lockRow(slotId);
    if (!first) throw new Error('no hold');

    // The real time left: the hold's own length, not a figure that jumps back on every heartbeat.
    expect(await clock.textContent()).toMatch(/^0(1:0[0-3]|0:5\d)$/);
    const cap = page.getByTestId('hold-cap');
    const capEnd = new Date(first.startedAt.getTime() + MAX * 1000);
    expect(await cap.textContent()).toContain(`up to ${await clockTime(page, capEnd, salon.timezone)} at the latest`);
    await shot(page, 'hold-countdown');

    // A minute before the end: one warning, with a way to get more time.
    const alert = page.getByRole('alert');
    await alert.getByText('About a minute left').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').count()).toBe(1);
    // Screen readers hear it once: its text stays put while the digits tick (and they are hidden).
    await page.evaluate(() => {
      const w = window as unknown as { alertChanges: number };
      w.alertChanges = 0;
      const el = document.querySelector('[role="alert"]');
      if (el)
        new MutationObserver(() => w.alertChanges++).observe(el, {
          subtree: true,
          characterData: true,
          childList: true,
        });
    });
    const before = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 5000 }).not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { alertChanges: number }).alertChanges)).toBe(0);
    expect(await clock.evaluate((el) => el.closest('[aria-hidden="true"]') !== null)).toBe(true);
    expect(await page.locator('.countdown__unit').textContent()).toBe('min left');
    // Nothing renewed the hold meanwhile: the countdown is the truth.
    expect((await lockRow(slotId))?.expiresAt.getTime()).toBe(first.expiresAt.getTime());
    await shot(page, 'hold-warning');

    // More time, as often as the cap allows: each renewal moves the end, never past the cap.
    const more = page.getByRole('button', { name: 'I need more time' });
    let extensions = 0;
    while ((await more.count()) > 0) {
      const was = (await lockRow(slotId))?.expiresAt.getTime() ?? 0;
      await more.click();
      await expect.poll(async () => (await lockRow(slotId))?.expiresAt.getTime()).toBeGreaterThan(was);
      const until = (await lockRow(slotId))?.expiresAt.getTime() ?? 0;
      expect(until).toBeLessThanOrEqual(capEnd.getTime());
      extensions++;
      if (until === capEnd.getTime()) break;
      // Not at the cap: more than a minute is left again, so the warning is over (the page has
      // the new end) before the next one comes; asking for the button before then would race it.
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      if (extensions === 1) {
        // The warning's button is gone with it: the keyboard stays with the news.
        expect(await page.evaluate(() => document.activeElement?.classList.contains('countdown'))).toBe(true);
        expect(await clock.textContent()).toMatch(/^01:0[0-3]$/);
      }
      await page.getByRole('alert').waitFor({ timeout: 15_000 });
    }
    expect(extensions).toBeGreaterThanOrEqual(1);
    expect((await lockRow(slotId))?.expiresAt.getTime()).toBe(capEnd.getTime());
    // The cap is reached: said plainly.
    await cap.getByText('This is the longest we can hold a time').waitFor();
    expect(await cap.textContent()).toContain(await clockTime(page, capEnd, salon.timezone));

    // The last minute: a warning without the button, since no more time can be given.
    await page.getByRole('alert').getByText('We cannot hold this time any longer').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'I need more time' }).count()).toBe(0);
    await shot(page, 'hold-capped');

    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
