import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const BookingEntity = defineEntity({
  name: 'Booking',
  tableName: 'bookings',
  properties: {
    id: p.integer().primary(),
    /** The customer's account; null for a walk-in guest. */
    customerId: p.integer().nullable(),
    /** The walk-in guest record; null for a customer account. */
    guestId: p.integer().nullable(),
    /** Who asked for the booking: the customer, or the owner at the front desk. Idempotency keys are theirs. */
    bookedBy: p.integer(),
    salonId: p.integer(),
    staffId: p.integer(),
    status: p.enum(['PENDING', 'CONFIRMED', 'COMPLETED', 'NO_SHOW', 'CANCELLED'] as const).default('PENDING'),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    totalPriceCents: p.integer(),
    totalDurationMinutes: p.integer(),
    currency: p.string(),
    idempotencyKey: p.string().nullable(),
    /** sha-256 of the request the key was first used with. */
    idempotencyHash: p.string().nullable(),
    cancelReason: p.string().nullable(),
    cancelledBy: p.enum(['customer', 'owner'] as const).nullable(),
    cancelledAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    noShowAt: p.datetime().nullable(),
    /** When the customer arrived (kiosk or owner); `check_in_code` itself is the database's to generate. */
    checkedInAt: p.datetime().nullable(),
    checkedInBy: p.enum(['owner', 'kiosk'] as const).nullable(),
    checkedInKioskId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
    items: () => p.oneToMany(BookingItemEntity).mappedBy('booking').orderBy({ position: 'asc' }),
  },
});
export type Booking = InferEntity<typeof BookingEntity>;

export const BookingItemEntity = defineEntity({
  name: 'BookingItem',
  tableName: 'booking_items',
  properties: {
    id: p.integer().primary(),
    booking: () => p.manyToOne(BookingEntity),
    serviceId: p.integer(),
    position: p.integer(),
    name: p.string(),
    priceCents: p.integer(),
    durationMinutes: p.integer(),
  },
});
export type BookingItem = InferEntity<typeof BookingItemEntity>;
