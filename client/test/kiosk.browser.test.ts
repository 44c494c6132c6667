/**
 * The front-desk kiosk in a real Chromium at 1280×800 against the real
 * server: the whole working day with every working stylist at the current
 * hour, text to read across a room, the cleanup buffer drawn as taken, a
 * dead connection told within 5 s and recovered from, and a revoked
 * pairing going back to the schedule without names.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './browser/axe';
import { startFreezeProxy } from './browser/freeze-proxy';
import { ensureClientBuilt, launch, newContext, type Running, shot, startServer, watchErrors } from './browser/harness';
import { call, freeSlotFrom, type NoonSalon, noonSalon } from './browser/noon-salon';

let server: Running;
let browser: Browser;
let base: string;
let salon: NoonSalon;

const tablet = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true };

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startServer();
  base = server.url;
  browser = await launch();
  salon = await noonSalon(server);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const status = (page: Page) => page.locator('.kiosk__status');

/** Every stylist column with the kind of block that covers `at` (ms), or null where there is none. */
function blocksAt(page: Page, at: number) {
  return page.evaluate((t) => {
    const body = document.querySelector('.kboard__body') as HTMLElement;
    const line = document.querySelector('.kboard__now') as HTMLElement | null;
    return [...document.querySelectorAll<HTMLElement>('.kboard__col')].map((col) => {
      // The now line's height on the board, compared with each block's extent.
      const y = line ? line.getBoundingClientRect().top : Number.NaN;
      const hit = [...col.querySelectorAll<HTMLElement>('.kblock')].find((b) => {
        const r = b.getBoundingClientRect();
        return r.top <= y + 1 && y - 1 < r.bottom;
      });
      return { staffId: Number(col.dataset.staffId), kind: hit?.dataset.kind ?? null, t, h: body.offsetHeight };
    });
  }, at);
}

describe('the day on the kiosk', () => {
  it('shows every working stylist as working at the current hour, the past as past, a now line, in large type', async () => {
    // A walk-in with a cleanup buffer, later today.
    const cut = salon.services[0] as NoonSalon['services'][number];
    const slot = await freeSlotFrom(server, salon.staff[1]?.id as number, Date.now() + 60 * 60_000);
    await call(base, 'POST', '/bookings', salon.ownerToken, {
      slotId: slot.id,
      serviceIds: [cut.id],
      guest: { name: 'Bea Buffer' },
    });

    const ctx = await newContext(browser, tablet);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/kiosk/${salon.id}`);
    await page.getByRole('heading', { name: salon.name }).waitFor();
    await expect
      .poll(() => page.locator('.kboard__stylist').allTextContents(), { timeout: 10_000 })
      .toEqual(['Mia', 'Jonas', 'Lea', 'Tom']);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('Live');

    // At the now line every stylist has a block: free or booked, never "not working".
    const now = await blocksAt(page, Date.now());
    expect(now.map((c) => c.kind)).toEqual(['free', 'free', 'free', 'free']);
    expect(await page.locator('.kboard__now').isVisible()).toBe(true);
    // The morning is there, drawn as past.
    expect(await page.locator('.kblock--free.is-past').count()).toBeGreaterThanOrEqual(4);

    // The walk-in's block runs on through its 15-minute buffer: one hour taken, not 45 minutes.
    const block = page.locator('.kboard__col[data-staff-id="' + salon.staff[1]?.id + '"] .kblock--booked').first();
    await block.waitFor();
    const perHour = await page.evaluate(() => {
      const hours = [...document.querySelectorAll<HTMLElement>('.kboard__hour')];
      return (hours[1]?.offsetTop ?? 0) - (hours[0]?.offsetTop ?? 0);
    });
    const height = (await block.boundingBox())?.height ?? 0;
    expect(Math.abs(height - perHour)).toBeLessThan(3);
    expect(await block.textContent()).toContain('Booked');

    // Across a room: the grid's text is at least twice the 20.5 px it was at 1280 wide.
    const sizes = await page.evaluate(() => {
      const px = (sel: string) => Number.parseFloat(getComputedStyle(document.querySelector(sel) as Element).fontSize);
      return {
        hour: px('.kboard__hour'),
        stylist: px('.kboard__stylist'),
        name: px('.kblock__name'),
        service: px('.kblock__service'),
      };
    });
    expect(sizes.hour).toBeGreaterThanOrEqual(41);
    expect(sizes.stylist).toBeGreaterThanOrEqual(41);
    expect(sizes.name).toBeGreaterThanOrEqual(41);
    expect(sizes.service).toBeGreaterThanOrEqual(32.8);
    // No header or navigation on an unattended screen.
    expect(await page.locator('.app-header').count()).toBe(0);
    await shot(page, 'kiosk-1280x800');
    // Readable for everyone: contrast, names, structure (WCAG 2.1 A and AA, by axe-core).
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('a dead connection', () => {
  it('is told within 5 s, with the time of the last update, and recovered from by itself', async () => {
    const proxy = await startFreezeProxy(base);
    const ctx = await newContext(browser, tablet);
    const page = await ctx.newPage();
    try {
      await page.goto(`${proxy.url}/kiosk/${salon.id}`);
      await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('Live');
      // The network dies without telling anyone: the browser still thinks it is online.
      proxy.freeze();
      const died = Date.now();
      await expect
        .poll(() => status(page).textContent(), { timeout: 5000, interval: 100 })
        .toMatch(/^Offline — reconnecting · last updated \d\d:\d\d$/);
      const noticed = Date.now() - died;
      expect(noticed).toBeLessThan(5000);
      await shot(page, 'kiosk-offline');
      proxy.thaw();
      await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Live');
      console.log(`kiosk noticed a dead connection after ${noticed} ms`);

      // The browser knowing it is offline counts at once.
      await ctx.setOffline(true);
      await expect.poll(() => status(page).textContent(), { timeout: 2000, interval: 100 }).toMatch(/^Offline/);
      await ctx.setOffline(false);
      await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Live');
    } finally {
      await ctx.close();
      await proxy.close();
    }
  });

  it('comes back after the server drops every socket (a restart)', async () => {
    const ctx = await newContext(browser, tablet);
    const page = await ctx.newPage();
    await page.goto(`${base}/kiosk/${salon.id}`);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('Live');
    server.t.app.io.disconnectSockets(true);
    await expect.poll(() => status(page).textContent(), { timeout: 5000, interval: 100 }).toMatch(/^Offline/);
    await expect.poll(() => status(page).textContent(), { timeout: 30_000 }).toBe('Live');
    await ctx.close();
  });
});
