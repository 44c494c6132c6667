/**
 * Hold squatting: one customer's holds are serialised by a per-customer lock,
 * so parallel requests cannot slip past "one time per salon-day" or the limit
 * of live holds across days and salons, and moving a hold between
 * overlapping starts never restarts its HOLD_MAX_SECONDS clock.
 */
import { addDays } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let s15: number;
let s45: number;

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 300, holdMaxSeconds: 900, holdsPerCustomer: 3 }, { now: clock.now });
  s = await makeSalon(t, { staff: 2, horizonDays: 40 });
  [s15, s45] = s.serviceIds as [number, number];
});
afterAll(() => t.close());

const lock = (token: string, slotId: number, serviceId: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${slotId}/lock`,
    headers: auth(token),
    payload: { serviceId },
  });
const liveHolds = async (userId: number) =>
  (
    await t.db.sql.query(
      'select count(distinct token)::int as n from slot_locks where holder_id = $1 and expires_at > $2',
      [userId, clock.now().toISOString()],
    )
  ).rows[0].n as number;

describe('per-customer hold limits', () => {
  it('20 parallel holds by one customer on one salon-day leave exactly one live hold', async () => {
    const u = await makeUser(t);
    const starts = Array.from({ length: 20 }, (_, i) => {
      const minutes = 9 * 60 + 15 * (i % 10);
      return {
        staff: s.staffIds[i % 2] as number,
        at: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
      };
    });
    const slots = await Promise.all(starts.map((x) => slotAt(t, x.staff, `2030-03-05 ${x.at}`)));
    const results = await Promise.all(slots.map((id) => lock(u.token, id, s15)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(await liveHolds(u.id)).toBe(1);
  });

  it('20 parallel holds on 20 days: exactly the limit (3) succeed, the rest are 429 RATE_LIMITED', async () => {
    const u = await makeUser(t);
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) => slotAt(t, s.staffIds[0] as number, `${addDays('2030-03-10', i)} 10:00`)),
    );
    const results = await Promise.all(slots.map((id) => lock(u.token, id, s15)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    }
    expect(await liveHolds(u.id)).toBe(3);
    // Renewing a held time is not a new hold; releasing one makes room for another.
    const held = results.findIndex((r) => r.statusCode === 201);
    expect((await lock(u.token, slots[held] as number, s15)).statusCode).toBe(201);
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/availability/slots/${slots[held]}/lock`,
      headers: auth(u.token),
    });
    const free = results.findIndex((r) => r.statusCode === 429);
    expect((await lock(u.token, slots[free] as number, s15)).statusCode).toBe(201);
  });

  it('moving a hold back and forth between overlapping starts keeps its start, so HOLD_MAX_SECONDS still ends it', async () => {
    const u = await makeUser(t);
    const other = await makeUser(t);
    const staff = s.staffIds[1] as number;
    const at10 = await slotAt(t, staff, '2030-03-06 10:00');
    const at1015 = await slotAt(t, staff, '2030-03-06 10:15');
    const started = clock.now().getTime();
    const first = await lock(u.token, at10, s45);
    expect(first.statusCode).toBe(201);
    // Heartbeats keep it alive up to +750 s.
    for (let i = 0; i < 3; i++) {
      clock.advance(250);
      if (i < 2) await t.app.services.availability.renew({ id: u.id, role: 'customer' }, first.json().lockToken);
    }
    const moved = await lock(u.token, at1015, s45);
    expect(moved.statusCode).toBe(201);
    // A fresh hold would run to +1050 s; the inherited start caps it at +900 s.
    expect(Date.parse(moved.json().expiresAt)).toBe(started + 900_000);
    clock.advance(100);
    const back = await lock(u.token, at10, s45);
    expect(Date.parse(back.json().expiresAt)).toBe(started + 900_000);
    const { rows } = await t.db.sql.query('select distinct hold_started_at from slot_locks where holder_id = $1', [
      u.id,
    ]);
    expect(rows.map((r) => (r.hold_started_at as Date).getTime())).toEqual([started]);
    clock.advance(51);
    expect((await lock(other.token, at10, s45)).statusCode).toBe(201);
  });
});
