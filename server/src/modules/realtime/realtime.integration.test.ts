import type { AddressInfo } from 'node:net';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next, record } from '../../../test/sockets.ts';

let t: TestApp;
let url: string;
let s: SalonFixture;
let s15: number;
let s45: number;
const clients: Client[] = [];
// Real time here (the expiry timers are real): a day a week ahead.
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 7);

async function client(token?: string): Promise<Client> {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 2, holdMaxSeconds: 3, holdGraceSeconds: 1, socketRatePerSecond: 50 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(t, { staff: 2 });
  [s15, s45] = s.serviceIds as [number, number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

async function watcher() {
  const w = await client();
  const ack = await ask<{ ok: boolean; slots: unknown[]; watching: number }>(w, 'schedule:join', {
    salonId: s.salonId,
    date: DAY,
  });
  expect(ack.ok).toBe(true);
  return w;
}

describe('live schedule', () => {
  it('a watcher sees lock, book and release as they happen', async () => {
    const w = await watcher();
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 10:00`);
    const locked = next<{ slotIds: number[]; expiresAt: string }>(w, 'slot:locked');
    const hold = await ask<{ ok: boolean; lockToken: string; slotIds: number[] }>(holder, 'hold:start', {
      slotId,
      serviceId: s45,
    });
    expect(hold.ok).toBe(true);
    expect((await locked).slotIds).toEqual(hold.slotIds);

    const booked = next<{ slotIds: number[] }>(w, 'slot:booked');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(u.token),
      payload: { slotId, serviceId: s45, lockToken: hold.lockToken },
    });
    expect(res.statusCode).toBe(201);
    expect((await booked).slotIds).toEqual(hold.slotIds);
    // No customer data reaches the room.
    expect(Object.keys(await booked).sort()).toEqual(['date', 'salonId', 'slotIds']);

    const other = await slotAt(t, s.staffIds[0] as number, `${DAY} 14:00`);
    const h2 = await ask<{ lockToken: string }>(holder, 'hold:start', { slotId: other, serviceId: s15 });
    const unlocked = next<{ slotIds: number[] }>(w, 'slot:unlocked', (p) => p.slotIds.includes(other));
    expect(await ask(holder, 'hold:release', { lockToken: h2.lockToken })).toEqual({ ok: true });
    expect((await unlocked).slotIds).toEqual([other]);

    const released = next<{ slotIds: number[] }>(w, 'slot:released');
    await t.app.inject({ method: 'POST', url: `/api/v1/bookings/${res.json().id}/cancel`, headers: auth(u.token) });
    expect((await released).slotIds).toEqual(hold.slotIds);
  });

  it('releases the holds of a socket that drops, after the grace period', async () => {
    const w = await watcher();
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[1] as number, `${DAY} 11:00`);
    await ask(holder, 'hold:start', { slotId, serviceId: s15 });
    const started = Date.now();
    const unlocked = next<{ slotIds: number[] }>(w, 'slot:unlocked', (p) => p.slotIds.includes(slotId));
    holder.close();
    await unlocked;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('announces a hold nobody renews when it expires, exactly once', async () => {
    const w = await watcher();
    const events = record(w, ['slot:unlocked']);
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[1] as number, `${DAY} 15:00`);
    const hold = await ask<{ expiresAt: string }>(holder, 'hold:start', { slotId, serviceId: s15 });
    await next(w, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(slotId), 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(hold.expiresAt));
    await t.app.services.availability.cleanupExpired();
    await new Promise((r) => setTimeout(r, 300));
    expect(events.filter(([, p]) => (p.slotIds as number[]).includes(slotId))).toHaveLength(1);
  });

  it('heartbeats extend a hold and stop at the maximum', async () => {
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 16:00`);
    const hold = await ask<{ lockToken: string; expiresAt: string; holdEndsAt: string }>(holder, 'hold:start', {
      slotId,
      serviceId: s15,
    });
    const started = Date.parse(hold.expiresAt) - 2000;
    // The acknowledgement tells the hard end up front; every heartbeat repeats it.
    expect(Date.parse(hold.holdEndsAt)).toBe(started + 3000);
    await new Promise((r) => setTimeout(r, 1200));
    const first = await ask<{ ok: boolean; expiresAt: string }>(holder, 'hold:heartbeat', {
      lockToken: hold.lockToken,
    });
    expect(first.ok).toBe(true);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.parse(hold.expiresAt));
    expect(Date.parse(first.expiresAt)).toBeLessThanOrEqual(started + 3000);
    await new Promise((r) => setTimeout(r, 1200));
    const capped = await ask<{ ok: boolean; expiresAt: string; holdEndsAt: string }>(holder, 'hold:heartbeat', {
      lockToken: hold.lockToken,
    });
    expect(Date.parse(capped.expiresAt)).toBe(started + 3000);
    expect(capped.holdEndsAt).toBe(hold.holdEndsAt);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ask(holder, 'hold:heartbeat', { lockToken: hold.lockToken })).toEqual({
      ok: false,
      code: 'LOCK_EXPIRED',
      detail: expect.any(String),
    });
  });

  it('a rolled-back booking emits nothing', async () => {
    const w = await watcher();
    const events = record(w, ['slot:booked', 'slot:locked']);
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 09:00`);
    await t.db.sql.query(`
      create function fail_booking() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$;
      create trigger fail_booking before update of is_booked on slots for each row when (new.is_booked) execute function fail_booking();`);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: auth(u.token),
        payload: { slotId, serviceId: s15 },
      });
      expect(res.statusCode).toBe(500);
    } finally {
      await t.db.sql.query('drop trigger fail_booking on slots; drop function fail_booking();');
    }
    // A later change on the same room is the fence: everything before it has arrived.
    const fence = await slotAt(t, s.staffIds[1] as number, `${DAY} 09:00`);
    const holder = await client(u.token);
    const fenced = next(w, 'slot:locked', (p: { slotIds: number[] }) => p.slotIds.includes(fence));
    expect(await ask(holder, 'hold:start', { slotId: fence, serviceId: s15 })).toMatchObject({ ok: true });
    await fenced;
    expect(events.filter(([name]) => name === 'slot:booked')).toEqual([]);
    expect(events.map(([, p]) => p.slotIds)).toEqual([[fence]]);
  });
});
