/**
 * Hold expiry is the database's clock, not the server's: a server whose
 * clock runs an hour fast still gives holds HOLD_TTL_SECONDS of the
 * database's time, and sees a fresh hold as held.
 */
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

let t: TestApp;
let s: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({ holdTtlSeconds: 300, holdMaxSeconds: 900 });
  s = await makeSalon(t, { staff: 1 });
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('the hold clock', () => {
  it("is PostgreSQL's now(), whatever this server's clock says", async () => {
    const day = addDays(localDate(new Date(), 'Europe/Berlin'), 3);
    const slotId = await slotAt(t, s.staffIds[0] as number, `${day} 10:00`);
    const u = await makeUser(t);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3600_000);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/availability/slots/${slotId}/lock`,
      headers: auth(u.token),
      payload: { serviceId: s.serviceIds[0] },
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await t.db.sql.query('select extract(epoch from now()) * 1000 as now');
    const dbNow = Number(rows[0].now);
    expect(Math.abs(Date.parse(res.json().expiresAt) - (dbNow + 300_000))).toBeLessThan(10_000);
    const renewed = await t.app.services.availability.renew({ id: u.id, role: 'customer' }, res.json().lockToken);
    expect(Math.abs(Date.parse(renewed.expiresAt) - (dbNow + 300_000))).toBeLessThan(10_000);
    const list = await t.app.inject({
      url: `/api/v1/availability/slots?salonId=${s.salonId}&date=${day}&serviceId=${s.serviceIds[0]}`,
    });
    expect(list.json().slots.find((x: { id: number }) => x.id === slotId)).toMatchObject({
      status: 'locked',
      expiresAt: renewed.expiresAt,
    });
    vi.useRealTimers();
  });
});
