/** A fresh database per test file, cloned from the migrated template. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const TEMPLATE_DB = 'glamify_template';

export function dbUrl(name: string): string {
  return inject('pgUrlTemplate').replace('__DB__', name);
}

export interface TestDb {
  name: string;
  url: string;
  /** A plain pg client for assertions in SQL. */
  sql: pg.Pool;
  drop: () => Promise<void>;
}

export async function createTestDb(template = TEMPLATE_DB): Promise<TestDb> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = dbUrl(name);
  const sql = new pg.Pool({ connectionString: url, max: 4 });
  return {
    name,
    url,
    sql,
    drop: async () => {
      await sql.end();
      const a = new pg.Client({ connectionString: dbUrl('postgres') });
      await a.connect();
      // Pools close their connections asynchronously; a forced drop would kill the
      // stragglers mid-goodbye and their clients would throw. Give them a moment first.
      for (let i = 0; i < 60; i++) {
        const { rows } = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
