/**
 * Bearer tokens: HS256 JWTs carrying the user id and role, signed with the
 * secret every instance shares. `app.authenticate` guards routes;
 * `app.optionalUser` reads a token when one is sent.
 */

import jwt from '@fastify/jwt';
import { ErrorCode, type Role } from '@glamify/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

export interface AuthUser {
  id: number;
  role: Role;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role };
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>;
    signToken: (user: AuthUser) => string;
    verifyToken: (token: string) => AuthUser;
  }
}

export interface AuthOptions {
  secret: string;
  ttlSeconds: number;
}

function toUser(payload: { sub: string; role: Role }): AuthUser {
  const id = Number(payload.sub);
  if (!Number.isInteger(id) || id < 1) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is not valid');
  return { id, role: payload.role };
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
  app.decorate('authenticate', async (request: FastifyRequest) => {
    if (!request.headers.authorization) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to do this');
    try {
      await request.jwtVerify();
    } catch {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The token is invalid or has expired');
    }
  });
});

/** Throws FORBIDDEN unless the user has one of the roles. */
export function requireRole(user: AuthUser, ...roles: Role[]): void {
  if (!roles.includes(user.role)) throw new AppError(ErrorCode.FORBIDDEN, `This needs the ${roles.join(' or ')} role`);
}
