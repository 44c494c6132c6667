import { Migration } from '@mikro-orm/migrations';

/**
 * Every move of a booking: from where to where, who asked, and the
 * requester's idempotency key with a hash of what was asked (a retried
 * reschedule moves the booking once; the same key with another request is
 * refused). The count of moves is the calendar event's SEQUENCE.
 */
export class BookingReschedules extends Migration {
  override up(): void {
    this.addSql(`create table booking_reschedules (
      id serial primary key,
      booking_id int not null references bookings (id) on delete cascade,
      requested_by int not null references users (id),
      from_staff_id int not null references staff (id),
      from_starts_at timestamptz not null,
      to_staff_id int not null references staff (id),
      to_starts_at timestamptz not null,
      idempotency_key text check (length(idempotency_key) between 1 and 200),
      idempotency_hash text,
      created_at timestamptz not null default now(),
      constraint booking_reschedules_idempotency_key unique (requested_by, idempotency_key),
      constraint booking_reschedules_key_has_hash check ((idempotency_key is null) = (idempotency_hash is null)),
      constraint booking_reschedules_moves check (from_starts_at <> to_starts_at or from_staff_id <> to_staff_id)
    )`);
    this.addSql('create index booking_reschedules_booking_idx on booking_reschedules (booking_id)');
  }

  override down(): void {
    this.addSql('drop table booking_reschedules');
  }
}
