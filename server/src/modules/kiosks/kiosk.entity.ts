import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A front-desk screen paired with a salon. Only hashes of the pairing code
 * and of the token are kept; the life cycle (waiting, paired, revoked) is
 * backed by check constraints (migration `kiosks-and-check-in`).
 */
export const KioskDeviceEntity = defineEntity({
  name: 'KioskDevice',
  tableName: 'kiosk_devices',
  properties: {
    id: p.integer().primary(),
    salonId: p.integer(),
    name: p.string(),
    createdBy: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
    pairingCodeHash: p.string().nullable(),
    pairingExpiresAt: p.datetime().nullable(),
    tokenHash: p.string().nullable(),
    pairedAt: p.datetime().nullable(),
    lastSeenAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type KioskDevice = InferEntity<typeof KioskDeviceEntity>;
