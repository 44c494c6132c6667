/**
 * Reschedules under contention, on a real PostgreSQL: many customers moving
 * onto one time, reschedules racing new bookings for it, a reschedule racing
 * a cancellation of the same booking, two moves of one booking at once. Each
 * ends in one consistent state: one winner, every slot booked by exactly the
 * booking that covers it, nothing half-moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let s15: number;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 3 });
  [s15] = s.serviceIds as [number];
});
afterAll(() => t.close());

const post = (token: string, path: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: auth(token), payload });

const TIMES = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15'];

/** `n` customers, each with a 15-minute booking on `day`, spread over the stylists. */
async function customersWithBookings(n: number, day: string) {
  const out: { token: string; id: number; slotIds: number[]; startsAt: string }[] = [];
  for (let i = 0; i < n; i++) {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[i % 3] as number, `${day} ${TIMES[Math.floor(i / 3)]}`);
    const res = await post(u.token, '/bookings', { slotId, serviceId: s15 });
    expect(res.statusCode).toBe(201);
    const { id, slotIds, startsAt } = res.json();
    out.push({ token: u.token, id, slotIds, startsAt });
  }
  return out;
}

/** Every slot of the salon is booked by the live booking whose time covers it, and only those. */
async function assertConsistent() {
  const { rows } = await t.db.sql.query(
    `select sl.id from slots sl
     left join bookings b on b.id = sl.booking_id
     where sl.salon_id = $1 and (
       (sl.is_booked and (b.id is null or b.status = 'CANCELLED' or b.staff_id <> sl.staff_id
                          or sl.starts_at < b.starts_at or sl.starts_at >= b.ends_at))
       or (not sl.is_booked and sl.booking_id is not null)
       or (not sl.is_booked and exists (
             select 1 from bookings x where x.salon_id = sl.salon_id and x.staff_id = sl.staff_id
               and x.status <> 'CANCELLED' and sl.starts_at >= x.starts_at and sl.starts_at < x.ends_at)))`,
    [s.salonId],
  );
  expect(rows, 'slots that disagree with the bookings').toEqual([]);
}

describe('reschedule races', () => {
  it('24 customers rescheduling onto one time: exactly one wins; the others keep their bookings', async () => {
    const people = await customersWithBookings(24, '2030-03-05');
    const target = await slotAt(t, s.staffIds[1] as number, '2030-03-06 10:00');
    const results = await Promise.all(
      people.map((p) => post(p.token, `/bookings/${p.id}/reschedule`, { slotId: target })),
    );
    const won = results.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200)) {
      expect(r.statusCode).toBe(409);
      expect(['SLOT_BOOKED', 'SLOT_LOCKED']).toContain(r.json().code);
      expect(Array.isArray(r.json().alternatives)).toBe(true);
    }
    const winner = won[0]?.json();
    const slot = await t.db.sql.query('select booking_id from slots where id = $1', [target]);
    expect(slot.rows[0].booking_id).toBe(winner.id);
    for (const p of people.filter((x) => x.id !== winner.id)) {
      const now = await t.db.sql.query('select starts_at from bookings where id = $1', [p.id]);
      expect(new Date(now.rows[0].starts_at).toISOString()).toBe(p.startsAt);
    }
    await assertConsistent();
  });

  it('reschedules and new bookings racing for one time: one success between them all', async () => {
    const movers = await customersWithBookings(12, '2030-03-07');
    const bookers = await Promise.all(Array.from({ length: 12 }, () => makeUser(t)));
    const target = await slotAt(t, s.staffIds[2] as number, '2030-03-08 11:00');
    const results = await Promise.all([
      ...movers.map((p) => post(p.token, `/bookings/${p.id}/reschedule`, { slotId: target })),
      ...bookers.map((u) => post(u.token, '/bookings', { slotId: target, serviceId: s15 })),
    ]);
    expect(results.filter((r) => r.statusCode === 200 || r.statusCode === 201)).toHaveLength(1);
    expect(results.every((r) => [200, 201, 409].includes(r.statusCode))).toBe(true);
    await assertConsistent();
  });

  it('a reschedule racing a cancellation of the same booking ends in one consistent state, every time', async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const [p] = await customersWithBookings(1, '2030-03-09');
      if (!p) throw new Error('no booking');
      const target = await slotAt(t, s.staffIds[1] as number, `2030-03-10 ${TIMES[i]}`);
      const [moved, cancelled] = await Promise.all([
        post(p.token, `/bookings/${p.id}/reschedule`, { slotId: target }),
        // Owner and customer take turns cancelling.
        post(i % 2 ? s.ownerToken : p.token, `/bookings/${p.id}/cancel`, {}),
      ]);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json().status).toBe('CANCELLED');
      if (moved.statusCode === 200) {
        // The move came first: the cancellation cancelled the booking at its new time.
        expect(cancelled.json().startsAt).toBe(moved.json().startsAt);
        outcomes.add('moved, then cancelled');
      } else {
        expect(moved.json()).toMatchObject({ status: 409, code: 'BOOKING_ALREADY_CANCELLED' });
        expect(cancelled.json().startsAt).toBe(p.startsAt);
        outcomes.add('cancelled first');
      }
      const held = await t.db.sql.query(
        'select count(*)::int as n from slots where booking_id = $1 or id = $2 and is_booked',
        [p.id, target],
      );
      expect(held.rows[0].n).toBe(0);
      const reminders = await t.db.sql.query(
        'select count(*)::int as n from booking_reminders where booking_id = $1 and outcome is null',
        [p.id],
      );
      expect(reminders.rows[0].n).toBe(0);
      // Free again for anyone.
      const again = await post((await makeUser(t)).token, '/bookings', { slotId: target, serviceId: s15 });
      expect(again.statusCode).toBe(201);
    }
    expect(outcomes.size).toBeGreaterThan(0);
    await assertConsistent();
  });

  it('two moves of one booking at once (customer and owner) leave it at one of the two times', async () => {
    for (let i = 0; i < 6; i++) {
      const [p] = await customersWithBookings(1, '2030-03-11');
      if (!p) throw new Error('no booking');
      const a = await slotAt(t, s.staffIds[0] as number, `2030-03-12 ${TIMES[i]}`);
      const b = await slotAt(t, s.staffIds[2] as number, `2030-03-12 ${TIMES[i]}`);
      const [first, second] = await Promise.all([
        post(p.token, `/bookings/${p.id}/reschedule`, { slotId: a }),
        post(s.ownerToken, `/bookings/${p.id}/reschedule`, { slotId: b }),
      ]);
      expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
      const final = await t.db.sql.query('select staff_id from bookings where id = $1', [p.id]);
      const at = final.rows[0].staff_id === s.staffIds[0] ? a : b;
      const slots = await t.db.sql.query('select id from slots where booking_id = $1', [p.id]);
      expect(slots.rows.map((r) => r.id)).toEqual([at]);
      const moves = await t.db.sql.query('select count(*)::int as n from booking_reschedules where booking_id = $1', [
        p.id,
      ]);
      expect(moves.rows[0].n).toBe(2);
    }
    await assertConsistent();
  });
});
