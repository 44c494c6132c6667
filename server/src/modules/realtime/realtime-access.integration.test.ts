import type { AddressInfo } from 'node:net';
import { addDays, createScheduleView, localDate, type Slot, type SlotsChangedEvent } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next, record } from '../../../test/sockets.ts';

let t: TestApp;
let url: string;
let s: SalonFixture;
let s15: number;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 8);

async function client(token?: string): Promise<Client> {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  // Every client here connects from 127.0.0.1, and anonymous sockets share
  // their address's command budget: a budget the 200 watchers below fit in.
  // Flooding is tried on an app of its own.
  t = await createTestApp({ socketRatePerSecond: 1000 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(t, { staff: 3 });
  [s15] = s.serviceIds as [number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

describe('owner alerts and privacy', () => {
  it("the owner's sockets get booking:created and booking:cancelled; nobody else gets customer data", async () => {
    const owner = await client(s.ownerToken);
    const otherOwner = await client((await makeSalon(t, { staff: 1 })).ownerToken);
    const customer = await makeUser(t, 'customer', 'Zoë Example');
    const bystander = await client((await makeUser(t)).token);
    const anonymous = await client();
    const seen = [otherOwner, bystander, anonymous].map((c) => record(c, ['booking:created', 'booking:cancelled']));
    const created = next<Record<string, unknown>>(owner, 'booking:created');
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 10:00`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(customer.token),
      payload: { slotId, serviceId: s15 },
    });
    expect(res.statusCode).toBe(201);
    expect(await created).toMatchObject({
      bookingId: res.json().id,
      customerName: 'Zoë Example',
      services: ['Service 1'],
      staffName: 'Stylist 1',
      startsAt: res.json().startsAt,
    });
    const cancelled = next<Record<string, unknown>>(owner, 'booking:cancelled');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${res.json().id}/cancel`,
      headers: auth(customer.token),
    });
    expect(await cancelled).toMatchObject({ bookingId: res.json().id, cancelledBy: 'customer' });
    await new Promise((r) => setTimeout(r, 200));
    for (const log of seen) expect(log).toEqual([]);
  });

  it('refuses a forged handshake token and lets anonymous sockets only watch', async () => {
    await expect(connect(url, 'not-a-token')).rejects.toThrow('UNAUTHENTICATED');
    const anon = await client();
    const slotId = await slotAt(t, s.staffIds[1] as number, `${DAY} 11:00`);
    expect(await ask(anon, 'hold:start', { slotId, serviceId: s15 })).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
      detail: expect.any(String),
    });
    expect((await ask<{ ok: boolean }>(anon, 'schedule:join', { salonId: s.salonId, date: DAY })).ok).toBe(true);
  });
});

