import { randomBytes } from 'node:crypto';
import type { Orm } from '../db/orm.ts';

/**
 * A key every instance must share. With nothing configured, the first
 * instance to start generates one and stores it in the database (which, for
 * the embedded PostgreSQL, lives in DATA_DIR); every other instance reads
 * the same row, so all of them agree and the key survives restarts.
 */
export async function resolveSecret(orm: Orm, key: string, configured?: string): Promise<string> {
  if (configured) return configured;
  const conn = orm.em.getConnection();
  await conn.execute('insert into app_settings (key, value) values (?, ?) on conflict (key) do nothing', [
    key,
    randomBytes(48).toString('base64url'),
  ]);
  const rows = await conn.execute<{ value: string }[]>('select value from app_settings where key = ?', [key]);
  const value = rows[0]?.value;
  if (!value) throw new Error(`could not read the ${key}`);
  return value;
}

/** The token-signing key: AUTH_SECRET, or one generated once and kept. */
export function resolveAuthSecret(orm: Orm, configured: string | undefined): Promise<string> {
  return resolveSecret(orm, 'auth_secret', configured);
}
