import { execSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
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

describe('the server process', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('starts on the embedded PostgreSQL, stops cleanly on SIGINT, and restarts on the same data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glamify-data-'));
    await chmod(dir, 0o755);
    dirs.push(dir);
    const env = { DATA_DIR: dir, HOLD_TTL_SECONDS: '300' };

    const first = await spawnServer(env);
    const salons = await (await fetch(`${first.url}/api/v1/salons`)).json();
    expect(salons.total).toBeGreaterThanOrEqual(4);
    expect(first.output()).toContain('seeded the demo data');
    // A second server on the same data directory is refused with a clear message.
    const second = await spawnServer(env, false);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use/);

    expect(await first.stop('SIGINT')).toBe(0);
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

  it('says clearly when the port is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glamify-data-'));
    await chmod(dir, 0o755);
    dirs.push(dir);
    const first = await spawnServer({ DATA_DIR: dir });
    const clash = await spawnServer({ DATA_DIR: `${dir}-other`, PORT: String(first.port) }, false);
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`Port ${first.port} is already in use`);
    await first.stop('SIGINT');
    await rm(`${dir}-other`, { recursive: true, force: true });
  });
});
