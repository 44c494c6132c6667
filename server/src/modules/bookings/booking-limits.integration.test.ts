/**
 * One free account must not be able to empty a salon's day: bookings that
 * await a deposit share HOLDS_PER_CUSTOMER with holds, a customer has at most
 * BOOKINGS_PER_CUSTOMER_DAY live bookings per salon-day (a reschedule too),
 * and bookings are limited by BOOKING_RATE_LIMIT_PER_HOUR (cancelling never is). Parallel
 * requests of one customer cannot get past the caps; the salon's owner is
 * limited by none of them.
 */
import { addDays, type Booking } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { bookingById, deliver, depositSalon, paidEvent } from '../../../test/payments.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
/** Asks a 50 % deposit. */
let paid: SalonFixture;
/** Asks none: bookings are CONFIRMED at once. */
let free: SalonFixture;

beforeAll(async () => {
  t = await createTestApp(
    { holdsPerCustomer: 3, bookingsPerCustomerDay: 3, paymentDeadlineSeconds: 900 },
    { now: clock.now },
  );
  paid = await depositSalon(t, { depositPercent: 50 }, { horizonDays: 40 });
  free = await makeSalon(t, { staff: 2, horizonDays: 40 });
});
afterAll(() => t.close());

const post = (app: TestApp, url: string, token: string, payload: Record<string, unknown> = {}) =>
  app.app.inject({ method: 'POST', url, headers: auth(token), payload });
const bookSlot = (token: string, s: SalonFixture, slotId: number, extra: Record<string, unknown> = {}, app = t) =>
  post(app, '/api/v1/bookings', token, { slotId, serviceId: s.serviceIds[0], ...extra });
const at = (s: SalonFixture, local: string, staff = 0) => slotAt(t, s.staffIds[staff] as number, local);
const count = async (sql: string, params: unknown[]) => (await t.db.sql.query(sql, params)).rows[0].n as number;
const bookingsOf = (userId: number) =>
  count("select count(*)::int as n from bookings where customer_id = $1 and status <> 'CANCELLED'", [userId]);

