/**
 * Builds the application as a Fastify instance. It never listens: main.ts
 * does, and tests use inject() or listen on port 0 themselves.
 */
import type { Agent } from 'node:https';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Orm } from './db/orm.ts';
import { sqlClock } from './lib/clock.ts';
import type { Deps } from './lib/deps.ts';
import { createEventHub } from './lib/events.ts';
import { createRateLimiter } from './lib/rate-limit.ts';
import { lazyVapidKeys, resolveAuthSecret } from './lib/secret.ts';
import { trustFunction } from './lib/trust-proxy.ts';
import { createPaymentProvider } from './modules/payments/payments.service.ts';
import { realtimePlugin } from './modules/realtime/realtime.plugin.ts';
import { waitlistPlugin } from './modules/waitlist/waitlist.plugin.ts';
import { registerModules } from './modules.ts';
import { authPlugin } from './plugins/auth.ts';
import { clientPlugin } from './plugins/client.ts';
import { compressionPlugin } from './plugins/compression.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { healthRoutes } from './plugins/health.ts';
import { ormPlugin } from './plugins/orm.ts';
import { installValidators } from './plugins/validation.ts';
import { buildServices, type Services } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    services: Services;
  }
}

export interface AppOptions {
  config: Config;
  orm: Orm;
  /** The clock; tests pass their own. */
  now?: () => Date;
  /** Pino options, or false for silence (tests). */
  logger?: boolean | object;
  /** The HTTPS agent push requests use; tests pass one that trusts their local push service. */
  pushAgent?: Agent;
}

export type App = FastifyInstance;

export async function buildApp(opts: AppOptions): Promise<App> {
  const { config, orm } = opts;
  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', '*.password', '*.passwordHash'],
    },
    // A function, not Fastify's own number handling, so HTTP and socket handshakes agree on the client's address.
    trustProxy: config.trustProxy === false ? false : trustFunction(config.trustProxy),
    bodyLimit: 64 * 1024,
    // Socket.IO keeps its own long-lived connections; let shutdown end idle HTTP ones.
    forceCloseConnections: 'idle',
    // A rolling deploy: a request that reached this instance on an open connection while it drains
    // is served (with Connection: close, so the client moves on), not answered 503.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidators(app);

  const events = createEventHub((err) => app.log.error({ err }, 'event listener failed'));
  const deps: Deps = {
    config,
    orm,
    events,
    log: app.log,
    now: opts.now ?? (() => new Date()),
    sqlNow: sqlClock(opts.now),
    limiter: createRateLimiter(orm),
  };
  app.decorate('deps', deps);

  await app.register(errorsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // 'self' covers ws: and wss: to this origin (CSP Level 3; checked in a real Chromium by
        // client/test/csp.browser.test.ts); bare ws:/wss: would allow sockets to any host.
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The PWA is served over plain HTTP in development; HSTS belongs to the TLS proxy.
    hsts: false,
  });
  await app.register(compressionPlugin);
  await app.register(ormPlugin, { orm });
  const services = buildServices(deps, {
    vapid: lazyVapidKeys(orm, config.vapidKeys),
    ...(opts.pushAgent ? { pushAgent: opts.pushAgent } : {}),
    paymentProvider: createPaymentProvider(config, orm),
  });
  app.decorate('services', services);
  // Sends under way finish before whoever built the app closes the pool.
  app.addHook('onClose', async () => services.notifications.close());
  await app.register(authPlugin, {
    secret: await resolveAuthSecret(orm, config.authSecret),
    ttlSeconds: config.authTokenTtlSeconds,
    verifyKiosk: services.kiosks.verify,
  });
  await app.register(docsPlugin);
  await app.register(healthRoutes);

  await registerModules(app, services);
  await app.register(realtimePlugin, { services });
  await app.register(waitlistPlugin, { services });

  await app.register(clientPlugin, { dir: config.clientDir });
  return app;
}
