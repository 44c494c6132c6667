import { randomBytes } from 'node:crypto';
import type { Orm } from '../db/orm.ts';

/**
 * The token-signing key. With AUTH_SECRET unset, the first instance to start
 * generates one and stores it in the database (which, for the embedded
 * PostgreSQL, lives in DATA_DIR); every other instance reads the same row,
 * so tokens verify everywhere and survive restarts.
 */
export async function resolveAuthSecret(orm: Orm, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const conn = orm.em.getConnection();
  await conn.execute("insert into app_settings (key, value) values ('auth_secret', ?) on conflict (key) do nothing", [
    randomBytes(48).toString('base64url'),
  ]);
  const rows = await conn.execute<{ value: string }[]>("select value from app_settings where key = 'auth_secret'");
  const value = rows[0]?.value;
  if (!value) throw new Error('could not read the auth secret');
  return value;
}
