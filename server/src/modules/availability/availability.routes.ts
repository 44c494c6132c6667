/** HTTP routes of the Availability module (contract: Availability). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CleanupResult,
  DayList,
  DayQuery,
  FrontDeskBody,
  FrontDeskResult,
  Hold,
  HoldBody,
  SlotList,
  SlotParams,
  SlotQuery,
} from '@glamify/shared';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { contentTag, matchesTag } from '../../lib/etag.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';
import { createHoldLimit } from './hold-limit.ts';

const Problem = { $ref: 'Problem#' } as const;

export const availabilityRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { availability } = services;
  // The account's budget of hold commands (shared with the socket's), counted once
  // the token is verified and before the body is looked at.
  const holdLimit = createHoldLimit(services.deps);
  const holdGuard = async (request: FastifyRequest) => holdLimit(request.user);

  app.get(
    '/availability/slots',
    {
      schema: {
        tags: ['availability'],
        summary: 'Start times for a service on a salon-local day',
        description:
          'Held slots are `locked` with their `expiresAt`; booked ones `booked`; a free start is `available` only where the whole service fits. The answer carries an `ETag`; with `If-None-Match` naming it, 304 while nothing on that day changed.',
        querystring: SlotQuery,
        headers: Type.Object({ 'if-none-match': Type.Optional(Type.String({ maxLength: 512 })) }),
        response: { 200: SlotList, 304: Type.Null(), 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const answer = await availability.serviceSlots(request.query);
      // The tag names the day's picture, the service's length and the stylist: a client
      // that has it gets 304 until something on that day changes (on any instance).
      reply.header('etag', answer.etag).header('cache-control', 'no-cache');
      if (matchesTag(request.headers['if-none-match'], answer.etag)) return reply.status(304).send(null);
      // Serialised once per picture: sent as it is.
      return reply.type('application/json; charset=utf-8').send(answer.body);
    },
  );

  app.get(
    '/availability/days',
    {
      schema: {
        tags: ['availability'],
        summary: 'A run of salon-local days for a service: free, full, closed or over',
        description:
          '`free` days have at least one start where the whole service fits (`freeStarts` counts distinct times); `full` days have working stylists but no such start; `closed` days have nobody working; `over` is today once every remaining time is past or inside the minimum notice. `from` defaults to the salon’s today, `days` to 14 (at most 31). The answer carries an `ETag`; with `If-None-Match` naming it, 304 while it is unchanged.',
        querystring: DayQuery,
        headers: Type.Object({ 'if-none-match': Type.Optional(Type.String({ maxLength: 512 })) }),
        response: { 200: DayList, 304: Type.Null(), 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      // The run of days depends on the clock too (today's remaining times), so its tag
      // names its content: serialised here once, hashed, and sent as it is or as 304.
      const json = reply.serialize(await availability.days(request.query)) as string;
      const etag = contentTag(json);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (matchesTag(request.headers['if-none-match'], etag)) return reply.status(304).send(null);
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.post(
    '/availability/slots/:slotId/lock',
    {
      onRequest: holdGuard,
      schema: {
        tags: ['availability'],
        summary: 'Hold every slot a service covers while checking out',
        description:
          'The same holder locking again renews. A 409 carries `alternatives`; a customer past their limit of live holds gets 429.',
        ...bearer,
        params: SlotParams,
        body: HoldBody,
        response: { 201: Hold, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const hold = await availability.hold(request.user, request.params.slotId, request.body.serviceId);
      return reply.status(201).send(hold);
    },
  );

  app.delete(
    '/availability/slots/:slotId/lock',
    {
      onRequest: holdGuard,
      schema: {
        tags: ['availability'],
        summary: 'Release the hold on a slot (its holder or the salon owner)',
        ...bearer,
        params: SlotParams,
        response: { 204: Type.Null(), 401: Problem, 403: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await availability.release(request.user, { slotId: request.params.slotId });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/availability/slots/:slotId/book',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        tags: ['availability'],
        summary: "Book a slot at the front desk (the salon's owner) for a customer account or a walk-in guest",
        description:
          'Give `customerId` (a customer account) or `guest`; the same booking transaction as POST /bookings.',
        ...bearer,
        params: SlotParams,
        body: FrontDeskBody,
        response: { 201: FrontDeskResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { serviceId, ...who } = request.body;
      const booking = await services.bookings.bookAtFrontDesk(request.user, {
        slotId: request.params.slotId,
        serviceIds: [serviceId],
        ...who,
      });
      return reply.status(201).send({ bookingId: booking.id, slotIds: booking.slotIds });
    },
  );

  app.post(
    '/availability/cleanup-locks',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        tags: ['availability'],
        summary: 'Delete expired holds now (owner or admin)',
        ...bearer,
        response: { 200: CleanupResult, 401: Problem, 403: Problem },
      },
    },
    async () => availability.cleanupExpired(),
  );
};
