/**
 * Bearer tokens: HS256 JWTs carrying the user id and role, signed with the
 * secret every instance shares.
 *
 * Authentication is attached one way: a route that declares the bearer
 * security scheme in its schema (which is also what the OpenAPI document
 * shows) is authenticated in `onRequest`, before its body, query or params
 * are validated, so a request without a valid token is a 401 whatever else
 * is wrong with it. `config.roles` narrows such a route to some roles (403,
 * also before validation).
 *
 * Kiosk tokens (opaque, `gk_…`, checked against their hash in the
 * database) are a second kind of bearer: accepted only on routes that say
 * `config.kiosk` (`'allow'`: users too, `'only'`: kiosks only), where they
 * set `request.kiosk`; any other route answers 403 to them. A revoked or
 * unknown kiosk token is a 401 like a bad user token.
 */

import jwt from '@fastify/jwt';
import { ErrorCode, type Role } from '@glamify/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { type AuthUser, type KioskPrincipal, requireRole } from '../lib/auth-user.ts';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role };
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    signToken: (user: AuthUser) => string;
    verifyToken: (token: string) => AuthUser;
  }
  interface FastifyRequest {
    /** The paired kiosk calling, on routes that allow kiosks; null otherwise. */
    kiosk: KioskPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Only these roles may call the route (checked right after authentication). */
    roles?: Role[];
    /** Kiosk tokens are refused unless the route allows them: alongside users, or only them. */
    kiosk?: 'allow' | 'only';
  }
}

/** Kiosk tokens start with this, which no JWT does (they start with `eyJ`). */
export const KIOSK_TOKEN_PREFIX = 'gk_';

/** The schema fragment that makes a route authenticated (and documents it). */
export const bearer = { security: [{ bearer: [] }] };

export interface AuthOptions {
  secret: string;
  ttlSeconds: number;
  /** The device a kiosk token belongs to, or null when it is unknown or revoked. */
  verifyKiosk: (token: string) => Promise<KioskPrincipal | null>;
}

function toUser(payload: { sub: string; role: Role }): AuthUser {
  const id = Number(payload.sub);
  if (!Number.isInteger(id) || id < 1) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is not valid');
  return { id, role: payload.role };
}

function isSecured(request: FastifyRequest): boolean {
  const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
  return Array.isArray(security) && security.length > 0;
}

export const authPlugin = fp<AuthOptions>(async (app: FastifyInstance, opts) => {
  await app.register(jwt, {
    secret: opts.secret,
    sign: { algorithm: 'HS256', expiresIn: opts.ttlSeconds },
    verify: { algorithms: ['HS256'] },
    formatUser: (payload) => toUser(payload),
  });
  app.decorate('signToken', (user: AuthUser) => app.jwt.sign({ sub: String(user.id), role: user.role }));
  app.decorate('verifyToken', (token: string) => {
    try {
      return toUser(app.jwt.verify<{ sub: string; role: Role }>(token));
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired');
    }
  });
  app.decorateRequest('kiosk', null);
  app.addHook('onRequest', async (request) => {
    if (!isSecured(request)) return;
    const header = request.headers.authorization;
    if (!header) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to do this');
    const kioskMode = request.routeOptions.config.kiosk;
    const bearerToken = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearerToken?.startsWith(KIOSK_TOKEN_PREFIX)) {
      const kiosk = await opts.verifyKiosk(bearerToken);
      if (!kiosk) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This kiosk is not paired, or its pairing was revoked');
      if (!kioskMode) throw new AppError(ErrorCode.FORBIDDEN, 'A kiosk may not do this');
      request.kiosk = kiosk;
      return;
    }
    try {
      await request.jwtVerify();
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired');
    }
    if (kioskMode === 'only') throw new AppError(ErrorCode.FORBIDDEN, 'Only a paired kiosk may do this');
    const roles = request.routeOptions.config.roles;
    if (roles) requireRole(request.user, ...roles);
  });
});
