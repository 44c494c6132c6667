/** Mounts every module's routes under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.ts';

export async function registerModules(app: FastifyInstance, services: Services): Promise<void> {
  void services;
  await app.register(
    async (api) => {
      void api;
    },
    { prefix: '/api/v1' },
  );
}
