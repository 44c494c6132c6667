/**
 * Secrets of a kiosk: the one-time pairing code an owner reads out and the
 * long-lived device token. Both are random; only their SHA-256 is stored,
 * so a copy of the database pairs no screen. A plain hash (no salt, no slow
 * KDF) is enough for values with this much entropy: 256 bits for tokens,
 * and 40 bits for codes that live ten minutes behind a per-address limit.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { KIOSK_TOKEN_PREFIX } from '../../plugins/auth.ts';

/** Crockford's base32: no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;

/** How long a pairing code works. */
export const PAIRING_TTL_MS = 10 * 60 * 1000;

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A fresh pairing code, as shown: `7KQ2-M9XD`. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A typed code the way it was meant: any letter case, dashes and spaces
 * ignored, the letters people type for the digits they saw read as those
 * digits. Null when it cannot be a code at all.
 */
export function normalizePairingCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!ALPHABET.includes(ch)) return null;
  return code;
}

/** A new device token: `gk_` and 32 random bytes. */
export function newKioskToken(): string {
  return `${KIOSK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}
