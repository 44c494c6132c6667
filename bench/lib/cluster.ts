/**
 * The PostgreSQL the bench runs on: a throw-away embedded cluster (the
 * product's own, from node_modules), or the server DATABASE_URL points at.
 * Every database the bench makes is prefixed `bench_` and dropped at the end.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EmbeddedDb, startEmbedded } from '../../server/src/db/embedded.ts';
import { migrate, openOrm } from '../../server/src/db/orm.ts';
import { pg } from '../../server/test/bench-deps.ts';
import { summarize } from './stats.ts';

const run = promisify(execFile);

export interface Cluster {
  /** A connection string for one database of the cluster. */
  url: (database: string) => string;
  /** Where it came from, for the report. */
  source: 'embedded' | 'DATABASE_URL';
  serverVersion: string;
  /** A migrated, empty Glamify database to clone. */
  template: string;
  /** A database cloned from the template, or an empty one (`empty`, for pgbench). */
  createDb: (name: string, o?: { empty?: boolean }) => Promise<string>;
  close: () => Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: InstanceType<typeof pg.Client>) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function openCluster(opts: { databaseUrl?: string | undefined; prefix?: string } = {}): Promise<Cluster> {
  let embedded: EmbeddedDb | undefined;
  let dir: string | undefined;
  let base = opts.databaseUrl;
  if (!base) {
    dir = await mkdtemp(join(tmpdir(), 'glamify-bench-pg-'));
    await chmod(dir, 0o755);
    embedded = await startEmbedded({ dataDir: join(dir, 'pg'), persistent: false });
    base = embedded.url;
  }
  const prefix = opts.prefix ?? 'bench_';
  const url = (db: string) => withDatabase(base as string, db);
  const made: string[] = [];
  const drop = (name: string) => admin(url('postgres'), (c) => c.query(`drop database if exists ${name} with (force)`));
  const template = `${prefix}template`;
  await drop(template);
  await admin(url('postgres'), (c) => c.query(`create database ${template}`));
  made.push(template);
  const orm = await openOrm(url(template), 2);
  await migrate(orm);
  await orm.close(true);
  const serverVersion = await admin(
    url('postgres'),
    async (c) => (await c.query('show server_version')).rows[0].server_version as string,
  );
  return {
    url,
    source: embedded ? 'embedded' : 'DATABASE_URL',
    serverVersion,
    template,
    createDb: async (name: string, o: { empty?: boolean } = {}) => {
      const full = `${prefix}${name}`;
      await drop(full);
      await admin(url('postgres'), (c) =>
        c.query(o.empty ? `create database ${full}` : `create database ${full} template ${template}`),
      );
      made.push(full);
      return url(full);
    },
    close: async () => {
      for (const name of made.reverse()) await drop(name).catch(() => {});
      await embedded?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** pgbench from the PATH (Debian's postgresql-client), or undefined. */
export async function pgbenchVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('pgbench', ['--version']);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
}

/** `pgbench -i` (TPC-B-like tables, data generated server-side). */
export async function pgbenchInit(url: string, scale: number): Promise<void> {
  await run('pgbench', ['-i', '-q', '-I', 'dtGvp', '-s', String(scale)], { env: pgEnv(url), timeout: 120_000 });
}

export interface PgbenchResult {
  clients: number;
  tps: number;
  latencyAvg: number;
  p50: number;
  p99: number;
  transactions: number;
}

/**
 * One pgbench run: `-M prepared -j 2 -T seconds`, TPC-B-like or select-only
 * (`-S`). The per-transaction log gives p50/p99 the way the HTTP side reports them.
 */
export async function pgbenchRun(
  url: string,
  o: { clients: number; seconds: number; selectOnly?: boolean },
): Promise<PgbenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'glamify-pgbench-log-'));
  try {
    const args = ['-n', '-M', 'prepared', '-c', String(o.clients), '-j', '2', '-T', String(o.seconds)];
    if (o.selectOnly) args.push('-S');
    args.push('-l', '--log-prefix', join(dir, 'pgbench'));
    const { stdout } = await run('pgbench', args, {
      env: pgEnv(url),
      timeout: (o.seconds + 60) * 1000,
      maxBuffer: 1 << 20,
    });
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const latencyAvg = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const latencies: number[] = [];
    for (const f of await readdir(dir)) {
      const text = await readFile(join(dir, f), 'utf8');
      for (const line of text.split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    const s = summarize(latencies);
    return { clients: o.clients, tps, latencyAvg, p50: s.p50, p99: s.p99, transactions: s.n };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
