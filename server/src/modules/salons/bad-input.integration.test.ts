/**
 * Every write route of the accounts and salons modules, fed garbage: broken
 * JSON, wrong types, missing and unknown fields, huge strings, non-objects,
 * control characters. Each must answer a 4xx problem+json (never a 500,
 * never a stack) and leave the database exactly as it was. Query strings and
 * path parameters get the control characters too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { seedDemoData } from '../../db/seed.ts';
import { DEMO_PASSWORD, demoAdmin, demoSalons } from '../../db/seed-data.ts';

interface Route {
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  token?: string;
  /** A body the route accepts; the cases are derived from it. */
  valid: Record<string, unknown>;
  /** Fields the route cannot do without (PATCH routes need at least one field instead). */
  required: string[];
  /** Cases particular to the route, such as broken nested rows. */
  extra?: Case[];
}

interface Case {
  name: string;
  payload: string;
  contentType?: string;
  /** The field a 400 must name, where the case targets one. */
  field?: string;
}

/** NUL breaks PostgreSQL's wire protocol; the others are terminal escapes and friends. */
const CONTROLS: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
];

const json = (v: unknown) => JSON.stringify(v);
const HUGE = 'x'.repeat(100 * 1024);
const BIG = 'x'.repeat(10 * 1024);

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'true';
  if (Array.isArray(value)) return { 0: value[0] };
  return 'not an object';
}

function casesFor(route: Route): Case[] {
  const cases: Case[] = [
    { name: 'malformed JSON', payload: '{"name": "a",' },
    { name: 'empty JSON body', payload: '' },
    { name: 'JSON null', payload: 'null' },
    { name: 'JSON array', payload: json([route.valid]) },
    { name: 'JSON string', payload: json('hello') },
    { name: 'JSON number', payload: '42' },
    { name: 'prototype pollution', payload: `{"__proto__": {"role": "admin"}, ${json(route.valid).slice(1)}` },
    { name: 'unknown field', payload: json({ ...route.valid, isAdmin: true }) },
    { name: 'role smuggling', payload: json({ ...route.valid, role: 'admin' }) },
    { name: 'huge unknown field', payload: json({ ...route.valid, junk: HUGE }) },
    { name: 'text/plain', payload: json(route.valid), contentType: 'text/plain' },
  ];
  if (route.required.length === 0) cases.push({ name: 'no fields at all', payload: '{}' });
  for (const field of route.required) {
    const { [field]: _dropped, ...rest } = route.valid;
    cases.push({ name: `missing ${field}`, payload: json(rest) });
  }
  for (const [field, value] of Object.entries(route.valid)) {
    cases.push({ name: `wrong type for ${field}`, payload: json({ ...route.valid, [field]: wrongType(value) }) });
    cases.push({ name: `null ${field}`, payload: json({ ...route.valid, [field]: null }) });
    if (typeof value === 'string') {
      cases.push({ name: `100 KB ${field}`, payload: json({ ...route.valid, [field]: HUGE }) });
      cases.push({ name: `10 KB ${field}`, payload: json({ ...route.valid, [field]: BIG }) });
      for (const [label, c] of CONTROLS) {
        cases.push({ name: `${label} in ${field}`, payload: json({ ...route.valid, [field]: `a${c}b` }), field });
      }
    }
    if (typeof value === 'number') {
      cases.push({ name: `huge ${field}`, payload: json({ ...route.valid, [field]: 1e300 }) });
      cases.push({ name: `negative ${field}`, payload: json({ ...route.valid, [field]: -1 }) });
      cases.push({ name: `fractional ${field}`, payload: json({ ...route.valid, [field]: 15.5 }) });
    }
  }
  return [...cases, ...(route.extra ?? [])];
}

