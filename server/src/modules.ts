/** Mounts every module's routes under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.ts';

export async function registerModules(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    async (api) => {
      // MODULE ROUTES (one line per module)
      void api;
      void services;
    },
    { prefix: '/api/v1' },
  );
}
