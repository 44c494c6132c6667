/**
 * Bench data, written straight in SQL (as server/test/fixtures.ts does), and
 * tokens signed here with the AUTH_SECRET the servers under test are given:
 * registering a thousand users through argon2 would measure argon2.
 */
import { createHmac } from 'node:crypto';
import { pg } from '../../server/test/bench-deps.ts';

export type Sql = InstanceType<typeof pg.Pool>;

export function sqlPool(url: string, max = 4): Sql {
  return new pg.Pool({ connectionString: url, max });
}

const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64url');

/** An HS256 JWT `{ sub, role }`, the shape the server's auth plugin signs and verifies. */
export function signToken(secret: string, user: { id: number; role: string }, ttlSeconds = 24 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify({ sub: String(user.id), role: user.role, iat: now, exp: now + ttlSeconds }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export interface BenchUser {
  id: number;
  token: string;
}

/** `count` customers in one statement, with tokens. */
export async function makeCustomers(sql: Sql, secret: string, count: number, tag: string): Promise<BenchUser[]> {
  const { rows } = await sql.query<{ id: number }>(
    `insert into users (email, name, role, password_hash)
     select 'bench-' || $1 || '-' || g || '@bench.example', 'Bench ' || $1 || ' ' || g, 'customer', 'x'
     from generate_series(1, $2) g
     returning id`,
    [tag, count],
  );
  return rows.map((r) => ({ id: r.id, token: signToken(secret, { id: r.id, role: 'customer' }) }));
}

export interface BenchSalon {
  salonId: number;
  ownerId: number;
  staffIds: number[];
  /** A 15-minute service (one slot). */
  serviceId: number;
  timezone: string;
}

export interface SalonSpec {
  name: string;
  staff: number;
  horizonDays: number;
  opens: string;
  closes: string;
  breaks?: { starts: string; ends: string }[];
}

/**
 * A salon open every day, with min_notice_minutes = 0 so every future slot is
 * bookable. Slots are materialised by the server under test at start-up
 * (main.ts runs the product's generator for every salon).
 */
export async function makeSalon(
  sql: Sql,
  secret: string,
  spec: SalonSpec,
): Promise<BenchSalon & { ownerToken: string }> {
  const timezone = 'Europe/Berlin';
  const owner = await sql.query<{ id: number }>(
    `insert into users (email, name, role, password_hash) values ($1, $2, 'owner', 'x') returning id`,
    [`owner-${spec.name.toLowerCase().replaceAll(' ', '-')}-${Date.now()}@bench.example`, `${spec.name} Owner`],
  );
  const ownerId = owner.rows[0]?.id as number;
  const salon = await sql.query<{ id: number }>(
    `insert into salons (owner_id, name, city, timezone, min_notice_minutes, horizon_days, slot_minutes)
     values ($1, $2, 'Benchville', $3, 0, $4, 15) returning id`,
    [ownerId, spec.name, timezone, spec.horizonDays],
  );
  const salonId = salon.rows[0]?.id as number;
  const staff = await sql.query<{ id: number }>(
    `insert into staff (salon_id, name) select $1, 'Stylist ' || g from generate_series(1, $2) g returning id`,
    [salonId, spec.staff],
  );
  const service = await sql.query<{ id: number }>(
    `insert into services (salon_id, name, duration_minutes, price_cents, currency)
     values ($1, 'Trim', 15, 1500, 'EUR'), ($1, 'Cut', 45, 4500, 'EUR') returning id`,
    [salonId],
  );
  await sql.query(
    `insert into working_hours (salon_id, weekday, opens, closes, breaks)
     select $1, d, $2, $3, $4 from generate_series(1, 7) d`,
    [salonId, spec.opens, spec.closes, JSON.stringify(spec.breaks ?? [])],
  );
  return {
    salonId,
    ownerId,
    ownerToken: signToken(secret, { id: ownerId, role: 'owner' }),
    staffIds: staff.rows.map((r) => r.id).sort((a, b) => a - b),
    serviceId: service.rows[0]?.id as number,
    timezone,
  };
}

export interface SlotRef {
  id: number;
  staffId: number;
}

/** Free future slots of a salon, optionally of one salon-local day, at least `aheadMinutes` from now. */
export async function freeSlots(
  sql: Sql,
  salonId: number,
  o: { date?: string; limit?: number; aheadMinutes?: number } = {},
): Promise<SlotRef[]> {
  const { rows } = await sql.query<{ id: number; staffId: number }>(
    `select sl.id, sl.staff_id as "staffId" from slots sl join salons s on s.id = sl.salon_id
     where sl.salon_id = $1 and not sl.is_booked
       and sl.starts_at > now() + make_interval(mins => $2)
       and ($3::date is null or (sl.starts_at at time zone s.timezone)::date = $3::date)
       and not exists (select 1 from slot_locks l where l.slot_id = sl.id)
     order by sl.starts_at, sl.staff_id
     limit $4`,
    [salonId, o.aheadMinutes ?? 60, o.date ?? null, o.limit ?? 1_000_000],
  );
  return rows;
}

/** The day's slots as the server should report them: id -> status. */
export async function truthOfDay(sql: Sql, salonId: number, date: string): Promise<Map<number, string>> {
  const { rows } = await sql.query<{ id: number; status: string }>(
    `select sl.id, case when sl.is_booked then 'booked'
                        when l.expires_at > now() then 'locked' else 'available' end as status
     from slots sl join salons s on s.id = sl.salon_id
     left join slot_locks l on l.slot_id = sl.id
     where sl.salon_id = $1 and (sl.starts_at at time zone s.timezone)::date = $2::date
       and sl.starts_at > now()`,
    [salonId, date],
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}
