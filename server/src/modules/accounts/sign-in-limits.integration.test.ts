/**
 * The sign-in limits: per account from any address, per address as the
 * proxy in front reports it (and only as far as TRUST_PROXY says to believe).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const t of apps) await t.close();
});

async function app(overrides: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(overrides);
  apps.push(t);
  return t;
}

function login(t: TestApp, email: string, password: string, remoteAddress: string, xff?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: xff ? { 'x-forwarded-for': xff } : {},
    payload: { email, password },
  });
}

describe('the per-account sign-in limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app({ authAccountRateLimitPerHour: 3 });
    for (const email of ['target@example.com', 'bystander@example.com']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, password: 'the right password', name: 'T' },
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('stops a guesser who changes address at every attempt, in any letter case', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) {
      statuses.push((await login(t, 'Target@Example.com', `guess ${i}`, `198.51.100.${i}`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await login(t, 'target@example.com', 'the right password', '198.51.100.99');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not affected.
    expect((await login(t, 'bystander@example.com', 'the right password', '198.51.100.99')).statusCode).toBe(200);
  });

  it('treats unknown emails alike, so the limit tells nothing about who has an account', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await login(t, 'nobody@example.com', 'x', `192.0.2.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe('the per-address limit behind a proxy', () => {
  it('counts the address the trusted proxy saw; a spoofed X-Forwarded-For buys nothing', async () => {
    const t = await app({ authRateLimitPerMinute: 2, trustProxy: ['127.0.0.1'] });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      // The client writes any first entry it likes; the proxy appends the address it saw.
      codes.push((await login(t, `u${i}@example.com`, 'x', '127.0.0.1', `10.9.8.${i}, 203.0.113.10`)).statusCode);
    }
    expect(codes).toEqual([401, 401, 429]);
    // Another client behind the same proxy has its own budget.
    expect((await login(t, 'v@example.com', 'x', '127.0.0.1', '203.0.113.11')).statusCode).toBe(401);
    // A client reaching the server directly cannot pose as someone else.
    const direct: number[] = [];
    for (let i = 0; i < 3; i++) {
      direct.push((await login(t, `w${i}@example.com`, 'x', '198.51.100.200', `203.0.113.${50 + i}`)).statusCode);
    }
    expect(direct).toEqual([401, 401, 429]);
  });

  it('with a hop count, believes that many entries from the end', async () => {
    const t = await app({ authRateLimitPerMinute: 1, trustProxy: 1 });
    expect((await login(t, 'a@example.com', 'x', '127.0.0.1', '1.1.1.1, 203.0.113.20')).statusCode).toBe(401);
    expect((await login(t, 'a@example.com', 'x', '127.0.0.1', '2.2.2.2, 203.0.113.20')).statusCode).toBe(429);
    expect((await login(t, 'a@example.com', 'x', '127.0.0.1', '203.0.113.21')).statusCode).toBe(401);
  });
});

describe('probing who has an account', () => {
  it('costs the same per-address budget as guessing passwords: EMAIL_TAKEN answers count', async () => {
    const t = await app({ authRateLimitPerMinute: 3 });
    const register = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: '198.51.100.77',
        payload: { email, password: 'long enough pw', name: 'P' },
      });
    expect((await register('taken@example.com')).statusCode).toBe(201);
    expect((await register('taken@example.com')).json().code).toBe('EMAIL_TAKEN');
    expect((await register('other@example.com')).statusCode).toBe(201);
    const probe = await register('maybe@example.com');
    expect(probe.statusCode).toBe(429);
    expect(probe.json().code).toBe('RATE_LIMITED');
  });
});
