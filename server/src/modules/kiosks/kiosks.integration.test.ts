/**
 * Pairing a kiosk: the owner gets a one-time code, the screen redeems it
 * for a device token that works for that salon's kiosk routes only, and a
 * revoked token is refused from the next request on. Only hashes are stored.
 */
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

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let a: SalonFixture;
let b: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  a = await makeSalon(t, { staff: 2, name: 'Kiosk A' });
  b = await makeSalon(t, { staff: 1, name: 'Kiosk B' });
});
afterAll(() => t.close());

// Pairing is limited per address: each request comes from an address of its own, but in the test of that limit.
let address = 0;
const api = (method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: token ? auth(token) : {},
    remoteAddress: `198.51.100.${++address % 250}`,
    ...(payload ? { payload } : {}),
  });

async function newCode(salon: SalonFixture, name = 'Front desk') {
  const res = await api('POST', `/salons/${salon.salonId}/kiosks`, salon.ownerToken, { name });
  expect(res.statusCode).toBe(201);
  return res.json() as { kiosk: { id: number; state: string }; pairingCode: string };
}

async function pairedKiosk(salon: SalonFixture) {
  const { pairingCode, kiosk } = await newCode(salon);
  const res = await api('POST', '/kiosks/pair', undefined, { code: pairingCode });
  expect(res.statusCode).toBe(201);
  return { id: kiosk.id, token: (res.json() as { token: string }).token };
}

