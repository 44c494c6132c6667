/**
 * /auth/register, /auth/login, /auth/me and /admin/owners. Tokens are signed
 * here, at the HTTP edge; the service only knows accounts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuthResult, ErrorCode, LoginBody, RegisterBody, User } from '@glamify/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

export interface AccountsRoutesOptions {
  services: Services;
}

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (app, { services }) => {
  const accounts = services.accounts;

  const { limiter } = services.deps;
  const rules = limitRules(services.deps.config);
  // Login and register share one budget per address: the contract counts
  // "login + register attempts" together, and separate budgets would let a
  // guesser double them by alternating. Checked before the body is parsed.
  const perAddress = async (request: FastifyRequest) =>
    limiter.consume(rules.authIp, request.ip, 'Too many sign-in attempts from this address');
  // Per account, from any address: rotating addresses does not buy more
  // guesses at one password. Unknown emails count alike, so the limit says
  // nothing about who has an account.
  const perAccount = (email: string) =>
    limiter.consume(rules.authAccount, email.toLowerCase(), 'Too many sign-in attempts for this account');

  app.post(
    '/auth/register',
    {
      onRequest: perAddress,
      schema: {
        tags: ['accounts'],
        summary: 'Create a customer account and sign in',
        body: RegisterBody,
        response: { 201: AuthResult },
      },
    },
    async (request, reply) => {
      const user = await accounts.register(request.body);
      return reply.status(201).send({ user, token: app.signToken(user) });
    },
  );

  app.post(
    '/auth/login',
    {
      onRequest: perAddress,
      preHandler: async (request) => perAccount(request.body.email),
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        description: 'A wrong password and an unknown email get the same 401 INVALID_CREDENTIALS.',
        body: LoginBody,
        response: { 200: AuthResult },
      },
    },
    async (request) => {
      const user = await accounts.login(request.body.email, request.body.password);
      return { user, token: app.signToken(user) };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in account',
        ...bearer,
        response: { 200: User },
      },
    },
    async (request) => {
      const user = await accounts.findUser(request.user.id);
      // A valid token for an account that is gone is as good as no token.
      if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account no longer exists');
      return user;
    },
  );

  app.post(
    '/admin/owners',
    {
      // Checked before the body is validated, so a customer learns nothing about the body's rules.
      config: { roles: ['admin'] },
      schema: {
        tags: ['accounts'],
        summary: 'Create a salon owner account (admins only)',
        ...bearer,
        body: RegisterBody,
        response: { 201: User },
      },
    },
    async (request, reply) => {
      const user = await accounts.createOwner(request.user, request.body);
      return reply.status(201).send(user);
    },
  );
};
