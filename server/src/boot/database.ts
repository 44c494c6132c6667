/**
 * The database the servers use: the embedded PostgreSQL (unless DATABASE_URL
 * is set), migrated, with the demo data seeded when asked. Runs once per
 * start, in the process that owns the database (the primary when there are
 * several workers).
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { type EmbeddedDb, startEmbedded } from '../db/embedded.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { seedDemoData } from '../db/seed.ts';

export interface Database {
  url: string;
  /** Stops the embedded PostgreSQL; nothing for an external one. */
  stop: () => Promise<void>;
}

export async function prepareDatabase(config: Config, log: Logger): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  if (!config.databaseUrl) {
    const dir = join(config.dataDir, 'pg');
    log.info({ dir }, 'starting the embedded PostgreSQL');
    embedded = await startEmbedded({ dataDir: dir, persistent: true, log: (l) => log.info(l) });
    log.info({ dir: embedded.dataDir, port: embedded.port }, 'the embedded PostgreSQL is up');
  }
  const url = config.databaseUrl ?? (embedded as EmbeddedDb).url;
  const stop = async () => {
    await embedded?.stop();
  };
  try {
    const orm = await openOrm(url, 2);
    try {
      await migrate(orm);
      if (config.seedDemoData && (await seedDemoData(orm))) log.info('seeded the demo data');
    } finally {
      await orm.close(true);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}
