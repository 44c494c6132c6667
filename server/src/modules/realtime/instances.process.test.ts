import type { AddressInfo } from 'node:net';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { type ServerProcess, spawnServer } from '../../../test/process.ts';
import { ask, type Client, connect, next, record } from '../../../test/sockets.ts';

// Instance A runs in this process, instance B is a separate server process; one database.
let a: TestApp;
let aUrl: string;
let b: ServerProcess;
let s: SalonFixture;
let s15: number;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 9);

async function client(url: string, token?: string) {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  a = await createTestApp({ bus: true, holdTtlSeconds: 2 });
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  aUrl = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(a, { staff: 2 });
  [s15] = s.serviceIds as [number];
  b = await spawnServer({ DATABASE_URL: a.db.url, HOLD_TTL_SECONDS: '2', EVENT_BUS: 'true', LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await b?.stop('SIGTERM');
  await a.close();
});

describe('two server instances on one database', () => {
  it('a hold and a booking on B reach a watcher and the owner on A', async () => {
    const watcher = await client(aUrl);
    await ask(watcher, 'schedule:join', { salonId: s.salonId, date: DAY });
    const owner = await client(aUrl, s.ownerToken);
    const u = await makeUser(a, 'customer', 'Cross Instance');
    const holder = await client(b.url, u.token);
    const slotId = await slotAt(a, s.staffIds[0] as number, `${DAY} 10:00`);

    const locked = next<{ slotIds: number[] }>(watcher, 'slot:locked');
    const hold = await ask<{ ok: boolean; lockToken: string; slotIds: number[] }>(holder, 'hold:start', {
      slotId,
      serviceId: s15,
    });
    expect(hold.ok).toBe(true);
    expect((await locked).slotIds).toEqual(hold.slotIds);

    const booked = next<{ slotIds: number[] }>(watcher, 'slot:booked');
    const alert = next<{ customerName: string }>(owner, 'booking:created');
    const res = await fetch(`${b.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { ...auth(u.token), 'content-type': 'application/json' },
      body: JSON.stringify({ slotId, serviceId: s15, lockToken: hold.lockToken }),
    });
    expect(res.status).toBe(201);
    expect((await booked).slotIds).toEqual(hold.slotIds);
    expect((await alert).customerName).toBe('Cross Instance');
  });

  it('an expired hold is announced once, though both instances sweep', async () => {
    const watcherA = await client(aUrl);
    const watcherB = await client(b.url);
    await ask(watcherA, 'schedule:join', { salonId: s.salonId, date: DAY });
    await ask(watcherB, 'schedule:join', { salonId: s.salonId, date: DAY });
    const seenA = record(watcherA, ['slot:unlocked']);
    const seenB = record(watcherB, ['slot:unlocked']);
    const u = await makeUser(a);
    const holder = await client(b.url, u.token);
    const slotId = await slotAt(a, s.staffIds[1] as number, `${DAY} 11:00`);
    expect((await ask<{ ok: boolean }>(holder, 'hold:start', { slotId, serviceId: s15 })).ok).toBe(true);
    await next(watcherA, 'slot:unlocked', (p: { slotIds: number[] }) => p.slotIds.includes(slotId), 6000);
    await new Promise((r) => setTimeout(r, 1000));
    const forSlot = (log: typeof seenA) => log.filter(([, p]) => (p.slotIds as number[]).includes(slotId));
    expect(forSlot(seenA)).toHaveLength(1);
    expect(forSlot(seenB)).toHaveLength(1);
  });

  it('counts watchers of a day across instances', async () => {
    const day = addDays(DAY, 1);
    const onA = await client(aUrl);
    expect((await ask<{ watching: number }>(onA, 'schedule:join', { salonId: s.salonId, date: day })).watching).toBe(1);
    const two = next<{ watching: number }>(onA, 'schedule:presence', (p) => p.watching === 2);
    const onB = await client(b.url);
    await ask(onB, 'schedule:join', { salonId: s.salonId, date: day });
    expect((await two).watching).toBe(2);
  });
});
