/**
 * POST /bookings/:id/reschedule: the booking moves (same id, items, price)
 * in one transaction; the old slots are free and the new ones booked; both
 * days' rooms hear of it and the owner's sockets get booking:rescheduled;
 * customers inside the policy window get 409 POLICY_WINDOW_CLOSED, owners
 * never; exact-slot semantics and idempotency as for a new booking.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next, record } from '../../../test/sockets.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let other: SalonFixture;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await makeSalon(t, { staff: 3 });
  other = await makeSalon(t, { staff: 1, name: 'Elsewhere' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const post = (token: string | undefined, path: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: token ? auth(token) : {}, payload });

async function booked(token: string, staff: number, at: string, serviceId = s.serviceIds[0]) {
  const res = await post(token, '/bookings', { slotId: await slotAt(t, staff, at), serviceId });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number; slotIds: number[]; startsAt: string; staffId: number; totalPriceCents: number };
}
const move = (token: string | undefined, id: number, payload: object) =>
  post(token, `/bookings/${id}/reschedule`, payload);
const slotRows = async (ids: number[]) =>
  (await t.db.sql.query('select id, is_booked, booking_id from slots where id = any($1) order by id', [ids])).rows.map(
    (r) => ({ id: r.id as number, booked: r.is_booked as boolean, bookingId: r.booking_id as number | null }),
  );

describe('moving a booking', () => {
  it('keeps the id, items and price; frees the old slots and books the new ones; records the move', async () => {
    const u = await makeUser(t);
    const b = await booked(u.token, s.staffIds[0] as number, '2030-03-05 10:00', s.serviceIds[1]);
    const target = await slotAt(t, s.staffIds[1] as number, '2030-03-06 14:00');
    const res = await move(u.token, b.id, { slotId: target });
    expect(res.statusCode).toBe(200);
    const after = res.json();
    expect(after).toMatchObject({
      id: b.id,
      status: 'CONFIRMED',
      staffId: s.staffIds[1],
      startsAt: '2030-03-06T13:00:00.000Z',
      endsAt: '2030-03-06T13:45:00.000Z',
      totalPriceCents: b.totalPriceCents,
    });
    expect(after.items).toEqual(
      (await t.app.inject({ url: `/api/v1/bookings/${b.id}`, headers: auth(u.token) })).json().items,
    );
    expect(after.slotIds).toHaveLength(3);
    expect((await slotRows(b.slotIds)).every((r) => !r.booked && r.bookingId === null)).toBe(true);
    expect((await slotRows(after.slotIds)).every((r) => r.booked && r.bookingId === b.id)).toBe(true);
    const history = await t.db.sql.query(
      'select requested_by, from_staff_id, to_staff_id from booking_reschedules where booking_id = $1',
      [b.id],
    );
    expect(history.rows).toEqual([{ requested_by: u.id, from_staff_id: s.staffIds[0], to_staff_id: s.staffIds[1] }]);
    const mail = await t.db.sql.query(
      "select user_id, payload->>'audience' as audience from notifications where type = 'booking_rescheduled' and payload->>'bookingId' = $1 order by user_id",
      [String(b.id)],
    );
    expect(mail.rows.map((r) => r.audience).sort()).toEqual(['customer', 'owner']);
  });

  it('moves by a quarter of an hour over its own slots, and to where it is (nothing changes)', async () => {
    const u = await makeUser(t);
    const staff = s.staffIds[2] as number;
    const b = await booked(u.token, staff, '2030-03-05 15:00', s.serviceIds[1]); // 45 minutes: 15:00-15:45
    const res = await move(u.token, b.id, { slotId: await slotAt(t, staff, '2030-03-05 15:15') });
    expect(res.json()).toMatchObject({ startsAt: '2030-03-05T14:15:00.000Z', staffId: staff });
    const rows = await slotRows([...b.slotIds, ...res.json().slotIds]);
    expect(rows.filter((r) => r.booked).map((r) => r.id)).toEqual(res.json().slotIds);
    expect(rows.find((r) => r.id === b.slotIds[0])?.booked).toBe(false);
    const same = await move(u.token, b.id, { slotId: res.json().slotIds[0] });
    expect(same.statusCode).toBe(200);
    expect(same.json().startsAt).toBe(res.json().startsAt);
    const moves = await t.db.sql.query('select count(*)::int as n from booking_reschedules where booking_id = $1', [
      b.id,
    ]);
    expect(moves.rows[0].n).toBe(1);
  });

  it("a taken time is 409 with alternatives and changes nothing; anyStaff takes another stylist's same start", async () => {
    const [u, rival] = [await makeUser(t), await makeUser(t)];
    const b = await booked(u.token, s.staffIds[0] as number, '2030-03-05 11:00');
    await booked(rival.token, s.staffIds[1] as number, '2030-03-07 09:00');
    const taken = await slotAt(t, s.staffIds[1] as number, '2030-03-07 09:00');
    const res = await move(u.token, b.id, { slotId: taken });
    expect(res.json()).toMatchObject({ status: 409, code: 'SLOT_BOOKED' });
    expect(res.json().alternatives.length).toBeGreaterThan(0);
    expect((await slotRows(b.slotIds)).every((r) => r.bookingId === b.id)).toBe(true);
    const any = await move(u.token, b.id, { slotId: taken, anyStaff: true });
    expect(any.statusCode).toBe(200);
    expect(any.json().startsAt).toBe('2030-03-07T08:00:00.000Z');
    expect(any.json().staffId).not.toBe(s.staffIds[1]);
  });

  it('tells both days and the owner, and no customer data reaches the rooms', async () => {
    const u = await makeUser(t);
    const b = await booked(u.token, s.staffIds[0] as number, '2030-03-05 12:00');
    const [oldDay, newDay, owner, stranger] = await Promise.all([
      connect(url),
      connect(url),
      connect(url, s.ownerToken),
      connect(url, (await makeUser(t)).token),
    ]);
    clients.push(oldDay, newDay, owner, stranger);
    expect((await ask(oldDay, 'schedule:join', { salonId: s.salonId, date: '2030-03-05' })).ok).toBe(true);
    expect((await ask(newDay, 'schedule:join', { salonId: s.salonId, date: '2030-03-08' })).ok).toBe(true);
    const released = next<{ slotIds: number[] }>(oldDay, 'slot:released');
    const bookedEvent = next<{ slotIds: number[] }>(newDay, 'slot:booked');
    const alert = next<Record<string, unknown>>(owner, 'booking:rescheduled');
    const heard = record(stranger, ['booking:rescheduled']);
    const res = await move(u.token, b.id, { slotId: await slotAt(t, s.staffIds[0] as number, '2030-03-08 10:00') });
    expect(res.statusCode).toBe(200);
    expect((await released).slotIds).toEqual(b.slotIds);
    expect((await bookedEvent).slotIds).toEqual(res.json().slotIds);
    expect(await alert).toMatchObject({
      bookingId: b.id,
      salonId: s.salonId,
      startsAt: '2030-03-08T09:00:00.000Z',
      previousStartsAt: b.startsAt,
      previousStaffName: 'Stylist 1',
      rescheduledBy: 'customer',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([]);
  });
});

describe('who may move it, and when', () => {
  it('customers until the policy window closes (then 409 POLICY_WINDOW_CLOSED); the owner always', async () => {
    const u = await makeUser(t);
    // 16:00 Berlin is 9 hours after the clock; the salon's free window closes 24 hours before.
    const b = await booked(u.token, s.staffIds[0] as number, '2030-03-04 16:00');
    const target = await slotAt(t, s.staffIds[0] as number, '2030-03-06 10:00');
    const late = await move(u.token, b.id, { slotId: target });
    expect(late.json()).toMatchObject({ status: 409, code: 'POLICY_WINDOW_CLOSED' });
    const byOwner = await move(s.ownerToken, b.id, { slotId: target });
    expect(byOwner.statusCode).toBe(200);
    expect(byOwner.json().customerId).toBe(u.id);
    const alert = await t.db.sql.query(
      "select payload->>'rescheduledBy' as by from notifications where type = 'booking_rescheduled' and payload->>'bookingId' = $1",
      [String(b.id)],
    );
    expect(alert.rows.every((r) => r.by === 'owner')).toBe(true);
  });

  it('refuses strangers, other salons, cancelled bookings and bad input with the right codes', async () => {
    const u = await makeUser(t);
    const b = await booked(u.token, s.staffIds[1] as number, '2030-03-05 16:00');
    const target = await slotAt(t, s.staffIds[1] as number, '2030-03-09 10:00');
    expect((await move(undefined, b.id, { slotId: target })).statusCode).toBe(401);
    expect((await move((await makeUser(t)).token, b.id, { slotId: target })).json().code).toBe('FORBIDDEN');
    expect((await move(other.ownerToken, b.id, { slotId: target })).json().code).toBe('FORBIDDEN');
    expect((await move(u.token, 99_999_999, { slotId: target })).json().code).toBe('BOOKING_NOT_FOUND');
    const elsewhere = await slotAt(t, other.staffIds[0] as number, '2030-03-09 10:00');
    expect((await move(u.token, b.id, { slotId: elsewhere })).json()).toMatchObject({ status: 400, field: 'slotId' });
    expect((await move(u.token, b.id, { slotId: 'x' })).json()).toMatchObject({ status: 400, field: 'slotId' });
    expect((await move(u.token, b.id, {})).json()).toMatchObject({ status: 400, field: 'slotId' });
    expect((await move(u.token, b.id, { slotId: target, surprise: 1 })).json()).toMatchObject({ field: 'surprise' });
    expect((await move(u.token, b.id, { slotId: 2_147_483_000 })).json().code).toBe('SLOT_NOT_FOUND');
    await post(u.token, `/bookings/${b.id}/cancel`, {});
    expect((await move(u.token, b.id, { slotId: target })).json()).toMatchObject({
      status: 409,
      code: 'BOOKING_ALREADY_CANCELLED',
    });
    const moves = await t.db.sql.query('select count(*)::int as n from booking_reschedules where booking_id = $1', [
      b.id,
    ]);
    expect(moves.rows[0].n).toBe(0);
  });
});

describe('idempotency', () => {
  it('the same key moves once (also when sent at once); the same key for another move is 422', async () => {
    const u = await makeUser(t);
    const b = await booked(u.token, s.staffIds[2] as number, '2030-03-05 09:00');
    const target = await slotAt(t, s.staffIds[2] as number, '2030-03-10 09:00');
    const body = { slotId: target, idempotencyKey: 'move-1' };
    const results = await Promise.all(Array.from({ length: 6 }, () => move(u.token, b.id, body)));
    for (const r of results) expect(r.json()).toMatchObject({ id: b.id, startsAt: '2030-03-10T08:00:00.000Z' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${b.id}/reschedule`,
      headers: { ...auth(u.token), 'idempotency-key': 'move-1' },
      payload: { slotId: target },
    });
    expect(again.statusCode).toBe(200);
    const moves = await t.db.sql.query('select count(*)::int as n from booking_reschedules where booking_id = $1', [
      b.id,
    ]);
    expect(moves.rows[0].n).toBe(1);
    const otherMove = await move(u.token, b.id, {
      slotId: await slotAt(t, s.staffIds[2] as number, '2030-03-10 11:00'),
      idempotencyKey: 'move-1',
    });
    expect(otherMove.json()).toMatchObject({ status: 422, field: 'idempotencyKey' });
  });

  it('limits how often a customer may move bookings', async () => {
    const strict = await createTestApp({ rescheduleRateLimitPerHour: 2 }, { db: t.db, now: clock.now });
    try {
      const u = await makeUser(t);
      const token = strict.app.signToken({ id: u.id, role: 'customer' });
      const b = await booked(u.token, s.staffIds[0] as number, '2030-03-11 09:00');
      const to = async (at: string) =>
        strict.app.inject({
          method: 'POST',
          url: `/api/v1/bookings/${b.id}/reschedule`,
          headers: auth(token),
          payload: { slotId: await slotAt(t, s.staffIds[0] as number, at) },
        });
      expect((await to('2030-03-11 10:00')).statusCode).toBe(200);
      expect((await to('2030-03-11 11:00')).statusCode).toBe(200);
      const third = await to('2030-03-11 14:00');
      expect(third.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(third.headers['retry-after']).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});