describe('hostile clients', () => {
  it('malformed payloads get VALIDATION_FAILED and the server keeps serving', async () => {
    const c = await client((await makeUser(t)).token);
    // Each failure names the field, as the HTTP problem body does.
    const bad: Array<[string, unknown, string]> = [
      ['schedule:join', { salonId: 'x', date: DAY }, 'salonId'],
      ['schedule:join', { salonId: s.salonId, date: '2030-02-30' }, 'date'],
      ['schedule:join', null, 'payload'],
      ['schedule:join', { salonId: s.salonId, date: DAY, extra: 'x'.repeat(1000) }, 'extra'],
      ['schedule:join', { date: DAY }, 'salonId'],
      ['hold:start', { slotId: -1, serviceId: s15 }, 'slotId'],
      ['hold:heartbeat', { lockToken: 42 }, 'lockToken'],
      ['hold:heartbeat', { lockToken: 'not-a-uuid' }, 'lockToken'],
      ['hold:release', 'nope', 'payload'],
    ];
    for (const [event, payload, field] of bad) {
      expect(await ask(c, event, payload), event).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
        field,
        detail: expect.any(String),
      });
    }
    expect(await ask(c, 'schedule:join', { salonId: 999999, date: DAY })).toEqual({
      ok: false,
      code: 'SALON_NOT_FOUND',
      detail: expect.any(String),
    });
    expect((await t.app.inject('/health')).statusCode).toBe(200);
  });

  it('a flooding client is rate limited, then disconnected; a new socket from its address waits too', async () => {
    const f = await createTestApp({ socketRatePerSecond: 20 });
    await f.app.listen({ port: 0, host: '127.0.0.1' });
    const fUrl = `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
    const fClient = async () => {
      const c = await connect(fUrl);
      clients.push(c);
      return c;
    };
    const c = await fClient();
    const disconnected = new Promise((r) => c.once('disconnect', r));
    const floodStart = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 300 }, () =>
        ask<{ ok: boolean; code?: string }>(c, 'schedule:leave', { salonId: s.salonId, date: DAY }).catch(() => ({
          ok: false,
          code: 'DISCONNECTED',
        })),
      ),
    );
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(60);
    expect(answers.some((a) => a.code === 'RATE_LIMITED')).toBe(true);
    await disconnected;
    // Reconnecting does not refill the budget: the fresh socket gets only what time has refilled
    // since the flood began (20 a second), where a refilled budget would answer all 30 at once;
    // its first refusal says so, and (the flood's strikes still counting) it is cut off.
    const fresh = await fClient();
    const again = await Promise.all(
      Array.from({ length: 30 }, () =>
        ask<{ ok: boolean; code?: string }>(fresh, 'schedule:leave', { salonId: s.salonId, date: DAY }).catch(() => ({
          ok: false,
          code: 'DISCONNECTED',
        })),
      ),
    );
    const refilled = Math.floor(((Date.now() - floodStart) / 1000) * 20) + 1;
    expect(again.filter((a) => a.ok).length).toBeLessThanOrEqual(Math.min(29, refilled));
    expect(again.find((a) => a.code === 'RATE_LIMITED')).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      detail: expect.any(String),
    });
    // ...time does: the burst (twice the rate) is back within two seconds.
    await new Promise((r) => setTimeout(r, 2100));
    const later = await fClient();
    expect((await ask<{ ok: boolean }>(later, 'schedule:leave', { salonId: s.salonId, date: DAY })).ok).toBe(true);
    for (const x of [c, fresh, later]) x.close();
    await f.close();
  });
});

describe('snapshot and presence', () => {
  it('never leaves a joining client with a wrong view when a hold races the join', async () => {
    const holderUser = await makeUser(t);
    const holder = await client(holderUser.token);
    const names = ['slot:unlocked', 'slot:booked', 'slot:released'] as const;
    for (let round = 0; round < 15; round++) {
      const w = await client();
      const view = createScheduleView();
      w.on('slot:locked', (e) => view.applyEvent({ type: 'slot:locked', ...e }));
      for (const n of names) w.on(n, (e: SlotsChangedEvent) => view.applyEvent({ type: n, ...e }));
      const minute = String((round % 4) * 15).padStart(2, '0');
      const slotId = await slotAt(t, s.staffIds[round % 3] as number, `${DAY} ${14 + Math.floor(round / 6)}:${minute}`);
      view.beginJoin();
      const [ack, hold] = await Promise.all([
        ask<{ ok: true; slots: Slot[] }>(w, 'schedule:join', { salonId: s.salonId, date: DAY }),
        ask<{ ok: boolean; lockToken: string }>(holder, 'hold:start', { slotId, serviceId: s15 }),
      ]);
      view.applySnapshot(ack.slots);
      expect(hold.ok).toBe(true);
      // Fence: the watcher's own join is settled once a later event on the room arrives.
      const fence = next(w, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(slotId));
      await ask(holder, 'hold:release', { lockToken: hold.lockToken });
      await fence;
      const truth = (await t.app.services.availability.schedule(s.salonId, DAY)).slots;
      const mine = new Map((view.slots ?? []).map((x) => [x.id, x.status]));
      for (const x of truth) expect(mine.get(x.id), `slot ${x.id} in round ${round}`).toBe(x.status);
      w.close();
    }
  });

  it('counts who watches a day, in the join ack and as schedule:presence', async () => {
    const day = addDays(DAY, 1);
    const a = await client();
    const first = await ask<{ watching: number }>(a, 'schedule:join', { salonId: s.salonId, date: day });
    expect(first.watching).toBe(1);
    const b = await client();
    const grew = next<{ watching: number }>(a, 'schedule:presence', (p) => p.watching === 2);
    const second = await ask<{ watching: number }>(b, 'schedule:join', { salonId: s.salonId, date: day });
    expect(second.watching).toBe(2);
    await grew;
    const shrank = next<{ watching: number }>(a, 'schedule:presence', (p) => p.watching === 1);
    b.close();
    expect((await shrank).watching).toBe(1);
  });

  it('200 watchers in one room all receive each event', async () => {
    const day = addDays(DAY, 2);
    const watchers = await Promise.all(Array.from({ length: 200 }, () => client()));
    await Promise.all(watchers.map((w) => ask(w, 'schedule:join', { salonId: s.salonId, date: day })));
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${day} 09:00`);
    const locked = watchers.map((w) => next<{ slotIds: number[] }>(w, 'slot:locked'));
    const hold = await ask<{ lockToken: string }>(holder, 'hold:start', { slotId, serviceId: s15 });
    expect((await Promise.all(locked)).every((e) => e.slotIds.includes(slotId))).toBe(true);
    const unlocked = watchers.map((w) => next<{ slotIds: number[] }>(w, 'slot:unlocked'));
    await ask(holder, 'hold:release', { lockToken: hold.lockToken });
    expect((await Promise.all(unlocked)).length).toBe(200);
    for (const w of watchers) w.close();
  });
});
