/** HTTP routes of the Calendar module (contract: "Calendar"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BookingParams, CalendarFeedLink, CalendarFeedParams, CalendarFeedStatus } from '@glamify/shared';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['calendar'];
const ics = { description: 'An iCalendar file', content: { 'text/calendar': { schema: { type: 'string' } } } };

export const calendarRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { calendar } = services;

  app.get(
    '/bookings/:id/calendar.ics',
    {
      schema: {
        tags,
        summary: 'The booking as a calendar event (its customer or its salon’s owner)',
        description:
          'Times in UTC; the salon’s address is the location and its time zone is named (`X-WR-TIMEZONE`, and in the description with the wall-clock time). One UID per booking and a SEQUENCE raised on every move, so adding it again after a move updates the event.',
        ...bearer,
        params: BookingParams,
        response: { 200: ics, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const file = await calendar.bookingFile(request.user, request.params.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="glamify-booking-${request.params.id}.ics"`)
        .header('cache-control', 'private, no-cache')
        .send(file);
    },
  );

  app.get(
    '/calendar/feed',
    {
      config: { roles: ['owner'] },
      schema: {
        tags,
        summary: 'Whether your private calendar feed link is live',
        ...bearer,
        response: { 200: CalendarFeedStatus, 401: Problem, 403: Problem },
      },
    },
    async (request) => calendar.status(request.user),
  );

  app.post(
    '/calendar/feed',
    {
      config: { roles: ['owner'] },
      schema: {
        tags,
        summary: 'A new private calendar feed link of your salons’ bookings (the old link stops working)',
        description:
          'The link is shown only now: keep it private, anyone with it can read the bookings. Paste it into a calendar app (“subscribe to calendar”).',
        ...bearer,
        response: { 201: CalendarFeedLink, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await calendar.newLink(request.user, `${request.protocol}://${request.host}`)),
  );

  app.delete(
    '/calendar/feed',
    {
      config: { roles: ['owner'] },
      schema: {
        tags,
        summary: 'Turn the calendar feed off (its link stops working)',
        ...bearer,
        response: { 204: { type: 'null' }, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      await calendar.revoke(request.user);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/calendar/feeds/:token.ics',
    {
      schema: {
        tags,
        summary: 'A private calendar feed (the link is the key)',
        description: 'Limited per client address (120 reads an hour). A replaced or revoked link answers 404.',
        params: CalendarFeedParams,
        response: { 200: ics, 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const file = await calendar.feed(request.params.token, request.ip);
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(file);
    },
  );
};
