/**
 * What the socket layer refuses before any handler runs: control
 * characters in payloads, floods (per account or address, across
 * reconnects), too many connections from one address, and sockets whose
 * token has expired.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeUser } from '../../../test/fixtures.ts';
import { ask, type Client, connect } from '../../../test/sockets.ts';

const SALON_DAY = { salonId: 1, date: '2030-01-01' };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends commands until one is refused; returns how many passed. */
async function untilRefused(c: Client, limit = 50): Promise<number> {
  for (let i = 0; i < limit; i++) {
    const r = await ask<{ ok: boolean; code?: string }>(c, 'schedule:leave', SALON_DAY);
    if (!r.ok) {
      expect(r.code).toBe('RATE_LIMITED');
      return i;
    }
  }
  throw new Error('never refused');
}

let t: TestApp;
let url: string;
const clients: Client[] = [];

async function client(token?: string): Promise<Client> {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

describe('socket payloads', () => {
  it('refuses control characters with VALIDATION_FAILED naming the field, before the database sees them', async () => {
    const u = await makeUser(t);
    const c = await client(u.token);
    // A lock token is a UUID: its schema already refuses these, naming the field.
    for (const lockToken of ['\u0000', 'abc\u0000def', '\u001b[2J', 'x\u007f']) {
      for (const event of ['hold:heartbeat', 'hold:release']) {
        expect(await ask(c, event, { lockToken }), `${event} ${JSON.stringify(lockToken)}`).toMatchObject({
          ok: false,
          code: 'VALIDATION_FAILED',
          field: 'lockToken',
        });
      }
    }
    // A string the schema lets through (a date of the right length) meets the control-character rule.
    for (const date of ['2030-01-0\u0000', '2030-0\u001b[2J', '2030-01-0\u007f']) {
      expect(await ask(c, 'schedule:join', { salonId: 1, date }), JSON.stringify(date)).toEqual({
        ok: false,
        code: 'VALIDATION_FAILED',
        field: 'date',
        detail: 'Field "date" must not contain control characters',
      });
    }
    // A well-formed token that names no hold is the handler's business, as before.
    expect(await ask(c, 'hold:heartbeat', { lockToken: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      code: 'LOCK_EXPIRED',
    });
  });
});

describe('socket limits', () => {
  let limited: TestApp;
  let base: string;
  const own: Client[] = [];
  const open = async (token?: string) => {
    const c = await connect(base, token);
    own.push(c);
    return c;
  };
  beforeAll(async () => {
    limited = await createTestApp({ socketRatePerSecond: 2, socketMaxConnectionsPerIp: 3 });
    await limited.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(limited.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of own) c.close();
    await limited.close();
  });

  it("keeps an account's command budget across reconnects and across its sockets", async () => {
    const u = await makeUser(limited);
    const first = await open(u.token);
    // A burst of twice the rate (a slow machine may refill one more on the way).
    expect(await untilRefused(first)).toBeOneOf([4, 5]);
    first.close();
    const again = await open(u.token);
    expect(await ask(again, 'schedule:leave', SALON_DAY)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // Another account is not affected; the budget refills with time.
    const other = await open((await makeUser(limited)).token);
    expect((await ask(other, 'schedule:leave', SALON_DAY)).ok).toBe(true);
    await wait(600);
    expect((await ask(again, 'schedule:leave', SALON_DAY)).ok).toBe(true);
    for (const c of [again, other]) c.close();
  });

  it('keys anonymous sockets by address, so reconnecting does not refill the bucket', async () => {
    const first = await open();
    expect(await untilRefused(first)).toBeOneOf([4, 5]);
    first.close();
    const again = await open();
    expect(await ask(again, 'schedule:leave', SALON_DAY)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    again.close();
  });

  it('refuses more open sockets per address than configured, and admits again after one closes', async () => {
    const three = [await open(), await open(), await open()];
    await expect(open()).rejects.toThrow('RATE_LIMITED');
    three[0]?.close();
    await wait(100);
    const replacement = await open();
    expect(replacement.connected).toBe(true);
    for (const c of [...three, replacement]) c.close();
    await wait(100);
  });

  it('disconnects a socket when its token expires', async () => {
    const u = await makeUser(limited);
    const token = limited.app.jwt.sign({ sub: String(u.id), role: 'customer' }, { expiresIn: 2 });
    const c = await open(token);
    const started = Date.now();
    const reason = await new Promise<string>((r) => c.once('disconnect', r));
    expect(reason).toBe('io server disconnect');
    const took = Date.now() - started;
    expect(took).toBeGreaterThan(500);
    expect(took).toBeLessThan(3500);
    // The expired token no longer opens a socket.
    await expect(open(token)).rejects.toThrow('UNAUTHENTICATED');
  });
});
