/**
 * The salon catalog under /salons: public search and detail, and the owner's
 * salon settings. The owner's services, stylists and hours are in
 * salon-setup.routes.ts, mounted from here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  City,
  NewSalon,
  Page,
  SalonDetail,
  SalonParams,
  SalonPatch,
  SalonPolicy,
  SalonQuery,
  SalonSummary,
} from '@glamify/shared';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';
import { salonSetupRoutes } from './salon-setup.routes.ts';

export interface SalonsRoutesOptions {
  services: Services;
}

export const salonsRoutes: FastifyPluginAsyncTypebox<SalonsRoutesOptions> = async (app, { services }) => {
  const salons = services.salons;

  app.get(
    '/salons',
    {
      schema: {
        tags: ['salons'],
        summary: 'Search salons',
        description:
          '`city` matches the whole city name and `q` any part of the salon name, both ignoring letter case; `%` and `_` in `q` match themselves. Ordered by name, then id.',
        querystring: SalonQuery,
        response: { 200: Page(SalonSummary) },
      },
    },
    async (request) => salons.listSalons(request.query),
  );

  app.get(
    '/salons/cities',
    {
      schema: {
        tags: ['salons'],
        summary: 'Cities with salons, and how many in each',
        description:
          'For the search page’s city choice. Cities that differ only in letter case count as one (the search ignores case too).',
        response: { 200: Page(City) },
      },
    },
    async () => salons.listCities(),
  );

  app.get(
    '/salons/mine',
    {
      schema: {
        tags: ['salons'],
        summary: 'The salons the signed-in owner runs (every salon for an admin)',
        ...bearer,
        response: { 200: Page(SalonSummary) },
      },
    },
    async (request) => salons.listOwnedSalons(request.user),
  );

  app.post(
    '/salons',
    {
      schema: {
        tags: ['salons'],
        summary: 'Open a salon (owners for themselves, admins for an owner given as ownerId)',
        ...bearer,
        body: NewSalon,
        response: { 201: SalonDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await salons.createSalon(request.user, request.body)),
  );

  app.get(
    '/salons/:id',
    {
      schema: {
        tags: ['salons'],
        summary: 'A salon with its time zone, working hours, active services and active stylists',
        description:
          'Working hours rows with `staffId: null` are the salon hours; others are a stylist’s own hours for that weekday. A weekday without a row is closed.',
        params: SalonParams,
        response: { 200: SalonDetail },
      },
    },
    async (request) => salons.getSalonDetail(request.params.id),
  );

  app.patch(
    '/salons/:id',
    {
      schema: {
        tags: ['salons'],
        summary: 'Change salon settings (the salon owner)',
        ...bearer,
        params: SalonParams,
        body: SalonPatch,
        response: { 200: SalonDetail },
      },
    },
    async (request) => salons.updateSalon(request.user, request.params.id, request.body),
  );

  app.put(
    '/salons/:id/policy',
    {
      schema: {
        tags: ['salons'],
        summary: 'Replace the booking policy (the salon owner)',
        description:
          'Deposit share, free-cancellation window, late-cancel and no-show fees, reminder times. Bookings already made keep the deposit they were asked for.',
        ...bearer,
        params: SalonParams,
        body: SalonPolicy,
        response: { 200: SalonPolicy },
      },
    },
    async (request) => salons.updatePolicy(request.user, request.params.id, request.body),
  );

  await app.register(salonSetupRoutes, { services });
};
