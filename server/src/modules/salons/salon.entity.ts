import type { TimeRange } from '@glamify/shared';
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * Catalog entities. Cross-aggregate references are plain ids: services and
 * bookings in other modules talk to a salon by its id, never by object graph.
 */
export const SalonEntity = defineEntity({
  name: 'Salon',
  tableName: 'salons',
  properties: {
    id: p.integer().primary(),
    ownerId: p.integer(),
    name: p.string(),
    city: p.string(),
    address: p.string().default(''),
    timezone: p.string(),
    slotMinutes: p.integer().default(15),
    minNoticeMinutes: p.integer().default(60),
    horizonDays: p.integer().default(60),
    phone: p.string().default(''),
    depositPercent: p.integer().default(0),
    freeCancellationHours: p.integer().default(24),
    lateCancelFeePercent: p.integer().default(0),
    noShowFeePercent: p.integer().default(0),
    reminderHoursBefore: p
      .array<number>((n) => Number(n))
      .columnType('int[]')
      .default([24, 2]),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Salon = InferEntity<typeof SalonEntity>;

export const StaffEntity = defineEntity({
  name: 'Staff',
  tableName: 'staff',
  properties: {
    id: p.integer().primary(),
    salonId: p.integer(),
    name: p.string(),
    bio: p.string().default(''),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Staff = InferEntity<typeof StaffEntity>;

export const ServiceEntity = defineEntity({
  name: 'Service',
  tableName: 'services',
  properties: {
    id: p.integer().primary(),
    salonId: p.integer(),
    name: p.string(),
    description: p.string().default(''),
    durationMinutes: p.integer(),
    bufferMinutes: p.integer().default(0),
    priceCents: p.integer(),
    currency: p.string().default('EUR'),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Service = InferEntity<typeof ServiceEntity>;

export const WorkingHoursEntity = defineEntity({
  name: 'WorkingHours',
  tableName: 'working_hours',
  properties: {
    id: p.integer().primary(),
    salonId: p.integer(),
    staffId: p.integer().nullable(),
    weekday: p.integer(),
    opens: p.string().columnType('time'),
    closes: p.string().columnType('time'),
    breaks: p.json<TimeRange[]>().default([]),
  },
});
export type WorkingHours = InferEntity<typeof WorkingHoursEntity>;
