/**
 * Kiosk routes: the owner's pairing and revocation under
 * /salons/:id/kiosks, the screen's own pairing (no sign-in: the one-time
 * code is the proof) and what a paired screen reads with its token.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorCode,
  KioskBookingList,
  KioskDayQuery,
  KioskDevice,
  KioskIdentity,
  KioskPairing,
  KioskParams,
  KioskSession,
  NewKiosk,
  Page,
  PairKioskBody,
  SalonParams,
} from '@glamify/shared';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AppError } from '../../errors.ts';
import type { KioskPrincipal } from '../../lib/auth-user.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['kiosks'];

/** The kiosk of a kiosk-only route (the auth hook has refused everyone else). */
function kioskOf(request: FastifyRequest): KioskPrincipal {
  if (!request.kiosk) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Pair this kiosk first');
  return request.kiosk;
}

export const kiosksRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { kiosks, bookings } = services;
  const owner = { tags, ...bearer };

  app.get(
    '/salons/:id/kiosks',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        ...owner,
        summary: "The salon's kiosk screens: waiting for pairing, paired (with when last seen), revoked",
        params: SalonParams,
        response: { 200: Page(KioskDevice), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      const items = await kiosks.list(request.user, request.params.id);
      return { items, total: items.length };
    },
  );

  app.post(
    '/salons/:id/kiosks',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        ...owner,
        summary: 'Pair a kiosk: a one-time code to type on the screen within ten minutes',
        params: SalonParams,
        body: NewKiosk,
        response: { 201: KioskPairing, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await kiosks.create(request.user, request.params.id, request.body.name)),
  );

  app.delete(
    '/salons/:id/kiosks/:kioskId',
    {
      config: { roles: ['owner', 'admin'] },
      schema: {
        ...owner,
        summary: 'Revoke a kiosk: its token is refused from the next request on (the screen shows the schedule only)',
        params: KioskParams,
        response: { 204: Type.Null(), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      await kiosks.revoke(request.user, request.params.id, request.params.kioskId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/kiosks/pair',
    {
      schema: {
        tags,
        summary: 'Redeem a pairing code on the kiosk screen for its device token',
        description: `Codes work once and for ten minutes; attempts are limited per address (10 per 10 minutes). An unknown, used, expired or revoked code is 400 ${ErrorCode.PAIRING_CODE_INVALID}.`,
        body: PairKioskBody,
        response: { 201: KioskSession, 400: Problem, 429: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await kiosks.pair(request.body.code, request.ip)),
  );

  app.get(
    '/kiosks/me',
    {
      config: { kiosk: 'only' },
      schema: {
        tags,
        summary: 'The kiosk this token pairs (401 once revoked)',
        ...bearer,
        response: { 200: KioskIdentity, 401: Problem, 403: Problem },
      },
    },
    async (request) => kiosks.identity(kioskOf(request)),
  );

  app.get(
    '/kiosks/me/bookings',
    {
      config: { kiosk: 'only' },
      schema: {
        tags,
        summary: "The kiosk salon's bookings of a day: first names and services only",
        description: "Yesterday, today or tomorrow in the salon's time zone; cancelled bookings are left out.",
        ...bearer,
        querystring: KioskDayQuery,
        response: { 200: KioskBookingList, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => bookings.kioskDay(kioskOf(request), request.query.date),
  );
};
