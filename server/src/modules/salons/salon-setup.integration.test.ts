import type { WorkingHours } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../db/seed.ts';
import { DEMO_PASSWORD, demoSalons } from '../../db/seed-data.ts';
import type { AuthUser } from '../../lib/auth-user.ts';
import { createSalonsService } from './salons.service.ts';

describe('working hours and the schedule hook', () => {
  let t: TestApp;
  let token: string;
  let owner: AuthUser;
  let salonId: number;
  let staffIds: number[];
  const hoursUrl = () => `/api/v1/salons/${salonId}/working-hours`;
  const hoursRows = async () =>
    (
      await t.db.sql.query(
        `select weekday, staff_id, opens::text, closes::text, breaks from working_hours
         where salon_id = $1 order by coalesce(staff_id, 0), weekday`,
        [salonId],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.orm);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: demoSalons[0]!.owner.email, password: DEMO_PASSWORD },
    });
    token = login.json().token;
    owner = { id: login.json().user.id, role: 'owner' };
    salonId = (await t.app.inject({ url: '/api/v1/salons/mine', headers: { authorization: `Bearer ${token}` } })).json()
      .items[0].id;
    staffIds = (await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json().staff.map((s: { id: number }) => s.id);
  });
  afterAll(() => t.close());

  const put = (hours: unknown) =>
    t.app.inject({ method: 'PUT', url: hoursUrl(), headers: { authorization: `Bearer ${token}` }, payload: { hours } });

  it('replaces the whole week and answers it back', async () => {
    const week: WorkingHours[] = [
      { weekday: 2, staffId: null, opens: '08:30', closes: '17:00', breaks: [{ starts: '12:00', ends: '12:45' }] },
      { weekday: 1, staffId: null, opens: '10:00', closes: '16:00', breaks: [] },
      { weekday: 1, staffId: staffIds[0]!, opens: '10:00', closes: '13:00', breaks: [] },
    ];
    const res = await put(week);
    expect(res.statusCode).toBe(200);
    expect(res.json().hours).toEqual([week[1], week[0], week[2]]);
    expect(await hoursRows()).toEqual([
      { weekday: 1, staff_id: null, opens: '10:00:00', closes: '16:00:00', breaks: [] },
      {
        weekday: 2,
        staff_id: null,
        opens: '08:30:00',
        closes: '17:00:00',
        breaks: [{ starts: '12:00', ends: '12:45' }],
      },
      { weekday: 1, staff_id: staffIds[0], opens: '10:00:00', closes: '13:00:00', breaks: [] },
    ]);
    expect((await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json().workingHours).toEqual(res.json().hours);
  });

  it('rejects invalid weeks with 400 naming the field and keeps the old hours', async () => {
    const before = await hoursRows();
    const ok = { weekday: 1, staffId: null, opens: '09:00', closes: '18:00', breaks: [] };
    const { rows } = await t.db.sql.query('select id from staff where salon_id <> $1 limit 1', [salonId]);
    const foreignStaff = rows[0].id as number;
    const cases: Array<[unknown, string]> = [
      [[ok, { ...ok, weekday: 2, opens: '18:00', closes: '09:00' }], 'hours/1/closes'],
      [[{ ...ok, opens: '24:00' }], 'hours/0/opens'],
      [[{ ...ok, opens: '9:00' }], 'hours/0/opens'],
      [[{ ...ok, weekday: 8 }], 'hours/0/weekday'],
      [[{ ...ok, breaks: [{ starts: '08:00', ends: '09:30' }] }], 'hours/0/breaks/0'],
      [
        [
          ok,
          {
            ...ok,
            weekday: 3,
            breaks: [
              { starts: '12:00', ends: '13:00' },
              { starts: '12:59', ends: '13:30' },
            ],
          },
        ],
        'hours/1/breaks/1',
      ],
      [[ok, { ...ok }], 'hours/1/weekday'],
      [[{ ...ok, staffId: foreignStaff }], 'hours/0/staffId'],
      [[{ ...ok, breaks: [{ starts: '12:00', ends: '13:00', note: 'x' }] }], 'hours/0/breaks/0/note'],
      [[{ ...ok, extra: true }], 'hours/0/extra'],
      [[{ ...ok, staffId: 'x' }], 'hours/0/staffId'],
    ];
    for (const [hours, field] of cases) {
      const res = await put(hours);
      expect(res.statusCode, field).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json(), field).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect(await hoursRows()).toEqual(before);
  });

  it('calls onScheduleChanged after committed hours, staff and slot-length changes only', async () => {
    const seen: number[] = [];
    const onScheduleChanged = vi.fn(async (_salonId: number) => {
      // The hook runs after commit: a fresh connection already sees the change.
      const { rows } = await t.db.sql.query('select count(*)::int as n from working_hours where salon_id = $1', [
        _salonId,
      ]);
      seen.push(rows[0].n);
    });
    const salons = createSalonsService(t.app.deps, { onScheduleChanged });
    const day = { weekday: 4, staffId: null, opens: '09:00', closes: '17:00', breaks: [] };

    await salons.replaceWorkingHours(owner, salonId, [day]);
    expect(onScheduleChanged).toHaveBeenCalledTimes(1);
    expect(onScheduleChanged).toHaveBeenLastCalledWith(salonId);
    expect(seen).toEqual([1]);

    await expect(salons.replaceWorkingHours(owner, salonId, [day, day])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      salons.replaceWorkingHours({ id: owner.id + 1000, role: 'owner' }, salonId, [day]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(onScheduleChanged).toHaveBeenCalledTimes(1);

    const stylist = await salons.createStaff(owner, salonId, { name: 'Ida' });
    expect(onScheduleChanged).toHaveBeenCalledTimes(2);
    await salons.updateStaff(owner, salonId, stylist.id, { name: 'Ida M.' });
    expect(onScheduleChanged).toHaveBeenCalledTimes(2); // a rename moves no slot
    await salons.updateStaff(owner, salonId, stylist.id, { active: false });
    expect(onScheduleChanged).toHaveBeenCalledTimes(3);
    await expect(salons.updateStaff(owner, salonId, 987654, { active: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(onScheduleChanged).toHaveBeenCalledTimes(3);

    await salons.updateSalon(owner, salonId, { minNoticeMinutes: 30 });
    expect(onScheduleChanged).toHaveBeenCalledTimes(3);
    await salons.updateSalon(owner, salonId, { slotMinutes: 30 });
    expect(onScheduleChanged).toHaveBeenCalledTimes(4);
    await salons.createService(owner, salonId, { name: 'Trim', durationMinutes: 15, priceCents: 100 });
    expect(onScheduleChanged).toHaveBeenCalledTimes(4);
  });

  it('keeps a committed change when the hook fails', async () => {
    const salons = createSalonsService(t.app.deps, {
      onScheduleChanged: async () => {
        throw new Error('slot generator down');
      },
    });
    const stylist = await salons.createStaff(owner, salonId, { name: 'Oskar' });
    const { rows } = await t.db.sql.query('select name from staff where id = $1', [stylist.id]);
    expect(rows).toEqual([{ name: 'Oskar' }]);
  });

  it('serialises concurrent replacements of the same week', async () => {
    const salons = createSalonsService(t.app.deps, { onScheduleChanged: async () => {} });
    const week = (opens: string) =>
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, staffId: null, opens, closes: '18:00', breaks: [] }));
    const results = await Promise.allSettled(
      ['08:00', '09:00', '10:00', '11:00'].map((o) => salons.replaceWorkingHours(owner, salonId, week(o))),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const rows = await hoursRows();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.opens)).size).toBe(1);
  });
});
