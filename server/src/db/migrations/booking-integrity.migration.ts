import { Migration } from '@mikro-orm/migrations';

/**
 * Integrity for exact-slot bookings, walk-ins and no-shows:
 *
 * - A stylist belongs to one salon, and so do their slots and bookings: slots
 *   and bookings reference staff by (id, salon_id), so a booking can never
 *   name one salon and another salon's stylist. Bookings written that way
 *   before this migration occupy the stylist's own salon's slots, so they are
 *   moved to that salon (where its owner can see and cancel them).
 * - NO_SHOW is a final state, and every state but CANCELLED keeps the time
 *   taken in the overlap exclusion.
 * - Walk-ins: a booking is for a customer account or for a guest record of
 *   the salon; `booked_by` is who asked (the customer, or the owner at the
 *   front desk), and idempotency keys are scoped to them.
 * - Idempotency keys store a hash of the request, so the same key with
 *   another request is told apart from a retry.
 */
export class BookingIntegrity extends Migration {
  override up(): void {
    this.addSql('alter table staff add constraint staff_id_salon_key unique (id, salon_id)');
    this.addSql('alter table slots drop constraint slots_staff_id_fkey');
    this.addSql(`alter table slots add constraint slots_staff_salon_fkey
      foreign key (staff_id, salon_id) references staff (id, salon_id) on delete cascade`);
    this.addSql(`update bookings b set salon_id = st.salon_id
      from staff st where st.id = b.staff_id and st.salon_id <> b.salon_id`);
    this.addSql('alter table bookings drop constraint bookings_staff_id_fkey');
    this.addSql(`alter table bookings add constraint bookings_staff_salon_fkey
      foreign key (staff_id, salon_id) references staff (id, salon_id)`);

    this.addSql('alter table bookings drop constraint bookings_status_check');
    this.addSql(`alter table bookings add constraint bookings_status_check
      check (status in ('PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'))`);
    this.addSql('alter table bookings add column no_show_at timestamptz');
    this.addSql('alter table bookings drop constraint bookings_no_overlap');
    this.addSql(`alter table bookings add constraint bookings_no_overlap exclude using gist (
      staff_id with =, tstzrange(starts_at, ends_at) with &&
    ) where (status <> 'CANCELLED')`);

    this.addSql(`
      create table guests (
        id serial primary key,
        salon_id int not null references salons (id) on delete cascade,
        name text not null check (length(name) between 1 and 100),
        phone text check (length(phone) between 3 and 32),
        email text check (length(email) between 3 and 254),
        created_at timestamptz not null default now(),
        constraint guests_id_salon_key unique (id, salon_id)
      )`);
    this.addSql('alter table bookings alter column customer_id drop not null');
    this.addSql('alter table bookings add column guest_id int');
    this.addSql(`alter table bookings add constraint bookings_guest_salon_fkey
      foreign key (guest_id, salon_id) references guests (id, salon_id)`);
    this.addSql(`alter table bookings add constraint bookings_customer_or_guest
      check ((customer_id is null) <> (guest_id is null))`);
    this.addSql('alter table bookings add column booked_by int references users (id)');
    this.addSql('update bookings set booked_by = customer_id');
    this.addSql('alter table bookings alter column booked_by set not null');
    this.addSql('alter table bookings drop constraint bookings_idempotency_key');
    this.addSql('alter table bookings add column idempotency_hash text');
    this.addSql(`update bookings set idempotency_hash = '' where idempotency_key is not null`);
    this.addSql(`alter table bookings add constraint bookings_idempotency_key unique (booked_by, idempotency_key)`);
    this.addSql(`alter table bookings add constraint bookings_idempotency_hash
      check ((idempotency_key is null) = (idempotency_hash is null))`);
  }

  override down(): void {
    this.addSql('alter table bookings drop constraint bookings_idempotency_hash');
    this.addSql('alter table bookings drop constraint bookings_idempotency_key');
    this.addSql('alter table bookings drop column idempotency_hash');
    this.addSql('alter table bookings add constraint bookings_idempotency_key unique (customer_id, idempotency_key)');
    this.addSql('alter table bookings drop column booked_by');
    this.addSql('delete from bookings where guest_id is not null');
    this.addSql('alter table bookings drop constraint bookings_customer_or_guest');
    this.addSql('alter table bookings drop column guest_id');
    this.addSql('alter table bookings alter column customer_id set not null');
    this.addSql('drop table guests');
    this.addSql('alter table bookings drop constraint bookings_no_overlap');
    this.addSql("update bookings set status = 'COMPLETED' where status = 'NO_SHOW'");
    this.addSql('alter table bookings drop column no_show_at');
    this.addSql(`alter table bookings add constraint bookings_no_overlap exclude using gist (
      staff_id with =, tstzrange(starts_at, ends_at) with &&
    ) where (status in ('PENDING', 'CONFIRMED'))`);
    this.addSql('alter table bookings drop constraint bookings_status_check');
    this.addSql(`alter table bookings add constraint bookings_status_check
      check (status in ('PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED'))`);
    this.addSql('alter table bookings drop constraint bookings_staff_salon_fkey');
    this.addSql(
      'alter table bookings add constraint bookings_staff_id_fkey foreign key (staff_id) references staff (id)',
    );
    this.addSql('alter table slots drop constraint slots_staff_salon_fkey');
    this.addSql(
      'alter table slots add constraint slots_staff_id_fkey foreign key (staff_id) references staff (id) on delete cascade',
    );
    this.addSql('alter table staff drop constraint staff_id_salon_key');
  }
}