describe('bad input to every write route', () => {
  let t: TestApp;
  const routes: Route[] = [];

  const checksum = async () =>
    (
      await t.db.sql.query(
        `select ${['users', 'salons', 'services', 'staff', 'working_hours']
          .map(
            (table) => `(select md5(coalesce(string_agg(r::text, '|' order by id), '')) from ${table} r) as ${table}`,
          )
          .join(', ')}`,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.orm);
    const login = async (email: string) =>
      (
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: DEMO_PASSWORD } })
      ).json().token as string;
    const owner = await login(demoSalons[0]!.owner.email);
    const admin = await login(demoAdmin.email);
    const mine = await t.app.inject({ url: '/api/v1/salons/mine', headers: { authorization: `Bearer ${owner}` } });
    const salonId = mine.json().items[0].id as number;
    const detail = (await t.app.inject({ url: `/api/v1/salons/${salonId}` })).json();
    const s = `/api/v1/salons/${salonId}`;
    const day = { weekday: 1, staffId: null, opens: '09:00', closes: '18:00', breaks: [] };
    const person = { email: 'fresh@example.com', password: 'long enough pw', name: 'Fresh' };
    routes.push(
      { method: 'POST', url: '/api/v1/auth/register', valid: person, required: ['email', 'password', 'name'] },
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        valid: { email: person.email, password: 'x' },
        required: ['email', 'password'],
      },
      {
        method: 'POST',
        url: '/api/v1/admin/owners',
        token: admin,
        valid: person,
        required: ['email', 'password', 'name'],
      },
      {
        method: 'POST',
        url: '/api/v1/salons',
        token: owner,
        valid: { name: 'New', city: 'Köln', address: 'Ring 1', timezone: 'Europe/Berlin' },
        required: ['name', 'city', 'timezone'],
      },
      { method: 'PATCH', url: s, token: owner, valid: { name: 'N', slotMinutes: 15, horizonDays: 30 }, required: [] },
      {
        method: 'POST',
        url: `${s}/services`,
        token: owner,
        valid: { name: 'S', description: 'D', durationMinutes: 30, bufferMinutes: 5, priceCents: 100, currency: 'EUR' },
        required: ['name', 'durationMinutes', 'priceCents'],
      },
      {
        method: 'PATCH',
        url: `${s}/services/${detail.services[0].id}`,
        token: owner,
        valid: { name: 'S', priceCents: 100, active: true },
        required: [],
      },
      {
        method: 'PUT',
        url: `${s}/policy`,
        token: owner,
        valid: {
          depositPercent: 20,
          freeCancellationHours: 24,
          lateCancelFeePercent: 50,
          noShowFeePercent: 100,
          reminderHoursBefore: [24, 2],
        },
        required: [
          'depositPercent',
          'freeCancellationHours',
          'lateCancelFeePercent',
          'noShowFeePercent',
          'reminderHoursBefore',
        ],
      },
      { method: 'POST', url: `${s}/staff`, token: owner, valid: { name: 'Kai', bio: 'Cuts.' }, required: ['name'] },
      {
        method: 'PATCH',
        url: `${s}/staff/${detail.staff[0].id}`,
        token: owner,
        valid: { name: 'Kai', active: true },
        required: [],
      },
      {
        method: 'PUT',
        url: `${s}/working-hours`,
        token: owner,
        valid: { hours: [day, { ...day, weekday: 2 }] },
        required: ['hours'],
        extra: [
          [{}],
          [null],
          ['09:00-18:00'],
          [{ ...day, opens: 900 }],
          [{ ...day, closes: '18:00:00' }],
          [{ ...day, weekday: 0 }],
          [{ ...day, weekday: '1' }],
          [{ ...day, staffId: 0 }],
          [{ ...day, staffId: 987654 }],
          [{ ...day, breaks: 'lunch' }],
          [{ ...day, breaks: [{ starts: '12:00' }] }],
          [{ ...day, breaks: [null] }],
          [{ ...day, breaks: Array.from({ length: 7 }, (_, i) => ({ starts: `1${i}:00`, ends: `1${i}:10` })) }],
          [
            {
              ...day,
              breaks: [
                { starts: '12:00', ends: '13:00' },
                { starts: '12:30', ends: '12:45' },
              ],
            },
          ],
          [day, day],
          Array.from({ length: 401 }, () => day),
        ].map((hours, i) => ({ name: `bad rows #${i}`, payload: json({ hours }) })),
      },
    );
  });
  afterAll(() => t.close());

  it('answers 4xx problem+json and changes nothing', async () => {
    const before = await checksum();
    let sent = 0;
    for (const route of routes) {
      for (const c of casesFor(route)) {
        const label = `${route.method} ${route.url}: ${c.name}`;
        const res = await t.app.inject({
          method: route.method,
          url: route.url,
          payload: c.payload,
          headers: {
            'content-type': c.contentType ?? 'application/json',
            ...(route.token ? { authorization: `Bearer ${route.token}` } : {}),
          },
        });
        sent++;
        expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, label).toBeLessThan(500);
        expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
        const body = res.json();
        expect(typeof body.code, label).toBe('string');
        expect(typeof body.detail, label).toBe('string');
        expect(body.status, label).toBe(res.statusCode);
        expect(res.body, label).not.toMatch(/"stack"|\bat \S+ \(|node_modules/);
        if (c.field) {
          expect(res.statusCode, label).toBe(400);
          expect(body, label).toMatchObject({ code: 'VALIDATION_FAILED', field: c.field });
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(await checksum()).toEqual(before);
  });

  it('refuses control characters in query strings and path parameters with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/salons?q=%00', 'q'],
      ['/api/v1/salons?q=Studio%00', 'q'],
      ['/api/v1/salons?city=Berlin%1B%5B31m', 'city'],
      ['/api/v1/salons?q=a%7Fb', 'q'],
      ['/api/v1/salons/1%00', 'id'],
      ['/api/v1/availability/slots?salonId=1&serviceId=1&date=2030-01-01%00', 'date'],
    ];
    for (const [url, field] of cases) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.json(), url).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    // Tab, line feed and carriage return are text, not controls to refuse.
    expect((await t.app.inject({ url: '/api/v1/salons?q=%09' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/salons?q=a%0D%0Ab' })).statusCode).toBe(200);
  });

  it('accepts the valid bodies the cases are derived from', async () => {
    // Guards the table itself: a broken body only proves something if the unbroken one passes.
    for (const route of routes) {
      const email = `valid${routes.indexOf(route)}@example.com`;
      const valid = 'email' in route.valid ? { ...route.valid, email } : route.valid;
      const res = await t.app.inject({
        method: route.method,
        url: route.url,
        payload: valid,
        headers: route.token ? { authorization: `Bearer ${route.token}` } : {},
      });
      // Login's body is well-formed but names no account: 401 is its "passed validation".
      const expected = route.url.endsWith('/auth/login') ? 401 : route.method === 'POST' ? 201 : 200;
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(expected);
    }
  });
});
