/** Mounts every module's routes under /api/v1. */
import type { FastifyInstance } from 'fastify';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { availabilityRoutes } from './modules/availability/availability.routes.ts';
import { bookingsRoutes } from './modules/bookings/bookings.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { kiosksRoutes } from './modules/kiosks/kiosks.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { paymentsRoutes } from './modules/payments/payments.routes.ts';
import { pushRoutes } from './modules/push/push.routes.ts';
import { salonsRoutes } from './modules/salons/salons.routes.ts';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.ts';
import type { Services } from './services.ts';

export async function registerModules(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    async (api) => {
      // MODULE ROUTES (one line per module)
      await api.register(accountsRoutes, { services });
      await api.register(salonsRoutes, { services });
      await api.register(availabilityRoutes, { services });
      await api.register(notificationsRoutes, { services });
      await api.register(bookingsRoutes, { services });
      await api.register(kiosksRoutes, { services });
      await api.register(paymentsRoutes, { services });
      await api.register(pushRoutes, { services });
      await api.register(calendarRoutes, { services });
      await api.register(waitlistRoutes, { services });
    },
    { prefix: '/api/v1' },
  );
}
