/**
 * The composition root of the service layer: each module's factory gets the
 * shared deps and the services it calls. Nothing here holds state.
 */
import type { Deps } from './lib/deps.ts';
import { type AccountsService, createAccountsService } from './modules/accounts/accounts.service.ts';
import { type AvailabilityService, createAvailabilityService } from './modules/availability/availability.service.ts';
import { type BookingsService, createBookingsService } from './modules/bookings/bookings.service.ts';
import { createKiosksService, type KiosksService } from './modules/kiosks/kiosks.service.ts';
import {
  createNotificationsService,
  type NotificationsService,
} from './modules/notifications/notifications.service.ts';
import { createSalonsService, type SalonsService } from './modules/salons/salons.service.ts';

export interface Services {
  deps: Deps;
  // MODULE SERVICES (one line per module, added as modules land)
  accounts: AccountsService;
  salons: SalonsService;
  availability: AvailabilityService;
  notifications: NotificationsService;
  bookings: BookingsService;
  kiosks: KiosksService;
}

export function buildServices(deps: Deps): Services {
  // MODULE FACTORIES (one block per module, in dependency order)
  const accounts = createAccountsService(deps);
  const availability = createAvailabilityService(deps);
  const salons = createSalonsService(deps, {
    // New hours or stylists: materialise the new free slots, drop the free ones that no longer exist.
    onScheduleChanged: async (salonId) => {
      await availability.generateSlots({ salonId });
    },
  });
  const notifications = createNotificationsService(deps);
  const bookings = createBookingsService(deps, { availability, notifications, accounts, salons });
  const kiosks = createKiosksService(deps, { salons });
  return {
    deps,
    // MODULE ENTRIES
    accounts,
    salons,
    availability,
    notifications,
    bookings,
    kiosks,
  };
}
