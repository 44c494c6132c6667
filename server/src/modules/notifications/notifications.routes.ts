/** HTTP routes of the Notification module (contract: Notifications). */
import { Notification, Page } from '@glamify/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requireRole } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';
import { OwnerMessageBody, type OwnerMessageInput } from './owner-messages.ts';

const Problem = { $ref: 'Problem#' } as const;
const secured = [{ bearer: [] }];

export async function notificationsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { notifications, bookings } = services;
  // Checked before the body, so a customer learns nothing about its rules.
  const ownerOrAdmin = async (request: FastifyRequest) => requireRole(request.user, 'owner', 'admin');

  app.post(
    '/notifications',
    {
      onRequest: [app.authenticate, ownerOrAdmin],
      schema: {
        tags: ['notifications'],
        summary: "Message the customer of one of your salon's upcoming bookings, from a fixed set of templates",
        description:
          'Owners (for their own salons) and admins. No free text: the template decides the words. Limited per sender (OWNER_MESSAGE_RATE_LIMIT_PER_HOUR) and to 3 per booking per hour. The record is dispatched by email after it is stored.',
        security: secured,
        body: OwnerMessageBody,
        response: { 201: Notification, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as OwnerMessageInput;
      // The bookings module applies its access rules (404 / 403) before anything is said.
      const booking = await bookings.get(request.user, body.bookingId);
      return reply.status(201).send(await notifications.sendOwnerMessage(request.user, booking, body));
    },
  );

  app.get(
    '/notifications',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        security: secured,
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Notification), 401: Problem },
      },
    },
    async (request) => {
      const { limit, offset } = request.query as { limit: number; offset: number };
      return notifications.list(request.user.id, limit, offset);
    },
  );
}
