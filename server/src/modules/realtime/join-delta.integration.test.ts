/**
 * schedule:join with `since`: the acknowledgement carries only what changed
 * since the version the client names, also from a server that started after
 * that version was sent (the snapshots are kept in PostgreSQL), and the
 * whole snapshot when the version is unknown. Rebuilt with the shared
 * `applyDayDelta`, the result equals a fresh snapshot.
 */
import type { AddressInfo } from 'node:net';
import { applyDayDelta, type Slot, type SlotDelta } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect } from '../../../test/sockets.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
const DAY = '2030-03-05';
let t: TestApp;
let s: SalonFixture;
const clients: Client[] = [];

type JoinAck = { ok: boolean; version: string; watching: number; slots?: Slot[]; delta?: SlotDelta };

async function start(app: TestApp): Promise<string> {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
}

async function join(url: string, extra: Record<string, unknown> = {}): Promise<JoinAck> {
  const c = await connect(url);
  clients.push(c);
  return ask<JoinAck>(c, 'schedule:join', { salonId: s.salonId, date: DAY, ...extra });
}

async function hold(app: TestApp, time: string) {
  const u = await makeUser(app);
  const res = await app.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${await slotAt(app, s.staffIds[0] as number, `${DAY} ${time}`)}/lock`,
    headers: auth(u.token),
    payload: { serviceId: s.serviceIds[0] },
  });
  expect(res.statusCode).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 2, services: [{ minutes: 30 }] });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

describe('schedule:join since a version', () => {
  it('sends the same snapshot as the service, with a version, serialised once', async () => {
    const url = await start(t);
    const ack = await join(url);
    expect(ack.ok).toBe(true);
    expect(ack.version).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ack.slots).toEqual((await t.app.services.availability.schedule(s.salonId, DAY)).slots);
    expect((await join(url)).version).toBe(ack.version);
  });

  it('answers an empty delta for the current version, a delta after changes, the snapshot for an unknown one', async () => {
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const first = await join(url);
    const same = await join(url, { since: first.version });
    expect(same.slots).toBeUndefined();
    expect(same.delta).toEqual({ since: first.version, changed: [], removed: [] });

    await hold(t, '10:00');
    const after = await join(url, { since: first.version });
    expect(after.version).not.toBe(first.version);
    expect(after.delta?.changed.map((x) => x.status)).toEqual(['locked', 'locked']);
    const fresh = await join(url);
    expect(applyDayDelta(first.slots as Slot[], after.delta as SlotDelta)).toEqual(fresh.slots);

    const unknown = await join(url, { since: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.delta).toBeUndefined();
    expect(unknown.slots).toEqual(fresh.slots);
  });

  it('refuses a malformed version with the field named', async () => {
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    expect(await join(url, { since: 'not a version!' })).toMatchObject({ ok: false, field: 'since' });
  });

  it('after a restart, a client that names its version gets a delta from the new server', async () => {
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const seen = await join(url);
    // Kept in the background after the answer: wait until it is there.
    const kept = async () =>
      (await t.db.sql.query('select 1 from day_snapshots where version = $1', [seen.version])).rowCount === 1;
    for (let i = 0; i < 100 && !(await kept()); i++) await new Promise((r) => setTimeout(r, 50));
    // Another server on the same database, started after that snapshot was sent: it has nothing in memory.
    const next = await createTestApp({}, { now: clock.now, db: t.db });
    try {
      await hold(next, '15:00');
      const ack = await join(await start(next), { since: seen.version });
      expect(ack.delta?.since).toBe(seen.version);
      expect(ack.delta?.changed).toHaveLength(2);
      const truth = await next.app.services.availability.schedule(s.salonId, DAY);
      expect(applyDayDelta(seen.slots as Slot[], ack.delta as SlotDelta)).toEqual(truth.slots);
    } finally {
      await next.close();
    }
  });
});
