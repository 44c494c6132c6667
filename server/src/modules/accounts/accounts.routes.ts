/**
 * /auth/register, /auth/login, /auth/me and /admin/owners. Tokens are signed
 * here, at the HTTP edge; the service only knows accounts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuthResult, ErrorCode, LoginBody, RegisterBody, User } from '@glamify/shared';
import { AppError } from '../../errors.ts';
import { bearer } from '../../plugins/auth.ts';
import type { Services } from '../../services.ts';

export interface AccountsRoutesOptions {
  services: Services;
}

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (app, { services }) => {
  const accounts = services.accounts;

  // One limiter shared by login and register: the contract counts "login +
  // register attempts" together, and a per-route limit would let a guesser
  // double the budget by alternating. Counts are per instance (in memory).
  const authLimit = app.rateLimit({
    max: services.deps.config.authRateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, ctx) =>
      new AppError(ErrorCode.RATE_LIMITED, `Too many sign-in attempts; try again in ${ctx.after}`),
  });

  app.post(
    '/auth/register',
    {
      onRequest: authLimit,
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
      onRequest: authLimit,
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
