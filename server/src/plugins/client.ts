/**
 * Serves the built PWA from the API's origin. Unknown app paths fall back to
 * index.html so client-side routes survive a reload; a path that names a
 * file (its last segment has an extension) or a hidden one, and is not in
 * the build, is a 404, so a stale `/assets/old.js` never comes back as HTML.
 * The build carries brotli and gzip copies of its text files (written once
 * at build time), sent as they are to clients that accept them.
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

/**
 * Hashed assets never change under their name: cached for a year. The
 * service worker, the HTML and the manifest name the current hashes, so they
 * are revalidated on every use; anything else is revalidated too.
 */
export function cacheControlFor(pathInBuild: string): string {
  const file = pathInBuild.replace(/\.(br|gz)$/, '');
  if (file.startsWith(`assets${sep}`)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * Headers a hashed asset does not need: the policies that only mean
 * something on a document (or a worker's script: the policy of a script or
 * stylesheet is its page's), and the validators of a file that is never
 * revalidated (immutable for a year). Sending them with every asset costs
 * about 800 bytes per file on a first visit. nosniff and
 * Cross-Origin-Resource-Policy stay: they guard the asset itself.
 */
const ASSET_NEEDLESS_HEADERS = [
  'etag',
  'last-modified',
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

export const clientPlugin = fp<{ dir: string }>(async (app: FastifyInstance, { dir }) => {
  if (!existsSync(`${dir}/index.html`)) {
    app.log.warn({ dir }, 'client build not found; serving the API only (run `pnpm build`)');
    return;
  }
  const root = resolve(dir);
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    setHeaders: (res, path) => {
      const file = relative(root, path);
      res.header('cache-control', cacheControlFor(file));
      if (file.startsWith(`assets${sep}`)) for (const h of ASSET_NEEDLESS_HEADERS) res.removeHeader(h);
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
    return reply.sendFile('index.html');
  });
});
