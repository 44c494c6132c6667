/** HTTP routes of the Booking module (contract: Bookings). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Booking,
  BookingListQuery,
  BookingParams,
  CancelBody,
  CheckInAnswer,
  CheckInBody,
  CreateBookingBody,
  CustomerMatches,
  CustomerSearchQuery,
  IdempotencyHeaders,
  Page,
  RescheduleBody,
  SalonParams,
} from '@glamify/shared';
import { invalid } from '../../errors.ts';
import type { FrontDeskActor } from '../../lib/auth-user.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['bookings'];

export const bookingsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { bookings } = services;

  app.post(
    '/bookings',
    {
      schema: {
        tags,
        summary: 'Book a time: one transaction from hold to confirmed booking',
        description:
          '`slotId` names exactly that stylist’s slot; with `anyStaff: true` the same start with another free stylist is fine (the answer’s `staffId` says who). Idempotent per requester with `idempotencyKey` (body) or the `Idempotency-Key` header: a repeat returns the first booking with 200, the same key with another request is 422, and a failed request saves nothing. A 409 carries `alternatives`. The salon’s owner may book a walk-in with `guest`. A customer gets 429 `RATE_LIMITED` past BOOKING_RATE_LIMIT_PER_HOUR (a replay is free; cancelling is never limited), past BOOKINGS_PER_CUSTOMER_DAY live bookings at the salon that day, or, when the booking would await a deposit, past HOLDS_PER_CUSTOMER holds and unpaid bookings together.',
        ...bearer,
        headers: IdempotencyHeaders,
        body: CreateBookingBody,
        response: {
          200: Booking,
          201: Booking,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const { serviceId, serviceIds: ids, idempotencyKey: bodyKey, ...rest } = request.body;
      const serviceIds = ids ?? (serviceId !== undefined ? [serviceId] : undefined);
      if (!serviceIds) throw invalid('serviceIds', 'Give serviceIds (or serviceId)');
      const idempotencyKey = bodyKey ?? request.headers['idempotency-key'];
      const { booking, created } = await bookings.book(request.user, {
        ...rest,
        serviceIds,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      return reply.status(created ? 201 : 200).send(booking);
    },
  );

  app.get(
    '/bookings',
    {
      schema: {
        tags,
        summary: "Customers: their own bookings, upcoming first. Owners: their salons' bookings",
        ...bearer,
        querystring: BookingListQuery,
        response: { 200: Page(Booking), 400: Problem, 401: Problem },
      },
    },
    async (request) => bookings.list(request.user, request.query),
  );

  app.get(
    '/bookings/:id',
    {
      schema: {
        tags,
        summary: 'One booking (its customer or its salon owner)',
        ...bearer,
        params: BookingParams,
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => bookings.get(request.user, request.params.id),
  );

  app.post(
    '/bookings/:id/cancel',
    {
      // The body is optional: no body means no reason.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: "Cancel (the customer or the salon's owner); frees the slots",
        description:
          'Never rate-limited: a customer can always give a time back. The salon’s reason reaches the customer only as one of SALON_CANCEL_REASONS, in Glamify’s words; other text stays the salon’s note.',
        ...bearer,
        params: BookingParams,
        body: CancelBody,
        response: { 200: Booking, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => bookings.cancel(request.user, request.params.id, request.body.reason),
  );

  app.post(
    '/bookings/:id/reschedule',
    {
      schema: {
        tags,
        summary: 'Move a booking to another time (the customer within the policy window, or the salon’s owner)',
        description:
          'One transaction moves the booking (same id, items and payment) to the new slots and frees the old ones; both days’ rooms hear of it and the owner gets `booking:rescheduled`. `slotId` names exactly that stylist’s slot; `anyStaff: true` lets another free stylist take the same start. A customer may move it until the salon’s `freeCancellationHours` before the start (later: 409 `POLICY_WINDOW_CLOSED`); owners always. A taken time is a 409 with `alternatives`. Idempotent per requester with `idempotencyKey` (body) or the `Idempotency-Key` header. Customers may move at most RESCHEDULE_RATE_LIMIT_PER_HOUR times an hour, and not onto a day where they have BOOKINGS_PER_CUSTOMER_DAY live bookings at the salon (429).',
        ...bearer,
        params: BookingParams,
        headers: IdempotencyHeaders,
        body: RescheduleBody,
        response: {
          200: Booking,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request) => {
      const { idempotencyKey: bodyKey, ...rest } = request.body;
      const idempotencyKey = bodyKey ?? request.headers['idempotency-key'];
      return bookings.reschedule(request.user, request.params.id, {
        ...rest,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
    },
  );

  app.post(
    '/bookings/:id/complete',
    {
      schema: {
        tags,
        summary: "Mark as completed (the salon's owner, once the booking has started)",
        ...bearer,
        params: BookingParams,
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => bookings.complete(request.user, request.params.id),
  );

  app.post(
    '/bookings/:id/no-show',
    {
      schema: {
        tags,
        summary: "Mark as a no-show (the salon's owner, once the booking has started); final",
        ...bearer,
        params: BookingParams,
        response: { 200: Booking, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => bookings.noShow(request.user, request.params.id),
  );

  app.post(
    '/bookings/:id/check-in',
    {
      // The body is optional: the owner checks people in without a code.
      preValidation: async (request) => {
        request.body ??= {};
      },
      config: { roles: ['owner', 'admin'], kiosk: 'allow' },
      schema: {
        tags,
        summary: "Record that the customer has arrived (the salon's owner, or a kiosk paired to the salon)",
        description:
          'A kiosk sends `code`: the booking’s 4-digit check-in code or the last 4 digits of the guest’s phone (403 CHECK_IN_CODE_INVALID otherwise). Confirmed bookings only, from two hours before the start until the end (409 CHECK_IN_CLOSED). Checking in again answers the same booking. The owner gets `booking:checked-in`. Kiosk attempts are limited per kiosk (CHECK_IN_RATE_LIMIT_PER_HOUR) and to 5 per booking per 15 minutes.',
        ...bearer,
        params: BookingParams,
        body: CheckInBody,
        response: {
          200: CheckInAnswer,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          429: Problem,
        },
      },
    },
    async (request) => {
      const actor: FrontDeskActor = request.kiosk
        ? { kind: 'kiosk', kiosk: request.kiosk }
        : { kind: 'user', user: request.user };
      return bookings.checkIn(actor, request.params.id, request.body.code);
    },
  );

  app.get(
    '/salons/:id/customers',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        tags: ['salons'],
        summary: 'Find a customer of your salon for a phone booking: part of a name or a whole email',
        description:
          'Only people who have booked at this salon are found; emails match whole and come back shortened. Limited per owner (CUSTOMER_SEARCH_RATE_LIMIT_PER_MINUTE).',
        ...bearer,
        params: SalonParams,
        querystring: CustomerSearchQuery,
        response: { 200: CustomerMatches, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) =>
      bookings.searchCustomers(request.user, request.params.id, request.query.q, request.query.limit ?? 10),
  );
};
