/**
 * The owner's setup of their own salon: services, stylists, working hours.
 * Every route needs a token; the service answers 404 for an absent salon and
 * 403 for anyone but its owner (or an admin).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  NewService,
  NewStaff,
  Page,
  SalonParams,
  Service,
  ServiceParams,
  ServicePatch,
  Staff,
  StaffParams,
  StaffPatch,
  WorkingHoursBody,
  WorkingHoursResult,
} from '@glamify/shared';
import Type from 'typebox';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

export const salonSetupRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const salons = services.salons;
  // Every route here is the owner's: the bearer scheme authenticates before the body is validated.
  const owner = { tags: ['salons'], ...bearer };

  app.get(
    '/salons/:id/services',
    {
      schema: {
        ...owner,
        summary: 'Every service of the salon, inactive ones too',
        params: SalonParams,
        response: { 200: Page(Service) },
      },
    },
    async (request) => {
      const items = await salons.listServices(request.user, request.params.id);
      return { items, total: items.length };
    },
  );

  app.post(
    '/salons/:id/services',
    {
      schema: {
        ...owner,
        summary: 'Add a service',
        params: SalonParams,
        body: NewService,
        response: { 201: Service },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await salons.createService(request.user, request.params.id, request.body)),
  );

  app.patch(
    '/salons/:id/services/:serviceId',
    {
      schema: {
        ...owner,
        summary: 'Change a service (or bring it back with active: true)',
        params: ServiceParams,
        body: ServicePatch,
        response: { 200: Service },
      },
    },
    async (request) => salons.updateService(request.user, request.params.id, request.params.serviceId, request.body),
  );

  app.delete(
    '/salons/:id/services/:serviceId',
    {
      schema: {
        ...owner,
        summary: 'Take a service off the menu',
        description: 'Deactivates it; past bookings keep naming it, so it is never deleted.',
        params: ServiceParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await salons.deactivateService(request.user, request.params.id, request.params.serviceId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/salons/:id/staff',
    {
      schema: {
        ...owner,
        summary: 'Every stylist of the salon, inactive ones too',
        params: SalonParams,
        response: { 200: Page(Staff) },
      },
    },
    async (request) => {
      const items = await salons.listStaff(request.user, request.params.id);
      return { items, total: items.length };
    },
  );

  app.post(
    '/salons/:id/staff',
    {
      schema: {
        ...owner,
        summary: 'Add a stylist',
        params: SalonParams,
        body: NewStaff,
        response: { 201: Staff },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await salons.createStaff(request.user, request.params.id, request.body)),
  );

  app.patch(
    '/salons/:id/staff/:staffId',
    {
      schema: {
        ...owner,
        summary: 'Rename, deactivate or reactivate a stylist',
        params: StaffParams,
        body: StaffPatch,
        response: { 200: Staff },
      },
    },
    async (request) => salons.updateStaff(request.user, request.params.id, request.params.staffId, request.body),
  );

  app.put(
    '/salons/:id/working-hours',
    {
      schema: {
        ...owner,
        summary: 'Replace the working hours of the whole week',
        description:
          'Times are HH:MM in the salon’s time zone; opening before closing, breaks inside the hours and apart from each other, one row per weekday and stylist (`staffId: null` for the salon). Errors name the field, e.g. `hours/2/breaks/0`.',
        params: SalonParams,
        body: WorkingHoursBody,
        response: { 200: WorkingHoursResult },
      },
    },
    async (request) => ({
      hours: await salons.replaceWorkingHours(request.user, request.params.id, request.body.hours),
    }),
  );
};
