/**
 * The front-desk kiosk in a real Chromium at 1280×800 against the real
 * server: the whole working day with every working stylist at the current
 * hour, text to read across a room, the cleanup buffer drawn as taken, a
 * dead connection told within 5 s and recovered from, and a revoked
 * pairing going back to the schedule without names.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './browser/axe';
import { startFreezeProxy } from './browser/freeze-proxy';
import { browserSuite, newContext, type Running, shot, watchErrors } from './browser/harness';
import { call, freeSlotFrom, type NoonSalon, noonSalon } from './browser/noon-salon';

let server: Running;
let browser: Browser;
let base: string;
let salon: NoonSalon;

const tablet = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, hasTouch: true };

browserSuite({
  ready: async (suite) => {
    ({ server, browser, base } = suite);
    salon = await noonSalon(server);
  },
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

/** A promise and its resolve, to hold a request until the test lets it go. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

describe('the kiosk while it loads', () => {
  it('is dark from its first paint, keeps one frame while the salon loads, and nothing moves when it arrives', async () => {
    const ctx = await newContext(browser, tablet);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      const w = window as unknown as { shifted: number };
      w.shifted = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.shifted += (e as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const code = gate();
    const salonRead = gate();
    await page.route(/\/assets\/kiosk-page-[^/]+\.js$/, async (route) => {
      await code.opened;
      await route.continue();
    });
    await page.route(`**/api/v1/salons/${salon.id}`, async (route) => {
      await salonRead.opened;
      await route.continue();
    });
    await page.goto(`${base}/kiosk/${salon.id}`);

    // The kiosk's code is on its way: the shell already draws the kiosk's dark screen.
    const early = page.locator('.kiosk-loading');
    await early.waitFor();
    expect(await early.textContent()).toBe("Loading today's schedule…");
    expect(await early.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(15, 14, 18)');
    expect(await page.locator('.app-header').count()).toBe(0);

    // The code is here, the salon is not: the frame as it will be, saying what it waits for.
    code.open();
    await page.getByRole('heading', { name: 'Salon schedule' }).waitFor();
    expect(await status(page).textContent()).toBe('Connecting…');
    expect(await page.locator('.kiosk__message').textContent()).toBe("Loading today's schedule…");
    const where = () =>
      page.evaluate(() =>
        ['.kiosk__bar', '.kiosk__status', '.kiosk__legend', '.kiosk__tools'].map((sel) => {
          const r = (document.querySelector(sel) as Element).getBoundingClientRect();
          return { sel, x: r.x, y: r.y, height: r.height };
        }),
      );
    const before = await where();

    // The salon arrives, then the day: the name and the clock fill their places, nothing moves.
    salonRead.open();
    await page.getByRole('heading', { name: salon.name }).waitFor();
    expect(await where()).toEqual(before);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('Live');
    await page.locator('.kboard__col').first().waitFor();
    expect(await where()).toEqual(before);
    // The boxes above are exact; Chromium still counts the status's centred words changing
    // ("Connecting…" to "Live") as a shift of their text, about 0.0002.
    expect(await page.evaluate(() => (window as unknown as { shifted: number }).shifted)).toBeLessThan(0.001);
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
