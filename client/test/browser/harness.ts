/**
 * Browser tests run the real server in-process (fresh database, demo data,
 * slots generated) serving the real client build, and drive Debian's Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../../server/src/config.ts';
import { seedDemoData } from '../../../server/src/db/seed.ts';
import { DEMO_PASSWORD } from '../../../server/src/db/seed-data.ts';
import { createTestApp, type TestApp } from '../../../server/test/app.ts';

const root = resolve(import.meta.dirname, '../../..');
export const clientDir = join(root, 'dist/client');
/** Screenshots go outside the repository. */
export const shotsDir = process.env.GLAMIFY_SHOTS ?? '/tmp/glamify-shots';

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsCurrent(): boolean {
  const index = join(clientDir, 'index.html');
  if (!existsSync(index) || !existsSync(join(clientDir, 'sw.js'))) return false;
  const sources = Math.max(
    newestMtime(join(root, 'client/src')),
    newestMtime(join(root, 'client/public')),
    newestMtime(join(root, 'client/index.html')),
    newestMtime(join(root, 'vite.config.ts')),
  );
  return statSync(index).mtimeMs >= sources;
}

/** Builds the client when the build is missing or older than its sources (one builder at a time). */
export async function ensureClientBuilt(): Promise<void> {
  const lock = join(root, 'dist/.client-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (buildIsCurrent()) return;
    const fromClient = createRequire(join(root, 'client/package.json'));
    const vite = join(dirname(fromClient.resolve('vite/package.json')), 'bin/vite.js');
    // Vitest sets NODE_ENV=test, which would make Vite build a development bundle.
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Running {
  t: TestApp;
  url: string;
  close: () => Promise<void>;
}

/** The real server with demo data; `overrides` change its settings (e.g. short holds). */
export async function startServer(overrides: Partial<Config> = {}): Promise<Running> {
  const t = await createTestApp({ clientDir, ...overrides });
  await seedDemoData(t.orm);
  await t.app.services.availability.generateSlots();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return { t, url: `http://127.0.0.1:${addr.port}`, close: () => t.close() };
}

export interface BrowserSuite {
  server: Running;
  browser: Browser;
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  base: string;
}

/**
 * What every browser test file sets up: a current client build, the real
 * server (demo data, a throw-away database) and one Chromium, started before
 * the file's tests and stopped after them. `ready` receives them once they
 * are up (a file keeps them, and reads its own data); `beforeClose` runs
 * before they stop (sockets to close, mail to settle).
 */
export function browserSuite(opts: {
  ready: (suite: BrowserSuite) => void | Promise<void>;
  config?: Partial<Config>;
  beforeClose?: () => void | Promise<void>;
}): void {
  let server: Running | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startServer(opts.config);
    browser = await launch();
    await opts.ready({ server, browser, base: server.url });
  }, 240_000);
  afterAll(async () => {
    await opts.beforeClose?.();
    await browser?.close();
    await server?.close();
  });
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true };

/** Collects page errors so a test can assert the app never threw. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A screenshot to look at: the whole page, or (`fullPage: false`) what a screen of the viewport's size shows. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: opts.fullPage ?? true });
}

/** Signs in through the UI and waits to leave the sign-in page. */
export async function signIn(page: Page, base: string, email: string, next = '/'): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).last().click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** An API token for scripted actors (the "other customer" in a race). */
export async function apiToken(base: string, email: string): Promise<{ token: string; userId: number }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  const body = (await res.json()) as { token: string; user: { id: number } };
  return { token: body.token, userId: body.user.id };
}

export async function newContext(browser: Browser, opts = phone): Promise<BrowserContext> {
  return browser.newContext({ ...opts, serviceWorkers: 'allow' });
}

/** A salon of the demo data by name, with what the tests need. */
export async function demoSalon(base: string, name: string) {
  const list = (await (await fetch(`${base}/api/v1/salons?q=${encodeURIComponent(name)}`)).json()) as {
    items: { id: number }[];
  };
  const id = list.items[0]?.id;
  if (!id) throw new Error(`no salon ${name}`);
  return (await (await fetch(`${base}/api/v1/salons/${id}`)).json()) as {
    id: number;
    name: string;
    timezone: string;
    services: { id: number; name: string; durationMinutes: number }[];
    staff: { id: number; name: string }[];
  };
}
