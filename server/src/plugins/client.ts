/**
 * Serves the built PWA from the API's origin. Unknown non-API paths fall
 * back to index.html so client-side routes survive a reload.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const clientPlugin = fp<{ dir: string }>(async (app: FastifyInstance, { dir }) => {
  if (!existsSync(`${dir}/index.html`)) {
    app.log.warn({ dir }, 'client build not found; serving the API only (run `pnpm build`)');
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    setHeaders: (res, path) => {
      // The service worker and the HTML must be revalidated; hashed assets are immutable.
      if (path.endsWith('sw.js') || path.endsWith('.html') || path.endsWith('.webmanifest')) {
        res.header('cache-control', 'no-cache');
      } else if (path.includes('/assets/')) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/socket.io/')) {
      return reply.callNotFound();
    }
    const file = path.slice(1);
    if (file && existsSync(`${dir}/${file}`)) return reply.sendFile(file);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
});
