/**
 * The Kiosks module: an owner pairs a front-desk screen with their salon
 * (a one-time code, redeemed on the screen for a device token), lists and
 * revokes screens; every kiosk request resolves its token to the device and
 * salon it may act for.
 */
import { ErrorCode, type KioskDevice as KioskDto, type KioskIdentity, type KioskPairing } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, notFound } from '../../errors.ts';
import type { AuthUser, KioskPrincipal } from '../../lib/auth-user.ts';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction } from '../../lib/tx.ts';
import type { SalonsService } from '../salons/salons.service.ts';
import { type KioskDevice, KioskDeviceEntity } from './kiosk.entity.ts';
import { newKioskToken, newPairingCode, normalizePairingCode, PAIRING_TTL_MS, sha256 } from './kiosk-tokens.ts';

/** `last_seen_at` is written at most this often per device, not on every request. */
const SEEN_EVERY_MS = 60_000;

export type KiosksService = ReturnType<typeof createKiosksService>;

export function createKiosksService(deps: Deps, services: { salons: SalonsService }) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const rules = limitRules(deps.config);
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

  function toDto(k: KioskDevice): KioskDto {
    const now = deps.now().getTime();
    const state = k.revokedAt
      ? 'revoked'
      : k.tokenHash
        ? 'paired'
        : k.pairingExpiresAt && new Date(k.pairingExpiresAt).getTime() > now
          ? 'waiting'
          : 'expired';
    return {
      id: k.id,
      salonId: k.salonId,
      name: k.name,
      state,
      createdAt: iso(k.createdAt) as string,
      pairingExpiresAt: state === 'waiting' ? iso(k.pairingExpiresAt) : null,
      pairedAt: iso(k.pairedAt),
      lastSeenAt: iso(k.lastSeenAt),
      revokedAt: iso(k.revokedAt),
    };
  }

  /** A new screen for the salon, with a code that pairs it once within ten minutes. */
  async function create(actor: AuthUser, salonId: number, name: string): Promise<KioskPairing> {
    await services.salons.assertOwner(salonId, actor);
    const code = newPairingCode();
    const device = await inTransaction(deps, async (tx) => {
      const row = tx.em.create(KioskDeviceEntity, {
        salonId,
        name: name.trim(),
        createdBy: actor.id,
        createdAt: deps.now(),
        pairingCodeHash: sha256(normalizePairingCode(code) as string),
        pairingExpiresAt: new Date(deps.now().getTime() + PAIRING_TTL_MS),
        tokenHash: null,
        pairedAt: null,
        lastSeenAt: null,
        revokedAt: null,
      });
      await tx.em.flush();
      return row;
    });
    return { kiosk: toDto(device), pairingCode: code };
  }

  async function list(actor: AuthUser, salonId: number): Promise<KioskDto[]> {
    await services.salons.assertOwner(salonId, actor);
    const rows = await em().find(KioskDeviceEntity, { salonId }, { orderBy: { id: 'desc' } });
    return rows.map(toDto);
  }

  /** Refuses the device's token from now on (and its code, if it was never used). Idempotent. */
  async function revoke(actor: AuthUser, salonId: number, kioskId: number): Promise<void> {
    await services.salons.assertOwner(salonId, actor);
    const rows = await em().execute<{ id: number }[]>(
      `update kiosk_devices set revoked_at = coalesce(revoked_at, ?), pairing_code_hash = null, pairing_expires_at = null
       where id = ? and salon_id = ? returning id`,
      [deps.now().toISOString(), kioskId, salonId],
    );
    if (rows.length === 0) throw new AppError(ErrorCode.NOT_FOUND, 'Kiosk was not found');
  }

  /**
   * Redeems a pairing code for a device token. One statement: of two
   * screens redeeming the same code at once, the second finds it gone.
   */
  async function pair(code: string, address: string): Promise<{ token: string; kiosk: KioskIdentity }> {
    await deps.limiter.consume(rules.kioskPairing, address, 'Too many pairing attempts from this address');
    const normalized = normalizePairingCode(code);
    const token = newKioskToken();
    const rows = normalized
      ? await em().execute<KioskIdentity[]>(
          `update kiosk_devices k set token_hash = ?, paired_at = ?, last_seen_at = ?,
                  pairing_code_hash = null, pairing_expires_at = null
           from salons s
           where s.id = k.salon_id and k.pairing_code_hash = ? and k.pairing_expires_at > ? and k.revoked_at is null
           returning k.id as "kioskId", k.salon_id as "salonId", s.name as "salonName", k.name`,
          [
            sha256(token),
            deps.now().toISOString(),
            deps.now().toISOString(),
            sha256(normalized),
            deps.now().toISOString(),
          ],
        )
      : [];
    const kiosk = rows[0];
    if (!kiosk) {
      throw new AppError(
        ErrorCode.PAIRING_CODE_INVALID,
        'That pairing code is not valid: ask the owner for a new one',
        {
          field: 'code',
        },
      );
    }
    return { token, kiosk };
  }

  /** The device behind a token, or null when unknown or revoked; notes that the device was seen. */
  async function verify(token: string): Promise<KioskPrincipal | null> {
    const e = em();
    const rows = await e.execute<{ id: number; salonId: number; lastSeenAt: Date | null }[]>(
      `select id, salon_id as "salonId", last_seen_at as "lastSeenAt" from kiosk_devices
       where token_hash = ? and revoked_at is null`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return null;
    const now = deps.now();
    if (!row.lastSeenAt || now.getTime() - new Date(row.lastSeenAt).getTime() >= SEEN_EVERY_MS) {
      await e.execute('update kiosk_devices set last_seen_at = ? where id = ?', [now.toISOString(), row.id]);
    }
    return { kioskId: row.id, salonId: row.salonId };
  }

  async function identity(kiosk: KioskPrincipal): Promise<KioskIdentity> {
    const rows = await em().execute<KioskIdentity[]>(
      `select k.id as "kioskId", k.salon_id as "salonId", s.name as "salonName", k.name
       from kiosk_devices k join salons s on s.id = k.salon_id where k.id = ?`,
      [kiosk.kioskId],
    );
    if (!rows[0]) throw notFound(ErrorCode.NOT_FOUND, 'Kiosk');
    return rows[0];
  }

  return { create, list, revoke, pair, verify, identity };
}
