/** HTTP routes of the Notification module (contract: Notifications). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Notification, NotificationBody, NotificationQuery, Page } from '@glamify/shared';
import { invalid } from '../../errors.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { notifications } = services;

  app.post(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Create a notification record and dispatch it (owner: own customers; admin: anyone)',
        ...bearer,
        body: NotificationBody,
        response: { 201: Notification, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (JSON.stringify(body.payload).length > 4000)
        throw invalid('payload', 'payload must be at most 4000 bytes of JSON');
      return reply.status(201).send(await notifications.create(request.user, body));
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        ...bearer,
        querystring: NotificationQuery,
        response: { 200: Page(Notification), 401: Problem },
      },
    },
    async (request) => {
      const { limit = 20, offset = 0 } = request.query;
      return notifications.list(request.user.id, limit, offset);
    },
  );
};
