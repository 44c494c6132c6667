import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from './embedded.ts';
import { binariesIn, platformBinaries } from './embedded-paths.ts';

const dirs: string[] = [];
async function tempDir(mode: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'glamify-embedded-'));
  await chmod(dir, mode);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe.runIf(process.getuid?.() === 0)('the embedded PostgreSQL as root', () => {
  it('runs from a project in a mode-700 folder: copies the binaries and moves the data where postgres can reach them', async () => {
    // A project cloned into a home the postgres user cannot enter (like /root).
    const home = await tempDir(0o700);
    const installed = await platformBinaries();
    const nativeDir = join(home, 'glamify', 'node_modules', 'native');
    await mkdir(join(home, 'glamify', 'node_modules'), { recursive: true });
    execFileSync('cp', ['-a', installed.nativeDir, nativeDir]);
    const state = await tempDir(0o755);
    const lines: string[] = [];

    const db = await startEmbedded({
      dataDir: join(home, 'glamify', '.data', 'pg'),
      persistent: true,
      stateDir: state,
      binaries: binariesIn(nativeDir, installed.version),
      log: (l) => lines.push(l),
    });
    try {
      expect(existsSync(join(state, `postgresql-${installed.version}`, '.complete'))).toBe(true);
      expect(db.dataDir.startsWith(join(state, 'data'))).toBe(true);
      expect(lines.join('\n')).toContain(`PostgreSQL's data lives in ${db.dataDir}`);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      // The cluster's own locale: Unicode-aware case mapping without OS locales.
      expect((await client.query("select lower('ÄÖÜ') as l")).rows[0].l).toBe('äöü');
      await client.end();
    } finally {
      await db.stop();
    }

    // The next start finds the same data again.
    const again = await startEmbedded({
      dataDir: join(home, 'glamify', '.data', 'pg'),
      persistent: false,
      stateDir: state,
      binaries: binariesIn(nativeDir, installed.version),
    });
    expect(again.dataDir).toBe(db.dataDir);
    await again.stop();
    expect(existsSync(db.dataDir)).toBe(false);
  });
});