describe('pairing', () => {
  it('a code pairs one screen once; the token names the salon; only hashes are stored', async () => {
    const { pairingCode, kiosk } = await newCode(a);
    expect(pairingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(kiosk.state).toBe('waiting');
    // Typed sloppily: lower case, no dash, spaces.
    const typed = ` ${pairingCode.toLowerCase().replace('-', ' ')} `;
    const paired = await api('POST', '/kiosks/pair', undefined, { code: typed });
    expect(paired.statusCode).toBe(201);
    const session = paired.json() as { token: string; kiosk: { salonId: number; salonName: string; name: string } };
    expect(session.token).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    expect(session.kiosk).toMatchObject({ salonId: a.salonId, salonName: 'Kiosk A', name: 'Front desk' });
    expect((await api('GET', '/kiosks/me', session.token)).json()).toMatchObject({ kioskId: kiosk.id });

    const again = await api('POST', '/kiosks/pair', undefined, { code: pairingCode });
    expect(again.json()).toMatchObject({ status: 400, code: 'PAIRING_CODE_INVALID', field: 'code' });

    const { rows } = await t.db.sql.query('select * from kiosk_devices where id = $1', [kiosk.id]);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(session.token);
    expect(stored).not.toContain(pairingCode.replace('-', ''));
    expect(rows[0]).toMatchObject({ pairing_code_hash: null, token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('ten screens redeeming one code at once: exactly one gets a token', async () => {
    const { pairingCode } = await newCode(a, 'Race');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api('POST', '/kiosks/pair', undefined, { code: pairingCode })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
  });

  it('a code stops working after ten minutes, and the list says so', async () => {
    const { pairingCode, kiosk } = await newCode(b, 'Late');
    clock.advance(10 * 60 + 1);
    try {
      const res = await api('POST', '/kiosks/pair', undefined, { code: pairingCode });
      expect(res.json()).toMatchObject({ code: 'PAIRING_CODE_INVALID' });
      const list = (await api('GET', `/salons/${b.salonId}/kiosks`, b.ownerToken)).json();
      expect(list.items.find((k: { id: number }) => k.id === kiosk.id)).toMatchObject({
        state: 'expired',
        pairingExpiresAt: null,
      });
    } finally {
      clock.set('2030-03-04T06:00:00Z');
    }
  });

  it('guessing codes is limited per address', async () => {
    const codes = Array.from({ length: 12 }, (_, i) => `ZZZZ-ZZ${String(i).padStart(2, '0')}`);
    const statuses: number[] = [];
    for (const code of codes) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/kiosks/pair',
        remoteAddress: '203.0.113.9',
        payload: { code },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('who may do what', () => {
  it("revoking refuses the token at once; another salon's owner and customers cannot pair, list or revoke", async () => {
    const k = await pairedKiosk(a);
    const customer = await makeUser(t);
    for (const token of [customer.token, b.ownerToken]) {
      expect((await api('GET', `/salons/${a.salonId}/kiosks`, token)).statusCode).toBe(403);
      expect((await api('POST', `/salons/${a.salonId}/kiosks`, token, { name: 'x' })).statusCode).toBe(403);
      expect((await api('DELETE', `/salons/${a.salonId}/kiosks/${k.id}`, token)).statusCode).toBe(403);
    }
    // Another salon's kiosk id through one's own salon is not found.
    expect((await api('DELETE', `/salons/${b.salonId}/kiosks/${k.id}`, b.ownerToken)).statusCode).toBe(404);
    expect((await api('GET', '/kiosks/me', k.token)).statusCode).toBe(200);

    expect((await api('DELETE', `/salons/${a.salonId}/kiosks/${k.id}`, a.ownerToken)).statusCode).toBe(204);
    const refused = await api('GET', '/kiosks/me', k.token);
    expect(refused.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await api('GET', '/kiosks/me/bookings?date=2030-03-04', k.token)).statusCode).toBe(401);
    const list = (await api('GET', `/salons/${a.salonId}/kiosks`, a.ownerToken)).json();
    expect(list.items.find((x: { id: number }) => x.id === k.id)).toMatchObject({ state: 'revoked' });
  });

  it('a kiosk token opens kiosk routes only; user tokens do not open kiosk-only routes', async () => {
    const k = await pairedKiosk(a);
    for (const url of ['/bookings', '/auth/me', `/salons/${a.salonId}/kiosks`, '/notifications']) {
      expect((await api('GET', url, k.token)).json(), url).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    for (const token of [a.ownerToken, (await makeUser(t)).token]) {
      expect((await api('GET', '/kiosks/me', token)).statusCode).toBe(403);
      expect((await api('GET', '/kiosks/me/bookings?date=2030-03-04', token)).statusCode).toBe(403);
    }
    // A token that looks like a kiosk's but is not one.
    expect((await api('GET', '/kiosks/me', `gk_${'x'.repeat(43)}`)).statusCode).toBe(401);
  });

  it('lists its own salon’s day with first names and services only, never contact details', async () => {
    const k = await pairedKiosk(a);
    const customer = await makeUser(t, 'customer', 'Ana Maria Costa');
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-04 11:00');
    const booked = await api('POST', '/bookings', customer.token, { slotId, serviceId: a.serviceIds[1] });
    expect(booked.statusCode).toBe(201);
    const guestSlot = await slotAt(t, a.staffIds[1] as number, '2030-03-04 11:00');
    const guest = { name: 'Gina Guest', phone: '+49 170 5550123', email: 'gina@example.com' };
    expect(
      (await api('POST', '/bookings', a.ownerToken, { slotId: guestSlot, serviceId: a.serviceIds[0], guest }))
        .statusCode,
    ).toBe(201);

    const day = await api('GET', '/kiosks/me/bookings?date=2030-03-04', k.token);
    expect(day.statusCode).toBe(200);
    const items = day.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.firstName)).toEqual(['Ana', 'Gina']);
    expect(items[0]).toMatchObject({ services: ['Service 2'], checkedIn: false, status: 'CONFIRMED' });
    expect(Object.keys(items[0] as object).sort()).toEqual(KIOSK_BOOKING_FIELDS);
    const text = JSON.stringify(items);
    for (const secret of ['Costa', 'Guest', '5550123', 'gina@']) expect(text).not.toContain(secret);
    // Other days are not a kiosk's business.
    expect((await api('GET', '/kiosks/me/bookings?date=2030-03-10', k.token)).json()).toMatchObject({
      status: 400,
      field: 'date',
    });
  });
});
