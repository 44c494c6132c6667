import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let a: SalonFixture;
let b: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  a = await makeSalon(t, { staff: 1, name: 'Salon A' });
  b = await makeSalon(t, { staff: 1, name: 'Salon B' });
});
afterAll(() => t.close());

const post = (url: string, token: string, payload?: unknown) =>
  t.app.inject({ method: 'POST', url, headers: auth(token), ...(payload ? { payload } : {}) });
const get = (url: string, token: string) => t.app.inject({ url, headers: auth(token) });

async function bookAt(salon: SalonFixture, token: string, local: string) {
  const slotId = await slotAt(t, salon.staffIds[0] as number, local);
  const res = await post('/api/v1/bookings', token, { slotId, serviceId: salon.serviceIds[0] });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('booking lifecycle', () => {
  it('cancel frees the slots so the time can be booked again', async () => {
    const [u, v] = [await makeUser(t), await makeUser(t)];
    const booking = await bookAt(a, u.token, '2030-03-05 10:00');
    const res = await post(`/api/v1/bookings/${booking.id}/cancel`, u.token, { reason: 'Feeling ill' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'Feeling ill',
      cancelledBy: 'customer',
      slotIds: [],
    });
    const { rows } = await t.db.sql.query('select is_booked, booking_id from slots where id = $1', [
      booking.slotIds[0],
    ]);
    expect(rows[0]).toEqual({ is_booked: false, booking_id: null });
    const again = await bookAt(a, v.token, '2030-03-05 10:00');
    expect(again.slotIds).toEqual(booking.slotIds);
    const notes = await t.db.sql.query(
      "select count(*)::int as n from notifications where type = 'booking_cancelled' and payload->>'bookingId' = $1::text",
      [booking.id],
    );
    expect(notes.rows[0].n).toBe(2);
  });

  it("tells the customer a salon's reason only in Glamify's words: an owner's free text stays the salon's note", async () => {
    const u = await makeUser(t);
    const reasonsTold = async (bookingId: number) =>
      (
        await t.db.sql.query(
          "select payload->>'reason' as reason from notifications where type = 'booking_cancelled' and channel = 'email' and user_id = $1 and payload->>'bookingId' = $2::text",
          [u.id, bookingId],
        )
      ).rows.map((r) => r.reason);
    const phishing = await bookAt(a, u.token, '2030-03-05 12:00');
    const free = await post(`/api/v1/bookings/${phishing.id}/cancel`, a.ownerToken, {
      reason: 'Verify your account at https://evil.example/login',
    });
    // The contract takes any reason: the owner's note is kept, the customer's record carries none of it.
    expect(free.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'owner' });
    expect(free.json().cancelReason).toContain('evil.example');
    expect(await reasonsTold(phishing.id)).toEqual([null]);

    const closed = await bookAt(a, u.token, '2030-03-05 16:00');
    const ok = await post(`/api/v1/bookings/${closed.id}/cancel`, a.ownerToken, { reason: 'salon_closed' });
    expect(ok.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'owner', cancelReason: 'salon_closed' });
    expect(await reasonsTold(closed.id)).toEqual(['salon_closed']);
  });

  it('refuses every illegal transition with the specific 409', async () => {
    const u = await makeUser(t);
    const x = await bookAt(a, u.token, '2030-03-05 11:00');
    expect((await post(`/api/v1/bookings/${x.id}/cancel`, u.token)).statusCode).toBe(200);
    const twice = await post(`/api/v1/bookings/${x.id}/cancel`, u.token);
    expect(twice.json()).toMatchObject({ status: 409, code: 'BOOKING_ALREADY_CANCELLED' });
    const completeCancelled = await post(`/api/v1/bookings/${x.id}/complete`, a.ownerToken);
    expect(completeCancelled.json()).toMatchObject({ status: 409, code: 'BOOKING_ALREADY_CANCELLED' });

    const y = await bookAt(a, u.token, '2030-03-05 14:00');
    const z = await bookAt(a, u.token, '2030-03-05 15:00');
    const early = await post(`/api/v1/bookings/${y.id}/complete`, a.ownerToken);
    expect(early.json()).toMatchObject({ status: 409, code: 'BOOKING_NOT_STARTED' });
    expect((await post(`/api/v1/bookings/${y.id}/no-show`, a.ownerToken)).json()).toMatchObject({
      status: 409,
      code: 'BOOKING_NOT_STARTED',
    });
    // 15:00 local on the day: y (14:00) has started, z starts now.
    clock.set('2030-03-05T14:00:00Z');
    try {
      const done = await post(`/api/v1/bookings/${y.id}/complete`, a.ownerToken);
      expect(done.statusCode).toBe(200);
      expect(done.json().status).toBe('COMPLETED');
      expect((await post(`/api/v1/bookings/${y.id}/complete`, a.ownerToken)).json()).toMatchObject({
        status: 409,
        code: 'BOOKING_COMPLETED',
      });
      expect((await post(`/api/v1/bookings/${y.id}/cancel`, a.ownerToken)).json()).toMatchObject({
        status: 409,
        code: 'BOOKING_COMPLETED',
      });
      expect((await post(`/api/v1/bookings/${y.id}/no-show`, a.ownerToken)).json()).toMatchObject({
        status: 409,
        code: 'BOOKING_COMPLETED',
      });
      // A customer can neither complete nor mark their own booking a no-show.
      expect((await post(`/api/v1/bookings/${z.id}/complete`, u.token)).statusCode).toBe(403);
      expect((await post(`/api/v1/bookings/${z.id}/no-show`, u.token)).statusCode).toBe(403);
      const missed = await post(`/api/v1/bookings/${z.id}/no-show`, a.ownerToken);
      expect(missed.json()).toMatchObject({ status: 'NO_SHOW' });
      // NO_SHOW is final and keeps the slots taken.
      expect((await post(`/api/v1/bookings/${z.id}/cancel`, a.ownerToken)).json()).toMatchObject({
        status: 409,
        code: 'INVALID_TRANSITION',
      });
      expect((await post(`/api/v1/bookings/${z.id}/complete`, a.ownerToken)).json().code).toBe('INVALID_TRANSITION');
      const { rows } = await t.db.sql.query('select count(*)::int as n from slots where booking_id = $1', [z.id]);
      expect(rows[0].n).toBe(1);
    } finally {
      clock.set('2030-03-04T06:00:00Z');
    }
  });

  it("keeps salon A's owner and other customers out of bookings that are not theirs", async () => {
    const [u, stranger] = [await makeUser(t), await makeUser(t)];
    const inB = await bookAt(b, u.token, '2030-03-06 10:00');
    for (const token of [a.ownerToken, stranger.token]) {
      expect((await get(`/api/v1/bookings/${inB.id}`, token)).statusCode).toBe(403);
      expect((await post(`/api/v1/bookings/${inB.id}/cancel`, token)).statusCode).toBe(403);
      expect((await post(`/api/v1/bookings/${inB.id}/complete`, token)).statusCode).toBe(403);
    }
    const listA = (await get(`/api/v1/bookings?salonId=${b.salonId}`, a.ownerToken)).json();
    expect(listA.items).toEqual([]);
    const listStranger = (await get('/api/v1/bookings', stranger.token)).json();
    expect(listStranger).toEqual({ items: [], total: 0 });
    const { rows } = await t.db.sql.query('select status from bookings where id = $1', [inB.id]);
    expect(rows[0].status).toBe('CONFIRMED');
    expect((await get(`/api/v1/bookings/${inB.id}`, b.ownerToken)).statusCode).toBe(200);
    expect((await get(`/api/v1/bookings/${inB.id}`, u.token)).statusCode).toBe(200);
    expect((await get('/api/v1/bookings/99999999', u.token)).json().code).toBe('BOOKING_NOT_FOUND');
  });

  it('lists: customers see their own, upcoming first; owners filter by salon, date and status', async () => {
    const u = await makeUser(t);
    const later = await bookAt(b, u.token, '2030-03-08 10:00');
    const sooner = await bookAt(b, u.token, '2030-03-07 10:00');
    const mine = (await get('/api/v1/bookings', u.token)).json();
    expect(mine.total).toBe(2);
    expect(mine.items.map((x: { id: number }) => x.id)).toEqual([sooner.id, later.id]);
    const byDate = (await get(`/api/v1/bookings?salonId=${b.salonId}&date=2030-03-07`, b.ownerToken)).json();
    expect(byDate.items.map((x: { id: number }) => x.id)).toEqual([sooner.id]);
    const cancelled = (await get(`/api/v1/bookings?status=CANCELLED`, b.ownerToken)).json();
    expect(cancelled.items.every((x: { status: string }) => x.status === 'CANCELLED')).toBe(true);
    expect((await get('/api/v1/bookings?status=LOST', u.token)).statusCode).toBe(400);
    expect((await get('/api/v1/bookings?date=yesterday', u.token)).statusCode).toBe(400);
  });

  it('lets a customer cancel inside the policy window but not once the appointment has begun', async () => {
    const u = await makeUser(t);
    await t.db.sql.query('update salons set free_cancellation_hours = 24 where id = $1', [a.salonId]);
    // Eight hours ahead: inside the 24-hour window, so a late cancellation (the policy decides any fee).
    const soon = await bookAt(a, u.token, '2030-03-04 15:00');
    const late = await post(`/api/v1/bookings/${soon.id}/cancel`, u.token);
    expect(late.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'customer' });

    const begun = await bookAt(a, u.token, '2030-03-04 16:00');
    clock.set('2030-03-04T15:05:00Z');
    try {
      const refused = await post(`/api/v1/bookings/${begun.id}/cancel`, u.token);
      expect(refused.json()).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
      const byOwner = await post(`/api/v1/bookings/${begun.id}/cancel`, a.ownerToken, {
        reason: 'stylist_unavailable',
      });
      expect(byOwner.json()).toMatchObject({ status: 'CANCELLED', cancelledBy: 'owner' });
    } finally {
      clock.set('2030-03-04T06:00:00Z');
    }
  });

  it('lets the owner book a walk-in through the privileged slot route, never a customer', async () => {
    const walkIn = await makeUser(t);
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-09 09:00');
    const denied = await post(`/api/v1/availability/slots/${slotId}/book`, walkIn.token, {
      serviceId: a.serviceIds[0],
    });
    expect(denied.statusCode).toBe(403);
    const otherOwner = await post(`/api/v1/availability/slots/${slotId}/book`, b.ownerToken, {
      serviceId: a.serviceIds[0],
      customerId: walkIn.id,
    });
    expect(otherOwner.statusCode).toBe(403);
    // A customer of the salon: they have booked there before.
    await bookAt(a, walkIn.token, '2030-03-09 10:00');
    const ok = await post(`/api/v1/availability/slots/${slotId}/book`, a.ownerToken, {
      serviceId: a.serviceIds[0],
      customerId: walkIn.id,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().slotIds).toContain(slotId);
    const { rows } = await t.db.sql.query('select customer_id from bookings where id = $1', [ok.json().bookingId]);
    expect(rows[0].customer_id).toBe(walkIn.id);
  });
});
