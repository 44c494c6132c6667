/**
 * The composition root of the service layer: each module's factory gets the
 * shared deps and the services it calls. Nothing here holds state.
 */
import type { Agent } from 'node:https';
import type { Deps } from './lib/deps.ts';
import type { VapidKeys } from './lib/secret.ts';
import { type AccountsService, createAccountsService } from './modules/accounts/accounts.service.ts';
import { type AvailabilityService, createAvailabilityService } from './modules/availability/availability.service.ts';
import { type BookingsService, createBookingsService } from './modules/bookings/bookings.service.ts';
import { type CalendarService, createCalendarService } from './modules/calendar/calendar.service.ts';
import { createKiosksService, type KiosksService } from './modules/kiosks/kiosks.service.ts';
import {
  createNotificationsService,
  type NotificationsService,
} from './modules/notifications/notifications.service.ts';
import type { PaymentProvider } from './modules/payments/payment-provider.ts';
import { createPaymentsService, type PaymentsService } from './modules/payments/payments.service.ts';
import { createPushService, type PushService } from './modules/push/push.service.ts';
import { createSalonsService, type SalonsService } from './modules/salons/salons.service.ts';
import { createWaitlistService, type WaitlistService } from './modules/waitlist/waitlist.service.ts';

export interface Services {
  deps: Deps;
  // MODULE SERVICES (one line per module, added as modules land)
  accounts: AccountsService;
  salons: SalonsService;
  availability: AvailabilityService;
  notifications: NotificationsService;
  payments: PaymentsService;
  push: PushService;
  bookings: BookingsService;
  kiosks: KiosksService;
  calendar: CalendarService;
  waitlist: WaitlistService;
}

/** What some services need besides the deps, resolved once at start. */
export interface ServiceSetup {
  /** The VAPID key pair push requests are signed with (read or made on first use). */
  vapid: () => Promise<VapidKeys>;
  /** The HTTPS agent for push services (tests: one that trusts their local stand-in). */
  pushAgent?: Agent;
  /** Who takes deposits (PAYMENT_PROVIDER). */
  paymentProvider: PaymentProvider;
}

export function buildServices(deps: Deps, setup: ServiceSetup): Services {
  // MODULE FACTORIES (one block per module, in dependency order)
  const accounts = createAccountsService(deps);
  const payments = createPaymentsService(deps, setup.paymentProvider);
  // Bookings awaiting a deposit keep their times like holds, under one cap.
  const availability = createAvailabilityService(deps, { unpaidDeposits: payments.ledger.unpaidQuery });
  const salons = createSalonsService(deps, {
    // New hours or stylists: materialise the new free slots, drop the free ones that no longer exist.
    onScheduleChanged: async (salonId) => {
      await availability.generateSlots({ salonId });
    },
  });
  const push = createPushService(deps, { vapid: setup.vapid, ...(setup.pushAgent ? { agent: setup.pushAgent } : {}) });
  const notifications = createNotificationsService(deps, undefined, push);
  const waitlist = createWaitlistService(deps, { availability, notifications, salons });
  const bookings = createBookingsService(deps, { availability, notifications, payments, waitlist, salons });
  const calendar = createCalendarService(deps, { bookings });
  const kiosks = createKiosksService(deps, { salons });
  return {
    deps,
    // MODULE ENTRIES
    accounts,
    salons,
    availability,
    notifications,
    payments,
    push,
    bookings,
    kiosks,
    calendar,
    waitlist,
  };
}
