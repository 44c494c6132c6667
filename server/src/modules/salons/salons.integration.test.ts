import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../db/seed.ts';
import { DEMO_PASSWORD, demoCustomers, demoSalons } from '../../db/seed-data.ts';

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, code });
  return res.json();
}

describe('salon catalog', () => {
  let t: TestApp;
  let owner: string;
  let otherOwner: string;
  let customer: string;
  let salonId: number;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const tokenOf = async (email: string) =>
    (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })
    ).json().token as string;
  const search = (query: string) => t.app.inject({ url: `/api/v1/salons?${query}` });
  const names = (res: LightMyRequestResponse) => res.json().items.map((s: { name: string }) => s.name);

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.orm);
    owner = await tokenOf(demoSalons[0]!.owner.email);
    otherOwner = await tokenOf(demoSalons[1]!.owner.email);
    customer = await tokenOf(demoCustomers[0]!.email);
    const mine = await t.app.inject({ url: '/api/v1/salons/mine', headers: auth(owner) });
    salonId = mine.json().items[0].id;
    // Names with LIKE wildcards in them, to prove the search takes them literally.
    for (const name of ['100% Hair', 'Cut_Studio', 'Back\\slash Barbers', 'Cuts 4 U']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/salons',
        headers: auth(otherOwner),
        payload: { name, city: 'Hamburg', timezone: 'Europe/Berlin' },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('searches by exact city ignoring case, ordered by name', async () => {
    const res = await search('city=bErLiN');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(names(res)).toEqual(['Kiez Coiffeur', 'Studio Schnitt']);
    expect((await search('city=Berl')).json()).toEqual({ items: [], total: 0 });
    expect(res.json().items[0]).toEqual({
      id: expect.any(Number),
      name: 'Kiez Coiffeur',
      city: 'Berlin',
      address: expect.any(String),
      timezone: 'Europe/Berlin',
    });
  });

  it('lists every city with salons once, with how many, alphabetically', async () => {
    const res = await t.app.inject({ url: '/api/v1/salons/cities' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { city: 'Berlin', salons: 2 },
        { city: 'Hamburg', salons: 4 },
        { city: 'New York', salons: 2 },
      ],
      total: 3,
    });
  });

  it('matches part of the name ignoring case, with %, _ and \\ taken literally', async () => {
    expect(names(await search('q=SCHNITT'))).toEqual(['Studio Schnitt']);
    expect(names(await search('q=%25'))).toEqual(['100% Hair']);
    expect(names(await search('q=_'))).toEqual(['Cut_Studio']);
    expect(names(await search('q=%5C'))).toEqual(['Back\\slash Barbers']);
    expect(names(await search('q=cut'))).toEqual(['Cut_Studio', 'Cuts 4 U']);
    expect(names(await search('q=cut&city=hamburg'))).toEqual(['Cut_Studio', 'Cuts 4 U']);
    expect((await search('q=cut&city=berlin')).json().total).toBe(0);
  });

  it('pages with limit and offset and rejects out-of-range values naming the field', async () => {
    const all = (await search('limit=100')).json();
    expect(all.total).toBe(8);
    expect((await search('')).json().items).toHaveLength(8);
    const page = (await search('limit=3&offset=3')).json();
    expect(page).toEqual({ items: all.items.slice(3, 6), total: 8 });
    expect(await search('offset=50').then((r) => r.json())).toEqual({ items: [], total: 8 });
    expect((await search('offset=100000')).statusCode).toBe(200);
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=100001', 'offset'],
      ['sort=name', 'sort'],
    ] as const) {
      expect(expectProblem(await search(query), 400, 'VALIDATION_FAILED').field, query).toBe(field);
    }
  });

  it('shows a salon with hours, active services and active staff; 404 and 400 otherwise', async () => {
    const res = await t.app.inject({ url: `/api/v1/salons/${salonId}` });
    expect(res.statusCode).toBe(200);
    const salon = res.json();
    const seed = demoSalons[0]!;
    expect(salon).toMatchObject({ id: salonId, name: seed.name, timezone: seed.timezone, slotMinutes: 15 });
    expect(salon.services.map((s: { name: string }) => s.name)).toEqual(seed.services.map((s) => s.name));
    expect(salon.services[0]).toEqual({
      id: expect.any(Number),
      name: 'Haircut',
      description: seed.services[0]!.description,
      durationMinutes: 30,
      bufferMinutes: 0,
      priceCents: 3500,
      currency: 'EUR',
      active: true,
    });
    expect(salon.staff.map((s: { name: string; bio: string }) => ({ name: s.name, bio: s.bio }))).toEqual(seed.staff);
    expect(salon.phone).toBe(seed.phone);
    expect(salon.policy).toEqual(seed.policy);
    expect(salon.workingHours).toHaveLength(seed.days.length);
    expect(salon.workingHours[0]).toEqual({
      weekday: seed.days[0],
      staffId: null,
      opens: seed.opens,
      closes: seed.closes,
      breaks: [seed.lunch],
    });

    expectProblem(await t.app.inject({ url: '/api/v1/salons/987654' }), 404, 'SALON_NOT_FOUND');
    for (const bad of ['abc', '1.5', '0', '99999999999']) {
      expect(expectProblem(await t.app.inject({ url: `/api/v1/salons/${bad}` }), 400, 'VALIDATION_FAILED').field).toBe(
        'id',
      );
    }
  });

  it("refuses another owner's or a customer's changes with 403 and leaves the database as it was", async () => {
    const snapshot = async () =>
      (
        await t.db.sql.query(
          `select (select md5(coalesce(string_agg(s::text, '|' order by id), '')) from salons s) as salons,
                  (select md5(coalesce(string_agg(v::text, '|' order by id), '')) from services v) as services,
                  (select md5(coalesce(string_agg(f::text, '|' order by id), '')) from staff f) as staff,
                  (select md5(coalesce(string_agg(h::text, '|' order by id), '')) from working_hours h) as hours`,
        )
      ).rows[0];
    const before = await snapshot();
    const detail = (await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json();
    const serviceId = detail.services[0].id;
    const staffId = detail.staff[0].id;
    const writes = [
      { method: 'PATCH', url: `/api/v1/salons/${salonId}`, payload: { name: 'Mine now' } },
      {
        method: 'POST',
        url: `/api/v1/salons/${salonId}/services`,
        payload: { name: 'X', durationMinutes: 30, priceCents: 1 },
      },
      { method: 'PATCH', url: `/api/v1/salons/${salonId}/services/${serviceId}`, payload: { priceCents: 1 } },
      { method: 'DELETE', url: `/api/v1/salons/${salonId}/services/${serviceId}` },
      { method: 'POST', url: `/api/v1/salons/${salonId}/staff`, payload: { name: 'Intruder' } },
      { method: 'PATCH', url: `/api/v1/salons/${salonId}/staff/${staffId}`, payload: { active: false } },
      { method: 'PUT', url: `/api/v1/salons/${salonId}/working-hours`, payload: { hours: [] } },
      { method: 'GET', url: `/api/v1/salons/${salonId}/services` },
      { method: 'GET', url: `/api/v1/salons/${salonId}/staff` },
    ] as const;
    for (const w of writes) {
      const label = `${w.method} ${w.url}`;
      expect((await t.app.inject({ ...w, headers: auth(otherOwner) })).statusCode, label).toBe(403);
      expect((await t.app.inject({ ...w, headers: auth(customer) })).statusCode, label).toBe(403);
      expectProblem(await t.app.inject({ ...w, headers: auth(otherOwner) }), 403, 'FORBIDDEN');
      expectProblem(await t.app.inject(w), 401, 'UNAUTHENTICATED');
      const absent = { ...w, url: w.url.replace(`/salons/${salonId}`, '/salons/987654') };
      expectProblem(await t.app.inject({ ...absent, headers: auth(owner) }), 404, 'SALON_NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('opens salons for owners (themselves) and admins (for an owner), nobody else', async () => {
    const admin = await tokenOf('admin@glamify.app');
    const ownerId = (await t.app.inject({ url: '/api/v1/auth/me', headers: auth(owner) })).json().id;
    const open = (token: string, payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/salons', headers: auth(token), payload });
    const base = { name: 'Second Chair', city: 'Potsdam', timezone: 'Europe/Berlin' };

    expectProblem(await open(customer, base), 403, 'FORBIDDEN');
    expectProblem(await open(owner, { ...base, ownerId: ownerId + 1 }), 403, 'FORBIDDEN');
    expect(
      expectProblem(await open(owner, { ...base, timezone: 'Mars/Olympus' }), 400, 'VALIDATION_FAILED').field,
    ).toBe('timezone');
    expect(expectProblem(await open(admin, base), 400, 'VALIDATION_FAILED').field).toBe('ownerId');
    const customerId = (await t.app.inject({ url: '/api/v1/auth/me', headers: auth(customer) })).json().id;
    expect(expectProblem(await open(admin, { ...base, ownerId: customerId }), 400, 'VALIDATION_FAILED').field).toBe(
      'ownerId',
    );

    const byAdmin = await open(admin, { ...base, ownerId });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json()).toMatchObject({ ...base, ownerId, address: '', services: [], staff: [], workingHours: [] });
    const mine = (await t.app.inject({ url: '/api/v1/salons/mine', headers: auth(owner) })).json();
    expect(mine.items.map((s: { name: string }) => s.name)).toContain('Second Chair');
    expectProblem(await t.app.inject({ url: '/api/v1/salons/mine', headers: auth(customer) }), 403, 'FORBIDDEN');
    await t.db.sql.query('delete from salons where id = $1', [byAdmin.json().id]);
  });

  it('lets the owner change settings, services and staff of their salon', async () => {
    const url = `/api/v1/salons/${salonId}`;
    const patched = await t.app.inject({
      method: 'PATCH',
      url,
      headers: auth(owner),
      payload: { name: ' Studio Schnitt Mitte ', minNoticeMinutes: 120, phone: '+49 30 1234 567 ' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Studio Schnitt Mitte',
      minNoticeMinutes: 120,
      slotMinutes: 15,
      phone: '+49 30 1234 567',
    });
    const bad = await t.app.inject({ method: 'PATCH', url, headers: auth(owner), payload: { slotMinutes: 7 } });
    expect(expectProblem(bad, 400, 'VALIDATION_FAILED').field).toBe('slotMinutes');

    const created = await t.app.inject({
      method: 'POST',
      url: `${url}/services`,
      headers: auth(owner),
      payload: { name: 'Fringe trim', durationMinutes: 10, priceCents: 900 },
    });
    expect(created.statusCode).toBe(201);
    const service = created.json();
    expect(service).toMatchObject({ name: 'Fringe trim', bufferMinutes: 0, currency: 'EUR', active: true });

    const changed = await t.app.inject({
      method: 'PATCH',
      url: `${url}/services/${service.id}`,
      headers: auth(owner),
      payload: { priceCents: 1000, durationMinutes: 15 },
    });
    expect(changed.json()).toMatchObject({ id: service.id, priceCents: 1000, durationMinutes: 15 });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `${url}/services/${service.id}`,
      headers: auth(owner),
    });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    const row = await t.db.sql.query('select active from services where id = $1', [service.id]);
    expect(row.rows).toEqual([{ active: false }]);
    const detail = (await t.app.inject({ url })).json();
    expect(detail.services.some((s: { id: number }) => s.id === service.id)).toBe(false);
    const ownerView = (await t.app.inject({ url: `${url}/services`, headers: auth(owner) })).json();
    expect(ownerView.items.find((s: { id: number }) => s.id === service.id)).toMatchObject({ active: false });

    // A service of another salon is not found through this one.
    const foreign = (await t.app.inject({ url: '/api/v1/salons/mine', headers: auth(otherOwner) })).json().items[0];
    const foreignService = (await t.app.inject({ url: `/api/v1/salons/${foreign.id}` })).json().services[0];
    if (foreignService) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `${url}/services/${foreignService.id}`,
        headers: auth(owner),
        payload: { priceCents: 1 },
      });
      expectProblem(res, 404, 'SERVICE_NOT_FOUND');
    }

    const stylist = await t.app.inject({
      method: 'POST',
      url: `${url}/staff`,
      headers: auth(owner),
      payload: { name: 'Noor', bio: 'Curls and colour.' },
    });
    expect(stylist.statusCode).toBe(201);
    expect(stylist.json()).toMatchObject({ name: 'Noor', bio: 'Curls and colour.' });
    const off = await t.app.inject({
      method: 'PATCH',
      url: `${url}/staff/${stylist.json().id}`,
      headers: auth(owner),
      payload: { active: false, name: 'Noor K.' },
    });
    expect(off.json()).toEqual({ id: stylist.json().id, name: 'Noor K.', bio: 'Curls and colour.', active: false });
    expect((await t.app.inject({ url })).json().staff.map((s: { name: string }) => s.name)).not.toContain('Noor K.');
    expectProblem(
      await t.app.inject({ method: 'PATCH', url: `${url}/staff/987654`, headers: auth(owner), payload: { name: 'Z' } }),
      404,
      'NOT_FOUND',
    );
  });

  it('lets only the salon owner replace the booking policy, and names a bad field', async () => {
    const url = `/api/v1/salons/${salonId}/policy`;
    const policy = {
      depositPercent: 30,
      freeCancellationHours: 48,
      lateCancelFeePercent: 50,
      noShowFeePercent: 100,
      reminderHoursBefore: [48, 3],
    };
    const before = (await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json().policy;
    expectProblem(await t.app.inject({ method: 'PUT', url, payload: policy }), 401, 'UNAUTHENTICATED');
    for (const token of [otherOwner, customer]) {
      expectProblem(
        await t.app.inject({ method: 'PUT', url, headers: auth(token), payload: policy }),
        403,
        'FORBIDDEN',
      );
    }
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...policy, depositPercent: 101 }, 'depositPercent'],
      [{ ...policy, freeCancellationHours: -1 }, 'freeCancellationHours'],
      [{ ...policy, reminderHoursBefore: [2, 2] }, 'reminderHoursBefore'],
      [{ ...policy, reminderHoursBefore: [24, 12, 6, 1] }, 'reminderHoursBefore'],
      [{ ...policy, surprise: true }, 'surprise'],
      [{ depositPercent: 10 }, 'freeCancellationHours'],
    ];
    for (const [payload, field] of bad) {
      const res = await t.app.inject({ method: 'PUT', url, headers: auth(owner), payload });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').field).toBe(field);
    }
    expect((await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json().policy).toEqual(before);

    const put = await t.app.inject({ method: 'PUT', url, headers: auth(owner), payload: policy });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(policy);
    expect((await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json().policy).toEqual(policy);
  });
});
