/** HTTP routes of the Notification module (contract: Notifications). */
import { Id, Notification, Page } from '@glamify/shared';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { invalid } from '../../errors.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const secured = [{ bearer: [] }];

export async function notificationsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { notifications } = services;

  app.post(
    '/notifications',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        summary: 'Create a notification record and dispatch it (owner: own customers; admin: anyone)',
        security: secured,
        body: Type.Object(
          {
            userId: Id,
            type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+$' }),
            payload: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Notification, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as { userId: number; type: string; payload: Record<string, unknown> };
      if (JSON.stringify(body.payload).length > 4000)
        throw invalid('payload', 'payload must be at most 4000 bytes of JSON');
      return reply.status(201).send(await notifications.create(request.user, body));
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
