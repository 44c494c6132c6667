/**
 * Walk-ins: the salon's owner books at the front desk for a customer account
 * or a guest without one, through the same booking transaction; never for
 * another owner, never for themselves by default, never in another salon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let a: SalonFixture;
let b: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  a = await makeSalon(t, { staff: 2, name: 'Front Desk A' });
  b = await makeSalon(t, { staff: 1, name: 'Front Desk B' });
});
afterAll(() => t.close());

const post = (url: string, token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: auth(token), payload });
const frontDesk = (token: string, slotId: number, body: Record<string, unknown>) =>
  post(`/api/v1/availability/slots/${slotId}/book`, token, { serviceId: a.serviceIds[0], ...body });
const count = async (sql: string, params: unknown[]) => (await t.db.sql.query(sql, params)).rows[0].n as number;
/** A customer's own booking at a salon: what makes them a customer of it. */
async function bookOwn(token: string, salon: SalonFixture, staff: number, local: string) {
  const res = await post('/api/v1/bookings', token, {
    slotId: await slotAt(t, salon.staffIds[staff] as number, local),
    serviceId: salon.serviceIds[0],
  });
  expect(res.statusCode).toBe(201);
}

describe('front desk', () => {
  it("books only for customer accounts: another salon's owner or an admin id is a 400", async () => {
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-05 09:00');
    const admin = await makeUser(t, 'admin');
    for (const customerId of [b.ownerId, admin.id, a.ownerId, 99999999]) {
      const res = await frontDesk(a.ownerToken, slotId, { customerId });
      expect(res.json(), String(customerId)).toMatchObject({ status: 400, field: 'customerId' });
    }
    // Neither a customer nor a guest: the owner is not booked for themselves.
    expect((await frontDesk(a.ownerToken, slotId, {})).json()).toMatchObject({ status: 400, field: 'customerId' });
    expect(await count('select count(*)::int as n from bookings where salon_id = $1', [a.salonId])).toBe(0);
  });

  it('books a walk-in guest record in the same transaction, visible to the owner only', async () => {
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-05 10:00');
    const res = await frontDesk(a.ownerToken, slotId, { guest: { name: '  Gina Guest ', phone: '+49 30 1234567' } });
    expect(res.statusCode).toBe(201);
    const booking = await t.app.inject({
      url: `/api/v1/bookings/${res.json().bookingId}`,
      headers: auth(a.ownerToken),
    });
    expect(booking.json()).toMatchObject({
      customerId: null,
      customerName: 'Gina Guest',
      guest: { name: 'Gina Guest', phone: '+49 30 1234567', email: null },
      status: 'CONFIRMED',
    });
    expect(await count('select count(*)::int as n from slots where booking_id = $1', [res.json().bookingId])).toBe(1);
    // Only the owner is notified: a guest has no account.
    const notes = await t.db.sql.query("select user_id from notifications where payload->>'bookingId' = $1::text", [
      res.json().bookingId,
    ]);
    expect(notes.rows).toEqual([{ user_id: a.ownerId }]);
    const stranger = await makeUser(t);
    expect(
      (await t.app.inject({ url: `/api/v1/bookings/${res.json().bookingId}`, headers: auth(stranger.token) }))
        .statusCode,
    ).toBe(403);
    const cancelled = await post(`/api/v1/bookings/${res.json().bookingId}/cancel`, a.ownerToken, {});
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'owner' });
  });

  it('books for a customer who has booked at the salon before', async () => {
    const customer = await makeUser(t, 'customer', 'Carla');
    await bookOwn(customer.token, a, 1, '2030-03-05 10:00');
    const slotId = await slotAt(t, a.staffIds[1] as number, '2030-03-05 11:00');
    const res = await frontDesk(a.ownerToken, slotId, { customerId: customer.id });
    expect(res.statusCode).toBe(201);
    const rows = await t.db.sql.query('select customer_id, booked_by from bookings where id = $1', [
      res.json().bookingId,
    ]);
    expect(rows.rows[0]).toEqual({ customer_id: customer.id, booked_by: a.ownerId });
  });

  it('never books, mails or reminds an account that has not booked at the salon, on either route', async () => {
    const stranger = await makeUser(t, 'customer', 'Vera');
    // A customer of another salon is a stranger here too.
    const elsewhere = await makeUser(t, 'customer', 'Otto');
    await bookOwn(elsewhere.token, b, 0, '2030-03-05 12:00');
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-05 14:00');
    for (const customer of [stranger, elsewhere]) {
      const desk = await frontDesk(a.ownerToken, slotId, { customerId: customer.id });
      expect(desk.json(), String(customer.id)).toMatchObject({ status: 400, field: 'customerId' });
      const phone = await post('/api/v1/bookings', a.ownerToken, {
        slotId,
        serviceId: a.serviceIds[0],
        customerId: customer.id,
      });
      expect(phone.json(), String(customer.id)).toMatchObject({ status: 400, field: 'customerId' });
      expect(
        await count('select count(*)::int as n from bookings where salon_id = $1 and customer_id = $2', [
          a.salonId,
          customer.id,
        ]),
      ).toBe(0);
    }
    expect(await count('select count(*)::int as n from notifications where user_id = $1', [stranger.id])).toBe(0);
    expect(
      await count(
        'select count(*)::int as n from booking_reminders r join bookings b on b.id = r.booking_id where b.customer_id = $1',
        [stranger.id],
      ),
    ).toBe(0);
    // The time is still free.
    expect(await count('select count(*)::int as n from slots where id = $1 and not is_booked', [slotId])).toBe(1);
  });
});

describe('POST /bookings with guest', () => {
  it("the salon's owner books a walk-in; customers and other salons' owners may not", async () => {
    const slotId = await slotAt(t, a.staffIds[1] as number, '2030-03-06 09:00');
    const payload = { slotId, serviceId: a.serviceIds[0], guest: { name: 'Walter Walk-in', email: 'w@example.com' } };
    const customer = await makeUser(t);
    expect((await post('/api/v1/bookings', customer.token, payload)).statusCode).toBe(403);
    expect((await post('/api/v1/bookings', b.ownerToken, payload)).statusCode).toBe(403);
    const bad = await post('/api/v1/bookings', a.ownerToken, { ...payload, guest: { name: '' } });
    expect(bad.json()).toMatchObject({ status: 400, field: 'guest/name' });
    const ok = await post('/api/v1/bookings', a.ownerToken, payload);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ customerId: null, customerName: 'Walter Walk-in', staffId: a.staffIds[1] });
    const list = await t.app.inject({ url: `/api/v1/bookings?salonId=${a.salonId}`, headers: auth(a.ownerToken) });
    expect(list.json().items.map((x: { id: number }) => x.id)).toContain(ok.json().id);
  });
});
