/**
 * An owner's edit locks the salon row, but only against other edits: a
 * booking at that salon (whose foreign-key check takes FOR KEY SHARE on the
 * same row) goes through while the edit is still running.
 */
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

let t: TestApp;
let s: SalonFixture;
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 3);

beforeAll(async () => {
  t = await createTestApp();
  s = await makeSalon(t, { staff: 1 });
});
afterAll(() => t.close());

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe("an owner's edit in progress", () => {
  it('does not hold up bookings at the salon', async () => {
    // Stall the owner's edit after it has taken the salon row: its insert into
    // services waits for this session's SHARE lock on the table.
    const blocker = await t.db.sql.connect();
    await blocker.query('begin');
    await blocker.query('lock table services in share mode');
    try {
      const edit = t.app.inject({
        method: 'POST',
        url: `/api/v1/salons/${s.salonId}/services`,
        headers: auth(s.ownerToken),
        payload: { name: 'Late addition', durationMinutes: 30, priceCents: 1500 },
      });
      for (let waited = 0; ; waited += 20) {
        const { rows } = await t.db.sql.query(
          "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into %services%'",
        );
        if (rows.length > 0) break;
        if (waited > 5000) throw new Error('the edit never reached its insert');
        await new Promise((r) => setTimeout(r, 20));
      }

      const customer = await makeUser(t);
      const booking = t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: auth(customer.token),
        payload: { slotId: await slotAt(t, s.staffIds[0] as number, `${DAY} 10:00`), serviceId: s.serviceIds[0] },
      });
      const res = await within(booking, 3000);
      expect(res === 'timeout' ? 'the booking waited for the edit' : res.statusCode).toBe(201);

      await blocker.query('commit');
      expect((await edit).statusCode).toBe(201);
      await booking;
    } finally {
      await blocker.query('rollback').catch(() => {});
      blocker.release();
    }
  });
});
