/**
 * One server: the Fastify app with Socket.IO, and optionally the job queue,
 * on a database that is ready. Used alone (one process) or in each worker.
 */
import type { Logger } from 'pino';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { type Orm, openOrm } from '../db/orm.ts';
import { startDeadlineSender, startJobs } from '../jobs.ts';

export interface Served {
  /** Stops in reverse order: Socket.IO and HTTP (in-flight requests finish), jobs, the pool. */
  stop: () => Promise<void>;
}

export interface ServeOptions {
  /** Roll the slot horizon before listening (one process per start does it). */
  generateSlots: boolean;
  /** Without jobs here but with them on another worker: still schedule the deposit deadlines opened here. */
  sendDeadlines?: boolean;
}

export async function serve(config: Config, databaseUrl: string, log: Logger, opts: ServeOptions): Promise<Served> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => log.warn({ err }, 'error while stopping'));
  };
  try {
    const orm: Orm = await openOrm(databaseUrl);
    stops.push(() => orm.close(true));
    const app = await buildApp({ config, orm });
    if (opts.generateSlots) {
      // The daily job rolls the horizon; this makes sure a fresh or long-stopped install has slots now.
      log.info(await app.services.availability.generateSlots(), 'slots up to date');
    }
    if (config.jobs || opts.sendDeadlines) {
      const jobs = config.jobs ? await startJobs(app) : await startDeadlineSender(app);
      stops.push(() => jobs.stop());
    }
    // app.close() closes Socket.IO first (its onClose hook), then HTTP.
    stops.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
