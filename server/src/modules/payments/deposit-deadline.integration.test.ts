import type { AddressInfo } from 'node:net';
import type { Booking } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeUser, manualClock, type SalonFixture } from '../../../test/fixtures.ts';
import {
  book,
  bookingById,
  deliver,
  depositSalon,
  eventually,
  notificationTypes,
  paidEvent,
} from '../../../test/payments.ts';
import { ask, type Client, connect, next } from '../../../test/sockets.ts';
import type { DomainEvent } from '../../lib/events.ts';

const START = '2030-03-04T06:00:00Z';
const clock = manualClock(START);
let t: TestApp;
let other: TestApp;
let s: SalonFixture;
let url: string;
const clients: Client[] = [];
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  // A second instance on the same database, with its own pool and its own event hub.
  other = await createTestApp({}, { now: clock.now, db: t.db });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  s = await depositSalon(t, {}, { staff: 3 });
  for (const app of [t, other]) app.app.deps.events.subscribe((batch) => events.push(...batch));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await other.close();
  await t.close();
});

async function client(token?: string) {
  const c = await connect(url, token);
  clients.push(c);
  return c;
}

/** Distinct times for booking i with stylist i % 3, around the lunch break. */
const at = (i: number) => String([9, 10, 11, 14, 15, 16][Math.floor(i / 3)]).padStart(2, '0');

/** Each test starts at START and books its own times. */
function rewind() {
  clock.set(START);
}

async function slotsOf(bookingId: number): Promise<number> {
  const { rows } = await t.db.sql.query('select count(*)::int as n from slots where booking_id = $1', [bookingId]);
  return rows[0].n;
}

