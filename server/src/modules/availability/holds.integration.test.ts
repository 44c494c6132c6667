import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

// Monday 2030-03-04, 07:00 in Berlin.
const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let s15: number;
let s45: number;
let s30: number;

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 300, holdMaxSeconds: 900 }, { now: clock.now });
  s = await makeSalon(t, { staff: 2 });
  [s15, s45, s30] = s.serviceIds as [number, number, number];
});
afterAll(() => t.close());

const lock = (token: string, slotId: number, serviceId: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/availability/slots/${slotId}/lock`,
    headers: auth(token),
    payload: { serviceId },
  });

const slots = (date: string, serviceId: number, staffId?: number) =>
  t.app.inject({
    url: `/api/v1/availability/slots?salonId=${s.salonId}&date=${date}&serviceId=${serviceId}${staffId ? `&staffId=${staffId}` : ''}`,
  });

describe('GET /availability/slots', () => {
  it('offers a 45-minute service only where 3 consecutive free slots fit (not at 12:15 before lunch)', async () => {
    const res = await slots('2030-03-05', s45, s.staffIds[0]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ salonId: s.salonId, date: '2030-03-05', timezone: 'Europe/Berlin' });
    const starts = body.slots
      .filter((x: { status: string }) => x.status === 'available')
      .map((x: { startsAt: string }) => x.startsAt);
    // CET: 11:45 local = 10:45Z fits (ends 12:30); 12:00 and 12:15 would run into lunch.
    expect(starts).toContain('2030-03-05T10:45:00.000Z');
    expect(starts).not.toContain('2030-03-05T11:00:00.000Z');
    expect(starts).not.toContain('2030-03-05T11:15:00.000Z');
    // 16:15 local is the last start that ends by 17:00.
    expect(starts).toContain('2030-03-05T15:15:00.000Z');
    expect(starts).not.toContain('2030-03-05T15:30:00.000Z');
  });

  it('never offers past times or times inside the minimum notice', async () => {
    const res = await slots('2030-03-04', s15, s.staffIds[0]);
    const first = res.json().slots[0];
    // Now is 07:00 local and the fixture salon has no notice: the day starts at 09:00.
    expect(first.startsAt).toBe('2030-03-04T08:00:00.000Z');
    await t.db.sql.query('update salons set min_notice_minutes = 180 where id = $1', [s.salonId]);
    const later = await slots('2030-03-04', s15, s.staffIds[0]);
    expect(later.json().slots[0].startsAt).toBe('2030-03-04T09:00:00.000Z');
    await t.db.sql.query('update salons set min_notice_minutes = 0 where id = $1', [s.salonId]);
  });

  it('answers bad parameters with 400 naming the field, unknown ids with 404', async () => {
    const cases: [string, number, string][] = [
      [`salonId=${s.salonId}&date=2030-02-30&serviceId=${s15}`, 400, 'date'],
      [`salonId=${s.salonId}&date=tomorrow&serviceId=${s15}`, 400, 'date'],
      [`salonId=${s.salonId}&date=2030-03-05`, 400, 'serviceId'],
      [`salonId=abc&date=2030-03-05&serviceId=${s15}`, 400, 'salonId'],
      [`salonId=${s.salonId}&date=2030-03-05&serviceId=${s15}&evil=1`, 400, 'evil'],
    ];
    for (const [q, status, field] of cases) {
      const res = await t.app.inject({ url: `/api/v1/availability/slots?${q}` });
      expect(res.statusCode, q).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().field, q).toBe(field);
    }
    const other = await makeSalon(t, { staff: 1 });
    const r1 = await t.app.inject({
      url: `/api/v1/availability/slots?salonId=999999&date=2030-03-05&serviceId=${s15}`,
    });
    expect(r1.json()).toMatchObject({ status: 404, code: 'SALON_NOT_FOUND' });
    const r2 = await t.app.inject({
      url: `/api/v1/availability/slots?salonId=${s.salonId}&date=2030-03-05&serviceId=${other.serviceIds[0]}`,
    });
    expect(r2.json()).toMatchObject({ status: 404, code: 'SERVICE_NOT_FOUND' });
  });
});

describe('holds', () => {
  it('100 concurrent lock attempts on one slot: exactly one 201 and 99 409s', async () => {
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-06 10:00');
    const users = await Promise.all(Array.from({ length: 100 }, () => makeUser(t)));
    const results = await Promise.all(users.map((u) => lock(u.token, slotId, s45)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().code).toBe('SLOT_LOCKED');
      expect(r.json().lockedUntil).toBeDefined();
    }
    const { rows } = await t.db.sql.query(
      'select count(*)::int as n, count(distinct token)::int as tokens from slot_locks where slot_id in (select id from slots where staff_id = $1)',
      [s.staffIds[0]],
    );
    expect(rows[0]).toEqual({ n: 3, tokens: 1 });
  });

  it('two overlapping services on one stylist cannot both be held', async () => {
    const a = await makeUser(t);
    const b = await makeUser(t);
    const staff = s.staffIds[1] as number;
    const r1 = await lock(a.token, await slotAt(t, staff, '2030-03-06 10:00'), s45);
    expect(r1.statusCode).toBe(201);
    expect(r1.json().slotIds).toHaveLength(3);
    const r2 = await lock(b.token, await slotAt(t, staff, '2030-03-06 10:30'), s30);
    expect(r2.statusCode).toBe(409);
    expect(r2.json()).toMatchObject({ code: 'SLOT_LOCKED' });
    expect(r2.json().alternatives.length).toBeGreaterThan(0);
    const r3 = await lock(b.token, await slotAt(t, staff, '2030-03-06 10:45'), s30);
    expect(r3.statusCode).toBe(201);
  });

  it('the same holder locking again renews; a new time releases the old one', async () => {
    const u = await makeUser(t);
    const staff = s.staffIds[0] as number;
    const first = (await lock(u.token, await slotAt(t, staff, '2030-03-07 09:00'), s15)).json();
    clock.advance(60);
    const again = (await lock(u.token, await slotAt(t, staff, '2030-03-07 09:00'), s15)).json();
    expect(again.lockToken).toBe(first.lockToken);
    expect(Date.parse(again.expiresAt)).toBe(Date.parse(first.expiresAt) + 60_000);
    const other = await lock(u.token, await slotAt(t, staff, '2030-03-07 11:00'), s15);
    expect(other.statusCode).toBe(201);
    const { rows } = await t.db.sql.query('select count(*)::int as n from slot_locks where holder_id = $1', [u.id]);
    expect(rows[0].n).toBe(1);
  });

  it('an expired hold counts as free at query time, and the cleanup job removes it', async () => {
    const u = await makeUser(t);
    const v = await makeUser(t);
    const staff = s.staffIds[0] as number;
    const slotId = await slotAt(t, staff, '2030-03-08 14:00');
    expect((await lock(u.token, slotId, s15)).statusCode).toBe(201);
    const status = async () =>
      (await slots('2030-03-08', s15, staff)).json().slots.find((x: { id: number }) => x.id === slotId)?.status;
    expect(await status()).toBe('locked');
    clock.advance(301);
    expect(await status()).toBe('available');
    const removed = await t.app.services.availability.cleanupExpired();
    expect(removed.removed).toBeGreaterThanOrEqual(1);
    const left = await t.db.sql.query('select count(*)::int as n from slot_locks where slot_id = $1', [slotId]);
    expect(left.rows[0].n).toBe(0);
    expect((await lock(v.token, slotId, s15)).statusCode).toBe(201);
  });

  it('cleanup run concurrently from two connections removes each lock once', async () => {
    const staff = s.staffIds[1] as number;
    const users = await Promise.all(Array.from({ length: 20 }, () => makeUser(t)));
    for (const [i, u] of users.entries()) {
      // 09:00-12:15 and from 13:30, around the lunch break.
      const minutes = i < 14 ? 540 + 15 * i : 810 + 15 * (i - 14);
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const r = await lock(u.token, await slotAt(t, staff, `2030-03-11 ${hhmm}`), s15);
      expect(r.statusCode).toBe(201);
    }
    clock.advance(301);
    const [a, b] = await Promise.all([
      t.app.services.availability.cleanupExpired(),
      t.app.services.availability.cleanupExpired(),
    ]);
    expect(a.removed + b.removed).toBeGreaterThanOrEqual(20);
    const { rows } = await t.db.sql.query('select count(*)::int as n from slot_locks where expires_at <= $1', [
      clock.now().toISOString(),
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('renewal extends the hold but never past the maximum from the first lock', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-12 10:00');
    const started = clock.now().getTime();
    const taken = (await lock(u.token, slotId, s15)).json();
    const { lockToken } = taken;
    // The answer names the hard end from the start, so the PWA can show it.
    expect(Date.parse(taken.holdEndsAt)).toBe(started + 900_000);
    const renew = () => t.app.services.availability.renew({ id: u.id, role: 'customer' }, lockToken);
    // The OpenAPI document describes it for third parties too.
    const doc = (await t.app.inject('/api/docs/json')).json();
    const created = doc.paths['/api/v1/availability/slots/{slotId}/lock'].post.responses['201'];
    expect(Object.keys(created.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['expiresAt', 'holdEndsAt']),
    );
    clock.advance(200);
    const renewed = await renew();
    expect(Date.parse(renewed.expiresAt)).toBe(started + 500_000);
    expect(Date.parse(renewed.holdEndsAt)).toBe(started + 900_000);
    clock.advance(250);
    expect(Date.parse((await renew()).expiresAt)).toBe(started + 750_000);
    clock.advance(250);
    expect(Date.parse((await renew()).expiresAt)).toBe(started + 900_000);
    clock.advance(150);
    expect(Date.parse((await renew()).expiresAt)).toBe(started + 900_000);
    clock.advance(60);
    await expect(renew()).rejects.toMatchObject({ code: 'LOCK_EXPIRED' });
  });

  it("releasing someone else's hold is 403; its holder and the salon owner may", async () => {
    const u = await makeUser(t);
    const v = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-13 10:00');
    const release = (token: string) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/availability/slots/${slotId}/lock`, headers: auth(token) });
    expect((await lock(u.token, slotId, s15)).statusCode).toBe(201);
    const denied = await release(v.token);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    expect((await release(s.ownerToken)).statusCode).toBe(204);
    expect((await lock(u.token, slotId, s15)).statusCode).toBe(201);
    expect((await release(u.token)).statusCode).toBe(204);
    const { rows } = await t.db.sql.query('select count(*)::int as n from slot_locks where slot_id = $1', [slotId]);
    expect(rows[0].n).toBe(0);
  });

  it('locking needs a token and a real slot', async () => {
    const u = await makeUser(t);
    const noAuth = await t.app.inject({
      method: 'POST',
      url: '/api/v1/availability/slots/1/lock',
      payload: { serviceId: s15 },
    });
    expect(noAuth.statusCode).toBe(401);
    const missing = await lock(u.token, 99999999, s15);
    expect(missing.json()).toMatchObject({ status: 404, code: 'SLOT_NOT_FOUND' });
    const cleanup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/availability/cleanup-locks',
      headers: auth(u.token),
    });
    expect(cleanup.statusCode).toBe(403);
    const byOwner = await t.app.inject({
      method: 'POST',
      url: '/api/v1/availability/cleanup-locks',
      headers: auth(s.ownerToken),
    });
    expect(byOwner.statusCode).toBe(200);
    expect(typeof byOwner.json().removed).toBe('number');
  });
});
