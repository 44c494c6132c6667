/**
 * Several workers on one machine (WORKERS > 1): the primary owns the
 * database (embedded PostgreSQL, migrations, demo data) and the workers serve
 * HTTP and Socket.IO on one shared port, talking to each other through the
 * event bus as separate instances would. One worker, the lead, also rolls the
 * slot horizon at start and runs the job queue (pg-boss keeps jobs exactly-once
 * anyway; one worker polling is enough). A worker that dies is replaced; one
 * that cannot start stops the whole start.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** Set by the primary in the lead worker's environment. */
export const LEAD_ENV = 'GLAMIFY_WORKER_LEAD';

export interface WorkerPool {
  /** Every worker is listening. Rejects if one exits before it got there. */
  listening: Promise<void>;
  /** Settles when the pool gives up (workers keep dying): the caller shuts down. */
  failed: Promise<void>;
  /** Stops every worker (they drain their requests) and resolves when all have exited. */
  stop: () => Promise<void>;
}

const RESTART_DELAY_MS = 1_000;
const MAX_RESTARTS_PER_MINUTE = 5;
const STOP_TIMEOUT_MS = 20_000;

export interface WorkerOptions {
  count: number;
  databaseUrl: string;
  jobs: boolean;
  host: string;
  port: number;
}

export function startWorkers(opts: WorkerOptions, log: Logger): WorkerPool {
  let stopping = false;
  let started = false;
  const restarts: number[] = [];
  const live = new Map<Worker, { lead: boolean; listened: boolean }>();
  let fail: () => void = () => {};
  const failed = new Promise<void>((resolve) => {
    fail = resolve;
  });
  let startupFailed: (err: Error) => void = () => {};

  function fork(lead: boolean): void {
    const worker = cluster.fork({
      DATABASE_URL: opts.databaseUrl,
      // As the primary resolved them (defaults depend on settings the workers see differently).
      HOST: opts.host,
      PORT: String(opts.port),
      // The primary seeded already; the lead alone runs the jobs.
      SEED_DEMO_DATA: 'false',
      JOBS: String(opts.jobs && lead),
      [LEAD_ENV]: lead ? '1' : '',
    });
    live.set(worker, { lead, listened: false });
    worker.once('listening', () => {
      const w = live.get(worker);
      if (w) w.listened = true;
    });
    worker.once('exit', (code, signal) => {
      const w = live.get(worker);
      live.delete(worker);
      if (stopping || !w) return;
      if (!started || !w.listened) {
        startupFailed(new Error(`a worker exited while starting (code ${code}, signal ${signal})`));
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && (restarts[0] as number) < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        log.error({ restarts: restarts.length }, 'workers keep dying; stopping');
        fail();
        return;
      }
      log.error({ worker: worker.process.pid, code, signal }, 'a worker died; starting another');
      setTimeout(() => {
        if (!stopping) fork(w.lead);
      }, RESTART_DELAY_MS).unref();
    });
  }

  const listening = new Promise<void>((resolve, reject) => {
    startupFailed = reject;
    let ready = 0;
    const onListening = () => {
      ready += 1;
      if (ready === opts.count) {
        started = true;
        cluster.off('listening', onListening);
        resolve();
      }
    };
    cluster.on('listening', onListening);
  });
  for (let i = 0; i < opts.count; i++) fork(i === 0);

  async function stop(): Promise<void> {
    stopping = true;
    const exits = [...live.keys()].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }

  return { listening, failed, stop };
}
