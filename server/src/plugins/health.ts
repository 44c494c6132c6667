/**
 * Liveness and readiness for load balancers: /health answers as soon as the
 * process serves HTTP; /ready only when the database answers and every
 * migration has been applied.
 */

import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Orm } from '../db/orm.ts';

export async function isReady(orm: Orm): Promise<boolean> {
  try {
    const pending = await orm.migrator.getPending();
    return pending.length === 0;
  } catch {
    return false;
  }
}

const Status = Type.Object({ status: Type.String() });

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { tags: ['operations'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get(
    '/ready',
    { schema: { tags: ['operations'], response: { 200: Status, 503: Status } } },
    async (_request, reply) => {
      const ready = await isReady(app.orm);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
    },
  );
}
