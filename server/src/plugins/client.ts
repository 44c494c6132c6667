/**
 * Serves the built PWA from the API's origin. Unknown app paths fall back to
 * index.html so client-side routes survive a reload; a path that names a
 * file (its last segment has an extension) or a hidden one, and is not in
 * the build, is a 404, so `/robots.txt` or a stale `/assets/old.js` never
 * comes back as HTML.
 */
import { existsSync, statSync } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The request path, percent-decoded and with `.`/`..` resolved; undefined when it cannot be. */
export function normalisePath(url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  return posix.normalize(`/${path}`);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const clientPlugin = fp<{ dir: string }>(async (app: FastifyInstance, { dir }) => {
  if (!existsSync(`${dir}/index.html`)) {
    app.log.warn({ dir }, 'client build not found; serving the API only (run `pnpm build`)');
    return;
  }
  const root = resolve(dir);
  await app.register(fastifyStatic, {
    root,
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
    const path = normalisePath(request.url);
    if (path === undefined || path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io/')) {
      return reply.callNotFound();
    }
    const file = resolve(root, `.${path}`);
    const inside = file === root || file.startsWith(root + sep);
    if (inside && isFile(file)) return reply.sendFile(relative(root, file));
    // Files (an extension) and hidden paths (`/.git/config`) are never app routes.
    const segments = path.split('/');
    if ((segments.at(-1) ?? '').includes('.') || segments.some((s) => s.startsWith('.'))) {
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
});
