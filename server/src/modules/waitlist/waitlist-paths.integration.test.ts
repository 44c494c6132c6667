/**
 * The waitlist on one instance, real PostgreSQL and real sockets: times freed
 * by paths that never call the waitlist (a raw unbooking, a reschedule, an
 * unpaid deposit, new working hours) reach the line; who may do what; bad input names its field;
 * entries end with their day.
 */
import type { AddressInfo } from 'node:net';
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser, manualClock, slotAt } from '../../../test/fixtures.ts';
import type { Client } from '../../../test/sockets.ts';
import { api, eventually, fullDay, mailSettled, waiter } from '../../../test/waitlist.ts';

let t: TestApp;
let url: string;
const clients: Client[] = [];
const clock = manualClock(new Date().toISOString());
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 2);
let http: ReturnType<typeof api>;

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 60, holdMaxSeconds: 120, waitlistOfferSeconds: 600 }, { now: clock.now });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  http = api(t);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await mailSettled(t);
  await t.close();
});

describe('freed by paths that know nothing of the waitlist', () => {
  it('a slot unbooked by any statement (as a payment expiry or a reschedule does) reaches the line', async () => {
    const day = addDays(DAY, 5);
    const s = await fullDay(t, day);
    const w = await waiter(t, url, clients);
    await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const booking = s.bookings[0] as { id: number; slotId: number };
    await t.db.sql.query(
      `with cancelled as (update bookings set status = 'CANCELLED' where id = $1 returning id)
       update slots set is_booked = false, booking_id = null where booking_id in (select id from cancelled)`,
      [booking.id],
    );
    // No domain event was published: the periodic pass finds the queued time.
    expect((await w.offer(6000)).slotIds[0]).toBe(booking.slotId);
  });

  it('a reschedule that moves away frees the old time for the line', async () => {
    const day = addDays(DAY, 6);
    const s = await fullDay(t, day);
    const w = await waiter(t, url, clients);
    await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const booking = s.bookings[0] as { id: number; customerToken: string; slotId: number };
    const nextDay = await slotAt(t, s.staffIds[0] as number, `${addDays(day, 1)} 10:00`);
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.id}/reschedule`,
      headers: auth(booking.customerToken),
      payload: { slotId: nextDay },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await w.offer()).slotIds[0]).toBe(booking.slotId);
  });

  it('an unpaid deposit released at its deadline goes to the line, whose booking pays a deposit too', async () => {
    const day = addDays(DAY, 7);
    const s = await fullDay(t, day, { depositPercent: 50 });
    const booking = s.bookings[0] as { id: number; customerToken: string; slotId: number };
    const pending = await t.app.inject({ url: `/api/v1/bookings/${booking.id}`, headers: auth(booking.customerToken) });
    expect(pending.json()).toMatchObject({ status: 'PENDING', payment: { status: 'DUE' } });
    const w = await waiter(t, url, clients);
    await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    await new Promise((r) => setTimeout(r, 300));
    expect(w.offers).toHaveLength(0);
    clock.advance(t.config.paymentDeadlineSeconds + 1);
    expect(await t.app.services.bookings.expireDue()).toMatchObject({ expired: 1 });
    const offer = await w.offer();
    expect(offer.slotIds[0]).toBe(booking.slotId);
    // Booking the offer is a booking like any other: the salon's deposit applies.
    const taken = await http.book(w.token, {
      slotId: booking.slotId,
      serviceId: s.serviceId,
      lockToken: offer.lockToken,
    });
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json()).toMatchObject({
      status: 'PENDING',
      payment: { status: 'DUE', checkoutUrl: expect.any(String) },
    });
  });

  it('new working hours that add a fitting time reach the line', async () => {
    const day = addDays(DAY, 5);
    const s = await fullDay(t, day);
    const w = await waiter(t, url, clients);
    const joined = await http.join(w.token, {
      salonId: s.salonId,
      serviceId: s.serviceId,
      date: day,
      from: '10:00',
      to: '12:00',
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      staffId: null,
      opens: '10:00',
      closes: '11:00',
      breaks: [],
    }));
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/salons/${s.salonId}/working-hours`,
      headers: auth(s.ownerToken),
      payload: { hours },
    });
    expect(res.statusCode, res.body).toBe(200);
    const offer = await w.offer(6000);
    expect(offer.startsAt).toBe(
      new Date(
        Date.parse(
          (await t.db.sql.query(`select (($1::date + time '10:30') at time zone 'Europe/Berlin') as at`, [day])).rows[0]
            .at,
        ),
      ).toISOString(),
    );
  });
});

