import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeSalon, manualClock } from '../../../test/fixtures.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
});
afterAll(() => t.close());

async function day(staffId: number, date: string): Promise<string[]> {
  const { rows } = await t.db.sql.query(
    `select sl.starts_at from slots sl join salons s on s.id = sl.salon_id
     where sl.staff_id = $1 and sl.starts_at >= ($2::date::timestamp at time zone s.timezone)
       and sl.starts_at < (($2::date + 1)::timestamp at time zone s.timezone) order by sl.starts_at`,
    [staffId, date],
  );
  return rows.map((r) => new Date(r.starts_at).toISOString());
}

describe('slot generation', () => {
  it('makes the right slots at the right instants on DST days, skipping the lunch break', async () => {
    const berlin = await makeSalon(t, { timezone: 'Europe/Berlin', staff: 1, horizonDays: 300 });
    const ny = await makeSalon(t, { timezone: 'America/New_York', staff: 1, horizonDays: 300 });
    const b = berlin.staffIds[0] as number;
    const n = ny.staffIds[0] as number;
    // 09:00-17:00 with 12:30-13:30 off: 8 h minus 1 h, at 15 minutes = 28 slots, every day.
    for (const date of ['2030-03-30', '2030-03-31', '2030-10-26', '2030-10-27']) {
      expect(await day(b, date)).toHaveLength(28);
    }
    for (const date of ['2030-03-09', '2030-03-10', '2030-11-02', '2030-11-03']) {
      expect(await day(n, date)).toHaveLength(28);
    }
    // Berlin springs forward on 2030-03-31 (CET+1 -> CEST+2) and falls back on 2030-10-27.
    expect((await day(b, '2030-03-30'))[0]).toBe('2030-03-30T08:00:00.000Z');
    expect((await day(b, '2030-03-31'))[0]).toBe('2030-03-31T07:00:00.000Z');
    expect((await day(b, '2030-10-27'))[0]).toBe('2030-10-27T08:00:00.000Z');
    // New York springs forward on 2030-03-10 (EST-5 -> EDT-4) and falls back on 2030-11-03.
    expect((await day(n, '2030-03-09'))[0]).toBe('2030-03-09T14:00:00.000Z');
    expect((await day(n, '2030-03-10'))[0]).toBe('2030-03-10T13:00:00.000Z');
    expect((await day(n, '2030-11-03'))[0]).toBe('2030-11-03T14:00:00.000Z');
    // Lunch: 12:15 is the last slot before it, 13:30 the first after (Berlin, CET).
    const slots = await day(b, '2030-03-30');
    expect(slots).toContain('2030-03-30T11:15:00.000Z');
    expect(slots).not.toContain('2030-03-30T11:30:00.000Z');
    expect(slots).not.toContain('2030-03-30T12:15:00.000Z');
    expect(slots).toContain('2030-03-30T12:30:00.000Z');
  });

  it('is idempotent: a second run changes nothing', async () => {
    const s = await makeSalon(t, { staff: 2 });
    const before = await t.db.sql.query('select count(*)::int as n from slots where salon_id = $1', [s.salonId]);
    expect(before.rows[0].n).toBeGreaterThan(0);
    const again = await t.app.services.availability.generateSlots({ salonId: s.salonId });
    expect(again).toEqual({ inserted: 0, removed: 0 });
  });

  it('follows changed hours but never removes held or booked slots', async () => {
    const s = await makeSalon(t, { staff: 1 });
    const staffId = s.staffIds[0] as number;
    const at = async (local: string) =>
      (
        await t.db.sql.query(
          `select sl.id from slots sl join salons s on s.id = sl.salon_id
           where sl.staff_id = $1 and sl.starts_at = ($2::timestamp at time zone s.timezone)`,
          [staffId, local],
        )
      ).rows[0]?.id as number | undefined;
    const held = (await at('2030-03-05 16:00')) as number;
    const booked = (await at('2030-03-05 16:30')) as number;
    const customer = await t.db.sql.query(
      "insert into users (email, name, role, password_hash) values ('gen@test.example', 'Gen', 'customer', 'x') returning id",
    );
    await t.db.sql.query(
      "insert into slot_locks (slot_id, holder_id, token, expires_at) values ($1, $2, gen_random_uuid(), '2030-03-04T06:05:00Z')",
      [held, customer.rows[0].id],
    );
    const b = await t.db.sql.query(
      `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
       select $1, $1, salon_id, staff_id, 'CONFIRMED', starts_at, ends_at, 1000, 15, 'EUR' from slots where id = $2 returning id`,
      [customer.rows[0].id, booked],
    );
    await t.db.sql.query('update slots set is_booked = true, booking_id = $1 where id = $2', [b.rows[0].id, booked]);
    // Close at 15:00 from now on.
    await t.db.sql.query("update working_hours set closes = '15:00' where salon_id = $1", [s.salonId]);
    const r = await t.app.services.availability.generateSlots({ salonId: s.salonId });
    expect(r.removed).toBeGreaterThan(0);
    expect(await at('2030-03-05 16:00')).toBe(held);
    expect(await at('2030-03-05 16:30')).toBe(booked);
    expect(await at('2030-03-05 16:15')).toBeUndefined();
    expect(await at('2030-03-05 14:45')).toBeDefined();
  });

  it('regenerates a salon of five stylists over 60 days in well under a few seconds after a change', async () => {
    // Right after slots are written the planner's statistics are stale; a correlated
    // anti-join was then planned quadratically (about 15 s here). The set difference is not.
    const s = await makeSalon(t, { staff: 5, horizonDays: 60, opens: '07:00', closes: '19:00', breaks: [] });
    await t.db.sql.query(
      `update working_hours set breaks = '[{"starts":"17:00","ends":"18:00"}]' where salon_id = $1 and weekday = 3`,
      [s.salonId],
    );
    const started = Date.now();
    const r = await t.app.services.availability.generateSlots({ salonId: s.salonId });
    const took = Date.now() - started;
    expect(r.removed).toBeGreaterThan(0);
    expect(took).toBeLessThan(5000);
  });
});
