import { BookingIntegrity } from './booking-integrity.migration.ts';
import { BookingReminders } from './booking-reminders.migration.ts';
import { BookingReschedules } from './booking-reschedules.migration.ts';
import { BookingRoundTrips } from './booking-round-trips.migration.ts';
import { CalendarFeeds } from './calendar-feeds.migration.ts';
import { InitialSchema } from './initial-schema.migration.ts';
import { KiosksAndCheckIn } from './kiosks-and-check-in.migration.ts';
import { NotificationLeases } from './notification-leases.migration.ts';
import { Payments } from './payments.migration.ts';
import { RateLimits } from './rate-limits.migration.ts';
import { SalonDetailsAndPolicy } from './salon-details-and-policy.migration.ts';
import { SlotDayVersions } from './slot-day-versions.migration.ts';
import { SlotDayVersionsPerStylist } from './slot-day-versions-per-stylist.migration.ts';
import { Waitlist } from './waitlist.migration.ts';
import { WebPush } from './web-push.migration.ts';

/** Every migration in order. Listed, not globbed, so the bundle-free runtime finds them. */
export const migrationsList = [
  { name: '2026-11-24-initial-schema', class: InitialSchema },
  { name: '2026-11-24-rate-limits', class: RateLimits },
  { name: '2026-11-24-notification-leases', class: NotificationLeases },
  { name: '2026-11-25-booking-integrity', class: BookingIntegrity },
  { name: '2026-11-25-salon-details-and-policy', class: SalonDetailsAndPolicy },
  { name: '2026-11-25-web-push', class: WebPush },
  { name: '2026-11-25-booking-reminders', class: BookingReminders },
  { name: '2026-11-25-booking-reschedules', class: BookingReschedules },
  { name: '2026-11-25-calendar-feeds', class: CalendarFeeds },
  { name: '2026-11-25-payments', class: Payments },
  { name: '2026-11-25-waitlist', class: Waitlist },
  { name: '2026-11-25-kiosks-and-check-in', class: KiosksAndCheckIn },
  { name: '2026-11-25-booking-round-trips', class: BookingRoundTrips },
  { name: '2026-11-25-slot-day-versions', class: SlotDayVersions },
  { name: '2026-11-25-slot-day-versions-per-stylist', class: SlotDayVersionsPerStylist },
];
