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
 */

import jwt from '@fastify/jwt';
import { ErrorCode, type Role } from '@glamify/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { type AuthUser, requireRole } from '../lib/auth-user.ts';

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
  interface FastifyContextConfig {
    /** Only these roles may call the route (checked right after authentication). */
    roles?: Role[];
  }
}

/** The schema fragment that makes a route authenticated (and documents it). */
export const bearer = { security: [{ bearer: [] }] };

export interface AuthOptions {
  secret: string;
  ttlSeconds: number;
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
  app.addHook('onRequest', async (request) => {
    if (!isSecured(request)) return;
    if (!request.headers.authorization) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to do this');
    try {
      await request.jwtVerify();
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired');
    }
    const roles = request.routeOptions.config.roles;
    if (roles) requireRole(request.user, ...roles);
  });
});
