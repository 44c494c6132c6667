/**
 * Background work on pg-boss: the queue lives in the same PostgreSQL, so a
 * scheduled job runs once per tick across every instance, with retries.
 */
import { PgBoss } from 'pg-boss';
import type { App } from './app.ts';

export interface Jobs {
  stop: () => Promise<void>;
}

export async function startJobs(app: App): Promise<Jobs> {
  const { config, log } = app.deps;
  const connectionString = app.orm.config.get('clientUrl') as string;
  const boss = new PgBoss({ connectionString, max: 4 });
  boss.on('error', (err: unknown) => log.error({ err }, 'job queue error'));
  await boss.start();
  void config;
  return {
    stop: async () => {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
