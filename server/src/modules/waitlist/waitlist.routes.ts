/** HTTP routes of the Waitlist module (contract: "Waitlist and automatic retry"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  JoinWaitlistBody,
  Page,
  SalonParams,
  SalonWaitlistEntry,
  SalonWaitlistQuery,
  WaitlistEntry,
  WaitlistParams,
  WaitlistQuery,
} from '@glamify/shared';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['waitlist'];

export const waitlistRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { waitlist } = services;

  app.post(
    '/waitlist',
    {
      config: { roles: ['customer'] },
      schema: {
        tags,
        summary: 'Wait for a time: a range of a salon-day, or one exact time ("get it for me if it frees")',
        description:
          '`{ salonId, serviceId, date, staffId?, from?, to? }`: an appointment of the service that starts at or after `from` and ends by `to` (salon-local HH:MM; left out, the whole day), with that stylist or any. `{ slotId, serviceId }`: exactly that stylist’s start slot. When a fitting time frees (a cancellation, an expired or released hold, an unpaid booking, a schedule change), the first in line (exact-slot entries first, then first come) gets it as a hold taken for them for `WAITLIST_OFFER_SECONDS`: `waitlist:offer` on their sockets and an email. Book it with `POST /bookings { slotId: offer.slotIds[0], serviceId, lockToken }`. The same wish again answers 200 with the entry already in line. At most 10 live entries per customer and 30 joins an hour.',
        ...bearer,
        body: JoinWaitlistBody,
        response: {
          200: WaitlistEntry,
          201: WaitlistEntry,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const { entry, created } = await waitlist.join(request.user, request.body);
      return reply.status(created ? 201 : 200).send(entry);
    },
  );

  app.get(
    '/waitlist',
    {
      schema: {
        tags,
        summary: 'My waitlist entries: live ones first (with an open offer, if any), then those that ended',
        ...bearer,
        querystring: WaitlistQuery,
        response: { 200: Page(WaitlistEntry), 400: Problem, 401: Problem },
      },
    },
    async (request) => waitlist.list(request.user, request.query),
  );

  app.delete(
    '/waitlist/:id',
    {
      schema: {
        tags,
        summary: 'Leave the line; an open offer’s time goes to the next in line',
        description: 'Leaving an entry that already ended changes nothing. Another customer’s entry is a 404.',
        ...bearer,
        params: WaitlistParams,
        response: { 204: { type: 'null' }, 400: Problem, 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      await waitlist.leave(request.user, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/waitlist/:id/decline',
    {
      schema: {
        tags,
        summary: 'Not this time: the offered time goes to the next in line at once',
        description:
          'A range entry stays in line for other times (never offered the declined one again); an exact-slot entry ends. Without an open offer: 409 OFFER_EXPIRED.',
        ...bearer,
        params: WaitlistParams,
        response: { 200: WaitlistEntry, 400: Problem, 401: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => waitlist.decline(request.user, request.params.id),
  );

  app.get(
    '/salons/:id/waitlist',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        tags,
        summary: 'The salon’s waitlist for one day, in line order (the salon’s owner)',
        description:
          'Live entries in the order offers go (exact-slot entries first, then first come), with who waits and any open offer; then the day’s entries that ended.',
        ...bearer,
        params: SalonParams,
        querystring: SalonWaitlistQuery,
        response: { 200: Page(SalonWaitlistEntry), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => waitlist.salonDay(request.user, request.params.id, request.query.date),
  );
};
