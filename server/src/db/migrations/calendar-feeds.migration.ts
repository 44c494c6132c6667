import { Migration } from '@mikro-orm/migrations';

/**
 * An owner's private calendar feed: a secret link (only its SHA-256 is
 * stored) that calendar apps poll. Making a new link revokes the old one;
 * at most one live link per owner.
 */
export class CalendarFeeds extends Migration {
  override up(): void {
    this.addSql(`create table calendar_feeds (
      id serial primary key,
      owner_id int not null references users (id) on delete cascade,
      token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_read_at timestamptz,
      constraint calendar_feeds_token_hash_key unique (token_hash)
    )`);
    this.addSql('create unique index calendar_feeds_one_live on calendar_feeds (owner_id) where revoked_at is null');
  }

  override down(): void {
    this.addSql('drop table calendar_feeds');
  }
}