describe('the deposit deadline', () => {
  it('cancels an unpaid booking at its deadline: slots released live, both sides told', async () => {
    rewind();
    const watcher = await client();
    await ask(watcher, 'schedule:join', { salonId: s.salonId, date: '2030-03-07' });
    const owner = await client(s.ownerToken);
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-07 10:00');

    clock.advance(14 * 60);
    expect(await t.app.services.bookings.expireDue()).toEqual({ expired: 0 });
    expect(await t.app.services.bookings.expireUnpaid(b.id)).toBe('early');

    const released = next<{ slotIds: number[] }>(watcher, 'slot:released', (p) =>
      p.slotIds.includes(b.slotIds[0] as number),
    );
    const alert = next<{ bookingId: number; cancelReason?: string; cancelledBy?: string }>(
      owner,
      'booking:cancelled',
      (p) => p.bookingId === b.id,
    );
    clock.advance(60);
    expect(await t.app.services.bookings.expireDue()).toEqual({ expired: 1 });
    expect((await released).slotIds).toEqual(b.slotIds);
    expect(await alert).toMatchObject({ bookingId: b.id, cancelReason: 'payment_expired' });
    expect((await alert).cancelledBy).toBeUndefined();

    const after = await bookingById(t, u.token, b.id);
    expect(after).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'payment_expired',
      cancelledBy: null,
      slotIds: [],
    });
    expect(after.payment).toMatchObject({ status: 'EXPIRED', checkoutUrl: null, paidCents: 0, refunds: [] });
    expect(await slotsOf(b.id)).toBe(0);
    expect(await notificationTypes(t, b.id)).toEqual(['payment_expired', 'payment_expired_salon']);
    // Both emails have words of their own and go out.
    const sent = await eventually(
      async () =>
        (
          await t.db.sql.query(
            "select status from notifications where type like 'payment_expired%' and payload->>'bookingId' = $1::text",
            [b.id],
          )
        ).rows.map((r: { status: string }) => r.status),
      (statuses) => statuses.every((x) => x === 'sent'),
    );
    expect(sent).toEqual(['sent', 'sent']);
    // The time is free again for anyone.
    const v = await makeUser(t);
    expect((await book(t, s, v.token, '2030-03-07 10:00')).status).toBe('PENDING');
    // Nothing left to expire, however often the sweep runs.
    expect(await t.app.services.bookings.expireDue()).toEqual({ expired: 0 });
  });

  it('refunds a payment that arrives after the expiry in full and never resurrects the booking', async () => {
    rewind();
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-07 11:00');
    // Paid a minute before the deadline, but the provider's event is only delivered after the expiry ran.
    const event = await paidEvent(t, b, { paidAt: new Date(clock.now().getTime() + 14 * 60_000) });
    clock.advance(16 * 60);
    await t.app.services.bookings.expireDue();
    const answer = await deliver(t, event, clock.now());
    expect(answer.body.outcome).toBe('refunded');
    const after = await eventually(
      () => bookingById(t, u.token, b.id),
      (x) => x.payment?.refunds[0]?.status === 'ISSUED',
    );
    expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: 'payment_expired', slotIds: [] });
    expect(after.payment).toMatchObject({ status: 'EXPIRED', paidCents: 200, refundedCents: 200, feeCents: 0 });
    expect(after.payment?.refunds).toMatchObject([{ amountCents: 200, reason: 'late_payment', status: 'ISSUED' }]);
    expect(await slotsOf(b.id)).toBe(0);
    expect(await notificationTypes(t, b.id)).toEqual(['payment_expired', 'payment_expired_salon']);
    // The database refuses a resurrection, whatever code tries it.
    await expect(t.db.sql.query("update bookings set status = 'CONFIRMED' where id = $1", [b.id])).rejects.toThrow(
      /stays so/,
    );
  });

  it('expires and refunds a payment made after the deadline even before the sweep noticed', async () => {
    rewind();
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-07 12:00');
    // The customer opened the checkout in time but paid only as the deadline passed.
    const late = await paidEvent(t, b, { paidAt: new Date(clock.now().getTime() + 15 * 60_000) });
    clock.advance(15 * 60);
    const answer = await deliver(t, late, clock.now());
    expect(answer.body.outcome).toBe('refunded');
    const after = await bookingById(t, u.token, b.id);
    expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: 'payment_expired' });
    expect(after.payment?.refunds).toMatchObject([{ amountCents: 200, reason: 'late_payment' }]);
  });

  it('refunds a second payment for a paid booking, and a payment of another amount', async () => {
    rewind();
    const u = await makeUser(t);
    const b = await book(t, s, u.token, '2030-03-07 14:00');
    const wrong = await deliver(t, await paidEvent(t, b, { paidAt: clock.now(), amountCents: 150 }), clock.now());
    expect(wrong.body.outcome).toBe('refunded');
    expect((await bookingById(t, u.token, b.id)).status).toBe('PENDING');
    expect((await deliver(t, await paidEvent(t, b, { paidAt: clock.now() }), clock.now())).body.outcome).toBe(
      'confirmed',
    );
    const twice = await deliver(t, await paidEvent(t, b, { paidAt: clock.now() }), clock.now());
    expect(twice.body.outcome).toBe('refunded');
    const after = await bookingById(t, u.token, b.id);
    expect(after.status).toBe('CONFIRMED');
    expect(after.payment).toMatchObject({ status: 'PAID', paidCents: 550, refundedCents: 350 });
    expect(after.payment?.refunds.map((r) => [r.reason, r.amountCents])).toEqual([
      ['payment_mismatch', 150],
      ['duplicate_payment', 200],
    ]);
  });

  it('ends concurrent "pay" and "expire" on one booking in exactly one of the two outcomes', async () => {
    rewind();
    const customers = await Promise.all(Array.from({ length: 12 }, () => makeUser(t)));
    const bookings: Booking[] = [];
    for (const [i, u] of customers.entries()) {
      bookings.push(await book(t, s, u.token, `2030-03-08 ${at(i)}:00`, { staff: i % 3 }));
    }
    const paid = await Promise.all(
      bookings.map((b) => paidEvent(t, b, { paidAt: new Date(Date.parse(b.payment?.dueAt as string) - 1000) })),
    );
    clock.advance(15 * 60);
    // The payment reaches one instance while the other one's deadline job runs, for every booking at once.
    await Promise.all(
      bookings.flatMap((b, i) => [
        deliver(t, paid[i] as NonNullable<(typeof paid)[number]>, clock.now()),
        other.app.services.bookings.expireUnpaid(b.id),
      ]),
    );
    const seen = { confirmed: 0, expired: 0 };
    for (const [i, b] of bookings.entries()) {
      const x = await eventually(
        () => bookingById(t, (customers[i] as { token: string }).token, b.id),
        (v) => v.payment?.refunds.every((r) => r.status === 'ISSUED') ?? false,
      );
      const kinds = await notificationTypes(t, b.id);
      if (x.status === 'CONFIRMED') {
        seen.confirmed++;
        expect(x.payment).toMatchObject({ status: 'PAID', paidCents: 200, refundedCents: 0, refunds: [] });
        expect(await slotsOf(b.id)).toBe(1);
        expect(kinds).toEqual(['booking_confirmed', 'booking_created']);
      } else {
        seen.expired++;
        expect(x).toMatchObject({ status: 'CANCELLED', cancelReason: 'payment_expired' });
        expect(x.payment).toMatchObject({ status: 'EXPIRED', paidCents: 200, refundedCents: 200 });
        expect(x.payment?.refunds).toMatchObject([{ reason: 'late_payment', amountCents: 200 }]);
        expect(await slotsOf(b.id)).toBe(0);
        expect(kinds).toEqual(['payment_expired', 'payment_expired_salon']);
      }
    }
    expect(seen.confirmed + seen.expired).toBe(bookings.length);
  });

  it('expires each deposit once while two instances sweep at the same moment', async () => {
    rewind();
    const customers = await Promise.all(Array.from({ length: 8 }, () => makeUser(t)));
    const ids: number[] = [];
    for (const [i, u] of customers.entries()) {
      ids.push((await book(t, s, u.token, `2030-03-09 ${at(i)}:15`, { staff: i % 3 })).id);
    }
    const mark = events.length;
    clock.advance(15 * 60);
    const sweeps = await Promise.all([
      t.app.services.bookings.expireDue(),
      other.app.services.bookings.expireDue(),
      t.app.services.bookings.expireDue(),
      other.app.services.bookings.expireDue(),
    ]);
    expect(sweeps.reduce((n, r) => n + r.expired, 0)).toBe(ids.length);
    const after = events.slice(mark);
    const cancelled = after
      .filter((e) => e.type === 'booking:cancelled')
      .map((e) => ('alert' in e ? e.alert.bookingId : 0));
    expect(cancelled.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(after.filter((e) => e.type === 'slot:released')).toHaveLength(ids.length);
    for (const id of ids) expect(await notificationTypes(t, id)).toEqual(['payment_expired', 'payment_expired_salon']);
  });
});
