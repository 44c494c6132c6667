/**
 * The installable shell in a real Chromium against the real server. (The
 * owner's console and the kiosk have tests of their own.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt, launch, newContext, type Running, shot, startServer, watchErrors } from './browser/harness';

let server: Running;
let browser: Browser;
let base: string;

beforeAll(async () => {
  await ensureClientBuilt();
  server = await startServer();
  base = server.url;
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('installable PWA', () => {
  it('links a manifest with icons and registers the service worker', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifest = (await (await fetch(new URL(href as string, base))).json()) as {
      name: string;
      short_name: string;
      display: string;
      start_url: string;
      icons: { sizes: string; src: string }[];
    };
    expect(manifest.short_name).toBe('Glamify');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, base));
      expect(res.headers.get('content-type')).toBe('image/png');
    }

    const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(scriptURL).toBe(`${base}/sw.js`);
    // The app shell comes from the precache when the network is gone.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await ctx.setOffline(true);
    await page.goto(`${base}/salons/1`);
    await page.locator('.app-header').waitFor();
    await page.getByText("You're offline").first().waitFor();
    await ctx.setOffline(false);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('shows a 404 page for unknown routes', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shot(page, 'not-found');
    await ctx.close();
  });
});
