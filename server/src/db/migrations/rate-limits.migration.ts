import { Migration } from '@mikro-orm/migrations';

/**
 * Counters of the shared rate limiter (lib/rate-limit.ts): one row per
 * limited key with this and the previous window's hits. Unlogged: a counter
 * lost in a crash costs nothing worth WAL on every login and hold. No index
 * but the key, so every update is HOT; the sweep scans the small table.
 */
export class RateLimits extends Migration {
  override up(): void {
    this.addSql(`
      create unlogged table rate_limits (
        key text primary key,
        window_no bigint not null,
        hits int not null,
        prev_hits int not null,
        expires_at timestamptz not null
      ) with (fillfactor = 70)`);
  }

  override down(): void {
    this.addSql('drop table if exists rate_limits');
  }
}
