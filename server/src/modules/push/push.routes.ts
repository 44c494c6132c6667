/** HTTP routes of the Push module (contract: "Web Push"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PushEndpointBody, PushPublicKey, PushSubscriptionBody, PushSubscriptionResult } from '@glamify/shared';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['push'];

export const pushRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { push } = services;

  app.get(
    '/push/public-key',
    {
      schema: {
        tags,
        summary: "The server's VAPID public key: subscribe with it as `applicationServerKey`",
        response: { 200: PushPublicKey },
      },
    },
    async () => ({ publicKey: await push.publicKey() }),
  );

  app.post(
    '/push/subscriptions',
    {
      schema: {
        tags,
        summary: "Push to this device (the body is the browser's `PushSubscription.toJSON()`)",
        description:
          'One subscription per device; sending it again is fine. Owners get pushes for new, cancelled, moved and checked-in bookings; customers for reminders and waitlist offers. The endpoint must be an https URL of a public push service.',
        ...bearer,
        body: PushSubscriptionBody,
        response: { 201: PushSubscriptionResult, 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await push.subscribe(request.user, request.body)),
  );

  app.delete(
    '/push/subscriptions',
    {
      schema: {
        tags,
        summary: 'Stop pushing to this device',
        ...bearer,
        body: PushEndpointBody,
        response: { 204: { type: 'null' }, 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      await push.unsubscribe(request.user, request.body.endpoint);
      return reply.status(204).send(null);
    },
  );
};
