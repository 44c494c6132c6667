import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let s15: number;
let s45: number;
let s30: number;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 3 });
  [s15, s45, s30] = s.serviceIds as [number, number, number];
});
afterAll(() => t.close());

const book = (token: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: { ...auth(token), ...headers }, payload });

const count = async (sql: string, params: unknown[] = []) => (await t.db.sql.query(sql, params)).rows[0].n as number;

describe('POST /bookings', () => {
  it('books through every step the seed names: booking, items, slots, hold gone, notifications', async () => {
    const u = await makeUser(t, 'customer', 'Ana');
    const staff = s.staffIds[0] as number;
    const slotId = await slotAt(t, staff, '2030-03-05 10:00');
    const hold = await t.app.inject({
      method: 'POST',
      url: `/api/v1/availability/slots/${slotId}/lock`,
      headers: auth(u.token),
      payload: { serviceId: s45 },
    });
    const { lockToken } = hold.json();
    const res = await book(u.token, { slotId, serviceIds: [s45], lockToken });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(b).toMatchObject({
      status: 'CONFIRMED',
      salonId: s.salonId,
      customerId: u.id,
      customerName: 'Ana',
      staffId: staff,
      startsAt: '2030-03-05T09:00:00.000Z',
      endsAt: '2030-03-05T09:45:00.000Z',
      totalPriceCents: 2000,
      totalDurationMinutes: 45,
      currency: 'EUR',
    });
    expect(b.items).toEqual([{ serviceId: s45, name: 'Service 2', priceCents: 2000, durationMinutes: 45 }]);
    expect(b.slotIds).toHaveLength(3);
    const row = (await t.db.sql.query('select * from bookings where id = $1', [b.id])).rows[0];
    expect(row.status).toBe('CONFIRMED');
    expect(row.version).toBeGreaterThanOrEqual(2);
    expect(await count('select count(*)::int as n from booking_items where booking_id = $1', [b.id])).toBe(1);
    expect(await count('select count(*)::int as n from slots where booking_id = $1 and is_booked', [b.id])).toBe(3);
    expect(await count('select count(*)::int as n from slot_locks where token = $1', [lockToken])).toBe(0);
    const notes = (
      await t.db.sql.query(
        "select user_id, type from notifications where payload->>'bookingId' = $1::text order by id",
        [b.id],
      )
    ).rows;
    expect(notes).toEqual([
      { user_id: u.id, type: 'booking_confirmed' },
      { user_id: s.ownerId, type: 'booking_created' },
    ]);
    // Dispatched after commit by the console transport.
    await expect
      .poll(async () =>
        count(
          "select count(*)::int as n from notifications where status = 'sent' and payload->>'bookingId' = $1::text",
          [b.id],
        ),
      )
      .toBe(2);
  });

  it('200 concurrent customers booking one slot: exactly one 201, 199 409s, one booking row', async () => {
    const slotId = await slotAt(t, s.staffIds[1] as number, '2030-03-05 11:00');
    const users = await Promise.all(Array.from({ length: 200 }, () => makeUser(t)));
    const results = await Promise.all(
      users.map((u) => book(u.token, { slotId, serviceIds: [s30], staffId: s.staffIds[1] })),
    );
    const by = (c: number) => results.filter((r) => r.statusCode === c).length;
    expect(by(201)).toBe(1);
    expect(by(409)).toBe(199);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(['SLOT_BOOKED', 'SLOT_LOCKED']).toContain(r.json().code);
      expect(Array.isArray(r.json().alternatives)).toBe(true);
    }
    expect(
      await count(
        "select count(*)::int as n from bookings b join slots sl on sl.booking_id = b.id where sl.id = $1 and b.status = 'CONFIRMED'",
        [slotId],
      ),
    ).toBe(1);
  });

  it('50 concurrent overlapping multi-slot bookings on one stylist never overlap', async () => {
    const staff = s.staffIds[2] as number;
    const users = await Promise.all(Array.from({ length: 50 }, () => makeUser(t)));
    const starts = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15'];
    const results = await Promise.all(
      users.map(async (u, i) =>
        book(u.token, {
          slotId: await slotAt(t, staff, `2030-03-06 ${starts[i % starts.length]}`),
          serviceIds: i % 2 ? [s45] : [s15, s30],
          staffId: staff,
        }),
      ),
    );
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    expect(results.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(2);
    const overlaps = await count(
      `select count(*)::int as n from bookings a join bookings b on a.id < b.id and a.staff_id = b.staff_id
       where a.staff_id = $1 and a.status in ('PENDING','CONFIRMED') and b.status in ('PENDING','CONFIRMED')
         and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`,
      [staff],
    );
    expect(overlaps).toBe(0);
    const doubleSlots = await count(
      `select count(*)::int as n from slots where staff_id = $1 and is_booked and booking_id not in
       (select id from bookings where status = 'CONFIRMED')`,
      [staff],
    );
    expect(doubleSlots).toBe(0);
  });

  it('two concurrent requests with one idempotency key make one booking', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-07 14:00');
    const [a, b] = await Promise.all([
      book(u.token, { slotId, serviceId: s15, idempotencyKey: 'k-1' }),
      book(u.token, { slotId, serviceId: s15 }, { 'idempotency-key': 'k-1' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    const again = await book(u.token, { slotId, serviceId: s15, idempotencyKey: 'k-1' });
    expect(again.statusCode).toBe(200);
    expect(await count('select count(*)::int as n from bookings where customer_id = $1', [u.id])).toBe(1);
  });

  it('a failure after the booking insert leaves no booking, no booked slot, no notification', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-08 15:00');
    await t.db.sql.query(`
      create function fail_booking() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$;
      create trigger fail_booking before update of is_booked on slots
      for each row when (new.is_booked) execute function fail_booking();`);
    try {
      const res = await book(u.token, { slotId, serviceId: s15 });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'INTERNAL' });
      expect(res.body).not.toContain('injected');
      expect(res.body).not.toContain('at ');
    } finally {
      await t.db.sql.query('drop trigger fail_booking on slots; drop function fail_booking();');
    }
    expect(await count('select count(*)::int as n from bookings where customer_id = $1', [u.id])).toBe(0);
    expect(await count('select count(*)::int as n from slots where id = $1 and is_booked', [slotId])).toBe(0);
    expect(await count('select count(*)::int as n from notifications where user_id = $1', [u.id])).toBe(0);
    expect((await book(u.token, { slotId, serviceId: s15 })).statusCode).toBe(201);
  });

  it('"any stylist" (anyStaff: true) picks a free stylist at that time, deterministically; without it the slot is exact', async () => {
    const [a, b, c] = [await makeUser(t), await makeUser(t), await makeUser(t)];
    const first = s.staffIds[0] as number;
    const slotId = await slotAt(t, first, '2030-03-12 09:00');
    expect((await book(a.token, { slotId, serviceId: s15 })).json().staffId).toBe(first);
    const exact = await book(c.token, { slotId, serviceId: s15 });
    expect(exact.json()).toMatchObject({ status: 409, code: 'SLOT_BOOKED' });
    const second = await book(b.token, { slotId, serviceId: s15, anyStaff: true });
    expect(second.statusCode).toBe(201);
    expect(second.json().staffId).toBe(s.staffIds[1]);
    expect(second.json().startsAt).toBe('2030-03-12T08:00:00.000Z');
  });

  it('multi-service bookings run back to back and need that many free slots', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-13 09:00');
    const res = await book(u.token, { slotId, serviceIds: [s15, s45], staffId: s.staffIds[0] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      totalDurationMinutes: 60,
      totalPriceCents: 3000,
      endsAt: '2030-03-13T09:00:00.000Z',
    });
    expect(res.json().items.map((i: { serviceId: number }) => i.serviceId)).toEqual([s15, s45]);
    expect(res.json().slotIds).toHaveLength(4);
    // The lunch break leaves no room for 60 minutes from 12:00.
    const late = await book(u.token, {
      slotId: await slotAt(t, s.staffIds[0] as number, '2030-03-13 12:00'),
      serviceIds: [s15, s45],
      staffId: s.staffIds[0],
    });
    expect(late.statusCode).toBe(400);
  });

  it('a slot held by someone else is 409 SLOT_LOCKED with alternatives; the holder books with its token', async () => {
    const [holder, other] = [await makeUser(t), await makeUser(t)];
    const staff = s.staffIds[1] as number;
    const slotId = await slotAt(t, staff, '2030-03-14 10:00');
    const hold = await t.app.inject({
      method: 'POST',
      url: `/api/v1/availability/slots/${slotId}/lock`,
      headers: auth(holder.token),
      payload: { serviceId: s30 },
    });
    const denied = await book(other.token, { slotId, serviceId: s30, staffId: staff });
    expect(denied.statusCode).toBe(409);
    expect(denied.json().code).toBe('SLOT_LOCKED');
    expect(denied.json().alternatives.length).toBeGreaterThan(0);
    for (const alt of denied.json().alternatives)
      expect(alt).toEqual({ slotId: expect.any(Number), staffId: expect.any(Number), startsAt: expect.any(String) });
    const ok = await book(holder.token, { slotId, serviceId: s30, staffId: staff, lockToken: hold.json().lockToken });
    expect(ok.statusCode).toBe(201);
  });

  it('rejects unknown services and slots, and unauthenticated requests', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-15 09:00');
    expect((await book(u.token, { slotId, serviceId: 999999 })).json()).toMatchObject({
      status: 404,
      code: 'SERVICE_NOT_FOUND',
    });
    expect((await book(u.token, { slotId: 99999999, serviceId: s15 })).json()).toMatchObject({
      status: 404,
      code: 'SLOT_NOT_FOUND',
    });
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/bookings', payload: { slotId, serviceId: s15 } });
    expect(anon.statusCode).toBe(401);
    expect((await book(u.token, { slotId })).json()).toMatchObject({ status: 400, field: 'serviceIds' });
    expect((await book(u.token, { slotId, serviceId: '1' })).statusCode).toBe(400);
    expect(await count('select count(*)::int as n from bookings where customer_id = $1', [u.id])).toBe(0);
  });

  it('when application checks are bypassed, the overlap constraint still refuses, as a 409 not a 500', async () => {
    const u = await makeUser(t);
    const staff = s.staffIds[0] as number;
    const slotId = await slotAt(t, staff, '2030-03-18 10:00');
    // A booking written behind the application's back: the slots do not know about it.
    await t.db.sql.query(
      `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
       select $1, $1, salon_id, staff_id, 'CONFIRMED', starts_at, starts_at + interval '30 minutes', 0, 30, 'EUR' from slots where id = $2`,
      [u.id, slotId],
    );
    const res = await book(u.token, { slotId, serviceId: s15, staffId: staff });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SLOT_BOOKED');
    expect(Array.isArray(res.json().alternatives)).toBe(true);
    expect(await count('select count(*)::int as n from slots where id = $1 and is_booked', [slotId])).toBe(0);
  });

  it('booking part of a hold releases the rest of it', async () => {
    const u = await makeUser(t);
    const staff = s.staffIds[1] as number;
    const slotId = await slotAt(t, staff, '2030-03-16 10:00');
    const hold = await t.app.inject({
      method: 'POST',
      url: `/api/v1/availability/slots/${slotId}/lock`,
      headers: auth(u.token),
      payload: { serviceId: s45 },
    });
    expect(hold.json().slotIds).toHaveLength(3);
    const res = await book(u.token, { slotId, serviceId: s15, staffId: staff });
    expect(res.statusCode).toBe(201);
    expect(await count('select count(*)::int as n from slot_locks where holder_id = $1', [u.id])).toBe(0);
  });
});
