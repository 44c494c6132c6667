import { Migration } from '@mikro-orm/migrations';

/**
 * One round trip for a booking's idempotency key: `booking_key_claim` takes
 * the key's transaction-scoped advisory lock and then reads the booking
 * already made with that key, if any. It must be a VOLATILE function: under
 * READ COMMITTED each statement inside it takes a new snapshot, so the read
 * runs after the lock is granted and sees a booking that the transaction we
 * waited for committed. (A lookup in the same statement as the lock would use
 * the snapshot taken before the wait and miss it.)
 */
export class BookingRoundTrips extends Migration {
  override up(): void {
    this.addSql(`
      create function booking_key_claim(p_booked_by int, p_key text)
      returns table (id int, idempotency_hash text)
      language plpgsql volatile as $$
      begin
        perform pg_advisory_xact_lock(hashtextextended('booking:' || p_booked_by || ':' || p_key, 0));
        return query select b.id, b.idempotency_hash from bookings b
          where b.booked_by = p_booked_by and b.idempotency_key = p_key;
      end $$`);
  }

  override down(): void {
    this.addSql('drop function if exists booking_key_claim(int, text)');
  }
}
