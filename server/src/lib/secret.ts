import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
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

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The VAPID key pair push requests are signed with. Devices subscribe with
 * the public key, and a push service refuses requests signed with any other,
 * so every instance must use the same pair for as long as subscriptions
 * live: unset in the environment, the first instance generates a pair and
 * stores it in the database (as one row, so no instance sees half of it).
 */
export async function resolveVapidKeys(orm: Orm, configured: VapidKeys | undefined): Promise<VapidKeys> {
  if (configured) return configured;
  const conn = orm.em.getConnection();
  const fresh = webpush.generateVAPIDKeys();
  await conn.execute("insert into app_settings (key, value) values ('vapid_keys', ?) on conflict (key) do nothing", [
    JSON.stringify(fresh),
  ]);
  const rows = await conn.execute<{ value: string }[]>("select value from app_settings where key = 'vapid_keys'");
  const stored = rows[0]?.value;
  if (!stored) throw new Error('could not read the VAPID keys');
  return JSON.parse(stored) as VapidKeys;
}

/**
 * `resolveVapidKeys` on first use, remembered: the app can be built before
 * the database is migrated (readiness answers 503 until it is). A failed
 * read is not remembered, so the next use tries again.
 */
export function lazyVapidKeys(orm: Orm, configured: VapidKeys | undefined): () => Promise<VapidKeys> {
  let pending: Promise<VapidKeys> | undefined;
  return () => {
    pending ??= resolveVapidKeys(orm, configured).catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
