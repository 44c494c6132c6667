/**
 * Waitlist offers on one instance, real PostgreSQL and real sockets: a freed
 * time becomes a hold for the first in line, announced like any hold; the
 * offer books, declines, expires and passes on; exact-slot entries come
 * first; who left is skipped.
 */
import type { AddressInfo } from 'node:net';
import { addDays, localDate, type Slot } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeUser, manualClock } from '../../../test/fixtures.ts';
import { ask, type Client, connect, next } from '../../../test/sockets.ts';
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

const openOffers = async (salonId: number) =>
  (
    await t.db.sql.query(
      `select o.entry_id, o.slot_id from waitlist_offers o join waitlist_entries e on e.id = o.entry_id
       where e.salon_id = $1 and o.status = 'open'`,
      [salonId],
    )
  ).rows as { entry_id: number; slot_id: number }[];

describe('waitlist offers', () => {
  it('a cancellation offers the time to the first in line within a second; watchers see it held', async () => {
    const s = await fullDay(t, DAY);
    const [first, second] = [await waiter(t, url, clients, 'First'), await waiter(t, url, clients, 'Second')];
    const e1 = await http.join(first.token, { salonId: s.salonId, serviceId: s.serviceId, date: DAY });
    expect(e1.statusCode, e1.body).toBe(201);
    expect(e1.json()).toMatchObject({ status: 'waiting', position: 1, offer: null, staffId: null });
    const e2 = await http.join(second.token, {
      salonId: s.salonId,
      serviceId: s.serviceId,
      date: DAY,
      from: '09:00',
      to: '12:00',
    });
    expect(e2.json().position).toBe(2);

    const watcher = await connect(url);
    clients.push(watcher);
    const joined = await ask<{ ok: boolean; slots: Slot[] }>(watcher, 'schedule:join', {
      salonId: s.salonId,
      date: DAY,
    });
    expect(joined.ok).toBe(true);
    const locked = next<{ slotIds: number[]; expiresAt: string }>(watcher, 'slot:locked');

    const booking = s.bookings[0] as { id: number; customerToken: string; slotId: number };
    expect((await http.cancel(booking.customerToken, booking.id)).statusCode).toBe(200);
    // Within a second of the cancellation's answer (the offer may even arrive first).
    const cancelled = Date.now();
    const offer = await first.offer(1000);
    expect(Date.now() - cancelled).toBeLessThan(1000);
    expect(offer).toMatchObject({ entryId: e1.json().id, staffId: s.staffIds[0], salonId: s.salonId });
    expect(offer.slotIds[0]).toBe(booking.slotId);
    expect(Date.parse(offer.expiresAt) - clock.now().getTime()).toBeGreaterThan(590_000);
    const lock = await locked;
    expect(lock.slotIds).toEqual(offer.slotIds);
    expect(lock.expiresAt).toBe(offer.expiresAt);
    expect(second.offers).toHaveLength(0);

    // The same time through the API: held, not free.
    const slots = (
      await t.app.inject({
        url: `/api/v1/availability/slots?salonId=${s.salonId}&date=${DAY}&serviceId=${s.serviceId}`,
      })
    ).json().slots as Slot[];
    expect(slots.find((x) => x.id === booking.slotId)?.status).toBe('locked');
    // The customer sees it in their list, with the offer; the email is queued.
    const mine = await http.mine(first.token);
    expect(mine.items[0]).toMatchObject({ status: 'offered', offer: { lockToken: offer.lockToken } });
    // The owner sees the offer in the day's line, but not the token that books the customer's hold.
    const line = await t.app.inject({
      url: `/api/v1/salons/${s.salonId}/waitlist?date=${DAY}`,
      headers: { authorization: `Bearer ${s.ownerToken}` },
    });
    const offered = line.json().items.find((e: { status: string }) => e.status === 'offered');
    expect(offered.offer).toMatchObject({ entryId: offer.entryId, expiresAt: offer.expiresAt });
    expect(offered.offer).not.toHaveProperty('lockToken');
    expect(line.body).not.toContain(offer.lockToken);
    const mail = await t.db.sql.query(
      `select payload from notifications where user_id = $1 and type = 'waitlist_offer' and channel = 'email'`,
      [first.id],
    );
    expect(mail.rows[0].payload.url).toBe(`/bookings?offer=${offer.entryId}`);
    expect(mail.rows[0].payload.link).toMatch(new RegExp(`/bookings\\?offer=${offer.entryId}$`));
    // The email goes out after commit (the log transport in tests): the template exists and renders.
    await eventually(async () => {
      const sent = await t.db.sql.query(
        `select status from notifications where user_id = $1 and type = 'waitlist_offer' and channel = 'email'`,
        [first.id],
      );
      expect(sent.rows[0].status).toBe('sent');
    });

    // Booking with the token books exactly that time and closes the entry.
    const booked = await http.book(first.token, {
      slotId: offer.slotIds[0],
      serviceId: s.serviceId,
      lockToken: offer.lockToken,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'CONFIRMED', staffId: offer.staffId, startsAt: offer.startsAt });
    expect((await http.mine(first.token)).items[0]).toMatchObject({ status: 'booked', offer: null });
    // Nothing is left to offer the second waiter.
    await new Promise((r) => setTimeout(r, 300));
    expect(second.offers).toHaveLength(0);
  });

  it('decline passes the time on at once; an expired offer answers 409 OFFER_EXPIRED and moves on', async () => {
    const day = addDays(DAY, 1);
    const s = await fullDay(t, day);
    const ws = [await waiter(t, url, clients), await waiter(t, url, clients), await waiter(t, url, clients)];
    const entries = [];
    for (const w of ws)
      entries.push((await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day })).json());
    const booking = s.bookings[0] as { id: number; customerToken: string };
    await http.cancel(booking.customerToken, booking.id);
    const o1 = await ws[0]!.offer();

    const declined = await http.decline(ws[0]!.token, entries[0].id);
    const answered = Date.now();
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'waiting', offer: null });
    const o2 = await ws[1]!.offer(1000);
    expect(Date.now() - answered).toBeLessThan(1000);
    expect(o2.slotIds).toEqual(o1.slotIds);
    // The first waiter's token is dead now.
    const late = await http.book(ws[0]!.token, {
      slotId: o1.slotIds[0],
      serviceId: s.serviceId,
      lockToken: o1.lockToken,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('OFFER_EXPIRED');
    expect((await http.decline(ws[0]!.token, entries[0].id)).json().code).toBe('OFFER_EXPIRED');

    // The second waiter lets it run out: the hold expires, the third gets it.
    clock.advance(601);
    const o3 = await ws[2]!.offer(8000);
    expect(o3.slotIds).toEqual(o1.slotIds);
    const expired = await http.book(ws[1]!.token, {
      slotId: o2.slotIds[0],
      serviceId: s.serviceId,
      lockToken: o2.lockToken,
    });
    expect(expired.statusCode).toBe(409);
    expect(expired.json()).toMatchObject({ code: 'OFFER_EXPIRED', field: 'lockToken' });
    // A pass that re-offered the time a moment before it saw the old offer's expiry closes it on the next.
    await eventually(async () => expect((await http.mine(ws[1]!.token)).items[0]).toMatchObject({ status: 'missed' }));
    // The declined waiter was never offered the declined time again.
    expect(ws[0]!.offers).toHaveLength(1);
    expect(await openOffers(s.salonId)).toEqual([{ entry_id: entries[2].id, slot_id: o1.slotIds[0] }]);
  });

  it('an exact-slot entry gets the time when the holder lets it expire, ahead of earlier range entries', async () => {
    const day = addDays(DAY, 2);
    const s = await fullDay(t, day);
    const booking = s.bookings[0] as { id: number; customerToken: string; slotId: number };
    // The time frees while nobody waits, and a checkout takes it at once.
    await http.cancel(booking.customerToken, booking.id);
    const holder = await makeUser(t);
    const holderSocket = await connect(url, holder.token);
    clients.push(holderSocket);
    const hold = await ask<{ ok: boolean }>(holderSocket, 'hold:start', {
      slotId: booking.slotId,
      serviceId: s.serviceId,
    });
    expect(hold.ok).toBe(true);
    // Someone waits for any time that day...
    const ranged = await waiter(t, url, clients, 'Range');
    await http.join(ranged.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });

    const exact = await waiter(t, url, clients, 'Exact');
    const lost = await http.book(exact.token, { slotId: booking.slotId, serviceId: s.serviceId });
    expect(lost.json().code).toBe('SLOT_LOCKED');
    const entry = await http.join(exact.token, { slotId: booking.slotId, serviceId: s.serviceId });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(entry.json()).toMatchObject({ slotId: booking.slotId, staffId: s.staffIds[0], position: 1 });

    clock.advance(61);
    const offer = await exact.offer(8000);
    expect(offer.slotIds[0]).toBe(booking.slotId);
    expect(ranged.offers).toHaveLength(0);
    expect(
      (await http.book(exact.token, { slotId: booking.slotId, serviceId: s.serviceId, lockToken: offer.lockToken }))
        .statusCode,
    ).toBe(201);
  });

  it('a waiter who left is skipped', async () => {
    const day = addDays(DAY, 3);
    const s = await fullDay(t, day);
    const [gone, stays] = [await waiter(t, url, clients), await waiter(t, url, clients)];
    const e = (await http.join(gone.token, { salonId: s.salonId, serviceId: s.serviceId, date: day })).json();
    await http.join(stays.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    expect((await http.leave(gone.token, e.id)).statusCode).toBe(204);
    expect((await http.mine(gone.token)).items[0]).toMatchObject({ status: 'left' });
    const booking = s.bookings[0] as { id: number; customerToken: string };
    await http.cancel(booking.customerToken, booking.id);
    await stays.offer();
    expect(gone.offers).toHaveLength(0);
  });

  it('leaving with an open offer hands the time to the next in line', async () => {
    const day = addDays(DAY, 4);
    const s = await fullDay(t, day);
    const [a, b] = [await waiter(t, url, clients), await waiter(t, url, clients)];
    const e = (await http.join(a.token, { salonId: s.salonId, serviceId: s.serviceId, date: day })).json();
    await http.join(b.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const booking = s.bookings[0] as { id: number; customerToken: string };
    await http.cancel(booking.customerToken, booking.id);
    const offer = await a.offer();
    expect((await http.leave(a.token, e.id)).statusCode).toBe(204);
    expect((await b.offer()).slotIds).toEqual(offer.slotIds);
    await eventually(async () => expect(await openOffers(s.salonId)).toHaveLength(1));
  });

  it('a stylist wish is kept: "with Jonas" is not offered another stylist’s time', async () => {
    const day = addDays(DAY, 5);
    const s = await fullDay(t, day, { staff: 2 });
    const [withSecond, any] = [await waiter(t, url, clients), await waiter(t, url, clients)];
    await http.join(withSecond.token, {
      salonId: s.salonId,
      serviceId: s.serviceId,
      date: day,
      staffId: s.staffIds[1],
    });
    await http.join(any.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    const first = s.bookings.find((b) => b.slotId === (s.bookings[0] as { slotId: number }).slotId) as {
      id: number;
      customerToken: string;
    };
    await http.cancel(first.customerToken, first.id);
    const offer = await any.offer();
    expect(offer.staffId).toBe(s.staffIds[0]);
    expect(withSecond.offers).toHaveLength(0);
  });

  it('a time free when someone joins is offered at once', async () => {
    const day = addDays(DAY, 7);
    const s = await fullDay(t, day);
    const booking = s.bookings[0] as { id: number; customerToken: string; slotId: number };
    // Freed while nobody waits: nothing happens...
    await http.cancel(booking.customerToken, booking.id);
    const w = await waiter(t, url, clients);
    await http.join(w.token, { salonId: s.salonId, serviceId: s.serviceId, date: day });
    expect((await w.offer()).slotIds[0]).toBe(booking.slotId);
  });
});
