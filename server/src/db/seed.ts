/**
 * Seeds the demo data into an empty database, once. A marker row written in
 * the same transaction makes a second run (or a second instance starting at
 * the same moment) change nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../lib/password.ts';
import type { Orm } from './orm.ts';
import { DEMO_PASSWORD, demoAdmin, demoCustomers, demoSalons } from './seed-data.ts';

async function insertUser(em: EntityManager, email: string, name: string, role: string, hash: string) {
  const rows = await em.execute<{ id: number }[]>(
    'insert into users (email, name, role, password_hash) values (?, ?, ?, ?) returning id',
    [email, name, role, hash],
  );
  return (rows[0] as { id: number }).id;
}

/** Returns true when it seeded, false when the database already had the demo data. */
export async function seedDemoData(orm: Orm): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return orm.em.fork().transactional(async (em) => {
    const marker = await em.execute<{ key: string }[]>(
      "insert into app_settings (key, value) values ('demo_seeded', now()::text) on conflict (key) do nothing returning key",
    );
    if (marker.length === 0) return false;
    await insertUser(em, demoAdmin.email, demoAdmin.name, 'admin', hash);
    for (const c of demoCustomers) await insertUser(em, c.email, c.name, 'customer', hash);
    for (const s of demoSalons) {
      const ownerId = await insertUser(em, s.owner.email, s.owner.name, 'owner', hash);
      const p = s.policy;
      const [salon] = await em.execute<{ id: number }[]>(
        `insert into salons (owner_id, name, city, address, phone, timezone, deposit_percent, free_cancellation_hours,
           late_cancel_fee_percent, no_show_fee_percent, reminder_hours_before)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::int[]) returning id`,
        [
          ownerId,
          s.name,
          s.city,
          s.address,
          s.phone,
          s.timezone,
          p.depositPercent,
          p.freeCancellationHours,
          p.lateCancelFeePercent,
          p.noShowFeePercent,
          `{${p.reminderHoursBefore.join(',')}}`,
        ],
      );
      const salonId = (salon as { id: number }).id;
      for (const st of s.staff) {
        await em.execute('insert into staff (salon_id, name, bio) values (?, ?, ?)', [salonId, st.name, st.bio]);
      }
      for (const v of s.services) {
        await em.execute(
          `insert into services (salon_id, name, description, duration_minutes, buffer_minutes, price_cents, currency)
           values (?, ?, ?, ?, ?, ?, ?)`,
          [salonId, v.name, v.description, v.durationMinutes, v.bufferMinutes ?? 0, v.priceCents, s.currency],
        );
      }
      for (const weekday of s.days) {
        await em.execute(
          'insert into working_hours (salon_id, weekday, opens, closes, breaks) values (?, ?, ?, ?, ?::jsonb)',
          [salonId, weekday, s.opens, s.closes, JSON.stringify([s.lunch])],
        );
      }
    }
    return true;
  });
}
