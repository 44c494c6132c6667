/** HTTP routes of the Booking module (contract: Bookings). */
import { Booking, BookingStatus, Id, Page } from '@glamify/shared';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { invalid } from '../../errors.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const secured = [{ bearer: [] }];
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
const Key = Type.String({ minLength: 1, maxLength: 200 });

const CreateBody = Type.Object(
  {
    slotId: Id,
    serviceIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 5 })),
    serviceId: Type.Optional(Id),
    staffId: Type.Optional(Id),
    lockToken: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idempotencyKey: Type.Optional(Key),
  },
  { additionalProperties: false },
);
type CreateBody = Type.Static<typeof CreateBody>;

export async function bookingsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { bookings } = services;

  app.post(
    '/bookings',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: 'Book a time: one transaction from hold to confirmed booking',
        description:
          'Idempotent per user with `idempotencyKey` (body) or the `Idempotency-Key` header: a repeat returns the first booking with 200. A 409 carries `alternatives`.',
        security: secured,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Key) }),
        body: CreateBody,
        response: { 200: Booking, 201: Booking, 400: Problem, 401: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as CreateBody;
      const serviceIds = body.serviceIds ?? (body.serviceId !== undefined ? [body.serviceId] : undefined);
      if (!serviceIds) throw invalid('serviceIds', 'Give serviceIds (or serviceId)');
      const headerKey = request.headers['idempotency-key'] as string | undefined;
      const idempotencyKey = body.idempotencyKey ?? headerKey;
      const { booking, created } = await bookings.book(request.user.id, {
        slotId: body.slotId,
        serviceIds,
        ...(body.staffId !== undefined ? { staffId: body.staffId } : {}),
        ...(body.lockToken !== undefined ? { lockToken: body.lockToken } : {}),
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      return reply.status(created ? 201 : 200).send(booking);
    },
  );

  app.get(
    '/bookings',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: "Customers: their own bookings, upcoming first. Owners: their salons' bookings",
        security: secured,
        querystring: Type.Object(
          {
            salonId: Type.Optional(Id),
            date: Type.Optional(Type.String({ format: 'date' })),
            status: Type.Optional(BookingStatus),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Booking), 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const q = request.query as {
        salonId?: number;
        date?: string;
        status?: BookingStatus;
        limit: number;
        offset: number;
      };
      return bookings.list(request.user, q);
    },
  );

  app.get(
    '/bookings/:id',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: 'One booking (its customer or its salon owner)',
        security: secured,
        params: IdParams,
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => bookings.get(request.user, (request.params as { id: number }).id),
  );

  app.post(
    '/bookings/:id/cancel',
    {
      // The body is optional: no body means no reason.
      preValidation: async (request) => {
        request.body ??= {};
      },
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: "Cancel (the customer or the salon's owner); frees the slots",
        security: secured,
        params: IdParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { reason?: string };
      return bookings.cancel(request.user, (request.params as { id: number }).id, body.reason);
    },
  );

  app.post(
    '/bookings/:id/complete',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['bookings'],
        summary: "Mark as completed (the salon's owner)",
        security: secured,
        params: IdParams,
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => bookings.complete(request.user, (request.params as { id: number }).id),
  );
}
