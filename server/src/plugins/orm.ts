/**
 * Exposes the ORM and forks its EntityManager per request, so no request
 * ever sees another's identity map.
 */
import { RequestContext } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Orm } from '../db/orm.ts';

declare module 'fastify' {
  interface FastifyInstance {
    orm: Orm;
  }
}

export const ormPlugin = fp<{ orm: Orm }>(async (app: FastifyInstance, { orm }) => {
  app.decorate('orm', orm);
  app.addHook('onRequest', (_request, _reply, done) => {
    RequestContext.create(orm.em, done);
  });
});
