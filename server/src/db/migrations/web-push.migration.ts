import { Migration } from '@mikro-orm/migrations';

/**
 * Web Push: each device a user allows is one subscription (the push
 * service's endpoint is unique per device and browser profile, so it is the
 * key; the same device signed in as someone else moves to them). Pushes go
 * out from the notification outbox as `channel = 'push'` records; a record
 * is sent to each of the user's devices at most once (`push_deliveries`),
 * so a retry after one device failed does not alert the others again.
 */
export class WebPush extends Migration {
  override up(): void {
    this.addSql(`create table push_subscriptions (
      id serial primary key,
      user_id int not null references users (id) on delete cascade,
      endpoint text not null check (endpoint like 'https://%' and length(endpoint) <= 2048),
      p256dh text not null check (length(p256dh) between 86 and 88),
      auth text not null check (length(auth) between 22 and 24),
      created_at timestamptz not null default now(),
      last_success_at timestamptz,
      constraint push_subscriptions_endpoint_key unique (endpoint)
    )`);
    this.addSql('create index push_subscriptions_user_idx on push_subscriptions (user_id)');
    this.addSql(`create table push_deliveries (
      notification_id int not null references notifications (id) on delete cascade,
      subscription_id int not null references push_subscriptions (id) on delete cascade,
      delivered_at timestamptz not null default now(),
      primary key (notification_id, subscription_id)
    )`);
    this.addSql('create index push_deliveries_subscription_idx on push_deliveries (subscription_id)');
  }

  override down(): void {
    this.addSql("delete from notifications where channel = 'push'");
    this.addSql('drop table push_deliveries');
    this.addSql('drop table push_subscriptions');
    this.addSql("delete from app_settings where key = 'vapid_keys'");
  }
}
