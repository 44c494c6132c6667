/**
 * Starts Glamify: the embedded PostgreSQL (unless DATABASE_URL is set),
 * migrations, demo data, the HTTP + Socket.IO server and the job queue; and
 * stops them in reverse order on SIGINT/SIGTERM.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { type EmbeddedDb, EmbeddedDbError, startEmbedded } from './db/embedded.ts';
import { migrate, type Orm, openOrm } from './db/orm.ts';
import { seedDemoData } from './db/seed.ts';
import { startJobs } from './jobs.ts';

const log = pino({ level: process.env.LOG_LEVEL || 'info' });

function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use: is Glamify already running? Stop it or set PORT.`)
          : err,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Start-up failures whose message is the whole story: logged as one line, no stack. */
function isPlainFailure(err: unknown): err is Error {
  return err instanceof EmbeddedDbError || (err instanceof Error && err.message.startsWith('Port '));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    log.error(`Invalid configuration: ${(err as Error).message}`);
    process.exit(1);
  }
  await assertPortFree(config.port, config.host);

  let embedded: EmbeddedDb | undefined;
  let orm: Orm | undefined;
  const stops: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => log.warn({ err }, 'error while stopping'));
    }
    clearTimeout(timer);
    log.info('stopped');
    process.exit(0);
  };
  // The embedded PostgreSQL runs in a session of its own, so a Ctrl-C reaches
  // only us: the app drains first and stops the database last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  try {
    if (!config.databaseUrl) {
      const dir = join(config.dataDir, 'pg');
      log.info({ dir }, 'starting the embedded PostgreSQL');
      embedded = await startEmbedded({ dataDir: dir, persistent: true, log: (l) => log.info(l) });
      log.info({ dir: embedded.dataDir, port: embedded.port }, 'the embedded PostgreSQL is up');
      stops.push(() => (embedded as EmbeddedDb).stop());
    }
    orm = await openOrm(config.databaseUrl ?? (embedded as EmbeddedDb).url);
    stops.push(() => (orm as Orm).close(true));
    await migrate(orm);
    if (config.seedDemoData && (await seedDemoData(orm))) log.info('seeded the demo data');

    const app = await buildApp({ config, orm });
    // The daily job rolls the horizon; this makes sure a fresh or long-stopped install has slots now.
    const generated = await app.services.availability.generateSlots();
    log.info(generated, 'slots up to date');
    if (config.jobs) {
      const jobs = await startJobs(app);
      stops.push(() => jobs.stop());
    }
    // app.close() closes Socket.IO first (its onClose hook), then HTTP.
    stops.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    if (isPlainFailure(err)) {
      log.error(err.message);
    } else {
      log.error({ err }, 'failed to start');
    }
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => {});
    process.exit(1);
  }
}

void main().catch((err: unknown) => {
  if (isPlainFailure(err)) log.error(err.message);
  else log.error({ err }, 'failed to start');
  process.exit(1);
});
