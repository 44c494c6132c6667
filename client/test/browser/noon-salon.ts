/**
 * A salon where it is around noon whenever the test runs: its time zone is
 * chosen so, and it works 07:00-19:00 every day. Tests about "now" (the
 * current hour, walk-ins, check-in, the now line) then never meet a closed
 * salon or a day boundary. Its owner signs in with the demo password.
 */
import { localTime } from '@glamify/shared';
import { apiToken, type Running } from './harness';

const ZONES = [
  'Pacific/Kiritimati',
  'Pacific/Auckland',
  'Australia/Sydney',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Asia/Bangkok',
  'Asia/Dhaka',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/Moscow',
  'Europe/Berlin',
  'Europe/London',
  'Atlantic/Azores',
  'America/Noronha',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'Pacific/Pago_Pago',
];

function minutesFromNoon(zone: string): number {
  const [h, m] = localTime(new Date(), zone).split(':').map(Number) as [number, number];
  return Math.abs(h * 60 + m - 12 * 60);
}

export interface NoonSalon {
  id: number;
  name: string;
  timezone: string;
  ownerEmail: string;
  ownerToken: string;
  staff: { id: number; name: string }[];
  services: { id: number; name: string; durationMinutes: number; bufferMinutes: number }[];
}

let seq = 0;

export async function noonSalon(server: Running, name = 'Noon Studio'): Promise<NoonSalon> {
  const sql = server.t.db.sql;
  const timezone = [...ZONES].sort((a, b) => minutesFromNoon(a) - minutesFromNoon(b))[0] as string;
  const ownerEmail = `owner-noon-${++seq}-${Date.now()}@example.com`;
  // The demo password's hash, so the owner signs in like every demo account.
  const owner = await sql.query(
    `insert into users (email, name, role, password_hash)
     select $1, 'Nora Owner', 'owner', password_hash from users where email = 'owner@studio-schnitt.de' returning id`,
    [ownerEmail],
  );
  const salon = await sql.query(
    `insert into salons (owner_id, name, city, address, timezone, min_notice_minutes)
     values ($1, $2, 'Berlin', 'Noonstraße 12', $3, 60) returning id`,
    [owner.rows[0].id, name, timezone],
  );
  const id = salon.rows[0].id as number;
  const staff: NoonSalon['staff'] = [];
  for (const n of ['Mia', 'Jonas', 'Lea', 'Tom']) {
    const r = await sql.query('insert into staff (salon_id, name) values ($1, $2) returning id', [id, n]);
    staff.push({ id: r.rows[0].id, name: n });
  }
  const services: NoonSalon['services'] = [];
  for (const [n, minutes, buffer, price] of [
    ['Cut & finish', 45, 15, 5200],
    ['Blow-dry', 30, 0, 3500],
    ['Beard trim', 15, 0, 1800],
  ] as const) {
    const r = await sql.query(
      `insert into services (salon_id, name, duration_minutes, buffer_minutes, price_cents, currency)
       values ($1, $2, $3, $4, $5, 'EUR') returning id`,
      [id, n, minutes, buffer, price],
    );
    services.push({ id: r.rows[0].id, name: n, durationMinutes: minutes, bufferMinutes: buffer });
  }
  for (let weekday = 1; weekday <= 7; weekday++) {
    await sql.query(
      "insert into working_hours (salon_id, weekday, opens, closes, breaks) values ($1, $2, '07:00', '19:00', '[]')",
      [id, weekday],
    );
    // Tom has lunch at 15:00, well away from now.
    await sql.query(
      `insert into working_hours (salon_id, staff_id, weekday, opens, closes, breaks)
       values ($1, $2, $3, '07:00', '19:00', '[{"starts":"15:00","ends":"16:00"}]')`,
      [id, staff[3]?.id, weekday],
    );
  }
  await server.t.app.services.availability.generateSlots({ salonId: id });
  const { token } = await apiToken(server.url, ownerEmail);
  return { id, name, timezone, ownerEmail, ownerToken: token, staff, services };
}

/** Calls the API as someone (JSON in, JSON out), failing the test on anything but `expect`. */
export async function call<T>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  expect = [200, 201, 204],
): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The stylist's free slot that starts first at or after `from` (ms), from the whole-day picture. */
export async function freeSlotFrom(
  server: Running,
  staffId: number,
  from: number,
): Promise<{ id: number; startsAt: string }> {
  const { rows } = await server.t.db.sql.query(
    `select sl.id, sl.starts_at from slots sl
     where sl.staff_id = $1 and sl.starts_at >= $2 and not sl.is_booked
       and not exists (select 1 from slot_locks l where l.slot_id = sl.id)
     order by sl.starts_at limit 1`,
    [staffId, new Date(from).toISOString()],
  );
  if (!rows[0]) throw new Error('no free slot');
  return { id: rows[0].id, startsAt: new Date(rows[0].starts_at).toISOString() };
}
