/**
 * Check-in at the front desk: the salon's owner, or a kiosk paired to the
 * salon with the booking code or the guest's last phone digits; the owner
 * hears `booking:checked-in` on their sockets once, with an in-app record.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import {
  auth,
  KIOSK_BOOKING_FIELDS,
  makeSalon,
  makeUser,
  manualClock,
  type SalonFixture,
  slotAt,
} from '../../../test/fixtures.ts';
import { type Client, connect, next, record } from '../../../test/sockets.ts';
import { codeMatches } from './booking-check-in.ts';

// 08:30 in Berlin on the day of the bookings below.
const NOW = '2030-03-04T07:30:00Z';
const clock = manualClock(NOW);
let t: TestApp;
let url: string;
let a: SalonFixture;
let b: SalonFixture;
const clients: Client[] = [];
let address = 0;

beforeAll(async () => {
  t = await createTestApp({ checkInRateLimitPerHour: 1000 }, { now: clock.now });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  a = await makeSalon(t, { staff: 3, name: 'Check A' });
  b = await makeSalon(t, { staff: 1, name: 'Check B' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE', path: string, token?: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: token ? auth(token) : {},
    remoteAddress: `192.0.2.${++address % 250}`,
    ...(payload ? { payload } : {}),
  });

async function kiosk(salon: SalonFixture): Promise<{ id: number; token: string }> {
  const made = (await api('POST', `/salons/${salon.salonId}/kiosks`, salon.ownerToken, { name: 'Desk' })).json();
  const paired = (await api('POST', '/kiosks/pair', undefined, { code: made.pairingCode })).json();
  return { id: made.kiosk.id, token: paired.token };
}

/** A confirmed booking (a guest's when `guest` is given) at a Berlin wall time on 2030-03-04. */
async function booking(salon: SalonFixture, staff: number, time: string, guest?: object) {
  const slotId = await slotAt(t, salon.staffIds[staff] as number, `2030-03-04 ${time}`);
  const customer = await makeUser(t, 'customer', 'Carla Client');
  const res = guest
    ? await api('POST', '/bookings', salon.ownerToken, { slotId, serviceId: salon.serviceIds[0], guest })
    : await api('POST', '/bookings', customer.token, { slotId, serviceId: salon.serviceIds[0] });
  expect(res.statusCode).toBe(201);
  return { ...(res.json() as { id: number; checkInCode: string; customerId: number | null }), customer };
}

