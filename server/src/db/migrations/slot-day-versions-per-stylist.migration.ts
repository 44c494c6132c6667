import { Migration } from '@mikro-orm/migrations';

/**
 * Day versions counted per stylist: a salon-day's version is the sum of its
 * stylists' counters (docs/decisions/2026-11-25-day-versions.md).
 *
 * One counter per salon-day made every booking of a busy day queue at commit
 * for that one row, held through the commit's WAL flush: under steady load it
 * was the most expensive statement PostgreSQL ran (2.1 ms a booking, mostly
 * waiting). Bookings of different stylists now bump different rows. The sum
 * still moves with every committed change, since counters only grow and rows
 * are never removed while their day matters; rows from before this migration
 * stay (stylist 0) so no day's sum goes back.
 */
export class SlotDayVersionsPerStylist extends Migration {
  override up(): void {
    this.addSql('alter table slot_day_versions add column staff_id int not null default 0');
    this.addSql('alter table slot_day_versions drop constraint slot_day_versions_pkey');
    this.addSql('alter table slot_day_versions add primary key (salon_id, day, staff_id)');
    this.addSql('alter table slot_day_versions alter column staff_id drop default');
    this.addSql(`
      create function bump_slot_day(salon int, staff int, starts timestamptz) returns void language sql as $$
        insert into slot_day_versions (salon_id, day, staff_id, version)
        select salon, (starts at time zone s.timezone)::date, staff, 1 from salons s where s.id = salon
        on conflict (salon_id, day, staff_id) do update set version = slot_day_versions.version + 1
      $$`);
    this.addSql(`
      create or replace function slot_day_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform bump_slot_day(old.salon_id, old.staff_id, old.starts_at); end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.salon_id <> new.salon_id
            or old.staff_id <> new.staff_id or old.starts_at <> new.starts_at) then
          perform bump_slot_day(new.salon_id, new.staff_id, new.starts_at);
        end if;
        return null;
      end $$`);
    this.addSql(`
      create or replace function slot_day_hold_changed() returns trigger language plpgsql as $$
      declare sl record;
      begin
        if tg_op <> 'INSERT' then
          select salon_id, staff_id, starts_at into sl from slots where id = old.slot_id;
          if found then perform bump_slot_day(sl.salon_id, sl.staff_id, sl.starts_at); end if;
        end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.slot_id <> new.slot_id) then
          select salon_id, staff_id, starts_at into sl from slots where id = new.slot_id;
          if found then perform bump_slot_day(sl.salon_id, sl.staff_id, sl.starts_at); end if;
        end if;
        return null;
      end $$`);
    this.addSql(`
      create or replace function slot_day_staff_changed() returns trigger language plpgsql as $$
      begin
        insert into slot_day_versions (salon_id, day, staff_id, version)
        select sl.salon_id, (sl.starts_at at time zone s.timezone)::date, new.id, 1
        from slots sl join salons s on s.id = sl.salon_id
        where sl.staff_id = new.id
        group by 1, 2
        on conflict (salon_id, day, staff_id) do update set version = slot_day_versions.version + 1;
        return null;
      end $$`);
    this.addSql('drop function bump_slot_day(int, timestamptz)');
  }

  override down(): void {
    this.addSql(`
      create function bump_slot_day(salon int, starts timestamptz) returns void language sql as $$
        insert into slot_day_versions (salon_id, day, staff_id, version)
        select salon, (starts at time zone s.timezone)::date, 0, 1 from salons s where s.id = salon
        on conflict (salon_id, day, staff_id) do update set version = slot_day_versions.version + 1
      $$`);
    this.addSql(`
      create or replace function slot_day_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform bump_slot_day(old.salon_id, old.starts_at); end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.salon_id <> new.salon_id
            or old.starts_at <> new.starts_at) then
          perform bump_slot_day(new.salon_id, new.starts_at);
        end if;
        return null;
      end $$`);
    this.addSql(`
      create or replace function slot_day_hold_changed() returns trigger language plpgsql as $$
      declare sl record;
      begin
        if tg_op <> 'INSERT' then
          select salon_id, starts_at into sl from slots where id = old.slot_id;
          if found then perform bump_slot_day(sl.salon_id, sl.starts_at); end if;
        end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.slot_id <> new.slot_id) then
          select salon_id, starts_at into sl from slots where id = new.slot_id;
          if found then perform bump_slot_day(sl.salon_id, sl.starts_at); end if;
        end if;
        return null;
      end $$`);
    this.addSql(`
      create or replace function slot_day_staff_changed() returns trigger language plpgsql as $$
      begin
        insert into slot_day_versions (salon_id, day, staff_id, version)
        select sl.salon_id, (sl.starts_at at time zone s.timezone)::date, 0, 1
        from slots sl join salons s on s.id = sl.salon_id
        where sl.staff_id = new.id
        group by 1, 2
        on conflict (salon_id, day, staff_id) do update set version = slot_day_versions.version + 1;
        return null;
      end $$`);
    this.addSql('drop function bump_slot_day(int, int, timestamptz)');
    // Back to one row per salon-day: the counters of a day add up, so no version goes back.
    this.addSql(`
      create temporary table v as
      select salon_id, day, sum(version)::bigint as version from slot_day_versions group by 1, 2`);
    this.addSql('truncate slot_day_versions');
    this.addSql('alter table slot_day_versions drop constraint slot_day_versions_pkey');
    this.addSql('alter table slot_day_versions drop column staff_id');
    this.addSql('alter table slot_day_versions add primary key (salon_id, day)');
    this.addSql('insert into slot_day_versions select salon_id, day, version from v');
    this.addSql('drop table v');
  }
}
