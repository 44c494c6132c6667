import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, manualClock } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(() => t.close());

describe('owner schedule changes reach the slots', () => {
  it('new working hours and a new stylist regenerate future free slots', async () => {
    const s = await makeSalon(t, { staff: 1 });
    const count = async (sql: string) => (await t.db.sql.query(sql, [s.salonId])).rows[0].n as number;
    const lateSlots = () =>
      count(
        "select count(*)::int as n from slots sl join salons s on s.id = sl.salon_id where sl.salon_id = $1 and (sl.starts_at at time zone s.timezone)::time >= '15:00'",
      );
    expect(await lateSlots()).toBeGreaterThan(0);
    const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      staffId: null,
      opens: '09:00',
      closes: '15:00',
      breaks: [{ starts: '12:30', ends: '13:30' }],
    }));
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/salons/${s.salonId}/working-hours`,
      headers: auth(s.ownerToken),
      payload: { hours },
    });
    expect(res.statusCode).toBe(200);
    expect(await lateSlots()).toBe(0);

    const before = await count('select count(distinct staff_id)::int as n from slots where salon_id = $1');
    const added = await t.app.inject({
      method: 'POST',
      url: `/api/v1/salons/${s.salonId}/staff`,
      headers: auth(s.ownerToken),
      payload: { name: 'New Stylist' },
    });
    expect(added.statusCode).toBe(201);
    expect(await count('select count(distinct staff_id)::int as n from slots where salon_id = $1')).toBe(before + 1);
  });
});