describe('check-in', () => {
  it('a kiosk checks a customer in with the booking code; the owner hears it live, once, with an in-app record', async () => {
    const k = await kiosk(a);
    const bk = await booking(a, 0, '09:00');
    expect(bk.checkInCode).toMatch(/^\d{4}$/);
    const owner = await connect(url, a.ownerToken);
    const stranger = await connect(url, b.ownerToken);
    const customerSocket = await connect(url, bk.customer.token);
    clients.push(owner, stranger, customerSocket);
    const strangerLog = record(stranger, ['booking:checked-in']);
    const customerLog = record(customerSocket, ['booking:checked-in']);
    const heard = next<{ bookingId: number; checkedInBy: string; checkedInAt: string; customerName: string }>(
      owner,
      'booking:checked-in',
    );
    const ownerLog = record(owner, ['booking:checked-in']);

    const wrong = String((Number(bk.checkInCode) + 1) % 10000).padStart(4, '0');
    const refused = await api('POST', `/bookings/${bk.id}/check-in`, k.token, { code: wrong });
    expect(refused.json()).toMatchObject({ status: 403, code: 'CHECK_IN_CODE_INVALID', field: 'code' });
    const missing = await api('POST', `/bookings/${bk.id}/check-in`, k.token, {});
    expect(missing.json()).toMatchObject({ status: 400, field: 'code' });

    // Taps on the kiosk (3 more: 5 tries per booking) and the owner's clicks, all at once:
    // one check-in, one alert, one record, and everyone gets the same booking back.
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => api('POST', `/bookings/${bk.id}/check-in`, k.token, { code: bk.checkInCode })),
      ...Array.from({ length: 12 }, () => api('POST', `/bookings/${bk.id}/check-in`, a.ownerToken)),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(15).fill(200));
    const checkedInAt = clock.now().toISOString();
    // The kiosk hears what its screen shows; the owner gets the whole booking.
    for (const r of results.slice(0, 3)) {
      expect(r.json()).toMatchObject({ id: bk.id, status: 'CONFIRMED', checkedIn: true, firstName: 'Carla' });
    }
    for (const r of results.slice(3)) expect(r.json()).toMatchObject({ id: bk.id, status: 'CONFIRMED', checkedInAt });
    expect(await heard).toMatchObject({ bookingId: bk.id, customerName: 'Carla Client', checkedInAt });
    await new Promise((r) => setTimeout(r, 200));
    expect(ownerLog).toHaveLength(1);
    expect(strangerLog).toHaveLength(0);
    expect(customerLog).toHaveLength(0);

    const rows = await t.db.sql.query(
      "select user_id, channel from notifications where type = 'booking_checked_in' and payload->>'bookingId' = $1::text",
      [bk.id],
    );
    expect(rows.rows).toEqual([{ user_id: a.ownerId, channel: 'in_app' }]);
    const stored = await t.db.sql.query('select checked_in_by, checked_in_kiosk_id from bookings where id = $1', [
      bk.id,
    ]);
    const by = (await heard).checkedInBy;
    expect(stored.rows[0]).toEqual({ checked_in_by: by, checked_in_kiosk_id: by === 'kiosk' ? k.id : null });
    // The owner's notification list has it, unread.
    const list = (await api('GET', '/notifications', a.ownerToken)).json();
    expect(list.items[0]).toMatchObject({ type: 'booking_checked_in', readAt: null });
    expect(list.unread).toBeGreaterThanOrEqual(1);
  });

  it('an owner with a device subscribed to pushes gets the check-in as a push too, and lists it once', async () => {
    const bk = await booking(a, 2, '10:00');
    await t.db.sql.query(`insert into push_subscriptions (user_id, endpoint, p256dh, auth) values ($1, $2, $3, $4)`, [
      a.ownerId,
      `https://push.example.test/device/${bk.id}`,
      'B'.repeat(87),
      'A'.repeat(22),
    ]);
    try {
      expect((await api('POST', `/bookings/${bk.id}/check-in`, a.ownerToken)).statusCode).toBe(200);
      const rows = await t.db.sql.query(
        "select channel from notifications where type = 'booking_checked_in' and payload->>'bookingId' = $1::text order by channel",
        [bk.id],
      );
      expect(rows.rows.map((r) => r.channel)).toEqual(['in_app', 'push']);
      const list = (await api('GET', '/notifications?limit=100', a.ownerToken)).json() as {
        items: { type: string; channel: string; payload: { bookingId: number } }[];
      };
      const mine = list.items.filter((n) => n.payload.bookingId === bk.id && n.type === 'booking_checked_in');
      expect(mine.map((n) => n.channel)).toEqual(['in_app']);
    } finally {
      await t.db.sql.query('delete from push_subscriptions where user_id = $1', [a.ownerId]);
    }
  });

  it("a guest checks in with the last 4 digits of their phone; another salon's kiosk finds nothing", async () => {
    const mine = await kiosk(a);
    const theirs = await kiosk(b);
    const bk = await booking(a, 1, '09:00', { name: 'Gus Guest', phone: '+49 (170) 555-0199' });
    expect((await api('POST', `/bookings/${bk.id}/check-in`, theirs.token, { code: '0199' })).json()).toMatchObject({
      status: 404,
      code: 'BOOKING_NOT_FOUND',
    });
    const res = await api('POST', `/bookings/${bk.id}/check-in`, mine.token, { code: '0199' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: bk.id, checkedIn: true });
  });

  it('answers a kiosk with a first name and the services only: no contact details, code or last name', async () => {
    const k = await kiosk(a);
    const bk = await booking(a, 2, '09:00', {
      name: 'Gus Guestman',
      phone: '+49 170 5550199',
      email: 'gus@private.example',
    });
    const res = await api('POST', `/bookings/${bk.id}/check-in`, k.token, { code: '0199' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Exactly what the kiosk's own reads carry, nothing more.
    expect(Object.keys(body).sort()).toEqual(KIOSK_BOOKING_FIELDS);
    expect(body).toMatchObject({ firstName: 'Gus', checkedIn: true, staffId: a.staffIds[2] });
    const raw = res.body;
    // (The code itself is ruled out by the keys above: four digits may well occur in a date.)
    for (const secret of ['Guestman', '5550199', 'gus@private.example']) {
      expect(raw, secret).not.toContain(secret);
    }
    // The owner still sees everything.
    const owner = (await api('POST', `/bookings/${bk.id}/check-in`, a.ownerToken)).json();
    expect(owner).toMatchObject({ guest: { phone: '+49 170 5550199' }, checkInCode: bk.checkInCode });
  });

  it('only confirmed bookings, from two hours before the start until the end; a checked-in customer is no no-show', async () => {
    const later = await booking(a, 2, '11:00');
    expect((await api('POST', `/bookings/${later.id}/check-in`, a.ownerToken)).json()).toMatchObject({
      status: 409,
      code: 'CHECK_IN_CLOSED',
    });
    clock.set('2030-03-04T08:00:00Z'); // 09:00 in Berlin: two hours before 11:00
    try {
      const ok = await api('POST', `/bookings/${later.id}/check-in`, a.ownerToken);
      expect(ok.statusCode).toBe(200);
      clock.set('2030-03-04T10:05:00Z'); // started
      expect((await api('POST', `/bookings/${later.id}/no-show`, a.ownerToken)).json()).toMatchObject({
        status: 409,
        code: 'INVALID_TRANSITION',
      });
      // The database refuses it too.
      await expect(t.db.sql.query("update bookings set status = 'NO_SHOW' where id = $1", [later.id])).rejects.toThrow(
        /bookings_no_show_not_checked_in/,
      );
      expect((await api('POST', `/bookings/${later.id}/complete`, a.ownerToken)).statusCode).toBe(200);

      const cancelled = await booking(a, 0, '12:00');
      expect((await api('POST', `/bookings/${cancelled.id}/cancel`, a.ownerToken, {})).statusCode).toBe(200);
      expect((await api('POST', `/bookings/${cancelled.id}/check-in`, a.ownerToken)).json()).toMatchObject({
        code: 'BOOKING_ALREADY_CANCELLED',
      });
      clock.set('2030-03-04T11:20:00Z'); // 12:20, after the 12:00 booking of 15 minutes ended
      const over = await booking(a, 1, '15:00');
      clock.set('2030-03-04T14:20:00Z');
      expect((await api('POST', `/bookings/${over.id}/check-in`, a.ownerToken)).json()).toMatchObject({
        code: 'CHECK_IN_CLOSED',
      });
    } finally {
      clock.set(NOW);
    }
  });

  it("customers, another salon's owner and revoked kiosks may not check in", async () => {
    const bk = await booking(a, 1, '09:30');
    const k = await kiosk(a);
    for (const token of [bk.customer.token, b.ownerToken]) {
      expect((await api('POST', `/bookings/${bk.id}/check-in`, token)).statusCode).toBe(403);
    }
    expect((await api('DELETE', `/salons/${a.salonId}/kiosks/${k.id}`, a.ownerToken)).statusCode).toBe(204);
    expect((await api('POST', `/bookings/${bk.id}/check-in`, k.token, { code: bk.checkInCode })).json()).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const stored = await t.db.sql.query('select checked_in_at from bookings where id = $1', [bk.id]);
    expect(stored.rows[0].checked_in_at).toBeNull();
  });

  it('guessing one booking’s code is cut off after five tries, whatever the kiosk', async () => {
    const bk = await booking(a, 2, '09:30');
    const k1 = await kiosk(a);
    const k2 = await kiosk(a);
    const wrong = ['0000', '1111', '2222', '3333', '4444', '5555'].filter((c) => c !== bk.checkInCode);
    const statuses: number[] = [];
    for (const [i, code] of wrong.slice(0, 5).entries()) {
      statuses.push(
        (await api('POST', `/bookings/${bk.id}/check-in`, i % 2 ? k1.token : k2.token, { code })).statusCode,
      );
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    // The right code no longer helps: the booking's tries are spent.
    const late = await api('POST', `/bookings/${bk.id}/check-in`, k1.token, { code: bk.checkInCode });
    expect(late.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(late.headers['retry-after']).toBeDefined();
  });
});

describe('a kiosk’s own budget', () => {
  it('a kiosk that keeps trying is refused past CHECK_IN_RATE_LIMIT_PER_HOUR', async () => {
    const strict = await createTestApp({ checkInRateLimitPerHour: 3 }, { now: clock.now, db: t.db });
    try {
      const made = await strict.app.inject({
        method: 'POST',
        url: `/api/v1/salons/${a.salonId}/kiosks`,
        headers: auth(a.ownerToken),
        payload: { name: 'Strict' },
      });
      const paired = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/kiosks/pair',
        remoteAddress: '192.0.2.251',
        payload: { code: made.json().pairingCode },
      });
      const token = paired.json().token as string;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await strict.app.inject({
          method: 'POST',
          url: `/api/v1/bookings/${999_000 + i}/check-in`,
          headers: auth(token),
          payload: { code: '1234' },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await strict.app.close();
      await strict.orm.close(true);
    }
  });
});

describe('codeMatches', () => {
  it('takes the booking code or the last four digits of the phone, nothing shorter', () => {
    const b0 = { checkInCode: '0427', guest: { name: 'G', phone: '+1 (212) 555-0190', email: null } };
    expect(codeMatches(b0, '0427')).toBe(true);
    expect(codeMatches(b0, '0190')).toBe(true);
    expect(codeMatches(b0, '5550')).toBe(false);
    expect(codeMatches({ checkInCode: '0427', guest: { name: 'G', phone: '123', email: null } }, '0123')).toBe(false);
    expect(codeMatches({ checkInCode: '0427', guest: null }, '0190')).toBe(false);
  });
});
