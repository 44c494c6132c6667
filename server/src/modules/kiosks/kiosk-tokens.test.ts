import { describe, expect, it } from 'vitest';
import { emailHint } from '../bookings/front-desk-queries.ts';
import { newKioskToken, newPairingCode, normalizePairingCode, sha256 } from './kiosk-tokens.ts';

describe('pairing codes', () => {
  it('are 8 characters of an alphabet without I, L, O or U, shown in two halves', () => {
    for (let i = 0; i < 200; i++) expect(newPairingCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(Array.from({ length: 200 }, newPairingCode)).size).toBe(200);
  });

  it('read typed codes the way they were meant, and refuse what cannot be one', () => {
    expect(normalizePairingCode('7kq2-m9xd')).toBe('7KQ2M9XD');
    expect(normalizePairingCode(' 7KQ2 M9XD ')).toBe('7KQ2M9XD');
    expect(normalizePairingCode('O0IL-1111')).toBe('00111111');
    expect(normalizePairingCode('7KQ2-M9X')).toBeNull();
    expect(normalizePairingCode('7KQ2-M9XU')).toBeNull();
  });
});

describe('kiosk tokens', () => {
  it('carry 256 random bits after their prefix; only the hash is kept', () => {
    const token = newKioskToken();
    expect(token).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    expect(newKioskToken()).not.toBe(token);
    expect(sha256(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('email hints', () => {
  it('keep two letters of the name and the domain', () => {
    expect(emailHint('ana.costa@example.com')).toBe('an…@example.com');
    expect(emailHint('a@b.de')).toBe('a…@b.de');
    expect(emailHint('broken')).toBe('…');
  });
});
