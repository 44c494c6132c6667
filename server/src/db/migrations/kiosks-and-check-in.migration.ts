import { Migration } from '@mikro-orm/migrations';

/**
 * Front-desk kiosks and check-in:
 *
 * - `kiosk_devices`: screens an owner pairs with their salon. A pairing
 *   code (its SHA-256 only) works once, until it expires; redeeming it sets
 *   the device token (its SHA-256 only). A revoked device stays as a record
 *   and its token is refused. The checks keep the life cycle honest: a
 *   device is paired exactly when it has a token, and a code never outlives
 *   the pairing it was for.
 * - Bookings get a 4-digit check-in code (random: the first 32 bits of
 *   gen_random_uuid, the database's CSPRNG; existing rows too) and the moment,
 *   and by whom, the customer checked in. Someone who checked in is not a
 *   no-show. Adding a column with a volatile default rewrites `bookings`
 *   once; it is small next to `slots`.
 * - Unread notifications are counted per reader on every page of the owner
 *   console: a partial index keeps that cheap.
 */
export class KiosksAndCheckIn extends Migration {
  override up(): void {
    this.addSql(`
      create table kiosk_devices (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        name text not null check (length(name) between 1 and 60),
        created_by int not null references users (id),
        created_at timestamptz not null default now(),
        pairing_code_hash text,
        pairing_expires_at timestamptz,
        token_hash text,
        paired_at timestamptz,
        last_seen_at timestamptz,
        revoked_at timestamptz,
        constraint kiosk_devices_pairing_code_key unique (pairing_code_hash),
        constraint kiosk_devices_token_key unique (token_hash),
        constraint kiosk_devices_paired_has_token check ((token_hash is null) = (paired_at is null)),
        constraint kiosk_devices_code_until_paired check (pairing_code_hash is null or token_hash is null),
        constraint kiosk_devices_code_expires check ((pairing_code_hash is null) = (pairing_expires_at is null))
      )`);
    this.addSql('create index kiosk_devices_salon_idx on kiosk_devices (salon_id, id)');

    this.addSql(`alter table bookings
      add column check_in_code char(4) not null
        default lpad(((('x' || substr(gen_random_uuid()::text, 1, 8))::bit(32)::bigint % 10000))::text, 4, '0'),
      add column checked_in_at timestamptz,
      add column checked_in_by text,
      add column checked_in_kiosk_id int references kiosk_devices (id) on delete set null`);
    this.addSql(`alter table bookings
      add constraint bookings_check_in_code_format check (check_in_code ~ '^[0-9]{4}$'),
      add constraint bookings_checked_in_by check (
        (checked_in_at is null) = (checked_in_by is null)
        and checked_in_by in ('owner', 'kiosk')
        and (checked_in_kiosk_id is null or checked_in_by = 'kiosk')),
      add constraint bookings_no_show_not_checked_in check (not (status = 'NO_SHOW' and checked_in_at is not null))`);

    this.addSql('create index notifications_unread_idx on notifications (user_id) where read_at is null');
  }

  override down(): void {
    this.addSql('drop index notifications_unread_idx');
    this.addSql(`alter table bookings
      drop constraint bookings_no_show_not_checked_in,
      drop constraint bookings_checked_in_by,
      drop constraint bookings_check_in_code_format,
      drop column checked_in_kiosk_id,
      drop column checked_in_by,
      drop column checked_in_at,
      drop column check_in_code`);
    this.addSql('drop table kiosk_devices');
  }
}
