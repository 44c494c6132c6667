/**
 * The Content Security Policy pins connections to the app's own origin: the
 * PWA's WebSocket still connects in a real Chromium ('self' covers ws: and
 * wss: to the same host in CSP Level 3), and a socket to any other host is
 * refused by the browser.
 */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, demoSalon, newContext, type Running } from './browser/harness';

let server: Running;
let browser: Browser;

browserSuite({
  ready: (suite) => {
    ({ server, browser } = suite);
  },
});

describe('connect-src', () => {
  it("lets the app's own WebSocket through and refuses one to another host", async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src 'self'(;|$)/);

    const salon = await demoSalon(server.url, 'Studio Schnitt');
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${server.url}/kiosk/${salon.id}`);
    await expect.poll(() => page.locator('.kiosk__status').textContent(), { timeout: 20_000 }).toBe('Live');
    const transports = [...server.t.app.io.sockets.sockets.values()].map((s) => s.conn.transport.name);
    expect(transports).toContain('websocket');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          try {
            const ws = new WebSocket('wss://elsewhere.example/socket.io/');
            ws.onopen = () => resolve('opened');
            ws.onerror = () => resolve('error');
          } catch (e) {
            resolve(`threw ${(e as Error).name}`);
          }
        }),
    );
    expect(outcome).not.toBe('opened');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))
      .toEqual([expect.stringMatching(/^connect-src wss:\/\/elsewhere\.example/)]);
    await ctx.close();
  });
});
