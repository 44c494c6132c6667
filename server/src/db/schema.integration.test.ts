import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { migrationsList } from './migrations/index.ts';
import { migrate, type Orm, openOrm } from './orm.ts';
import { seedDemoData } from './seed.ts';

async function emptyDb(): Promise<TestDb> {
  return createTestDb('template0');
}

describe('migrations', () => {
  it('apply to an empty database, roll back and apply again', async () => {
    const db = await emptyDb();
    const orm = await openOrm(db.url, 2);
    try {
      expect(await orm.migrator.getPending()).toHaveLength(migrationsList.length);
      await migrate(orm);
      expect(await orm.migrator.getPending()).toHaveLength(0);
      const tables = await db.sql.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
      expect(tables.rows[0].n).toBeGreaterThanOrEqual(11);
      await orm.migrator.down(); // the latest one first, on its own
      await orm.migrator.down({ to: 0 });
      const after = await db.sql.query(
        "select count(*)::int as n from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations'",
      );
      expect(after.rows[0].n).toBe(0);
      // A booking that named one salon and another salon's stylist (written before the
      // composite keys) is moved to the stylist's salon, whose slots it occupies.
      await orm.migrator.up({ to: '2026-11-24-initial-schema' });
      await db.sql.query(`
        insert into users (id, email, name, role, password_hash) values (1, 'o@x.test', 'O', 'owner', 'x'), (2, 'c@x.test', 'C', 'customer', 'x');
        insert into salons (id, owner_id, name, city, timezone) values (1, 1, 'A', 'Berlin', 'Europe/Berlin'), (2, 1, 'B', 'Berlin', 'Europe/Berlin');
        insert into staff (id, salon_id, name) values (1, 1, 'In A'), (2, 2, 'In B');
        insert into bookings (customer_id, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency, idempotency_key)
        values (2, 1, 2, 'CONFIRMED', '2030-01-01T09:00Z', '2030-01-01T09:15Z', 0, 15, 'EUR', 'k');`);
      await migrate(orm);
      const moved = await db.sql.query('select salon_id, booked_by, idempotency_hash from bookings');
      expect(moved.rows).toEqual([{ salon_id: 2, booked_by: 2, idempotency_hash: '' }]);
      await migrate(orm); // a second run is a no-op
      expect(await orm.migrator.getExecuted()).toHaveLength(migrationsList.length);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});

describe('schema guards and seed', () => {
  let db: TestDb;
  let orm: Orm;
  beforeAll(async () => {
    db = await createTestDb();
    orm = await openOrm(db.url, 4);
  });
  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('seeds once: a second run changes nothing', async () => {
    expect(await seedDemoData(orm)).toBe(true);
    const count = async () =>
      (
        await db.sql.query(
          'select (select count(*) from users)::int as users, (select count(*) from salons)::int as salons, (select count(*) from services)::int as services',
        )
      ).rows[0];
    const first = await count();
    expect(first.salons).toBeGreaterThanOrEqual(3);
    expect(await seedDemoData(orm)).toBe(false);
    expect(await count()).toEqual(first);
    const cities = await db.sql.query('select count(distinct city)::int as n from salons');
    expect(cities.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('rejects two bookings on overlapping time for one stylist in any state but CANCELLED, even by direct insert', async () => {
    const { rows } = await db.sql.query(
      "select s.id as salon, st.id as staff, (select id from users where role = 'customer' limit 1) as customer from salons s join staff st on st.salon_id = s.id limit 1",
    );
    const { salon, staff, customer } = rows[0];
    const insert = (from: string, to: string, status = 'CONFIRMED') =>
      db.sql.query(
        `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
         values ($1, $1, $2, $3, $4, $5, $6, 1000, 30, 'EUR') returning id`,
        [customer, salon, staff, status, from, to],
      );
    // Finished bookings keep their time: a completed or no-show booking still blocks an overlap.
    for (const [i, status] of ['COMPLETED', 'NO_SHOW', 'PENDING'].entries()) {
      const day = `2030-01-0${i + 1}`;
      await insert(`${day}T10:00:00Z`, `${day}T10:30:00Z`, status);
      await expect(insert(`${day}T10:15:00Z`, `${day}T10:45:00Z`)).rejects.toMatchObject({
        code: '23P01',
        constraint: 'bookings_no_overlap',
      });
    }
    await insert('2030-01-07T10:00:00Z', '2030-01-07T10:30:00Z');
    await expect(insert('2030-01-07T10:15:00Z', '2030-01-07T10:45:00Z')).rejects.toMatchObject({
      code: '23P01',
      constraint: 'bookings_no_overlap',
    });
    // Back to back is fine, and a cancelled booking does not block.
    await insert('2030-01-07T10:30:00Z', '2030-01-07T11:00:00Z');
    await insert('2030-01-07T10:00:00Z', '2030-01-07T10:30:00Z', 'CANCELLED');
  });

  it('allows one hold per slot and keeps is_booked and booking_id together', async () => {
    const { rows } = await db.sql.query(
      "select st.id as staff, st.salon_id as salon, (select id from users where role = 'customer' limit 1) as customer from staff st limit 1",
    );
    const { staff, salon, customer } = rows[0];
    const slot = await db.sql.query(
      "insert into slots (salon_id, staff_id, starts_at, ends_at) values ($1, $2, '2030-02-01T09:00Z', '2030-02-01T09:15Z') returning id",
      [salon, staff],
    );
    const slotId = slot.rows[0].id;
    const hold = () =>
      db.sql.query(
        "insert into slot_locks (slot_id, holder_id, token, expires_at) values ($1, $2, gen_random_uuid(), now() + interval '5 minutes')",
        [slotId, customer],
      );
    await hold();
    await expect(hold()).rejects.toMatchObject({ code: '23505', constraint: 'slot_locks_slot_id_key' });
    await expect(db.sql.query('update slots set is_booked = true where id = $1', [slotId])).rejects.toMatchObject({
      code: '23514',
    });
    await expect(
      db.sql.query(
        "insert into slots (salon_id, staff_id, starts_at, ends_at) values ($1, $2, '2030-02-01T09:00Z', '2030-02-01T09:15Z')",
        [salon, staff],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('schema: stylists belong to one salon', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    const orm = await openOrm(db.url, 2);
    await seedDemoData(orm);
    await orm.close(true);
  });
  afterAll(() => db.drop());

  it("refuses a slot or a booking that names one salon and another salon's stylist", async () => {
    const { rows } = await db.sql.query(
      `select a.id as salon, (select st.id from staff st where st.salon_id <> a.id limit 1) as foreign_staff,
              (select id from users where role = 'customer' limit 1) as customer
       from salons a order by a.id limit 1`,
    );
    const { salon, foreign_staff, customer } = rows[0];
    await expect(
      db.sql.query(
        "insert into slots (salon_id, staff_id, starts_at, ends_at) values ($1, $2, '2031-01-01T09:00Z', '2031-01-01T09:15Z')",
        [salon, foreign_staff],
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'slots_staff_salon_fkey' });
    await expect(
      db.sql.query(
        `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
         values ($1, $1, $2, $3, 'CONFIRMED', '2031-01-01T09:00Z', '2031-01-01T09:15Z', 0, 15, 'EUR')`,
        [customer, salon, foreign_staff],
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'bookings_staff_salon_fkey' });
  });

  it('a booking is for a customer account or a guest of its own salon, never both or neither', async () => {
    const { rows } = await db.sql.query(
      `select st.salon_id as salon, st.id as staff, (select id from users where role = 'customer' limit 1) as customer,
              (select id from salons where id <> st.salon_id limit 1) as other_salon
       from staff st order by st.id limit 1`,
    );
    const { salon, staff, customer, other_salon } = rows[0];
    const guest = async (salonId: number) =>
      (await db.sql.query("insert into guests (salon_id, name) values ($1, 'Walk In') returning id", [salonId])).rows[0]
        .id as number;
    const insert = (customerId: number | null, guestId: number | null) =>
      db.sql.query(
        `insert into bookings (customer_id, guest_id, booked_by, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
         values ($1, $2, $3, $4, $5, 'CANCELLED', '2031-02-01T09:00Z', '2031-02-01T09:15Z', 0, 15, 'EUR')`,
        [customerId, guestId, customer, salon, staff],
      );
    await expect(insert(null, null)).rejects.toMatchObject({ code: '23514', constraint: 'bookings_customer_or_guest' });
    await expect(insert(customer, await guest(salon))).rejects.toMatchObject({ code: '23514' });
    await expect(insert(null, await guest(other_salon))).rejects.toMatchObject({
      code: '23503',
      constraint: 'bookings_guest_salon_fkey',
    });
    await insert(null, await guest(salon));
    await insert(customer, null);
  });
});

void pg;
