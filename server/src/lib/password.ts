/**
 * Password hashing with argon2id (memory-hard). The parameters are the
 * OWASP baseline (19 MiB, 2 passes); verifying against a fixed dummy hash
 * when the account does not exist keeps login timing the same either way.
 */
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package exports a const enum, which erasable TS cannot import.
const ARGON2ID = 2;

const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let dummy: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still spends the same work. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('not-a-real-password-but-the-same-cost');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
