/**
 * The servers under test: the real entry point (server/src/main.ts) in child
 * processes, started by the same helper the process tests use, with the
 * settings a production operator would use for a load test.
 */
import { readFileSync } from 'node:fs';
import { type ServerProcess, spawnServer } from '../../server/test/process.ts';
import { within } from './stats.ts';

export interface BenchServerOptions {
  databaseUrl: string;
  authSecret: string;
  bus: boolean;
  port?: number;
  /** Worker processes sharing the port (WORKERS); 1 by default. */
  workers?: number;
  /** Directory for a V8 CPU profile of the server (--cpu-prof), or undefined. */
  cpuProfDir?: string | undefined;
}

export type BenchServer = ServerProcess & { pid: number };

export async function startServer(o: BenchServerOptions): Promise<BenchServer> {
  const env: Record<string, string> = {
    DATABASE_URL: o.databaseUrl,
    HOST: '127.0.0.1',
    JOBS: 'false',
    WORKERS: String(o.workers ?? 1),
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'false',
    EVENT_BUS: String(o.bus),
    AUTH_SECRET: o.authSecret,
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR: '1000000',
    HOLD_RATE_LIMIT_PER_MINUTE: '1000000',
    // Each simulated customer books many times a day, far past what one person would.
    BOOKING_RATE_LIMIT_PER_HOUR: '1000000',
    BOOKINGS_PER_CUSTOMER_DAY: '10000',
    SOCKET_RATE_PER_SECOND: '10000',
    // Every simulated client connects from 127.0.0.1.
    SOCKET_MAX_CONNECTIONS_PER_IP: '1000000',
    NODE_ENV: 'production',
  };
  if (o.port) env.PORT = String(o.port);
  if (o.cpuProfDir) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${o.cpuProfDir}`;
  const s = await spawnServer(env);
  return Object.assign(s, { pid: s.proc.pid as number });
}

/** Stops gracefully (SIGTERM); a server that does not exit in time is killed. */
export async function stopServer(s: BenchServer | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null) return;
  await within(s.stop('SIGTERM'), 20_000, 'server stop').catch(async () => {
    s.proc.kill('SIGKILL');
    await s.exited;
  });
}

/** Resident memory of a process, in KiB. */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
}
