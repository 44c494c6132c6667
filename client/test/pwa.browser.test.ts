/**
 * The installable shell in a real Chromium against the real server. (The
 * owner's console and the kiosk have tests of their own.)
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, clientDir, newContext, shot, startServer, watchErrors } from './browser/harness';

let browser: Browser;
let base: string;

browserSuite({
  ready: (suite) => {
    ({ browser, base } = suite);
  },
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

  it('says a salon was not found without asking the server for a salon "abc", and names a real one in the title', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/salons/')) asked.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/salons/abc`);
    await page.getByRole('heading', { name: 'Salon not found' }).waitFor();
    expect(asked).toEqual([]);
    await expect.poll(() => page.title()).toBe('Salon not found · Glamify');
    await page.goto(`${base}/salons/99999999`);
    await page.getByRole('heading', { name: 'Salon not found' }).waitFor();
    await page.getByRole('link', { name: 'Find another salon' }).waitFor();
    await shot(page, 'salon-not-found');

    const list = (await (await fetch(`${base}/api/v1/salons?limit=1`)).json()) as {
      items: { id: number; name: string }[];
    };
    const salon = list.items[0] as { id: number; name: string };
    await page.goto(`${base}/salons/${salon.id}`);
    await page.getByRole('heading', { level: 1, name: salon.name }).waitFor();
    await expect.poll(() => page.title()).toBe(`${salon.name} · Book a time · Glamify`);
    await ctx.close();
  });

  it('offers a new version once it has installed, and reloads into it only when asked', async () => {
    // A copy of the build whose service worker can change, as a deploy changes it.
    const dir = mkdtempSync(join(tmpdir(), 'glamify-client-'));
    cpSync(clientDir, dir, { recursive: true });
    const next = await startServer({ clientDir: dir });
    const ctx = await newContext(browser);
    try {
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await page.goto(`${next.url}/`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
      // The first install takes over quietly: nothing to offer yet.
      await expect(page.getByText('A new version is available').count()).resolves.toBe(0);

      appendFileSync(join(dir, 'sw.js'), '\n// the next release\n');
      for (const ext of ['br', 'gz']) rmSync(join(dir, `sw.js.${ext}`), { force: true });
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const banner = page.getByRole('status', { name: 'Update' });
      await banner.getByText('A new version is available').waitFor({ timeout: 20_000 });
      // Waiting, not yet in charge: the page keeps running the version it loaded.
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null)).toBe(
        true,
      );
      await shot(page, 'update-available');

      const reloaded = page.waitForEvent('load', { timeout: 20_000 });
      await banner.getByRole('button', { name: 'Reload' }).click();
      await reloaded;
      await page.locator('.app-header').waitFor();
      const after = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return { waiting: reg?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(after).toEqual({ waiting: null, controlled: true });
      expect(await page.getByText('A new version is available').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
      await next.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
