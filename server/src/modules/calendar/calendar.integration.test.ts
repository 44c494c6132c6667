/**
 * Calendar files: a booking's event for its customer and its salon's owner
 * (UTC times, the salon's address and time zone, one UID whose SEQUENCE
 * rises on every move), attached to the confirmation email, and the owner's
 * private feed behind a secret link that can be replaced and revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url }, { now: clock.now });
  s = await makeSalon(t, { staff: 2, name: 'Studio Kalender' });
  await t.db.sql.query("update salons set address = 'Torstraße 1, 10119' where id = $1", [s.salonId]);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function waitFor(check: () => boolean, what: string, ms = 15_000) {
  for (const deadline = Date.now() + ms; !check(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const get = (path: string, token?: string) =>
  t.app.inject({ url: `/api/v1${path}`, headers: token ? auth(token) : {} });
const post = (path: string, token: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: auth(token), payload });
/** The unfolded content lines of a calendar file. */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

async function book(token: string, at: string, staff = s.staffIds[0] as number) {
  const res = await post('/bookings', token, {
    slotId: await slotAt(t, staff, at),
    serviceIds: [s.serviceIds[0], s.serviceIds[2]],
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number };
}

describe("a booking's calendar file", () => {
  it('is an event in UTC at the salon, naming its time zone, for the customer and the owner only', async () => {
    const u = await makeUser(t, 'customer', 'Kai Kalender');
    const b = await book(u.token, '2030-03-05 10:00');
    const res = await get(`/bookings/${b.id}/calendar.ics`, u.token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="glamify-booking-${b.id}.ics"`);
    const file = lines(res.body);
    expect(file[0]).toBe('BEGIN:VCALENDAR');
    expect(file).toEqual(
      expect.arrayContaining([
        'X-WR-TIMEZONE:Europe/Berlin',
        `UID:booking-${b.id}@glamify`,
        'SEQUENCE:0',
        'DTSTART:20300305T090000Z',
        'DTEND:20300305T094500Z',
        'SUMMARY:Service 1\\, Service 3 at Studio Kalender',
        'LOCATION:Studio Kalender\\, Torstraße 1\\, 10119\\, Berlin',
        'STATUS:CONFIRMED',
      ]),
    );
    expect(file.find((l) => l.startsWith('DESCRIPTION:'))).toContain('2030-03-05 10:00–10:45 (Europe/Berlin)');
    // Folded as RFC 5545 asks: no line longer than 75 octets.
    for (const l of res.body.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);

    const owners = await get(`/bookings/${b.id}/calendar.ics`, s.ownerToken);
    expect(lines(owners.body)).toContain('SUMMARY:Kai Kalender: Service 1\\, Service 3 (Stylist 1)');
    expect((await get(`/bookings/${b.id}/calendar.ics`, (await makeUser(t)).token)).json().code).toBe('FORBIDDEN');
    expect((await get(`/bookings/${b.id}/calendar.ics`)).statusCode).toBe(401);
    expect((await get('/bookings/99999999/calendar.ics', u.token)).json().code).toBe('BOOKING_NOT_FOUND');
  });

  it('keeps its UID and raises its SEQUENCE when the booking moves, so calendars update it', async () => {
    const u = await makeUser(t);
    const b = await book(u.token, '2030-03-05 14:00');
    const moved = await post(`/bookings/${b.id}/reschedule`, u.token, {
      slotId: await slotAt(t, s.staffIds[1] as number, '2030-03-06 15:00'),
    });
    expect(moved.statusCode).toBe(200);
    const file = lines((await get(`/bookings/${b.id}/calendar.ics`, u.token)).body);
    expect(file).toEqual(
      expect.arrayContaining([`UID:booking-${b.id}@glamify`, 'SEQUENCE:1', 'DTSTART:20300306T140000Z']),
    );
  });

  it('comes with the confirmation email as an attachment', async () => {
    const u = await makeUser(t, 'customer', 'Mira Mail');
    const b = await book(u.token, '2030-03-05 11:00');
    await waitFor(
      () => smtp.received.some((m) => m.subject.startsWith('Booked:') && m.raw.includes('Mira Mail')),
      'mail',
    );
    const mail = smtp.received.find((m) => m.subject.startsWith('Booked:') && m.raw.includes('Mira Mail'));
    const part = /Content-Type: text\/calendar[^\r\n]*(?:\r\n[^\r\n]+)*\r\n\r\n([\s\S]*?)\r\n--/.exec(mail?.raw ?? '');
    expect(part, 'a text/calendar part').not.toBeNull();
    const raw = part?.[0] ?? '';
    const body = /Content-Transfer-Encoding: base64/i.test(raw)
      ? Buffer.from((part?.[1] ?? '').replace(/\s+/g, ''), 'base64').toString('utf8')
      : (part?.[1] ?? '');
    expect(raw).toContain(`filename=booking-${b.id}.ics`);
    expect(lines(body)).toEqual(expect.arrayContaining([`UID:booking-${b.id}@glamify`, 'DTSTART:20300305T100000Z']));
  });
});

describe("the owner's calendar feed", () => {
  it('lists the salons’ live bookings behind a secret link; a new link retires the old; revoked is gone', async () => {
    const owner = await makeSalon(t, { staff: 1, name: 'Feed Salon' });
    const u = await makeUser(t, 'customer', 'Fay Feed');
    const one = await post('/bookings', u.token, {
      slotId: await slotAt(t, owner.staffIds[0] as number, '2030-03-05 09:00'),
      serviceId: owner.serviceIds[0],
    });
    const two = await post('/bookings', u.token, {
      slotId: await slotAt(t, owner.staffIds[0] as number, '2030-03-05 10:00'),
      serviceId: owner.serviceIds[0],
    });
    await post(`/bookings/${two.json().id}/cancel`, u.token);
    await book(u.token, '2030-03-05 15:00'); // another owner's salon

    expect((await get('/calendar/feed', owner.ownerToken)).json()).toEqual({
      active: false,
      createdAt: null,
      lastReadAt: null,
    });
    const link = await post('/calendar/feed', owner.ownerToken);
    expect(link.statusCode).toBe(201);
    const url = new URL(link.json().url);
    expect(url.pathname).toMatch(/^\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await t.app.inject({ url: url.pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const file = lines(feed.body);
    expect(file.filter((l) => l.startsWith('UID:'))).toEqual([`UID:booking-${one.json().id}@glamify`]);
    expect(file).toEqual(
      expect.arrayContaining([
        'X-WR-CALNAME:Glamify: Feed Salon',
        'X-WR-TIMEZONE:Europe/Berlin',
        'X-PUBLISHED-TTL:PT15M',
      ]),
    );
    expect(file.filter((l) => l.startsWith('X-PUBLISHED-TTL'))).toHaveLength(1);
    expect(file.find((l) => l.startsWith('SUMMARY:'))).toBe('SUMMARY:Fay Feed: Service 1 (Stylist 1)');
    const status = (await get('/calendar/feed', owner.ownerToken)).json();
    expect(status).toMatchObject({ active: true, lastReadAt: expect.any(String) });
    // Only the hash is stored.
    const stored = await t.db.sql.query('select token_hash from calendar_feeds where owner_id = $1', [owner.ownerId]);
    expect(stored.rows[0].token_hash).not.toContain(url.pathname.split('/').pop()?.replace('.ics', ''));

    const next = await post('/calendar/feed', owner.ownerToken);
    expect((await t.app.inject({ url: url.pathname })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const nextPath = new URL(next.json().url).pathname;
    expect((await t.app.inject({ url: nextPath })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/v1/calendar/feed', headers: auth(owner.ownerToken) }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: nextPath })).statusCode).toBe(404);
    expect((await get('/calendar/feed', owner.ownerToken)).json().active).toBe(false);
  });

  it('builds the link on PUBLIC_URL where set, whatever host the request named (behind a proxy)', async () => {
    const behind = await createTestApp({ publicUrl: 'https://book.example.com' });
    try {
      const salon = await makeSalon(behind, { name: 'Proxied Salon' });
      const res = await behind.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/feed',
        headers: { ...auth(salon.ownerToken), host: 'internal-node-7:3000' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().url).toMatch(
        /^https:\/\/book\.example\.com\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/,
      );
    } finally {
      await behind.close();
    }
  });

  it('is for owners only, refuses malformed links, and an empty feed is still a calendar', async () => {
    expect((await post('/calendar/feed', (await makeUser(t)).token)).json().code).toBe('FORBIDDEN');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/calendar/feed' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/calendar/feeds/short.ics' })).json()).toMatchObject({
      status: 400,
      field: 'token',
    });
    const lonely = await makeUser(t, 'owner');
    const link = await post('/calendar/feed', lonely.token);
    const empty = await t.app.inject({ url: new URL(link.json().url).pathname });
    expect(lines(empty.body)).toEqual(
      expect.arrayContaining(['BEGIN:VCALENDAR', 'VERSION:2.0', 'X-WR-TIMEZONE:UTC', 'END:VCALENDAR']),
    );
  });

  it('limits reads per client address', async () => {
    const owner = await makeUser(t, 'owner');
    const path = new URL((await post('/calendar/feed', owner.token)).json().url).pathname;
    const read = () => t.app.inject({ url: path, remoteAddress: '203.0.113.9' });
    for (let i = 0; i < 120; i++) expect((await read()).statusCode).toBe(200);
    const refused = await read();
    expect(refused.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await t.app.inject({ url: path, remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
  });
});
