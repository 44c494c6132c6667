import { Migration } from '@mikro-orm/migrations';

/**
 * The whole first schema, written as SQL because the invariants that matter
 * most (the overlap exclusion, the partial and expression indexes, the
 * checks) are things an entity diff cannot express.
 */
export class InitialSchema extends Migration {
  override up(): void {
    this.addSql('create extension if not exists btree_gist');
    this.addSql(`
      create table users (
        id serial primary key,
        email text not null check (length(email) between 3 and 254),
        password_hash text not null,
        name text not null check (length(name) between 1 and 100),
        role text not null default 'customer' check (role in ('customer', 'owner', 'admin')),
        created_at timestamptz not null default now()
      )`);
    this.addSql('create unique index users_email_lower_key on users (lower(email))');
    this.addSql(`
      create table app_settings (
        key text primary key,
        value text not null
      )`);
    this.addSql(`
      create table salons (
        id serial primary key,
        owner_id int not null references users (id),
        name text not null,
        city text not null,
        address text not null default '',
        timezone text not null,
        slot_minutes int not null default 15 check (slot_minutes between 5 and 120),
        min_notice_minutes int not null default 60 check (min_notice_minutes between 0 and 10080),
        horizon_days int not null default 60 check (horizon_days between 1 and 366),
        cancellation_deadline_minutes int not null default 0 check (cancellation_deadline_minutes >= 0),
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index salons_owner_idx on salons (owner_id)');
    this.addSql('create index salons_city_idx on salons (lower(city), id)');
    this.addSql(`
      create table staff (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        name text not null,
        active boolean not null default true,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index staff_salon_idx on staff (salon_id)');
    this.addSql(`
      create table working_hours (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        staff_id int references staff (id) on delete cascade,
        weekday smallint not null check (weekday between 1 and 7),
        opens time not null,
        closes time not null,
        breaks jsonb not null default '[]',
        check (opens < closes)
      )`);
    this.addSql(
      'create unique index working_hours_day_key on working_hours (salon_id, coalesce(staff_id, 0), weekday)',
    );
    this.addSql(`
      create table services (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        name text not null,
        duration_minutes int not null check (duration_minutes between 5 and 600),
        buffer_minutes int not null default 0 check (buffer_minutes between 0 and 240),
        price_cents int not null check (price_cents >= 0),
        currency char(3) not null default 'EUR',
        active boolean not null default true,
        created_at timestamptz not null default now()
      )`);
    this.addSql('create index services_salon_idx on services (salon_id)');
    this.addSql(`
      create table bookings (
        id serial primary key,
        customer_id int not null references users (id),
        salon_id int not null references salons (id),
        staff_id int not null references staff (id),
        status text not null default 'PENDING' check (status in ('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED')),
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        total_price_cents int not null check (total_price_cents >= 0),
        total_duration_minutes int not null check (total_duration_minutes > 0),
        currency char(3) not null,
        idempotency_key text check (length(idempotency_key) between 1 and 200),
        cancel_reason text,
        cancelled_by text check (cancelled_by in ('customer', 'owner')),
        cancelled_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        version int not null default 1,
        check (ends_at > starts_at),
        constraint bookings_idempotency_key unique (customer_id, idempotency_key),
        constraint bookings_no_overlap exclude using gist (
          staff_id with =, tstzrange(starts_at, ends_at) with &&
        ) where (status in ('PENDING', 'CONFIRMED'))
      )`);
    this.addSql('create index bookings_customer_idx on bookings (customer_id, starts_at)');
    this.addSql('create index bookings_salon_day_idx on bookings (salon_id, starts_at)');
    this.addSql(`
      create table booking_items (
        id serial primary key,
        booking_id int not null references bookings (id) on delete cascade,
        service_id int not null references services (id),
        position smallint not null,
        name text not null,
        price_cents int not null check (price_cents >= 0),
        duration_minutes int not null check (duration_minutes > 0),
        unique (booking_id, position)
      )`);
    this.addSql(`
      create table slots (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        staff_id int not null references staff (id) on delete cascade,
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        is_booked boolean not null default false,
        booking_id int references bookings (id),
        check (ends_at > starts_at),
        constraint slots_booked_has_booking check (is_booked = (booking_id is not null)),
        constraint slots_staff_start_key unique (staff_id, starts_at)
      )`);
    this.addSql('create index slots_salon_day_idx on slots (salon_id, starts_at)');
    this.addSql('create index slots_booking_idx on slots (booking_id) where booking_id is not null');
    this.addSql(`
      create table slot_locks (
        id serial primary key,
        slot_id int not null references slots (id),
        holder_id int not null references users (id),
        service_id int references services (id),
        token uuid not null,
        expires_at timestamptz not null,
        hold_started_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        constraint slot_locks_slot_id_key unique (slot_id)
      )`);
    this.addSql('create index slot_locks_expires_idx on slot_locks (expires_at)');
    this.addSql('create index slot_locks_token_idx on slot_locks (token)');
    this.addSql('create index slot_locks_holder_idx on slot_locks (holder_id)');
    this.addSql(`
      create table notifications (
        id serial primary key,
        user_id int not null references users (id),
        type text not null,
        channel text not null default 'email',
        payload jsonb not null default '{}',
        status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
        attempts int not null default 0,
        last_error text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        read_at timestamptz
      )`);
    this.addSql('create index notifications_user_idx on notifications (user_id, created_at desc)');
    this.addSql("create index notifications_pending_idx on notifications (created_at) where status = 'pending'");
  }

  override down(): void {
    for (const t of [
      'notifications',
      'slot_locks',
      'slots',
      'booking_items',
      'bookings',
      'services',
      'working_hours',
      'staff',
      'salons',
      'app_settings',
      'users',
    ]) {
      this.addSql(`drop table if exists ${t} cascade`);
    }
  }
}
