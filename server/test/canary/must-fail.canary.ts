/**
 * The canary: CI runs it alone (GLAMIFY_CANARY=1) and requires the run to
 * fail. It uses the real database first, so the whole global setup (the
 * embedded PostgreSQL) is in the process whose exit status is checked.
 */
import { expect, it } from 'vitest';
import { createTestDb } from '../db.ts';

it('fails on purpose', async () => {
  const db = await createTestDb();
  const { rows } = await db.sql.query('select 1 as one');
  await db.drop();
  expect(rows[0].one).toBe(2);
});
