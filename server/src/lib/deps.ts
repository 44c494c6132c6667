import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { EventHub } from './events.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What every service factory receives. Built once in app.ts. */
export interface Deps {
  config: Config;
  orm: Orm;
  events: EventHub;
  log: FastifyBaseLogger;
  /** The application's clock; tests inject their own. */
  now: () => Date;
  /** The instant hold SQL uses as "now" (bind it to `SQL_NOW`): null lets PostgreSQL decide. */
  sqlNow: () => string | null;
  /** Rate limits shared by every instance (counters in PostgreSQL). */
  limiter: RateLimiter;
}
