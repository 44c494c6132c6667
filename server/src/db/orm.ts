/**
 * MikroORM setup: one place lists the entities and migrations, opens the
 * pool and runs migrations.
 */

import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { UserEntity } from '../modules/accounts/user.entity.ts';
import { SlotEntity, SlotLockEntity } from '../modules/availability/slot.entity.ts';
import { BookingEntity, BookingItemEntity } from '../modules/bookings/booking.entity.ts';
import { KioskDeviceEntity } from '../modules/kiosks/kiosk.entity.ts';
import { NotificationEntity } from '../modules/notifications/notification.entity.ts';
import { PaymentChargeEntity, PaymentEntity, PaymentRefundEntity } from '../modules/payments/payment.entity.ts';
import { SalonEntity, ServiceEntity, StaffEntity, WorkingHoursEntity } from '../modules/salons/salon.entity.ts';
import { WaitlistEntryEntity, WaitlistOfferEntity } from '../modules/waitlist/waitlist.entity.ts';
import { migrationsList } from './migrations/index.ts';

export type Orm = MikroORM;

export const entities = [
  UserEntity,
  SalonEntity,
  StaffEntity,
  ServiceEntity,
  WorkingHoursEntity,
  SlotEntity,
  SlotLockEntity,
  BookingEntity,
  BookingItemEntity,
  NotificationEntity,
  KioskDeviceEntity,
  PaymentEntity,
  PaymentChargeEntity,
  PaymentRefundEntity,
  WaitlistEntryEntity,
  WaitlistOfferEntity,
];

export function ormOptions(clientUrl: string, poolMax = 20): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, silent: true, snapshot: false },
    pool: { min: 0, max: poolMax },
    // Timestamps are instants: read and write them as UTC.
    timezone: 'Z',
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
  };
}

export async function openOrm(clientUrl: string, poolMax?: number): Promise<Orm> {
  return MikroORM.init(ormOptions(clientUrl, poolMax));
}

export async function migrate(orm: Orm): Promise<void> {
  await orm.migrator.up();
}
