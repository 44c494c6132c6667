import { Migration } from '@mikro-orm/migrations';

/**
 * Reminders before a booking, one row per (booking, hours before) planned in
 * the booking's own transaction. The primary key is what makes a reminder
 * go out once whichever instance's job finds it: the job marks the row
 * (under a row lock) and queues the email and push in one transaction.
 * A move re-plans the rows; rows whose time had passed when the booking
 * was made (or moved) are never written.
 */
export class BookingReminders extends Migration {
  override up(): void {
    this.addSql(`create table booking_reminders (
      booking_id int not null references bookings (id) on delete cascade,
      hours_before int not null check (hours_before between 1 and 336),
      due_at timestamptz not null,
      outcome text check (outcome in ('sent', 'skipped')),
      done_at timestamptz,
      notification_id int references notifications (id) on delete set null,
      primary key (booking_id, hours_before),
      constraint booking_reminders_done check ((outcome is null) = (done_at is null)),
      constraint booking_reminders_sent_has_record check (outcome = 'sent' or notification_id is null)
    )`);
    this.addSql('create index booking_reminders_due_idx on booking_reminders (due_at) where outcome is null');
  }

  override down(): void {
    this.addSql('drop table booking_reminders');
  }
}
