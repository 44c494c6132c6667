/** Test data built straight in SQL, plus tokens signed by the app under test. */
import type { TestApp } from './app.ts';

export interface SalonFixture {
  salonId: number;
  ownerId: number;
  ownerToken: string;
  staffIds: number[];
  serviceIds: number[];
}

export interface SalonSpec {
  timezone?: string;
  staff?: number;
  /** Minutes (and optional buffer) of each service. */
  services?: { minutes: number; buffer?: number; priceCents?: number }[];
  opens?: string;
  closes?: string;
  breaks?: { starts: string; ends: string }[];
  days?: number[];
  minNoticeMinutes?: number;
  horizonDays?: number;
  slotMinutes?: number;
  name?: string;
  city?: string;
}

let seq = 0;

export async function makeUser(t: TestApp, role: 'customer' | 'owner' | 'admin' = 'customer', name?: string) {
  seq++;
  const { rows } = await t.db.sql.query(
    "insert into users (email, name, role, password_hash) values ($1, $2, $3, 'x') returning id",
    [`${role}${seq}-${Date.now()}@test.example`, name ?? `${role} ${seq}`, role],
  );
  const id = rows[0].id as number;
  return { id, token: t.app.signToken({ id, role }) };
}

export async function makeSalon(t: TestApp, spec: SalonSpec = {}): Promise<SalonFixture> {
  const owner = await makeUser(t, 'owner');
  const { rows } = await t.db.sql.query(
    `insert into salons (owner_id, name, city, timezone, min_notice_minutes, horizon_days, slot_minutes)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      owner.id,
      spec.name ?? `Salon ${seq}`,
      spec.city ?? 'Berlin',
      spec.timezone ?? 'Europe/Berlin',
      spec.minNoticeMinutes ?? 0,
      spec.horizonDays ?? 14,
      spec.slotMinutes ?? 15,
    ],
  );
  const salonId = rows[0].id as number;
  const staffIds: number[] = [];
  for (let i = 0; i < (spec.staff ?? 2); i++) {
    const r = await t.db.sql.query('insert into staff (salon_id, name) values ($1, $2) returning id', [
      salonId,
      `Stylist ${i + 1}`,
    ]);
    staffIds.push(r.rows[0].id);
  }
  const serviceIds: number[] = [];
  for (const [i, s] of (spec.services ?? [{ minutes: 15 }, { minutes: 45 }, { minutes: 30 }]).entries()) {
    const r = await t.db.sql.query(
      'insert into services (salon_id, name, duration_minutes, buffer_minutes, price_cents, currency) values ($1, $2, $3, $4, $5, $6) returning id',
      [salonId, `Service ${i + 1}`, s.minutes, s.buffer ?? 0, s.priceCents ?? 1000 * (i + 1), 'EUR'],
    );
    serviceIds.push(r.rows[0].id);
  }
  for (const weekday of spec.days ?? [1, 2, 3, 4, 5, 6, 7]) {
    await t.db.sql.query(
      'insert into working_hours (salon_id, weekday, opens, closes, breaks) values ($1, $2, $3, $4, $5)',
      [
        salonId,
        weekday,
        spec.opens ?? '09:00',
        spec.closes ?? '17:00',
        JSON.stringify(spec.breaks ?? [{ starts: '12:30', ends: '13:30' }]),
      ],
    );
  }
  await t.app.services.availability.generateSlots({ salonId });
  return { salonId, ownerId: owner.id, ownerToken: owner.token, staffIds, serviceIds };
}

/** The id of a stylist's slot starting at a salon-local wall time. */
export async function slotAt(t: TestApp, staffId: number, localDateTime: string): Promise<number> {
  const { rows } = await t.db.sql.query(
    `select sl.id from slots sl join salons s on s.id = sl.salon_id
     where sl.staff_id = $1 and sl.starts_at = ($2::timestamp at time zone s.timezone)`,
    [staffId, localDateTime],
  );
  if (!rows[0]) throw new Error(`no slot for stylist ${staffId} at ${localDateTime}`);
  return rows[0].id;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A clock tests move by hand. */
export function manualClock(start: string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
  };
}

/**
 * Every field a kiosk may read of a booking, written out rather than taken
 * from the schema: adding one to what strangers at the front desk can see
 * must be a deliberate change here too.
 */
export const KIOSK_BOOKING_FIELDS = [
  'busyUntil',
  'checkedIn',
  'endsAt',
  'firstName',
  'id',
  'services',
  'slotIds',
  'staffId',
  'startsAt',
  'status',
];
