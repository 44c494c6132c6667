/**
 * A slotId names exactly one stylist's slot: concurrent bookers of it get
 * one 201, whether they name the stylist or not; someone else's hold is a
 * 409 for everyone else; only anyStaff: true may move to another stylist at
 * the same start. Every 409 carries alternatives, the asked-for stylist's
 * nearest times first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let other: SalonFixture;
let s15: number;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 4 });
  other = await makeSalon(t, { staff: 1, name: 'Elsewhere' });
  [s15] = s.serviceIds as [number];
});
afterAll(() => t.close());

const book = (token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth(token), payload });
const lock = (token: string, slotId: number, serviceId: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${slotId}/lock`,
    headers: auth(token),
    payload: { serviceId },
  });
const bookingsAt = async (startsAtLocal: string) =>
  (
    await t.db.sql.query(
      `select b.staff_id from bookings b join salons s on s.id = b.salon_id
       where b.salon_id = $1 and b.starts_at = ($2::timestamp at time zone s.timezone) and b.status <> 'CANCELLED'`,
      [s.salonId, startsAtLocal],
    )
  ).rows.map((r) => r.staff_id as number);

describe('exact slot', () => {
  it('40 concurrent bookers of one slotId without staffId: exactly one 201, on that stylist; 39 409s with alternatives', async () => {
    const staff = s.staffIds[2] as number;
    const slotId = await slotAt(t, staff, '2030-03-05 10:00');
    const users = await Promise.all(Array.from({ length: 40 }, () => makeUser(t)));
    const results = await Promise.all(users.map((u) => book(u.token, { slotId, serviceId: s15 })));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    expect(created[0]?.json().staffId).toBe(staff);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(['SLOT_BOOKED', 'SLOT_LOCKED']).toContain(r.json().code);
      expect(Array.isArray(r.json().alternatives)).toBe(true);
    }
    expect(await bookingsAt('2030-03-05 10:00')).toEqual([staff]);
  });

  it('a held slot is 409 SLOT_LOCKED (with lockedUntil and alternatives) to everyone else, named stylist or not', async () => {
    const staff = s.staffIds[0] as number;
    const slotId = await slotAt(t, staff, '2030-03-05 11:00');
    const holder = await makeUser(t);
    expect((await lock(holder.token, slotId, s15)).statusCode).toBe(201);
    const users = await Promise.all(Array.from({ length: 10 }, () => makeUser(t)));
    const results = await Promise.all(
      users.map((u, i) =>
        book(u.token, i % 2 ? { slotId, serviceId: s15 } : { slotId, serviceId: s15, staffId: staff }),
      ),
    );
    for (const r of results) {
      // Losers of the row lock race learn "someone else is booking"; the rest see the hold and its end.
      expect(r.json()).toMatchObject({ status: 409, code: 'SLOT_LOCKED' });
      expect(r.json().alternatives.length).toBeGreaterThan(0);
    }
    const after = await book((await makeUser(t)).token, { slotId, serviceId: s15 });
    expect(after.json()).toMatchObject({ code: 'SLOT_LOCKED', lockedUntil: expect.any(String) });
    expect(await bookingsAt('2030-03-05 11:00')).toEqual([]);
  });

  it('anyStaff: 20 bookers of one time with 4 free stylists make exactly 4 bookings on 4 distinct stylists', async () => {
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-06 14:00');
    const users = await Promise.all(Array.from({ length: 20 }, () => makeUser(t)));
    const results = await Promise.all(users.map((u) => book(u.token, { slotId, serviceId: s15, anyStaff: true })));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(4);
    expect(new Set(created.map((r) => r.json().staffId))).toEqual(new Set(s.staffIds));
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(Array.isArray(r.json().alternatives)).toBe(true);
    }
    expect((await bookingsAt('2030-03-06 14:00')).sort()).toEqual([...s.staffIds].sort());
  });

  it('anyStaff keeps the asked-for stylist when free, and the answer names who was picked', async () => {
    const staff = s.staffIds[3] as number;
    const slotId = await slotAt(t, staff, '2030-03-06 15:00');
    const res = await book((await makeUser(t)).token, { slotId, serviceId: s15, anyStaff: true });
    expect(res.json()).toMatchObject({ staffId: staff, status: 'CONFIRMED' });
  });

  it("refuses another salon's stylist (and any stylist not the slot's) with 400, booking nothing", async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-07 09:00');
    for (const staffId of [other.staffIds[0], s.staffIds[1]]) {
      const res = await book(u.token, { slotId, serviceId: s15, staffId });
      expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'staffId' });
    }
    const both = await book(u.token, { slotId, serviceId: s15, staffId: s.staffIds[0], anyStaff: true });
    expect(both.json()).toMatchObject({ status: 400, field: 'staffId' });
    const rows = await t.db.sql.query('select count(*)::int as n from bookings where customer_id = $1', [u.id]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('a stylist who no longer works here takes no bookings: their held-over slot is 404 SLOT_NOT_FOUND', async () => {
    const salon = await makeSalon(t, { staff: 2 });
    const slotId = await slotAt(t, salon.staffIds[1] as number, '2030-03-07 10:00');
    await t.db.sql.query('update staff set active = false where id = $1', [salon.staffIds[1]]);
    const res = await book((await makeUser(t)).token, { slotId, serviceId: salon.serviceIds[0] });
    expect(res.json()).toMatchObject({ status: 404, code: 'SLOT_NOT_FOUND' });
  });

  it("alternatives: the asked-for stylist's nearest free times first, then the same time with the others", async () => {
    const [first, second] = s.staffIds as [number, number];
    const slotId = await slotAt(t, first, '2030-03-08 10:00');
    expect((await book((await makeUser(t)).token, { slotId, serviceId: s15 })).statusCode).toBe(201);
    const res = await book((await makeUser(t)).token, { slotId, serviceId: s15 });
    const alts = res.json().alternatives as { slotId: number; staffId: number; startsAt: string }[];
    expect(alts.slice(0, 3).map((a) => a.staffId)).toEqual([first, first, first]);
    expect(
      alts
        .slice(0, 2)
        .map((a) => a.startsAt)
        .sort(),
    ).toEqual(['2030-03-08T08:45:00.000Z', '2030-03-08T09:15:00.000Z']);
    const sameTime = alts.slice(3);
    expect(sameTime.length).toBe(3);
    expect(sameTime.every((a) => a.startsAt === '2030-03-08T09:00:00.000Z' && a.staffId !== first)).toBe(true);
    expect(sameTime[0]?.staffId).toBe(second);
  });

  it("a booking with someone else's lockToken is refused and leaves their hold alone", async () => {
    const [holder, thief] = [await makeUser(t), await makeUser(t)];
    const held = await lock(holder.token, await slotAt(t, s.staffIds[1] as number, '2030-03-09 10:00'), s15);
    const { lockToken } = held.json();
    const elsewhere = await slotAt(t, s.staffIds[2] as number, '2030-03-09 12:00');
    const res = await book(thief.token, { slotId: elsewhere, serviceId: s15, lockToken });
    expect(res.json()).toMatchObject({ status: 409, code: 'LOCK_NOT_HELD', field: 'lockToken' });
    const rows = await t.db.sql.query('select count(*)::int as n from slot_locks where token = $1', [lockToken]);
    expect(rows.rows[0].n).toBe(1);
  });
});

describe('idempotency', () => {
  it('a request that failed saves nothing, so a retry with the key books', async () => {
    const [holder, u] = [await makeUser(t), await makeUser(t)];
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-10 09:00');
    const hold = (await lock(holder.token, slotId, s15)).json();
    const first = await book(u.token, { slotId, serviceId: s15, idempotencyKey: 'retry-me' });
    expect(first.json().code).toBe('SLOT_LOCKED');
    const bad = await book(u.token, { slotId, serviceId: 99999999, idempotencyKey: 'retry-me' });
    expect(bad.statusCode).toBe(404);
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/availability/slots/${slotId}/lock`,
      headers: auth(holder.token),
    });
    void hold;
    const retry = await book(u.token, { slotId, serviceId: s15, idempotencyKey: 'retry-me' });
    expect(retry.statusCode).toBe(201);
    expect((await book(u.token, { slotId, serviceId: s15, idempotencyKey: 'retry-me' })).statusCode).toBe(200);
  });

  it('the same key with a different request is 422 and books nothing more', async () => {
    const u = await makeUser(t);
    const a = await slotAt(t, s.staffIds[1] as number, '2030-03-10 11:00');
    const b = await slotAt(t, s.staffIds[1] as number, '2030-03-10 13:30');
    expect((await book(u.token, { slotId: a, serviceId: s15, idempotencyKey: 'k' })).statusCode).toBe(201);
    const other = await book(u.token, { slotId: b, serviceId: s15, idempotencyKey: 'k' });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'idempotencyKey' });
    const anyStaff = await book(u.token, { slotId: a, serviceId: s15, anyStaff: true, idempotencyKey: 'k' });
    expect(anyStaff.statusCode).toBe(422);
    // The same request again (the lock token does not count) is the first booking.
    expect((await book(u.token, { slotId: a, serviceIds: [s15], idempotencyKey: 'k' })).statusCode).toBe(200);
    const rows = await t.db.sql.query('select count(*)::int as n from bookings where customer_id = $1', [u.id]);
    expect(rows.rows[0].n).toBe(1);
  });
});
