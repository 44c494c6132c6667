import { Migration } from '@mikro-orm/migrations';

/**
 * Email dispatch claims records with a lease instead of holding a row lock
 * (and a transaction, and a pool connection) while it talks SMTP: a claimed
 * record is `sending` until `lease_until`; a sender that dies leaves a lease
 * that runs out and is claimed again. `lease_token` tells a sender whether
 * the record is still its own when it comes back to mark it.
 */
export class NotificationLeases extends Migration {
  override up(): void {
    this.addSql('alter table notifications add column lease_until timestamptz, add column lease_token uuid');
    this.addSql('alter table notifications drop constraint notifications_status_check');
    this.addSql(
      "alter table notifications add constraint notifications_status_check check (status in ('pending', 'sending', 'sent', 'failed'))",
    );
    this.addSql('drop index notifications_pending_idx');
    this.addSql("create index notifications_unsent_idx on notifications (id) where status <> 'sent'");
  }

  override down(): void {
    this.addSql('drop index notifications_unsent_idx');
    this.addSql("create index notifications_pending_idx on notifications (created_at) where status = 'pending'");
    this.addSql("update notifications set status = 'pending' where status = 'sending'");
    this.addSql('alter table notifications drop constraint notifications_status_check');
    this.addSql(
      "alter table notifications add constraint notifications_status_check check (status in ('pending', 'sent', 'failed'))",
    );
    this.addSql('alter table notifications drop column lease_until, drop column lease_token');
  }
}
