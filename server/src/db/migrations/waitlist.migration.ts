import { Migration } from '@mikro-orm/migrations';

/**
 * The waitlist (contract: "Waitlist and automatic retry").
 *
 * - `waitlist_entries`: a customer waiting for a service on a salon-day, in
 *   a window and with one stylist or any, or for one exact start slot.
 * - `waitlist_offers`: a freed time offered to an entry. The offer's hold is
 *   an ordinary `slot_locks` row (token = `lock_token`), so the unique slot
 *   in `slot_locks` is what makes two offers of one time impossible.
 * - `waitlist_freed`: a queue of times that may have become free, written by
 *   triggers, so that every path that frees a slot (a cancellation, a hold
 *   released, expired or consumed, an unpaid booking, a reschedule, new
 *   working hours) is seen without that path knowing about the waitlist.
 *   Rows are claimed after commit with SKIP LOCKED (see
 *   docs/decisions/2026-11-25-waitlist-offers.md).
 */
export class Waitlist extends Migration {
  override up(): void {
    this.addSql(`
      create table waitlist_entries (
        id serial primary key,
        customer_id int not null references users (id),
        salon_id int not null references salons (id) on delete cascade,
        service_id int not null references services (id),
        staff_id int,
        slot_id int references slots (id) on delete cascade,
        date date not null,
        from_time text check (from_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        to_time text check (to_time ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
        day_starts_at timestamptz not null,
        day_ends_at timestamptz not null,
        window_starts_at timestamptz not null,
        window_ends_at timestamptz not null,
        status text not null default 'waiting'
          check (status in ('waiting', 'offered', 'booked', 'left', 'declined', 'missed', 'expired')),
        created_at timestamptz not null default now(),
        ended_at timestamptz,
        constraint waitlist_entries_staff_salon_fkey foreign key (staff_id, salon_id) references staff (id, salon_id),
        constraint waitlist_entries_window check (
          day_starts_at <= window_starts_at and window_starts_at < window_ends_at and window_ends_at <= day_ends_at),
        constraint waitlist_entries_exact_has_staff check (slot_id is null or staff_id is not null),
        constraint waitlist_entries_ended check ((status in ('waiting', 'offered')) = (ended_at is null))
      )`);
    // The same wish twice is one place in line.
    this.addSql(`create unique index waitlist_entries_live_key on waitlist_entries (
        customer_id, salon_id, date, service_id, coalesce(staff_id, 0), coalesce(slot_id, 0),
        coalesce(from_time, ''), coalesce(to_time, ''))
      where status in ('waiting', 'offered')`);
    this.addSql(`create index waitlist_entries_day_idx on waitlist_entries (salon_id, date, created_at, id)
      where status in ('waiting', 'offered')`);
    this.addSql('create index waitlist_entries_customer_idx on waitlist_entries (customer_id, date)');
    // Every pass expires entries whose window has passed: keep that a short index scan.
    this.addSql(
      `create index waitlist_entries_window_idx on waitlist_entries (window_ends_at) where status = 'waiting'`,
    );

    this.addSql(`
      create table waitlist_offers (
        id serial primary key,
        entry_id int not null references waitlist_entries (id) on delete cascade,
        lock_token uuid not null,
        slot_id int not null references slots (id) on delete cascade,
        slot_ids int[] not null check (cardinality(slot_ids) >= 1),
        staff_id int not null,
        starts_at timestamptz not null,
        expires_at timestamptz not null,
        status text not null default 'open' check (status in ('open', 'booked', 'declined', 'expired', 'released')),
        booking_id int references bookings (id),
        created_at timestamptz not null default now(),
        closed_at timestamptz,
        constraint waitlist_offers_token_key unique (lock_token),
        -- An entry is never offered the same time twice: declined or missed, it goes to the next in line.
        constraint waitlist_offers_once unique (entry_id, slot_id),
        constraint waitlist_offers_closed check ((status = 'open') = (closed_at is null)),
        constraint waitlist_offers_booked check ((status = 'booked') = (booking_id is not null))
      )`);
    this.addSql(`create unique index waitlist_offers_one_open on waitlist_offers (entry_id) where status = 'open'`);
    this.addSql(`create index waitlist_offers_open_idx on waitlist_offers (expires_at) where status = 'open'`);

    this.addSql(`
      create table waitlist_freed (
        id bigserial primary key,
        salon_id int not null,
        starts_at timestamptz not null,
        created_at timestamptz not null default now()
      )`);

    // Statement-level triggers with transition tables: one insert per statement, whatever its size.
    this.addSql(`
      create function waitlist_slots_unbooked() returns trigger language plpgsql as $$
      begin
        insert into waitlist_freed (salon_id, starts_at)
        select n.salon_id, n.starts_at from new_rows n join old_rows o on o.id = n.id
        where o.is_booked and not n.is_booked;
        return null;
      end $$`);
    this.addSql(`create trigger waitlist_slots_unbooked after update on slots
      referencing old table as old_rows new table as new_rows
      for each statement execute function waitlist_slots_unbooked()`);
    this.addSql(`
      create function waitlist_slots_added() returns trigger language plpgsql as $$
      begin
        -- New working hours add many slots: one row per salon-day is enough to look at that day.
        insert into waitlist_freed (salon_id, starts_at)
        select n.salon_id, min(n.starts_at) from new_rows n join salons s on s.id = n.salon_id
        where not n.is_booked group by n.salon_id, (n.starts_at at time zone s.timezone)::date;
        return null;
      end $$`);
    this.addSql(`create trigger waitlist_slots_added after insert on slots
      referencing new table as new_rows
      for each statement execute function waitlist_slots_added()`);
    this.addSql(`
      create function waitlist_holds_ended() returns trigger language plpgsql as $$
      begin
        insert into waitlist_freed (salon_id, starts_at)
        select sl.salon_id, sl.starts_at from old_rows o join slots sl on sl.id = o.slot_id;
        return null;
      end $$`);
    this.addSql(`create trigger waitlist_holds_ended after delete on slot_locks
      referencing old table as old_rows
      for each statement execute function waitlist_holds_ended()`);
  }

  override down(): void {
    this.addSql('drop trigger waitlist_holds_ended on slot_locks');
    this.addSql('drop trigger waitlist_slots_added on slots');
    this.addSql('drop trigger waitlist_slots_unbooked on slots');
    this.addSql('drop function waitlist_holds_ended()');
    this.addSql('drop function waitlist_slots_added()');
    this.addSql('drop function waitlist_slots_unbooked()');
    this.addSql('drop table waitlist_freed');
    this.addSql('drop table waitlist_offers');
    this.addSql('drop table waitlist_entries');
  }
}
