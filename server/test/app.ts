/** Builds a real app on a fresh real database for one test file. */
import type { Agent } from 'node:https';
import { type App, buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Orm, openOrm } from '../src/db/orm.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  app: App;
  orm: Orm;
  db: TestDb;
  config: Config;
  close: () => Promise<void>;
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  opts: { now?: () => Date; db?: TestDb; poolMax?: number; pushAgent?: Agent } = {},
): Promise<TestApp> {
  const db = opts.db ?? (await createTestDb());
  const config = loadConfig(
    {
      // Limits high enough not to get in the way; the tests of limits set their own.
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: '100000',
      HOLD_RATE_LIMIT_PER_MINUTE: '100000',
      OWNER_MESSAGE_RATE_LIMIT_PER_HOUR: '100000',
      CHECK_IN_RATE_LIMIT_PER_HOUR: '100000',
      CUSTOMER_SEARCH_RATE_LIMIT_PER_MINUTE: '100000',
      RESCHEDULE_RATE_LIMIT_PER_HOUR: '100000',
      BOOKING_RATE_LIMIT_PER_HOUR: '100000',
      BOOKINGS_PER_CUSTOMER_DAY: '10000',
      SOCKET_MAX_CONNECTIONS_PER_IP: '100000',
      LOG_LEVEL: 'silent',
    },
    { databaseUrl: db.url, workers: 1, jobs: false, bus: false, clientDir: '/nonexistent', ...overrides },
  );
  const orm = await openOrm(db.url, opts.poolMax ?? 30);
  const app = await buildApp({
    config,
    orm,
    logger: false,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.pushAgent ? { pushAgent: opts.pushAgent } : {}),
  });
  await app.ready();
  return {
    app,
    orm,
    db,
    config,
    close: async () => {
      await app.close();
      await orm.close(true);
      if (!opts.db) await db.drop();
    },
  };
}
