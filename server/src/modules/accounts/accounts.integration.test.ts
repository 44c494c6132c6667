import { createHmac } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../db/seed.ts';
import { DEMO_PASSWORD, demoAdmin, demoCustomers, demoSalons } from '../../db/seed-data.ts';

const SECRET = 'accounts-test-secret-accounts-test-secret';

/** A hand-made HS256 token, so tests can forge and expire them at will. */
function hs256(payload: object, secret = SECRET): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code });
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/stack|passwordHash|password_hash/);
  return body;
}

describe('accounts', () => {
  let t: TestApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  beforeAll(async () => {
    t = await createTestApp({ authSecret: SECRET });
    await seedDemoData(t.orm);
  });
  afterAll(() => t.close());

  it('registers, signs in and answers /me', async () => {
    const reg = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'Nia.Roe@Example.com', password: 'long enough pw', name: '  Nia Roe ' },
    });
    expect(reg.statusCode).toBe(201);
    const { user, token } = reg.json();
    expect(user).toEqual({ id: expect.any(Number), email: 'Nia.Roe@Example.com', name: 'Nia Roe', role: 'customer' });
    expect(reg.body).not.toMatch(/hash/i);

    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(user);

    // Any letter case signs in: emails are compared lowercased.
    const again = await login('nia.roe@example.COM', 'long enough pw');
    expect(again.statusCode).toBe(200);
    expect(again.json().user).toEqual(user);
    const me2 = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(again.json().token) });
    expect(me2.json()).toEqual(user);
  });

  it('refuses an email that exists in another letter case with 409 EMAIL_TAKEN', async () => {
    const before = await t.db.sql.query('select count(*)::int as n from users');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: demoCustomers[0]!.email.toUpperCase(), password: 'another password', name: 'Copy' },
    });
    const body = expectProblem(res, 409, 'EMAIL_TAKEN');
    expect(body.field).toBe('email');
    const after = await t.db.sql.query('select count(*)::int as n from users');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('enforces the password and name policy', async () => {
    const reg = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
    expect(
      expectProblem(await reg({ email: 'a@b.co', password: 'short', name: 'A' }), 400, 'VALIDATION_FAILED').field,
    ).toBe('password');
    expect(
      expectProblem(await reg({ email: 'a@b.co', password: 'x'.repeat(201), name: 'A' }), 400, 'VALIDATION_FAILED')
        .field,
    ).toBe('password');
    expect(
      expectProblem(await reg({ email: 'a@b.co', password: 'long enough', name: '   ' }), 400, 'VALIDATION_FAILED')
        .field,
    ).toBe('name');
    expect(
      expectProblem(await reg({ email: 'not-an-email', password: 'long enough', name: 'A' }), 400, 'VALIDATION_FAILED')
        .field,
    ).toBe('email');
    const long = `${'a'.repeat(250)}@b.co`;
    expect(
      expectProblem(await reg({ email: long, password: 'long enough', name: 'A' }), 400, 'VALIDATION_FAILED').field,
    ).toBe('email');
  });

  it('answers a wrong password and an unknown email alike, in similar time', async () => {
    const email = demoCustomers[1]!.email;
    const wrong = await login(email, 'not the password');
    const nobody = await login('nobody-here@example.com', 'not the password');
    const a = expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    const b = expectProblem(nobody, 401, 'INVALID_CREDENTIALS');
    expect(a).toEqual(b);
    expect(wrong.headers['content-length']).toBe(nobody.headers['content-length']);

    // Without the dummy hash an unknown email would answer in about a millisecond,
    // against tens for argon2. Samples alternate between the two, so a machine
    // that gets busier halfway slows both alike; the bound stays loose.
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (email: string, into: number[]) => {
      const started = performance.now();
      await login(email, 'not the password');
      into.push(performance.now() - started);
    };
    for (let i = 0; i < 9; i++) {
      await time(email, known);
      await time('nobody-here@example.com', unknown);
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const knownMs = median(known);
    const unknownMs = median(unknown);
    expect(unknownMs).toBeGreaterThan(knownMs * 0.3);
  });

  it('signs in the seeded accounts', async () => {
    const res = await login(demoSalons[0]!.owner.email, DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe('owner');
  });

  it('answers 401 UNAUTHENTICATED, never 500, for missing, expired, forged and malformed tokens', async () => {
    const { rows } = await t.db.sql.query<{ id: number }>('select id from users order by id limit 1');
    const sub = String(rows[0]!.id);
    const now = Math.floor(Date.now() / 1000);
    const valid = hs256({ sub, role: 'customer', iat: now, exp: now + 600 });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(valid) })).statusCode).toBe(200);

    const cases: Record<string, Record<string, string>> = {
      missing: {},
      expired: bearer(hs256({ sub, role: 'customer', iat: now - 7200, exp: now - 3600 })),
      forged: bearer(hs256({ sub, role: 'admin', iat: now, exp: now + 600 }, 'some-other-secret-some-other-secret')),
      malformed: bearer('not.a.jwt'),
      garbage: { authorization: 'Bearer %%%' },
      'not bearer': { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      'bad subject': bearer(hs256({ sub: 'abc', role: 'customer', iat: now, exp: now + 600 })),
      'none algorithm': bearer(
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ sub, role: 'admin' }),
        ).toString('base64url')}.`,
      ),
      'deleted account': bearer(hs256({ sub: '999999', role: 'customer', iat: now, exp: now + 600 })),
    };
    for (const [name, headers] of Object.entries(cases)) {
      const res = await t.app.inject({ url: '/api/v1/auth/me', headers });
      expect(res.statusCode, name).toBe(401);
      expectProblem(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('lets only an admin create owners', async () => {
    const admin = (await login(demoAdmin.email, DEMO_PASSWORD)).json().token as string;
    const customer = (await login(demoCustomers[2]!.email, DEMO_PASSWORD)).json().token as string;
    const payload = { email: 'new.owner@example.com', password: 'owner password', name: 'New Owner' };
    const url = '/api/v1/admin/owners';

    expectProblem(await t.app.inject({ method: 'POST', url, payload }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.app.inject({ method: 'POST', url, payload, headers: bearer(customer) }), 403, 'FORBIDDEN');
    // The role is checked before the body: a customer learns nothing from a bad body either.
    expectProblem(
      await t.app.inject({ method: 'POST', url, payload: { nope: 1 }, headers: bearer(customer) }),
      403,
      'FORBIDDEN',
    );

    const res = await t.app.inject({ method: 'POST', url, payload, headers: bearer(admin) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(Number), email: payload.email, name: 'New Owner', role: 'owner' });
    expect((await login(payload.email, payload.password)).json().user.role).toBe('owner');
    expectProblem(await t.app.inject({ method: 'POST', url, payload, headers: bearer(admin) }), 409, 'EMAIL_TAKEN');
  });
});

describe('the sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authSecret: SECRET, authRateLimitPerMinute: 3 });
  });
  afterAll(() => t.close());

  it('counts login and register together per IP and answers 429 RATE_LIMITED past it', async () => {
    const attempt = (url: string, remoteAddress = '203.0.113.7') =>
      t.app.inject({
        method: 'POST',
        url,
        remoteAddress,
        payload: {
          email: 'rl@example.com',
          password: 'long enough pw',
          ...(url.endsWith('register') ? { name: 'R' } : {}),
        },
      });
    expect((await attempt('/api/v1/auth/register')).statusCode).toBe(201);
    expect((await attempt('/api/v1/auth/login')).statusCode).toBe(200);
    expect((await attempt('/api/v1/auth/login')).statusCode).toBe(200);
    const limited = await attempt('/api/v1/auth/register');
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expectProblem(await attempt('/api/v1/auth/login'), 429, 'RATE_LIMITED');
    // Another client is not affected.
    expect((await attempt('/api/v1/auth/login', '203.0.113.8')).statusCode).toBe(200);
  });
});
