/** HTTP routes of the Availability module (contract: Availability). */
import { Hold, Id, SlotList } from '@glamify/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requireRole } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';
import { createHoldLimit } from './hold-limit.ts';

const Problem = { $ref: 'Problem#' } as const;
const secured = [{ bearer: [] }];

export async function availabilityRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { availability } = services;
  const holdLimit = createHoldLimit(services.deps);
  const holdGuard = [app.authenticate, async (request: FastifyRequest) => holdLimit(request.user)];

  app.get(
    '/availability/slots',
    {
      schema: {
        tags: ['availability'],
        summary: 'Start times for a service on a salon-local day',
        querystring: Type.Object(
          {
            salonId: Id,
            date: Type.String({ description: 'Salon-local date, YYYY-MM-DD' }),
            serviceId: Id,
            staffId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: SlotList, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const q = request.query as { salonId: number; date: string; serviceId: number; staffId?: number };
      return availability.slotsForService(q);
    },
  );

  const SlotParams = Type.Object({ slotId: Id }, { additionalProperties: false });

  app.post(
    '/availability/slots/:slotId/lock',
    {
      preHandler: holdGuard,
      schema: {
        tags: ['availability'],
        summary: 'Hold every slot a service covers while checking out',
        security: secured,
        params: SlotParams,
        body: Type.Object({ serviceId: Id }, { additionalProperties: false }),
        response: { 201: Hold, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { slotId } = request.params as { slotId: number };
      const { serviceId } = request.body as { serviceId: number };
      const hold = await availability.hold(request.user, slotId, serviceId);
      return reply.status(201).send(hold);
    },
  );

  app.delete(
    '/availability/slots/:slotId/lock',
    {
      preHandler: holdGuard,
      schema: {
        tags: ['availability'],
        summary: 'Release the hold on a slot (its holder or the salon owner)',
        security: secured,
        params: SlotParams,
        response: { 204: Type.Null(), 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const { slotId } = request.params as { slotId: number };
      await availability.release(request.user, { slotId });
      return reply.status(204).send();
    },
  );

  app.post(
    '/availability/slots/:slotId/book',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['availability'],
        summary: 'Book a slot directly (salon owner at the front desk; never a plain customer)',
        security: secured,
        params: SlotParams,
        body: Type.Object(
          { serviceId: Id, customerId: Type.Optional(Id), lockToken: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ bookingId: Id, slotIds: Type.Array(Id) }), 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      requireRole(request.user, 'owner', 'admin');
      const { slotId } = request.params as { slotId: number };
      const body = request.body as { serviceId: number; customerId?: number; lockToken?: string };
      const booking = await services.bookings.bookForCustomer(request.user, {
        slotId,
        serviceIds: [body.serviceId],
        customerId: body.customerId ?? request.user.id,
        ...(body.lockToken ? { lockToken: body.lockToken } : {}),
      });
      return reply.status(201).send({ bookingId: booking.id, slotIds: booking.slotIds });
    },
  );

  app.post(
    '/availability/cleanup-locks',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['availability'],
        summary: 'Delete expired holds now (owner or admin)',
        security: secured,
        response: { 200: Type.Object({ removed: Type.Integer() }), 403: Problem },
      },
    },
    async (request) => {
      requireRole(request.user, 'owner', 'admin');
      return availability.cleanupExpired();
    },
  );
}
