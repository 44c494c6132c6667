/**
 * Hold timing on the wire: the join snapshot carries a held slot's expiry, a
 * renewal re-announces slot:locked with the new one, and an expired hold is
 * announced within 5 s of its expiry by any instance, even one that never
 * heard of it. Socket acknowledgements carry what the HTTP problem carries,
 * and a socket releases every hold it took when it drops.
 */
import type { AddressInfo } from 'node:net';
import { addDays, localDate, type Slot } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next } from '../../../test/sockets.ts';

let t: TestApp;
let url: string;
let s: SalonFixture;
let s15: number;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 10);

async function client(token?: string, at = url): Promise<Client> {
  const c = await connect(at, token);
  clients.push(c);
  return c;
}

async function watcher(day = DAY, at = url) {
  const w = await client(undefined, at);
  const ack = await ask<{ ok: boolean; slots: Slot[] }>(w, 'schedule:join', { salonId: s.salonId, date: day });
  expect(ack.ok).toBe(true);
  return { w, slots: ack.slots };
}

const lockOverHttp = (app: TestApp, token: string, slotId: number) =>
  app.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${slotId}/lock`,
    headers: auth(token),
    payload: { serviceId: s15 },
  });

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 2, holdMaxSeconds: 4, holdGraceSeconds: 1, socketRatePerSecond: 50 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(t, { staff: 3 });
  [s15] = s.serviceIds as [number];
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

describe('hold timing on the wire', () => {
  it('a join snapshot marks a held slot with its expiresAt', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 09:00`);
    const hold = (await lockOverHttp(t, u.token, slotId)).json();
    const { slots } = await watcher();
    expect(slots.find((x) => x.id === slotId)).toMatchObject({ status: 'locked', expiresAt: hold.expiresAt });
    expect(slots.filter((x) => x.status !== 'locked').every((x) => x.expiresAt === undefined)).toBe(true);
  });

  it('a renewal re-announces slot:locked with the new expiresAt (heartbeat and locking again)', async () => {
    const { w } = await watcher();
    const u = await makeUser(t);
    const holder = await client(u.token);
    const slotId = await slotAt(t, s.staffIds[1] as number, `${DAY} 10:00`);
    const hold = await ask<{ lockToken: string; expiresAt: string }>(holder, 'hold:start', { slotId, serviceId: s15 });
    await new Promise((r) => setTimeout(r, 300));
    const relocked = next<{ slotIds: number[]; expiresAt: string }>(
      w,
      'slot:locked',
      (p) => p.expiresAt !== hold.expiresAt,
    );
    const beat = await ask<{ ok: boolean; expiresAt: string }>(holder, 'hold:heartbeat', { lockToken: hold.lockToken });
    expect(beat.ok).toBe(true);
    expect(await relocked).toMatchObject({ slotIds: [slotId], expiresAt: beat.expiresAt });
    await new Promise((r) => setTimeout(r, 300));
    const again = next<{ expiresAt: string }>(w, 'slot:locked', (p) => p.expiresAt !== beat.expiresAt);
    const http = (await lockOverHttp(t, u.token, slotId)).json();
    expect(http.lockToken).toBe(hold.lockToken);
    expect((await again).expiresAt).toBe(http.expiresAt);
  });

  it('a hold renewed by locking again is announced freed within 5 s of its new expiry', async () => {
    const { w } = await watcher();
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[2] as number, `${DAY} 11:00`);
    await lockOverHttp(t, u.token, slotId);
    await new Promise((r) => setTimeout(r, 1000));
    const renewed = (await lockOverHttp(t, u.token, slotId)).json();
    const freed = await next(w, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(slotId), 15_000);
    const late = Date.now() - Date.parse(renewed.expiresAt);
    expect(freed).toBeDefined();
    expect(late).toBeGreaterThanOrEqual(-250);
    expect(late).toBeLessThan(5000);
  });

  it('an instance that never heard of a hold (taken elsewhere, no bus) still announces its expiry within 5 s', async () => {
    const elsewhere = await createTestApp({ holdTtlSeconds: 2, holdMaxSeconds: 4 }, { db: t.db });
    const { w } = await watcher();
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${DAY} 13:30`);
    const hold = (await lockOverHttp(elsewhere, u.token, slotId)).json();
    // The instance that took it goes away before the hold runs out.
    await elsewhere.close();
    await next(w, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(slotId), 15_000);
    expect(Date.now() - Date.parse(hold.expiresAt)).toBeLessThan(5000);
  });

  it("a socket hold conflict's ack carries detail, lockedUntil and alternatives, like the HTTP problem", async () => {
    const [a, b] = [await makeUser(t), await makeUser(t)];
    const slotId = await slotAt(t, s.staffIds[1] as number, `${DAY} 14:00`);
    const first = await ask<{ ok: boolean; expiresAt: string }>(await client(a.token), 'hold:start', {
      slotId,
      serviceId: s15,
    });
    expect(first.ok).toBe(true);
    const lost = await ask<Record<string, unknown>>(await client(b.token), 'hold:start', { slotId, serviceId: s15 });
    expect(lost).toMatchObject({
      ok: false,
      code: 'SLOT_LOCKED',
      detail: expect.any(String),
      lockedUntil: first.expiresAt,
    });
    const alternatives = lost.alternatives as { slotId: number; staffId: number; startsAt: string }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives[0]?.staffId).toBe(s.staffIds[1]);
    const http = await lockOverHttp(t, b.token, slotId);
    expect(http.json().alternatives).toEqual(alternatives);
  });

  it('a socket that drops releases every hold it took, not only its latest', async () => {
    // Holds that last a minute here: within the wait only the grace release can free them.
    const slow = await createTestApp({ holdTtlSeconds: 60, holdMaxSeconds: 120, holdGraceSeconds: 1 }, { db: t.db });
    await slow.app.listen({ port: 0, host: '127.0.0.1' });
    const at = `http://127.0.0.1:${(slow.app.server.address() as AddressInfo).port}`;
    try {
      const other = addDays(DAY, 1);
      const [w1, w2] = [(await watcher(DAY, at)).w, (await watcher(other, at)).w];
      const u = await makeUser(t);
      const holder = await client(u.token, at);
      const first = await slotAt(t, s.staffIds[2] as number, `${DAY} 15:00`);
      const second = await slotAt(t, s.staffIds[2] as number, `${other} 15:00`);
      expect((await ask<{ ok: boolean }>(holder, 'hold:start', { slotId: first, serviceId: s15 })).ok).toBe(true);
      expect((await ask<{ ok: boolean }>(holder, 'hold:start', { slotId: second, serviceId: s15 })).ok).toBe(true);
      const freed = Promise.all([
        next(w1, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(first), 10_000),
        next(w2, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(second), 10_000),
      ]);
      holder.close();
      expect(await freed).toHaveLength(2);
      const { rows } = await t.db.sql.query('select count(*)::int as n from slot_locks where holder_id = $1', [u.id]);
      expect(rows[0].n).toBe(0);
    } finally {
      await slow.close();
    }
  });
});
