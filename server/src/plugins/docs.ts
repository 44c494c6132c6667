/**
 * The OpenAPI document, generated from the route schemas (the same schemas
 * that validate and serialise), served at /api/docs.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const docsPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Glamify API',
        version: '1.0.0',
        description:
          'Salon booking: catalog, live availability, checkout holds and bookings. Errors are RFC 9457 problem+json with a stable `code`. Realtime events are described in the project README.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      tags: [
        { name: 'accounts' },
        { name: 'salons' },
        { name: 'availability' },
        { name: 'bookings' },
        { name: 'notifications' },
        { name: 'payments' },
        { name: 'push', description: 'Web Push subscriptions (VAPID)' },
        { name: 'calendar', description: 'Calendar files and the owner’s private feed' },
        {
          name: 'kiosks',
          description:
            'Front-desk screens: pairing (a one-time code for a revocable device token) and what a paired kiosk reads',
        },
        {
          name: 'waitlist',
          description:
            'Waiting for a time that frees up. An offer is a hold taken for the customer (`waitlist:offer` on their sockets); book it with POST /bookings and its lockToken.',
        },
        { name: 'operations' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
});