async function slotStatus(s: SalonFixture, date: string, slotId: number): Promise<string | undefined> {
  const res = await t.app.inject({
    url: `/api/v1/availability/slots?salonId=${s.salonId}&date=${date}&serviceId=${s.serviceIds[0]}`,
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ slots: { id: number; status: string }[] }>().slots.find((x) => x.id === slotId)?.status;
}

describe('bookings awaiting a deposit share the holds cap', () => {
  it('refuses the next booking with 429, writes nothing, leaves the slot free; a cancellation makes room', async () => {
    const u = await makeUser(t);
    const pending: Booking[] = [];
    for (const day of ['2030-03-05', '2030-03-06', '2030-03-07']) {
      const res = await bookSlot(u.token, paid, await at(paid, `${day} 10:00`));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'PENDING' });
      pending.push(res.json<Booking>());
    }
    const next = await at(paid, '2030-03-08 10:00');
    const refused = await bookSlot(u.token, paid, next);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.json().detail).toMatch(/awaiting a deposit/);
    expect(await slotStatus(paid, '2030-03-08', next)).toBe('available');
    expect(await bookingsOf(u.id)).toBe(3);
    expect(await count('select count(*)::int as n from slots where id = $1 and is_booked', [next])).toBe(0);
    expect(
      await count(
        'select count(*)::int as n from payments p join bookings b on b.id = p.booking_id where b.customer_id = $1',
        [u.id],
      ),
    ).toBe(3);
    // A hold would be a fourth kept time as well.
    const hold = await post(t, `/api/v1/availability/slots/${next}/lock`, u.token, { serviceId: paid.serviceIds[0] });
    expect(hold.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    const cancel = await post(t, `/api/v1/bookings/${pending[0]?.id}/cancel`, u.token);
    expect(cancel.statusCode).toBe(200);
    expect((await bookSlot(u.token, paid, next)).statusCode).toBe(201);
  });

  it('turns a hold into a booking without counting it twice; a paid booking no longer counts', async () => {
    const u = await makeUser(t);
    for (const day of ['2030-03-10', '2030-03-11']) {
      expect((await bookSlot(u.token, paid, await at(paid, `${day} 10:00`))).statusCode).toBe(201);
    }
    const held = await at(paid, '2030-03-12 10:00');
    const hold = await post(t, `/api/v1/availability/slots/${held}/lock`, u.token, { serviceId: paid.serviceIds[0] });
    expect(hold.statusCode).toBe(201);
    const fromHold = await bookSlot(u.token, paid, held, { lockToken: hold.json().lockToken });
    expect(fromHold.statusCode, fromHold.body).toBe(201);
    expect(await bookingsOf(u.id)).toBe(3);
    // Paid: it is committed, not kept.
    const paidNow = await deliver(t, await paidEvent(t, fromHold.json(), { paidAt: clock.now() }), clock.now());
    expect(paidNow.status).toBe(200);
    expect((await bookingById(t, u.token, fromHold.json().id)).status).toBe('CONFIRMED');
    expect((await bookSlot(u.token, paid, await at(paid, '2030-03-13 10:00'))).statusCode).toBe(201);
  });

  it('ten parallel bookings by one customer end with exactly the cap booked, the rest 429', async () => {
    const u = await makeUser(t);
    const slots = await Promise.all(
      Array.from({ length: 10 }, (_, i) => at(paid, `${addDays('2030-03-15', i)} 11:00`, i % 2)),
    );
    const results = await Promise.all(slots.map((id) => bookSlot(u.token, paid, id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    }
    expect(await bookingsOf(u.id)).toBe(3);
    expect(await count('select count(*)::int as n from slots where id = any($1) and is_booked', [slots])).toBe(3);
  });
});

describe('live bookings per customer, salon and day', () => {
  it('refuses the fourth booking on one salon-day; another day and the owner on the phone still book', async () => {
    const u = await makeUser(t);
    for (const time of ['09:00', '10:00', '11:00']) {
      expect((await bookSlot(u.token, free, await at(free, `2030-03-05 ${time}`))).statusCode).toBe(201);
    }
    const fourth = await at(free, '2030-03-05 14:00');
    const refused = await bookSlot(u.token, free, fourth);
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(refused.json().detail).toMatch(/3 bookings at .* on 2030-03-05/);
    expect(await slotStatus(free, '2030-03-05', fourth)).toBe('available');
    expect((await bookSlot(u.token, free, await at(free, '2030-03-06 09:00'))).statusCode).toBe(201);
    // The salon's owner books for a customer of theirs: not capped.
    const phone = await bookSlot(free.ownerToken, free, fourth, { customerId: u.id });
    expect(phone.statusCode, phone.body).toBe(201);
    expect(await bookingsOf(u.id)).toBe(5);
  });

  it('eight parallel bookings on one salon-day leave exactly three', async () => {
    const u = await makeUser(t);
    const slots = await Promise.all(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30'].map((time, i) =>
        at(free, `2030-03-07 ${time}`, i % 2),
      ),
    );
    const results = await Promise.all(slots.map((id) => bookSlot(u.token, free, id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(5);
    expect(await bookingsOf(u.id)).toBe(3);
  });

  it('a customer cannot move a booking onto a full day; the owner can', async () => {
    const u = await makeUser(t);
    for (const time of ['09:00', '10:00', '11:00']) {
      expect((await bookSlot(u.token, free, await at(free, `2030-03-08 ${time}`))).statusCode).toBe(201);
    }
    const other = (await bookSlot(u.token, free, await at(free, '2030-03-09 09:00'))).json<Booking>();
    const target = await at(free, '2030-03-08 15:00');
    const move = (token: string) => post(t, `/api/v1/bookings/${other.id}/reschedule`, token, { slotId: target });
    expect((await move(u.token)).json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const still = await t.app.inject({ url: `/api/v1/bookings/${other.id}`, headers: auth(u.token) });
    expect(still.json().startsAt).toBe(other.startsAt);
    expect(await slotStatus(free, '2030-03-08', target)).toBe('available');
    // Within the same day a move changes no count.
    const sameDay = await post(t, `/api/v1/bookings/${other.id}/reschedule`, u.token, {
      slotId: await at(free, '2030-03-09 10:00'),
    });
    expect(sameDay.statusCode, sameDay.body).toBe(200);
    expect((await move(free.ownerToken)).statusCode).toBe(200);
  });
});

describe('bookings per hour', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ bookingRateLimitPerHour: 4 }, { db: t.db, now: clock.now });
  });
  afterAll(() => strict.close());

  it('counts bookings: past the limit 429 with Retry-After, and a booking can still be cancelled', async () => {
    const u = await makeUser(t);
    const token = strict.app.signToken({ id: u.id, role: 'customer' });
    const made: number[] = [];
    for (const time of ['09:00', '09:15', '09:30', '09:45']) {
      const b = await bookSlot(token, free, await at(free, `2030-03-20 ${time}`), {}, strict);
      expect(b.statusCode).toBe(201);
      made.push(b.json().id);
      // Cancelling spends nothing: giving a time back is never refused.
      if (time !== '09:45') {
        expect((await post(strict, `/api/v1/bookings/${b.json().id}/cancel`, token)).statusCode).toBe(200);
      }
    }
    const kept = await at(free, '2030-03-20 10:00');
    const fifth = await bookSlot(token, free, kept, {}, strict);
    expect(fifth.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
    expect(await slotStatus(free, '2030-03-20', kept)).toBe('available');
    // Past the limit, the last booking can still be given back.
    expect((await post(strict, `/api/v1/bookings/${made[3]}/cancel`, token)).statusCode).toBe(200);
  });

  it('does not limit the owner: walk-ins, phone bookings and cancellations', async () => {
    const u = await makeUser(t);
    for (const time of ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15']) {
      const slotId = await at(free, `2030-03-21 ${time}`, 1);
      const b = await bookSlot(free.ownerToken, free, slotId, { guest: { name: `Walk-in ${time}` } }, strict);
      expect(b.statusCode, b.body).toBe(201);
      expect((await post(strict, `/api/v1/bookings/${b.json().id}/cancel`, free.ownerToken)).statusCode).toBe(200);
    }
    // A customer's booking cancelled by the owner costs the customer nothing either.
    const token = strict.app.signToken({ id: u.id, role: 'customer' });
    for (const time of ['09:00', '09:30', '10:00', '10:30']) {
      const b = await bookSlot(token, free, await at(free, `2030-03-22 ${time}`), {}, strict);
      expect(b.statusCode).toBe(201);
      if (time !== '10:30') await post(strict, `/api/v1/bookings/${b.json().id}/cancel`, free.ownerToken);
    }
  });

  it('lets a replay of an idempotency key through without spending the budget', async () => {
    const u = await makeUser(t);
    const token = strict.app.signToken({ id: u.id, role: 'customer' });
    const first = await bookSlot(token, free, await at(free, '2030-03-23 09:00'), { idempotencyKey: 'k-1' }, strict);
    expect(first.statusCode).toBe(201);
    for (let i = 0; i < 5; i++) {
      const again = await bookSlot(token, free, await at(free, '2030-03-23 09:00'), { idempotencyKey: 'k-1' }, strict);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
    }
    for (const time of ['10:00', '11:00', '14:00']) {
      expect((await bookSlot(token, free, await at(free, `2030-03-24 ${time}`), {}, strict)).statusCode).toBe(201);
    }
    const past = await bookSlot(token, free, await at(free, '2030-03-25 09:00'), {}, strict);
    expect(past.statusCode).toBe(429);
  });
});
