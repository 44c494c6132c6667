/**
 * Page weight, measured as a phone's first visit sees it: the bytes that
 * crossed the wire (Chromium's own count of encoded bytes per response),
 * brotli for the app's files and the larger API answers, route-level
 * splitting (a customer's first load carries neither the owner console nor
 * the kiosk), and the caching rules for hashed assets, the service worker
 * and the HTML.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, demoSalon, phone, type Running } from './browser/harness';

/** The first-load JavaScript budget, on the wire. */
const JS_BUDGET_BYTES = 35 * 1024;

let server: Running;
let browser: Browser;

browserSuite({
  ready: (suite) => {
    ({ server, browser } = suite);
  },
});

interface Transfer {
  url: string;
  type: string;
  encoding: string | undefined;
  /** Bytes received for the response, headers included. */
  wire: number;
}

/** Loads a page in a fresh phone context (no service worker, empty cache) and lists what it transferred. */
async function firstVisit(path: string): Promise<{ page: Page; transfers: Transfer[]; close: () => Promise<void> }> {
  const ctx = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const seen = new Map<string, Transfer>();
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    seen.set(e.requestId, { url: e.response.url, type: e.type, encoding: headers['content-encoding'], wire: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = seen.get(e.requestId);
    if (t) t.wire = e.encodedDataLength;
  });
  await cdp.send('Network.enable');
  await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
  return { page, transfers: [...seen.values()], close: () => ctx.close() };
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function report(path: string, transfers: Transfer[]) {
  const scripts = transfers.filter((t) => t.type === 'Script');
  const js = scripts.reduce((n, t) => n + t.wire, 0);
  console.info(
    `${path}: first-load JS ${kib(js)} on the wire in ${scripts.length} files; everything ${kib(
      transfers.reduce((n, t) => n + t.wire, 0),
    )} in ${transfers.length} responses\n  ${scripts.map((t) => `${new URL(t.url).pathname} ${t.wire} B`).join('\n  ')}`,
  );
  return { scripts, js };
}

describe('page weight on a first visit', () => {
  it('the search page: JS under 35 KB on the wire, all brotli, no owner console, kiosk or live client', async () => {
    const { page, transfers, close } = await firstVisit('/');
    await page.locator('.salon-card').first().waitFor();
    const { scripts, js } = report('/', transfers);
    expect(js).toBeGreaterThan(0);
    expect(js).toBeLessThan(JS_BUDGET_BYTES);
    for (const t of transfers.filter((x) => x.type === 'Script' || x.type === 'Stylesheet' || x.type === 'Document')) {
      expect(t.encoding, t.url).toBe('br');
    }
    const names = scripts.map((s) => new URL(s.url).pathname);
    expect(names.filter((n) => /owner|kiosk|checkout/.test(n))).toEqual([]);
    // The search page never opens the live connection, so its client is not loaded either.
    expect(transfers.filter((t) => t.url.includes('/socket.io/'))).toEqual([]);
    // One answer for the salon list, one for the cities (not the list twice).
    const api = transfers.filter((t) => t.url.includes('/api/v1/')).map((t) => new URL(t.url).pathname);
    expect(api.sort()).toEqual(['/api/v1/salons', '/api/v1/salons/cities']);
    await close();
  });

  it('a salon page: JS under 35 KB with the live client, and its JSON answer compressed', async () => {
    const salon = await demoSalon(server.url, 'Brooklyn Blowout Bar');
    const { page, transfers, close } = await firstVisit(`/salons/${salon.id}`);
    await page.locator('.live-status--live').waitFor();
    const { scripts, js } = report(`/salons/${salon.id}`, transfers);
    expect(js).toBeLessThan(JS_BUDGET_BYTES);
    expect(scripts.map((s) => new URL(s.url).pathname).filter((n) => /owner|kiosk/.test(n))).toEqual([]);
    const detail = transfers.find((t) => new URL(t.url).pathname === `/api/v1/salons/${salon.id}`);
    expect(detail?.encoding).toBe('br');
    const raw = JSON.stringify(await (await fetch(`${server.url}/api/v1/salons/${salon.id}`)).json()).length;
    console.info(`salon details: ${raw} B of JSON, ${detail?.wire} B on the wire with headers`);
    expect(detail?.wire ?? raw).toBeLessThan(raw);
    await close();
  });

  it('caches hashed assets for a year, revalidates the HTML and the service worker, and serves a real robots.txt', async () => {
    const { page, transfers, close } = await firstVisit('/');
    const asset = transfers.find((t) => t.type === 'Script' && new URL(t.url).pathname.startsWith('/assets/'));
    await close();
    expect(page.isClosed()).toBe(true);
    const head = async (path: string) =>
      (await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'br' } })).headers;
    expect((await head(new URL(asset?.url ?? '/missing').pathname)).get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const path of ['/', '/index.html', '/salons/1', '/sw.js']) {
      expect((await head(path)).get('cache-control'), path).toBe('no-cache');
    }
    const robots = await fetch(`${server.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await robots.text()).toMatch(/^User-agent: \*$/m);
    for (const path of ['/favicon.ico', '/assets/gone-1234.js', '/sitemap.xml']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});
