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
      await orm.migrator.down({ to: 0 });
      const after = await db.sql.query(
        "select count(*)::int as n from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations'",
      );
      expect(after.rows[0].n).toBe(0);
      await migrate(orm);
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

  it('rejects two live bookings on overlapping time for one stylist, even by direct insert', async () => {
    const { rows } = await db.sql.query(
      "select s.id as salon, st.id as staff, (select id from users where role = 'customer' limit 1) as customer from salons s join staff st on st.salon_id = s.id limit 1",
    );
    const { salon, staff, customer } = rows[0];
    const insert = (from: string, to: string, status = 'CONFIRMED') =>
      db.sql.query(
        `insert into bookings (customer_id, salon_id, staff_id, status, starts_at, ends_at, total_price_cents, total_duration_minutes, currency)
         values ($1, $2, $3, $4, $5, $6, 1000, 30, 'EUR') returning id`,
        [customer, salon, staff, status, from, to],
      );
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

void pg;
