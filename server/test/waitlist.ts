/** Helpers for the waitlist tests: a full salon-day, waiting customers with live sockets. */
import type { WaitlistEntry, WaitlistOffer } from '@glamify/shared';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, type SalonSpec, slotAt } from './fixtures.ts';
import { type Client, connect } from './sockets.ts';

export interface Waiter {
  id: number;
  token: string;
  socket: Client;
  offers: WaitlistOffer[];
  /** Resolves with the next offer (or the first one already received). */
  offer: (timeoutMs?: number) => Promise<WaitlistOffer>;
}

/** A customer with a socket open on `url` that records every waitlist:offer. */
export async function waiter(t: TestApp, url: string, clients: Client[], name?: string): Promise<Waiter> {
  const u = await makeUser(t, 'customer', name);
  const socket = await connect(url, u.token);
  clients.push(socket);
  const offers: WaitlistOffer[] = [];
  const waiting: Array<(o: WaitlistOffer) => void> = [];
  socket.on('waitlist:offer', (o) => {
    offers.push(o);
    for (const w of waiting.splice(0)) w(o);
  });
  return {
    ...u,
    socket,
    offers,
    offer: (timeoutMs = 5000) =>
      offers[0]
        ? Promise.resolve(offers[0])
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no waitlist:offer within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((o) => {
              clearTimeout(timer);
              resolve(o);
            });
          }),
  };
}

/** Resolves once `check` passes, polling; fails with the last error after `ms`. */
export async function eventually(check: () => Promise<void> | void, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export const api = (t: TestApp) => ({
  join: (token: string, body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/waitlist', headers: auth(token), payload: body }),
  book: (token: string, body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth(token), payload: body }),
  cancel: (token: string, bookingId: number) =>
    t.app.inject({ method: 'POST', url: `/api/v1/bookings/${bookingId}/cancel`, headers: auth(token), payload: {} }),
  decline: (token: string, entryId: number) =>
    t.app.inject({ method: 'POST', url: `/api/v1/waitlist/${entryId}/decline`, headers: auth(token) }),
  leave: (token: string, entryId: number) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/waitlist/${entryId}`, headers: auth(token) }),
  mine: async (token: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/waitlist', headers: auth(token) })).json() as {
      items: WaitlistEntry[];
    },
});

/**
 * A salon whose day has room for exactly `times` appointments of its one
 * service (one stylist per time, `staff` stylists), every one of them booked.
 */
export async function fullDay(
  t: TestApp,
  day: string,
  opts: { staff?: number; times?: number; depositPercent?: number } = {},
) {
  const staff = opts.staff ?? 1;
  const times = opts.times ?? 1;
  const spec: SalonSpec = {
    staff,
    services: [{ minutes: 30 }],
    opens: '10:00',
    closes: `${String(10 + Math.floor((times * 30) / 60)).padStart(2, '0')}:${String((times * 30) % 60).padStart(2, '0')}`,
    breaks: [],
  };
  const s: SalonFixture = await makeSalon(t, spec);
  if (opts.depositPercent) {
    await t.db.sql.query('update salons set deposit_percent = $1 where id = $2', [opts.depositPercent, s.salonId]);
  }
  const serviceId = s.serviceIds[0] as number;
  const bookings: Array<{ id: number; customerToken: string; slotId: number }> = [];
  for (const staffId of s.staffIds) {
    for (let i = 0; i < times; i++) {
      const at = `${day} ${String(10 + Math.floor((i * 30) / 60)).padStart(2, '0')}:${String((i * 30) % 60).padStart(2, '0')}`;
      const slotId = await slotAt(t, staffId, at);
      const c = await makeUser(t);
      const res = await api(t).book(c.token, { slotId, serviceId });
      expect(res.statusCode, res.body).toBe(201);
      bookings.push({ id: res.json().id, customerToken: c.token, slotId });
    }
  }
  return { ...s, serviceId, bookings };
}

/**
 * Waits until no notification is waiting to be sent. The dispatcher sends
 * after commit with no transaction open; closing the pool under a send that
 * is reaching for a connection would leave the close waiting for good.
 */
export async function mailSettled(t: TestApp): Promise<void> {
  await eventually(async () => {
    const { rows } = await t.db.sql.query(
      "select count(*)::int as n from notifications where status in ('pending', 'sending') and attempts < 5",
    );
    expect(rows[0].n).toBe(0);
  }, 10_000).catch(() => {});
  // The last send's own bookkeeping finishes a moment after its row says so.
  await new Promise((r) => setTimeout(r, 100));
}
