/**
 * One throw-away PostgreSQL per test run (or DATABASE_URL when set): a
 * migrated template database that every test file clones in milliseconds.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDb, startEmbedded } from '../src/db/embedded.ts';
import { migrate, openOrm } from '../src/db/orm.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string with the database name as `__DB__`. */
    pgUrlTemplate: string;
  }
}

export const TEMPLATE_DB = 'glamify_template';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDb | undefined;
  let dir: string | undefined;
  let base = process.env.DATABASE_URL;
  if (!base) {
    dir = await mkdtemp(join(tmpdir(), 'glamify-test-pg-'));
    // The cluster runs as an unprivileged user, which must be able to enter the folder.
    await chmod(dir, 0o755);
    embedded = await startEmbedded({ dataDir: join(dir, 'pg'), persistent: false });
    base = embedded.url;
  }
  const admin = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const orm = await openOrm(withDatabase(base, TEMPLATE_DB), 2);
  await migrate(orm);
  await orm.close(true);
  project.provide('pgUrlTemplate', withDatabase(base, '__DB__'));
  return async () => {
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}
