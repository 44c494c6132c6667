import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const SlotEntity = defineEntity({
  name: 'Slot',
  tableName: 'slots',
  properties: {
    id: p.integer().primary(),
    salonId: p.integer(),
    staffId: p.integer(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    isBooked: p.boolean().default(false),
    bookingId: p.integer().nullable(),
  },
});
export type Slot = InferEntity<typeof SlotEntity>;

/** One row per held slot; unique on the slot, so two holders cannot coexist. */
export const SlotLockEntity = defineEntity({
  name: 'SlotLock',
  tableName: 'slot_locks',
  properties: {
    id: p.integer().primary(),
    slotId: p.integer(),
    holderId: p.integer(),
    serviceId: p.integer().nullable(),
    token: p.uuid(),
    expiresAt: p.datetime(),
    holdStartedAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SlotLock = InferEntity<typeof SlotLockEntity>;
