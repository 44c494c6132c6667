import { Migration } from '@mikro-orm/migrations';

/**
 * What customers expect to read about a salon (phone, service descriptions,
 * stylist bios) and the salon's booking policy (contract: "Around a
 * booking"): deposit, free-cancellation window, late-cancel and no-show fees,
 * reminder times. The free-cancellation window replaces the old
 * cancellation deadline in minutes, rounded up to whole hours.
 */
export class SalonDetailsAndPolicy extends Migration {
  override up(): void {
    this.addSql(`alter table salons
      add column phone text not null default '' check (length(phone) <= 40),
      add column deposit_percent smallint not null default 0 check (deposit_percent between 0 and 100),
      add column free_cancellation_hours int not null default 24 check (free_cancellation_hours between 0 and 720),
      add column late_cancel_fee_percent smallint not null default 0 check (late_cancel_fee_percent between 0 and 100),
      add column no_show_fee_percent smallint not null default 0 check (no_show_fee_percent between 0 and 100),
      add column reminder_hours_before int[] not null default '{24,2}' check (
        cardinality(reminder_hours_before) <= 3
        and 1 <= all (reminder_hours_before) and 336 >= all (reminder_hours_before))`);
    this.addSql('update salons set free_cancellation_hours = ceil(cancellation_deadline_minutes / 60.0)::int');
    this.addSql('alter table salons drop column cancellation_deadline_minutes');
    this.addSql(
      "alter table services add column description text not null default '' check (length(description) <= 500)",
    );
    this.addSql("alter table staff add column bio text not null default '' check (length(bio) <= 300)");
  }

  override down(): void {
    this.addSql(`alter table salons add column cancellation_deadline_minutes int not null default 0
      check (cancellation_deadline_minutes >= 0)`);
    this.addSql('update salons set cancellation_deadline_minutes = free_cancellation_hours * 60');
    this.addSql(`alter table salons drop column phone, drop column deposit_percent,
      drop column free_cancellation_hours, drop column late_cancel_fee_percent, drop column no_show_fee_percent,
      drop column reminder_hours_before`);
    this.addSql('alter table services drop column description');
    this.addSql('alter table staff drop column bio');
  }
}
