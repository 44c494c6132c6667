/**
 * GET /availability/days: the day picker's view of a run of days — free
 * (with how many start times), full, closed, or over for today — for one
 * service, any stylist or one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeSalon, makeUser, manualClock, type SalonFixture } from '../../../test/fixtures.ts';

// Monday 11 March 2030, 20:30 in Berlin: the salon (Mon–Fri, 09:00–17:00 with a
// break 12:30–13:30) has closed for the day.
const clock = manualClock('2030-03-11T20:30:00+01:00');
let t: TestApp;
let s: SalonFixture;
let s15: number;
let s45: number;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 2, days: [1, 2, 3, 4, 5], minNoticeMinutes: 60 });
  [s15, s45] = s.serviceIds as [number, number];
});
afterAll(() => t.close());

async function days(query: string) {
  const res = await t.app.inject({ url: `/api/v1/availability/days?salonId=${s.salonId}&${query}` });
  return res;
}

/** Holds every slot of a stylist (or all stylists) on a local day, optionally only every other one. */
async function holdDay(date: string, opts: { staffId?: number; everyOther?: boolean; expired?: boolean } = {}) {
  const u = await makeUser(t);
  await t.db.sql.query(
    `insert into slot_locks (slot_id, holder_id, service_id, token, expires_at, hold_started_at, created_at)
     select sl.id, $1, $2, gen_random_uuid(), $3::timestamptz + interval '5 minutes', $3::timestamptz, now()
     from (select sl.*, row_number() over (partition by sl.staff_id order by sl.starts_at) as n
           from slots sl join salons sa on sa.id = sl.salon_id
           where sl.salon_id = $4 and (sl.starts_at at time zone sa.timezone)::date = $5::date
             and ($6::int is null or sl.staff_id = $6)) sl
     where not $7 or sl.n % 2 = 0`,
    [
      u.id,
      s15,
      opts.expired ? '2030-03-11T10:00:00Z' : clock.now().toISOString(),
      s.salonId,
      date,
      opts.staffId ?? null,
      opts.everyOther ?? false,
    ],
  );
}

describe('GET /availability/days', () => {
  it('starts at the salon’s today: over late at night, free on working days, closed at the weekend', async () => {
    const res = await days(`serviceId=${s15}&days=7`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ salonId: s.salonId, timezone: 'Europe/Berlin' });
    // 09:00–12:30 and 13:30–17:00: 28 quarter hours, counted once whichever stylist is free.
    expect(body.days).toEqual([
      { date: '2030-03-11', status: 'over', freeStarts: 0 },
      { date: '2030-03-12', status: 'free', freeStarts: 28 },
      { date: '2030-03-13', status: 'free', freeStarts: 28 },
      { date: '2030-03-14', status: 'free', freeStarts: 28 },
      { date: '2030-03-15', status: 'free', freeStarts: 28 },
      { date: '2030-03-16', status: 'closed', freeStarts: 0 },
      { date: '2030-03-17', status: 'closed', freeStarts: 0 },
    ]);
  });

  it('says full when every time is held, for everyone or for the chosen stylist only', async () => {
    await holdDay('2030-03-13');
    await holdDay('2030-03-14', { staffId: s.staffIds[0] });
    const any = (await days(`serviceId=${s15}&from=2030-03-13&days=2`)).json().days;
    expect(any).toEqual([
      { date: '2030-03-13', status: 'full', freeStarts: 0 },
      { date: '2030-03-14', status: 'free', freeStarts: 28 },
    ]);
    const first = (await days(`serviceId=${s15}&staffId=${s.staffIds[0]}&from=2030-03-13&days=2`)).json().days;
    expect(first.map((d: { status: string }) => d.status)).toEqual(['full', 'full']);
    const second = (await days(`serviceId=${s15}&staffId=${s.staffIds[1]}&from=2030-03-14&days=1`)).json().days;
    expect(second).toEqual([{ date: '2030-03-14', status: 'free', freeStarts: 28 }]);
  });

  it('counts only starts where the whole service fits, and expired holds as free', async () => {
    // Every other quarter hour taken: a 15-minute service still fits, a 45-minute one nowhere.
    await holdDay('2030-03-15', { everyOther: true });
    const short = (await days(`serviceId=${s15}&from=2030-03-15&days=1`)).json().days;
    expect(short).toEqual([{ date: '2030-03-15', status: 'free', freeStarts: 14 }]);
    const long = (await days(`serviceId=${s45}&from=2030-03-15&days=1`)).json().days;
    expect(long).toEqual([{ date: '2030-03-15', status: 'full', freeStarts: 0 }]);

    await holdDay('2030-03-18', { expired: true });
    const expired = (await days(`serviceId=${s15}&from=2030-03-18&days=1`)).json().days;
    expect(expired).toEqual([{ date: '2030-03-18', status: 'free', freeStarts: 28 }]);
  });

  it('today counts only the times past the minimum notice, and a closed weekday stays closed', async () => {
    clock.set('2030-03-12T10:10:00+01:00');
    try {
      const today = (await days(`serviceId=${s15}&days=1`)).json().days;
      // From 11:10 on (an hour's notice): 11:15 … 12:15 and the 14 afternoon starts.
      expect(today).toEqual([{ date: '2030-03-12', status: 'free', freeStarts: 19 }]);
      // A Saturday evening: nobody works on Saturdays, so the day is closed rather than over.
      clock.set('2030-03-16T20:00:00+01:00');
      const saturday = (await days(`serviceId=${s15}&days=1`)).json().days;
      expect(saturday).toEqual([{ date: '2030-03-16', status: 'closed', freeStarts: 0 }]);
    } finally {
      clock.set('2030-03-11T20:30:00+01:00');
    }
  });

  it('answers bad parameters with 400 naming the field, unknown ids with 404', async () => {
    const cases: [string, string][] = [
      [`serviceId=${s15}&from=2030-02-30`, 'from'],
      [`serviceId=${s15}&from=tomorrow`, 'from'],
      [`serviceId=${s15}&days=32`, 'days'],
      [`serviceId=${s15}&days=0`, 'days'],
      ['days=3', 'serviceId'],
      [`serviceId=${s15}&staffId=abc`, 'staffId'],
      [`serviceId=${s15}&evil=1`, 'evil'],
    ];
    for (const [q, field] of cases) {
      const res = await days(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type'], q).toContain('application/problem+json');
      expect(res.json().field, q).toBe(field);
    }
    const other = await makeSalon(t, { staff: 1 });
    expect((await days(`serviceId=${other.serviceIds[0]}`)).json()).toMatchObject({
      status: 404,
      code: 'SERVICE_NOT_FOUND',
    });
    const none = await t.app.inject({ url: `/api/v1/availability/days?salonId=999999&serviceId=${s15}` });
    expect(none.json()).toMatchObject({ status: 404, code: 'SALON_NOT_FOUND' });
  });
});
