/**
 * Cached day pictures never outlive a change: every read checks the day's
 * database version, so a write is visible on the next read on this instance
 * and on another one (two apps on one database, no event bus between them),
 * ETags are stable while nothing changes (304) and move with holds,
 * bookings, cancellations, expiries and stylists leaving.
 */
import type { Slot } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
const DAY = '2030-03-05';
let a: TestApp;
let b: TestApp;
let s: SalonFixture;

beforeAll(async () => {
  a = await createTestApp({}, { now: clock.now });
  // A second instance on the same database, with no bus: only the database tells it of changes.
  b = await createTestApp({}, { now: clock.now, db: a.db });
  s = await makeSalon(a, { staff: 2, services: [{ minutes: 30 }] });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const service = () => s.serviceIds[0] as number;

async function read(t: TestApp, etag?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/availability/slots?salonId=${s.salonId}&date=${DAY}&serviceId=${service()}`,
    headers: etag ? { 'if-none-match': etag } : {},
  });
  return { status: res.statusCode, etag: res.headers.etag as string, body: res.body, json: () => res.json() };
}

const statusOf = (slots: Slot[], id: number) => slots.find((x) => x.id === id)?.status;

async function hold(t: TestApp, slotId: number) {
  const u = await makeUser(t);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${slotId}/lock`,
    headers: auth(u.token),
    payload: { serviceId: service() },
  });
  expect(res.statusCode).toBe(201);
  return { user: u, hold: res.json() as { lockToken: string; slotIds: number[]; expiresAt: string } };
}

describe('day versions', () => {
  it('answers 304 while nothing changed, the same tag on every instance', async () => {
    const first = await read(a);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{22}\.2\."$/);
    expect((await read(a, first.etag)).status).toBe(304);
    expect((await read(a, first.etag)).body).toBe('');
    const onB = await read(b);
    expect(onB.etag).toBe(first.etag);
    expect(onB.body).toBe(first.body);
    expect((await read(b, `"other", ${first.etag}`)).status).toBe(304);
  });

  it('tags a run of days by its content: 304 while unchanged, a new tag once a day fills up', async () => {
    const url = `/api/v1/availability/days?salonId=${s.salonId}&serviceId=${service()}&from=2030-03-07&days=3`;
    const first = await a.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    expect(first.json().days.map((d: { status: string }) => d.status)).toEqual(['free', 'free', 'free']);
    const etag = first.headers.etag as string;
    expect((await b.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    // Book the whole first day away behind the app's back: every slot of it.
    await a.db.sql.query(
      `insert into slot_locks (slot_id, holder_id, token, expires_at)
       select sl.id, $2, gen_random_uuid(), timestamptz '2030-03-10T00:00:00Z' from slots sl
       where sl.salon_id = $1 and (sl.starts_at at time zone 'Europe/Berlin')::date = '2030-03-07'`,
      [s.salonId, s.ownerId],
    );
    const after = await b.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json().days[0].status).toBe('full');
  });

  it('shows a hold taken on another instance on the very next read (no bus)', async () => {
    const before = await read(a);
    const slotId = await slotAt(a, s.staffIds[0] as number, `${DAY} 10:00`);
    await hold(b, slotId);
    const after = await read(a, before.etag);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(statusOf(after.json().slots, slotId)).toBe('locked');
  });

  it('moves with a booking and its cancellation made on the other instance', async () => {
    const slotId = await slotAt(a, s.staffIds[1] as number, `${DAY} 11:00`);
    const u = await makeUser(b);
    const free = await read(a);
    expect(statusOf(free.json().slots, slotId)).toBe('available');
    const booked = await b.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(u.token),
      payload: { slotId, serviceId: service() },
    });
    expect(booked.statusCode).toBe(201);
    const afterBooking = await read(a, free.etag);
    expect(afterBooking.status).toBe(200);
    expect(statusOf(afterBooking.json().slots, slotId)).toBe('booked');
    const cancelled = await b.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booked.json().id}/cancel`,
      headers: auth(u.token),
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    const afterCancel = await read(a, afterBooking.etag);
    expect(afterCancel.status).toBe(200);
    expect(statusOf(afterCancel.json().slots, slotId)).toBe('available');
    // Back to the same picture as before the booking, so back to the same tag.
    expect(afterCancel.etag).toBe(free.etag);
  });

  it('frees an expired hold on the next read, although nothing was written', async () => {
    const slotId = await slotAt(a, s.staffIds[0] as number, `${DAY} 14:00`);
    const { hold: h } = await hold(a, slotId);
    const held = await read(a);
    expect(statusOf(held.json().slots, slotId)).toBe('locked');
    clock.set(new Date(Date.parse(h.expiresAt) + 1000).toISOString());
    const later = await read(a, held.etag);
    expect(later.status).toBe(200);
    expect(statusOf(later.json().slots, slotId)).toBe('available');
  });

  it('hides a stylist who leaves, on the next read', async () => {
    const before = await read(b);
    expect(before.json().slots.some((x: Slot) => x.staffId === s.staffIds[1])).toBe(true);
    await a.db.sql.query('update staff set active = false where id = $1', [s.staffIds[1]]);
    const after = await read(b, before.etag);
    expect(after.status).toBe(200);
    expect(after.json().slots.some((x: Slot) => x.staffId === s.staffIds[1])).toBe(false);
    await a.db.sql.query('update staff set active = true where id = $1', [s.staffIds[1]]);
    expect((await read(b)).etag).toBe(before.etag);
  });

  it('many customers holding and booking at once on two instances: every read after them is the truth', async () => {
    const day = '2030-03-06';
    // 24 starts where the 30-minute service fits without overlapping another: every half hour, two stylists.
    const times = [
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
    ];
    const slots: number[] = [];
    for (const staffId of s.staffIds) for (const time of times) slots.push(await slotAt(a, staffId, `${day} ${time}`));
    const url = `/api/v1/availability/slots?salonId=${s.salonId}&date=${day}&serviceId=${service()}`;
    const users = await Promise.all(Array.from({ length: 24 }, (_, i) => makeUser(i % 2 ? a : b)));
    // Readers on both instances keep reading while 24 customers hold or book every other slot.
    let writing = true;
    const readers = [a, b].map(async (t) => {
      let n = 0;
      while (writing) {
        expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
        n++;
      }
      return n;
    });
    const results = await Promise.all(
      users.map((u, i) =>
        (i % 2 ? a : b).app.inject({
          method: 'POST',
          url: i % 3 === 0 ? '/api/v1/bookings' : `/api/v1/availability/slots/${slots[i]}/lock`,
          headers: auth(u.token),
          payload: i % 3 === 0 ? { slotId: slots[i], serviceId: service() } : { serviceId: service() },
        }),
      ),
    );
    writing = false;
    expect((await Promise.all(readers)).every((n) => n > 0)).toBe(true);
    expect(results.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
    const truth = await a.db.sql.query(
      `select sl.id, case when sl.is_booked then 'booked' when l.id is not null then 'locked' else 'available' end as status
       from slots sl left join slot_locks l on l.slot_id = sl.id where sl.id = any($1)`,
      [slots],
    );
    for (const t of [a, b]) {
      const seen = (await t.app.inject({ method: 'GET', url })).json().slots as Slot[];
      for (const row of truth.rows) expect(statusOf(seen, row.id)).toBe(row.status);
    }
  });
});
