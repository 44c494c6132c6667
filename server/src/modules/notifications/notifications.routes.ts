/** HTTP routes of the Notification module (contract: Notifications). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  MarkReadBody,
  Notification,
  NotificationPage,
  NotificationQuery,
  OwnerMessageBody,
  UnreadCount,
} from '@glamify/shared';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { notifications, bookings } = services;

  app.post(
    '/notifications',
    {
      // Checked before the body, so a customer learns nothing about its rules.
      config: { roles: ['owner', 'admin'] },
      schema: {
        tags: ['notifications'],
        summary: "Message the customer of one of your salon's upcoming bookings, from a fixed set of templates",
        description:
          'Owners (for their own salons) and admins. No free text: the template decides the words. Limited per sender (OWNER_MESSAGE_RATE_LIMIT_PER_HOUR) and to 3 per booking per hour. The record is dispatched by email after it is stored.',
        ...bearer,
        body: OwnerMessageBody,
        response: { 201: Notification, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      // The bookings module applies its access rules (404 / 403) before anything is said.
      const booking = await bookings.get(request.user, request.body.bookingId);
      return reply.status(201).send(await notifications.sendOwnerMessage(request.user, booking, request.body));
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with how many are unread',
        ...bearer,
        querystring: NotificationQuery,
        response: { 200: NotificationPage, 401: Problem },
      },
    },
    async (request) => {
      const { limit = 20, offset = 0 } = request.query;
      return notifications.list(request.user.id, limit, offset);
    },
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark my notifications read: `{ ids }` or `{ all: true }`',
        ...bearer,
        body: MarkReadBody,
        response: { 200: UnreadCount, 400: Problem, 401: Problem },
      },
    },
    async (request) => notifications.markRead(request.user.id, request.body),
  );
};
