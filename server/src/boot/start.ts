/**
 * Starts Glamify (loaded by main.ts): the database (embedded PostgreSQL unless DATABASE_URL is
 * set, migrated, seeded), then the HTTP + Socket.IO server and the job queue,
 * in this process (WORKERS=1) or in WORKERS worker processes sharing the
 * port (boot/cluster.ts). Stops in reverse order on SIGINT/SIGTERM/SIGHUP:
 * servers first (in-flight requests finish), the database last.
 */
import cluster from 'node:cluster';
import pino from 'pino';
import { type Config, loadConfig } from '../config.ts';
import { LEAD_ENV, startWorkers, type WorkerPool } from './cluster.ts';
import { type Database, prepareDatabase } from './database.ts';
import { assertPortFree, isPlainFailure } from './failures.ts';
import { serve } from './serve.ts';

const log = pino({ level: process.env.LOG_LEVEL || 'info' });

/** Runs `stop` once on the first of SIGINT, SIGTERM, SIGHUP, then exits. */
function onSignals(stop: () => Promise<number>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    void stop().then((code) => {
      log.info('stopped');
      process.exit(code);
    });
  };
  // PostgreSQL runs in a session of its own, so a terminal's Ctrl-C reaches
  // only us (and our workers): we drain first and stop the database last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}

function fail(err: unknown): never {
  if (isPlainFailure(err)) log.error(err.message);
  else log.error({ err }, 'failed to start');
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    log.error(`Invalid configuration: ${(err as Error).message}`);
    process.exit(1);
  }
}

/** One process: database, server and jobs. */
async function single(config: Config): Promise<void> {
  let db: Database | undefined;
  let stopServer: (() => Promise<void>) | undefined;
  onSignals(async () => {
    await stopServer?.();
    await db?.stop();
    return 0;
  });
  db = await prepareDatabase(config, log);
  try {
    stopServer = (await serve(config, db.url, log, { generateSlots: true })).stop;
  } catch (err) {
    await db.stop();
    throw err;
  }
}

/** The primary of several workers: owns the database, supervises the workers. */
async function primary(config: Config): Promise<void> {
  let db: Database | undefined;
  let pool: WorkerPool | undefined;
  const shutdown = async (code: number) => {
    await pool?.stop();
    await db?.stop();
    return code;
  };
  onSignals(() => shutdown(0));
  db = await prepareDatabase(config, log);
  pool = startWorkers(
    { count: config.workers, databaseUrl: db.url, jobs: config.jobs, host: config.host, port: config.port },
    log,
  );
  void pool.failed.then(async () => process.exit(await shutdown(1)));
  try {
    await pool.listening;
  } catch (err) {
    await shutdown(1);
    throw err;
  }
  log.info({ workers: config.workers, port: config.port }, 'all workers are listening');
}

/** A worker: the database is ready; serve until told to stop. */
async function worker(config: Config): Promise<void> {
  let stopServer: (() => Promise<void>) | undefined;
  onSignals(async () => {
    await stopServer?.();
    return 0;
  });
  // The primary is gone (killed): do not linger as an orphan.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  const lead = process.env[LEAD_ENV] === '1';
  // The lead runs the jobs; the others send it the deadlines of the deposits they open.
  stopServer = (await serve(config, config.databaseUrl as string, log, { generateSlots: lead, sendDeadlines: !lead }))
    .stop;
}

async function main(): Promise<void> {
  const config = readConfig();
  if (cluster.isWorker) return worker(config);
  await assertPortFree(config.port, config.host);
  return config.workers > 1 ? primary(config) : single(config);
}

void main().catch(fail);
