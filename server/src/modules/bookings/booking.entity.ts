import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const BookingEntity = defineEntity({
  name: 'Booking',
  tableName: 'bookings',
  properties: {
    id: p.integer().primary(),
    customerId: p.integer(),
    salonId: p.integer(),
    staffId: p.integer(),
    status: p.enum(['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED'] as const).default('PENDING'),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    totalPriceCents: p.integer(),
    totalDurationMinutes: p.integer(),
    currency: p.string(),
    idempotencyKey: p.string().nullable(),
    cancelReason: p.string().nullable(),
    cancelledBy: p.enum(['customer', 'owner'] as const).nullable(),
    cancelledAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
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
