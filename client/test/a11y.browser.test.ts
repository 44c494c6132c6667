/**
 * axe-core on every customer page, in the states people meet: no serious or
 * critical violation of WCAG 2.2 A/AA (and axe's best practices) anywhere.
 * Lesser findings are printed so they can be looked at.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { addDays, localDate } from '@glamify/shared';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiToken, browserSuite, demoSalon, newContext, signIn } from './browser/harness';

let browser: Browser;
let base: string;

browserSuite({
  ready: (suite) => {
    ({ browser, base } = suite);
  },
});

/** Runs axe and returns the serious and critical violations, one line each. */
async function audit(page: Page, name: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const lines = results.violations.map(
    (v) => `${v.impact}: ${v.id} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  if (lines.length) console.info(`axe ${name}:\n  ${lines.join('\n  ')}`);
  expect(results.passes.length, `${name}: axe ran no checks`).toBeGreaterThan(10);
  return lines.filter((l) => l.startsWith('serious') || l.startsWith('critical'));
}

describe('accessibility (axe-core)', () => {
  it('finds nothing serious on the pages a visitor sees', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const harlem = await demoSalon(base, 'Harlem Fade Co.');
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const found: string[] = [];

    await page.goto(`${base}/`);
    await page.locator('.salon-card').first().waitFor();
    found.push(...(await audit(page, 'search')));

    await page.goto(`${base}/salons/${salon.id}?date=${tomorrow}`);
    await page.locator('.time-btn').first().waitFor();
    await page.getByText('Opening hours and team').click();
    found.push(...(await audit(page, 'salon')));

    // A closed day, with its message.
    const closed = Array.from({ length: 7 }, (_, i) => addDays(tomorrow, i)).find(
      (d) => (new Date(`${d}T12:00:00Z`).getUTCDay() || 7) === 1,
    );
    await page.goto(`${base}/salons/${harlem.id}?date=${closed}`);
    await page.locator('.day-full').waitFor();
    found.push(...(await audit(page, 'salon, closed day')));

    await page.goto(`${base}/salons/${salon.id}?date=${tomorrow}`);
    await page.locator('.time-btn').first().click();
    await page.getByTestId('pending-choice').getByText('Blowout').waitFor();
    found.push(...(await audit(page, 'sign in with a chosen time')));

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 8 characters.').waitFor();
    found.push(...(await audit(page, 'sign up with errors')));

    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    found.push(...(await audit(page, 'not found')));

    expect(found).toEqual([]);
    await ctx.close();
  });

  it('finds nothing serious on the pages a customer sees', async () => {
    const salon = await demoSalon(base, 'Brooklyn Blowout Bar');
    const tomorrow = addDays(localDate(new Date(), salon.timezone), 1);
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const found: string[] = [];
    await signIn(page, base, 'ana@example.com', `/salons/${salon.id}?date=${tomorrow}`);

    await page.locator('.time-btn').nth(3).click();
    await page.getByTestId('countdown').waitFor();
    found.push(...(await audit(page, 'checkout')));

    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByRole('heading', { name: "You're booked!" }).waitFor();
    found.push(...(await audit(page, 'confirmation')));

    // A time someone else holds: the conflict page with its alternatives.
    await page.goto(`${base}/salons/${salon.id}?date=${tomorrow}`);
    const button = page.locator('.time-btn').nth(6);
    const slotId = Number(await button.getAttribute('data-slot-id'));
    const other = await apiToken(base, 'chloe@example.com');
    const cut = salon.services.find((s) => s.name === "Men's cut") as { id: number };
    const held = await fetch(`${base}/api/v1/availability/slots/${slotId}/lock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: cut.id }),
    });
    expect(held.status).toBe(201);
    await page.goto(
      `${base}/checkout?salon=${salon.id}&service=${cut.id}&slot=${slotId}&at=${encodeURIComponent(new Date().toISOString())}&date=${tomorrow}`,
    );
    await page.locator('.alt-btn').first().waitFor();
    found.push(...(await audit(page, 'conflict')));

    await page.goto(`${base}/bookings`);
    await page.locator('.booking-card').first().waitFor();
    await page.getByRole('button', { name: 'Cancel booking' }).first().click();
    found.push(...(await audit(page, 'my bookings, confirming a cancellation')));

    expect(found).toEqual([]);
    await ctx.close();
  });
});
