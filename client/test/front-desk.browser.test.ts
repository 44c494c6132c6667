/**
 * Pairing and check-in, in two real browsers: the owner pairs a kiosk from
 * the console, the kiosk then shows first names, a customer taps their
 * booking and confirms with their check-in code, and the owner's console
 * hears it at once. Revoking the kiosk sends it back to showing the
 * schedule only.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/src/db/seed-data';
import { axeViolations } from './browser/axe';
import { apiToken, browserSuite, newContext, type Running, shot, watchErrors } from './browser/harness';
import { call, freeSlotFrom, type NoonSalon, noonSalon } from './browser/noon-salon';

let server: Running;
let browser: Browser;
let base: string;
let salon: NoonSalon;
const tablet = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true };

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    salon = await noonSalon(server, 'Check-in Studio');
  },
});

async function signedInOwner(page: Page, path: string): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email').fill(salon.ownerEmail);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
  await page.waitForURL((u) => u.pathname === '/owner');
}

describe('a paired kiosk', () => {
  it('checks a customer in with their code, and the owner hears it at once; revoked, it shows no names', async () => {
    // Ben booked online for an hour from now: check-in is open (two hours before).
    const ben = await apiToken(base, 'ben@example.com');
    const slot = await freeSlotFrom(server, salon.staff[0]?.id as number, Date.now() + 65 * 60_000);
    const booking = await call<{ id: number; checkInCode: string }>(base, 'POST', '/bookings', ben.token, {
      slotId: slot.id,
      serviceIds: [salon.services[0]?.id],
    });

    const ownerCtx = await newContext(browser, { ...tablet, hasTouch: false });
    const owner = await ownerCtx.newPage();
    const ownerErrors = watchErrors(owner);
    await signedInOwner(owner, '/owner?tab=kiosks');
    await owner.getByLabel('Screen name').fill('Front desk');
    await owner.getByRole('button', { name: 'Pair a kiosk' }).click();
    const code = (await owner.locator('.pairing__code').textContent()) as string;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await shot(owner, 'owner-kiosks', { fullPage: false });

    const kioskCtx = await newContext(browser, tablet);
    const kiosk = await kioskCtx.newPage();
    const kioskErrors = watchErrors(kiosk);
    await kiosk.goto(`${base}/kiosk/${salon.id}`);
    await expect.poll(() => kiosk.locator('.kiosk__status').textContent(), { timeout: 15_000 }).toBe('Live');
    // Unpaired: the booking is there, without a name.
    await kiosk.locator('.kblock--booked').first().waitFor();
    expect(await kiosk.locator('.kblock--booked').first().textContent()).toContain('Booked');
    expect(await kiosk.getByText('Ben').count()).toBe(0);

    await kiosk.getByRole('button', { name: 'Pair screen' }).click();
    await kiosk.getByLabel('Pairing code').fill(code.toLowerCase());
    await kiosk.getByRole('button', { name: 'Pair', exact: true }).click();
    await kiosk.getByText('Arrived? Tap your name to check in.').waitFor();
    const ben1 = kiosk.locator('.kblock--booked', { hasText: 'Ben' });
    await ben1.waitFor();
    expect(await ben1.textContent()).toContain('Cut & finish');
    await shot(kiosk, 'kiosk-paired');
    expect(await axeViolations(kiosk)).toEqual([]);

    // Back to the day in the console, to watch the booking.
    await owner.getByRole('button', { name: 'Day' }).click();
    const ownerBlock = owner.locator(`.cal-booking[data-booking-id="${booking.id}"]`);
    await ownerBlock.waitFor();

    await ben1.getByRole('button').click();
    const dialog = kiosk.getByRole('dialog');
    const wrong = String((Number(booking.checkInCode) + 5) % 10000).padStart(4, '0');
    for (const d of wrong) await dialog.getByRole('button', { name: d, exact: true }).click();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText("Those digits don't match this booking").waitFor();
    for (const d of booking.checkInCode) await dialog.getByRole('button', { name: d, exact: true }).click();
    await shot(kiosk, 'kiosk-check-in');
    expect(await axeViolations(kiosk)).toEqual([]);
    const sent = Date.now();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await kiosk.getByRole('heading', { name: 'Welcome, Ben!' }).waitFor();

    // The owner's console: an alert and the calendar both say so.
    await owner.locator('.toast--checked-in', { hasText: 'Ben Okafor has arrived' }).waitFor({ timeout: 5000 });
    const heard = Date.now() - sent;
    console.log(`check-in reached the owner's console after ${heard} ms`);
    await expect.poll(() => ownerBlock.textContent(), { timeout: 10_000 }).toContain('✓ here');
    await expect
      .poll(() => owner.locator('.owner-day__counts').textContent(), { timeout: 10_000 })
      .toContain('1 checked in');
    await shot(owner, 'owner-checked-in', { fullPage: false });
    await kiosk.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => ben1.textContent(), { timeout: 10_000 }).toContain('✓ here');
    // Checked in: no longer a button to tap.
    expect(await ben1.getByRole('button').count()).toBe(0);

    // The owner revokes the screen; its next read is refused and it forgets the pairing.
    await owner.getByRole('button', { name: 'Kiosks' }).click();
    await owner.getByRole('button', { name: 'Revoke Front desk' }).click();
    await owner.getByRole('button', { name: 'Yes, revoke Front desk' }).click();
    await owner.getByText('Revoked and expired (1)').waitFor();
    const another = await freeSlotFrom(server, salon.staff[2]?.id as number, Date.now() + 3 * 60 * 60_000);
    await call(base, 'POST', '/bookings', ben.token, { slotId: another.id, serviceIds: [salon.services[2]?.id] });
    await kiosk.getByRole('button', { name: 'Pair screen' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => kiosk.getByText('Ben').count(), { timeout: 10_000 }).toBe(0);
    expect(ownerErrors).toEqual([]);
    expect(kioskErrors).toEqual([]);
    await ownerCtx.close();
    await kioskCtx.close();
  });
});