describe('waitlist access and input', () => {
  it('names the field of bad input and refuses other people', async () => {
    const day = addDays(DAY, 8);
    const s = await fullDay(t, day);
    const c = await makeUser(t);
    const cases: Array<[object, string]> = [
      [{ serviceId: s.serviceId, date: day }, 'salonId'],
      [{ salonId: s.salonId, serviceId: s.serviceId }, 'date'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: '2030-02-30' }, 'date'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: '2020-01-01' }, 'date'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: day, from: '14:00', to: '10:00' }, 'to'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: day, from: '25:00' }, 'from'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: day, staffId: 999999 }, 'staffId'],
      [{ salonId: s.salonId, serviceId: s.serviceId, date: day, color: 'red' }, 'color'],
      [{ slotId: (s.bookings[0] as { slotId: number }).slotId, serviceId: s.serviceId, date: day }, 'date'],
    ];
    for (const [body, field] of cases) {
      const res = await http.join(c.token, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await http.join(c.token, { salonId: s.salonId, serviceId: 999999, date: day })).json().code).toBe(
      'SERVICE_NOT_FOUND',
    );
    expect((await http.join(c.token, { slotId: 999999, serviceId: s.serviceId })).json().code).toBe('SLOT_NOT_FOUND');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/waitlist', payload: {} })).statusCode).toBe(401);
    expect((await http.join(s.ownerToken, { salonId: s.salonId, serviceId: s.serviceId, date: day })).statusCode).toBe(
      403,
    );

    // The same wish twice is one place in line.
    const first = await http.join(c.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const again = await http.join(c.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);

    // Someone else's entry does not exist for them.
    const other = await makeUser(t);
    expect((await http.leave(other.token, first.json().id)).json().code).toBe('WAITLIST_ENTRY_NOT_FOUND');
    expect((await http.decline(other.token, first.json().id)).statusCode).toBe(404);
    expect((await http.mine(other.token)).items).toHaveLength(0);

    // The owner sees the day's line with who waits; another owner may not.
    const view = await t.app.inject({
      url: `/api/v1/salons/${s.salonId}/waitlist?date=${day}`,
      headers: auth(s.ownerToken),
    });
    expect(view.statusCode).toBe(200);
    expect(view.json().items).toEqual([
      expect.objectContaining({ id: first.json().id, customerName: expect.any(String), position: 1 }),
    ]);
    const stranger = await fullDay(t, addDays(day, 1));
    const denied = await t.app.inject({
      url: `/api/v1/salons/${s.salonId}/waitlist?date=${day}`,
      headers: auth(stranger.ownerToken),
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: `/api/v1/salons/${s.salonId}/waitlist?date=${day}`, headers: auth(c.token) }))
        .statusCode,
    ).toBe(403);
    const badDate = await t.app.inject({
      url: `/api/v1/salons/${s.salonId}/waitlist?date=2030-13-01`,
      headers: auth(s.ownerToken),
    });
    expect(badDate.json().field).toBe('date');
  });

  it('an entry whose day has passed expires', async () => {
    const day = addDays(DAY, 9);
    const s = await fullDay(t, day);
    const c = await makeUser(t);
    await http.join(c.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const saved = clock.now().toISOString();
    clock.set(`${addDays(day, 1)}T12:00:00Z`);
    try {
      await eventually(async () => expect((await http.mine(c.token)).items[0]?.status).toBe('expired'), 8000);
    } finally {
      clock.set(saved);
    }
  });

  it('another customer cannot book with an offer’s token', async () => {
    const day = addDays(DAY, 10);
    const s = await fullDay(t, day);
    const w = await waiter(t, url, clients);
    await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const booking = s.bookings[0] as { id: number; customerToken: string };
    await http.cancel(booking.customerToken, booking.id);
    const offer = await w.offer();
    const thief = await makeUser(t);
    const res = await http.book(thief.token, {
      slotId: offer.slotIds[0],
      serviceId: s.serviceId,
      lockToken: offer.lockToken,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LOCK_NOT_HELD');
  });
});
