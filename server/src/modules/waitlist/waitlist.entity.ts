import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A customer waiting for a service on a salon-day (a window, one stylist or any), or for one exact slot. */
export const WaitlistEntryEntity = defineEntity({
  name: 'WaitlistEntry',
  tableName: 'waitlist_entries',
  properties: {
    id: p.integer().primary(),
    customerId: p.integer(),
    salonId: p.integer(),
    serviceId: p.integer(),
    staffId: p.integer().nullable(),
    /** Exact-slot entries only. */
    slotId: p.integer().nullable(),
    date: p.string().columnType('date'),
    fromTime: p.string().nullable(),
    toTime: p.string().nullable(),
    dayStartsAt: p.datetime(),
    dayEndsAt: p.datetime(),
    windowStartsAt: p.datetime(),
    windowEndsAt: p.datetime(),
    status: p
      .enum(['waiting', 'offered', 'booked', 'left', 'declined', 'missed', 'expired'] as const)
      .default('waiting'),
    createdAt: p.datetime().onCreate(() => new Date()),
    endedAt: p.datetime().nullable(),
  },
});
export type WaitlistEntryRow = InferEntity<typeof WaitlistEntryEntity>;

/** A freed time offered to an entry; its hold is the slot_locks rows with `lockToken`. */
export const WaitlistOfferEntity = defineEntity({
  name: 'WaitlistOffer',
  tableName: 'waitlist_offers',
  properties: {
    id: p.integer().primary(),
    entryId: p.integer(),
    lockToken: p.uuid(),
    /** The start slot. */
    slotId: p.integer(),
    slotIds: p.array(),
    staffId: p.integer(),
    startsAt: p.datetime(),
    expiresAt: p.datetime(),
    status: p.enum(['open', 'booked', 'declined', 'expired', 'released'] as const).default('open'),
    bookingId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
  },
});
export type WaitlistOfferRow = InferEntity<typeof WaitlistOfferEntity>;
