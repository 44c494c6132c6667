import { Migration } from '@mikro-orm/migrations';

/**
 * A version per salon-day that every change of that day's picture bumps, in
 * the changing transaction, so a reader that sees a version sees exactly the
 * slots committed with it (docs/decisions/2026-11-25-day-versions.md).
 *
 * - `slot_day_versions`: (salon, salon-local day) -> a counter. Deferred
 *   constraint triggers bump it at commit, not at the statement, so the row
 *   lock lasts only as long as the commit itself and bookings of one day do
 *   not queue behind each other for their whole transaction.
 * - What changes a day's picture: slot rows (generated, removed, booked,
 *   released), hold rows (taken, renewed, released, expired, consumed) and a
 *   stylist leaving or coming back (their slots vanish from the day's reads).
 * - `day_snapshots`: the join snapshots clients were sent, by content
 *   version, so that after a restart a client that names the version it saw
 *   gets only what changed since. Unlogged: it is a cache, and a crash that
 *   empties it only means full snapshots for a while.
 */
export class SlotDayVersions extends Migration {
  override up(): void {
    this.addSql(`
      create table slot_day_versions (
        salon_id int not null references salons (id) on delete cascade,
        day date not null,
        version bigint not null check (version > 0),
        primary key (salon_id, day)
      )`);
    this.addSql(`
      create function bump_slot_day(salon int, starts timestamptz) returns void language sql as $$
        insert into slot_day_versions (salon_id, day, version)
        select salon, (starts at time zone s.timezone)::date, 1 from salons s where s.id = salon
        on conflict (salon_id, day) do update set version = slot_day_versions.version + 1
      $$`);
    this.addSql(`
      create function slot_day_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform bump_slot_day(old.salon_id, old.starts_at); end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.salon_id <> new.salon_id
            or old.starts_at <> new.starts_at) then
          perform bump_slot_day(new.salon_id, new.starts_at);
        end if;
        return null;
      end $$`);
    this.addSql(`
      create constraint trigger slot_day_changed after insert or delete or update of
        salon_id, staff_id, starts_at, ends_at, is_booked on slots
      deferrable initially deferred for each row execute function slot_day_changed()`);
    this.addSql(`
      create function slot_day_hold_changed() returns trigger language plpgsql as $$
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
      create constraint trigger slot_day_hold_changed after insert or delete or update of
        slot_id, expires_at on slot_locks
      deferrable initially deferred for each row execute function slot_day_hold_changed()`);
    // A stylist leaving (or coming back) hides (or shows) their slots without touching them.
    this.addSql(`
      create function slot_day_staff_changed() returns trigger language plpgsql as $$
      begin
        insert into slot_day_versions (salon_id, day, version)
        select sl.salon_id, (sl.starts_at at time zone s.timezone)::date, 1
        from slots sl join salons s on s.id = sl.salon_id
        where sl.staff_id = new.id
        group by 1, 2
        on conflict (salon_id, day) do update set version = slot_day_versions.version + 1;
        return null;
      end $$`);
    this.addSql(`
      create trigger slot_day_staff_changed after update of active, salon_id on staff
      for each row when (old.active is distinct from new.active or old.salon_id <> new.salon_id)
      execute function slot_day_staff_changed()`);
    this.addSql(`
      create unlogged table day_snapshots (
        salon_id int not null references salons (id) on delete cascade,
        day date not null,
        whole_day boolean not null,
        version text not null,
        slots text not null,
        created_at timestamptz not null default now(),
        primary key (salon_id, day, whole_day, version)
      )`);
    this.addSql('create index day_snapshots_created_idx on day_snapshots (created_at)');
  }

  override down(): void {
    this.addSql('drop table day_snapshots');
    this.addSql('drop trigger slot_day_staff_changed on staff');
    this.addSql('drop trigger slot_day_hold_changed on slot_locks');
    this.addSql('drop trigger slot_day_changed on slots');
    this.addSql('drop function slot_day_staff_changed()');
    this.addSql('drop function slot_day_hold_changed()');
    this.addSql('drop function slot_day_changed()');
    this.addSql('drop function bump_slot_day(int, timestamptz)');
    this.addSql('drop table slot_day_versions');
  }
}
