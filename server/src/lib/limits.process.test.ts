/**
 * The shared limits with two server instances on one database: instance A
 * in this process, instance B a separate server process. A budget spent on
 * one is spent on both.
 */
import type { AddressInfo } from 'node:net';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../test/fixtures.ts';
import { type ServerProcess, spawnServer } from '../../test/process.ts';
import { ask, type Client, connect } from '../../test/sockets.ts';

let a: TestApp;
let aUrl: string;
let b: ServerProcess;
let s: SalonFixture;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 5);

beforeAll(async () => {
  a = await createTestApp({ authRateLimitPerMinute: 3, holdRateLimitPerMinute: 4 });
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  aUrl = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(a, { staff: 1 });
  b = await spawnServer({
    DATABASE_URL: a.db.url,
    AUTH_RATE_LIMIT_PER_MINUTE: '3',
    HOLD_RATE_LIMIT_PER_MINUTE: '4',
    LOG_LEVEL: 'warn',
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await b?.stop('SIGTERM');
  await a?.close();
});

const post = (base: string, path: string, body: object, token?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? auth(token) : {}) },
    body: JSON.stringify(body),
  });

describe('limits shared by two instances', () => {
  it('counts sign-in attempts from one address on both', async () => {
    const login = (base: string) => post(base, '/api/v1/auth/login', { email: 'x@example.com', password: 'nope' });
    const codes: number[] = [];
    for (const base of [aUrl, b.url, aUrl, b.url]) codes.push((await login(base)).status);
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('counts hold commands per account across sockets, HTTP and instances', async () => {
    const u = await makeUser(a);
    const other = await makeUser(a);
    const slotId = await slotAt(a, s.staffIds[0] as number, `${DAY} 10:00`);
    const serviceId = s.serviceIds[0] as number;
    const onA = await connect(aUrl, u.token);
    clients.push(onA);

    const started = await ask<{ ok: boolean; lockToken: string }>(onA, 'hold:start', { slotId, serviceId });
    expect(started.ok).toBe(true);
    expect((await ask(onA, 'hold:heartbeat', { lockToken: started.lockToken })).ok).toBe(true);
    expect((await post(b.url, `/api/v1/availability/slots/${slotId}/lock`, { serviceId }, u.token)).status).toBe(201);
    // A new socket (a reconnect) on the other instance starts with nothing to spare.
    const onB = await connect(b.url, u.token);
    clients.push(onB);
    expect((await ask(onB, 'hold:heartbeat', { lockToken: started.lockToken })).ok).toBe(true);

    expect(await ask(onB, 'hold:heartbeat', { lockToken: started.lockToken })).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      detail: expect.any(String),
    });
    expect(await ask(onA, 'hold:release', { lockToken: started.lockToken })).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      detail: expect.any(String),
    });
    const http = await post(aUrl, `/api/v1/availability/slots/${slotId}/lock`, { serviceId }, u.token);
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toMatch(/^\d+$/);
    const del = await fetch(`${b.url}/api/v1/availability/slots/${slotId}/lock`, {
      method: 'DELETE',
      headers: auth(u.token),
    });
    expect(del.status).toBe(429);

    // Another customer has a budget of their own.
    const otherSlot = await slotAt(a, s.staffIds[0] as number, `${DAY} 14:00`);
    expect((await post(b.url, `/api/v1/availability/slots/${otherSlot}/lock`, { serviceId }, other.token)).status).toBe(
      201,
    );
  });
});

describe('start-up checks', () => {
  it('refuses to start on a placeholder AUTH_SECRET or TRUST_PROXY=true, naming the variable', async () => {
    for (const [env, name] of [
      [{ AUTH_SECRET: 'change-me-to-a-long-random-string' }, 'AUTH_SECRET'],
      [{ AUTH_SECRET: 'short' }, 'AUTH_SECRET'],
      [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    ] as const) {
      const p = await spawnServer({ DATABASE_URL: a.db.url, ...env }, false);
      expect(await p.exited, name).toBe(1);
      expect(p.output()).toContain(name);
    }
  });
});
