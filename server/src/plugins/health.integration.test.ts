import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/db.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { migrate, openOrm } from '../db/orm.ts';

describe('/health and /ready', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('/ready is 503 until the database is migrated, then 200', async () => {
    const db = await createTestDb('template0');
    cleanup.push(db.drop);
    const orm = await openOrm(db.url, 2);
    cleanup.push(() => orm.close(true));
    const config = loadConfig(
      { AUTH_SECRET: 'health-check-test-key-7f3a9c2e51b8d604' },
      { databaseUrl: db.url, jobs: false },
    );
    const app = await buildApp({ config, orm, logger: false });
    cleanup.push(() => app.close());
    expect((await app.inject('/health')).statusCode).toBe(200);
    const before = await app.inject('/ready');
    expect(before.statusCode).toBe(503);
    await migrate(orm);
    const after = await app.inject('/ready');
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ status: 'ready' });
  });
});
