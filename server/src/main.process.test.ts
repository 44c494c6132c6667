import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../test/process.ts';

function postgresProcessesFor(dir: string): string[] {
  try {
    return execSync('ps -eo args', { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('postgres') && l.includes(dir));
  } catch {
    return [];
  }
}

/** pino lines at warn (40) or above. */
function problems(output: string): string[] {
  return output.split('\n').filter((l) => /"level":(40|50|60)/.test(l) || /terminating connection/.test(l));
}

/** A login whose body is still being uploaded when the server is told to stop. */
function slowRequest(url: string) {
  const body = JSON.stringify({ email: 'ana@example.com', password: 'glamify-demo' });
  let finish = () => {};
  const answered = new Promise<number>((resolve, reject) => {
    const req = request(
      `${url}/api/v1/auth/login`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { answered, finish: () => finish() };
}

async function dataDir(mode = 0o755): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'glamify-data-'));
  await chmod(dir, mode);
  dirs.push(dir);
  return dir;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

// Each test starts real servers (and PostgreSQL) several times: slow on a busy machine, so generous.
describe('the server process', { timeout: 240_000 }, () => {
  it('starts on the embedded PostgreSQL, stops quietly on Ctrl-C after finishing requests, and restarts on the same data', async () => {
    const dir = await dataDir();
    const env = { DATA_DIR: dir, HOLD_TTL_SECONDS: '300' };

    const first = await spawnServer(env, { ownGroup: true });
    const salons = await (await fetch(`${first.url}/api/v1/salons`)).json();
    expect(salons.total).toBeGreaterThanOrEqual(4);
    expect(first.output()).toContain('seeded the demo data');
    // A second server on the same data directory is refused with a clear message.
    const second = await spawnServer(env, false);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by the PostgreSQL .* of another running Glamify/);

    // Ctrl-C reaches the whole foreground process group, as in a terminal.
    const inFlight = slowRequest(first.url);
    await new Promise((r) => setTimeout(r, 200));
    const stopped = first.interrupt();
    await new Promise((r) => setTimeout(r, 300));
    inFlight.finish();
    expect(await inFlight.answered).toBe(200);
    expect(await stopped).toBe(0);
    expect(problems(first.output())).toEqual([]);
    expect(postgresProcessesFor(dir)).toEqual([]);

    const again = await spawnServer(env);
    expect(again.output()).not.toContain('seeded the demo data');
    const login = await fetch(`${again.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@example.com', password: 'glamify-demo' }),
    });
    expect(login.status).toBe(200);
    expect(await again.stop('SIGTERM')).toBe(0);
    expect(postgresProcessesFor(dir)).toEqual([]);
  });

  it('shuts down the PostgreSQL a killed server left behind, then starts on the same data', async () => {
    const dir = await dataDir();
    const killed = await spawnServer({ DATA_DIR: dir });
    const pgPid = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    killed.proc.kill('SIGKILL');
    await killed.exited;
    // Its own session kept the database alive: an orphan.
    expect(() => process.kill(pgPid, 0)).not.toThrow();

    const next = await spawnServer({ DATA_DIR: dir });
    expect(next.output()).toContain(
      `stopping the PostgreSQL (pid ${pgPid}) that a Glamify killed earlier left running`,
    );
    expect(() => process.kill(pgPid, 0)).toThrow();
    expect((await fetch(`${next.url}/api/v1/salons`)).status).toBe(200);
    expect(await next.stop('SIGINT')).toBe(0);
    expect(postgresProcessesFor(dir)).toEqual([]);
  });

  it('says clearly when the port is taken', async () => {
    const dir = await dataDir();
    const first = await spawnServer({ DATA_DIR: dir });
    const clash = await spawnServer({ DATA_DIR: `${dir}-other`, PORT: String(first.port) }, false);
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`Port ${first.port} is already in use`);
    await first.stop('SIGINT');
    await rm(`${dir}-other`, { recursive: true, force: true });
  });

  it('explains a data folder it cannot use in one line, without a stack trace', async () => {
    const bad = await spawnServer({ DATA_DIR: '/dev/null/glamify' }, false);
    expect(await bad.exited).toBe(1);
    const errors = bad
      .output()
      .split('\n')
      .filter((l) => /"level":50/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      "Cannot create PostgreSQL's data folder /dev/null/glamify/pg: /dev/null is not a folder",
    );
    expect(bad.output()).not.toMatch(/"stack"|\n\s+at /);
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, keeps data the postgres user cannot reach under a folder it owns',
    async () => {
      const home = await dataDir(0o700);
      const server = await spawnServer({ DATA_DIR: join(home, '.data') });
      const moved = /PostgreSQL's data lives in (\S+): the postgres user cannot enter/.exec(server.output())?.[1];
      expect(moved).toMatch(/^\/var\/lib\/glamify\/data\//);
      expect(existsSync(join(moved as string, 'PG_VERSION'))).toBe(true);
      expect((await fetch(`${server.url}/api/v1/salons`)).status).toBe(200);
      expect(await server.stop('SIGINT')).toBe(0);
      await rm(join(moved as string, '..'), { recursive: true, force: true });
    },
  );
});
