import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/db.ts';
import { type Orm, openOrm } from '../db/orm.ts';
import { AppError } from '../errors.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

let db: TestDb;
let orms: Orm[];
// Two limiters on two pools: what two server instances on one database have.
let a: RateLimiter;
let b: RateLimiter;
let seq = 0;
const rule = (max: number, windowSeconds = 3600) => ({ name: `test-${++seq}`, max, windowSeconds });

beforeAll(async () => {
  db = await createTestDb();
  orms = [await openOrm(db.url, 20), await openOrm(db.url, 20)];
  a = createRateLimiter(orms[0] as Orm);
  b = createRateLimiter(orms[1] as Orm);
});
afterAll(async () => {
  for (const o of orms ?? []) await o.close(true);
  await db?.drop();
});

describe('the shared rate limiter', () => {
  it('counts one budget across instances', async () => {
    const r = rule(4);
    const seen: boolean[] = [];
    for (const limiter of [a, b, a, b, a, b]) seen.push((await limiter.hit(r, 'subject')).allowed);
    expect(seen).toEqual([true, true, true, true, false, false]);
    // Another subject has its own budget.
    expect((await b.hit(r, 'someone else')).allowed).toBe(true);
  });

  it('lets exactly max through when many arrive at once', async () => {
    const r = rule(10);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit(r, 'burst')));
    expect(results.filter((d) => d.allowed)).toHaveLength(10);
    expect(Math.min(...results.filter((d) => !d.allowed).map((d) => d.retryAfterSeconds))).toBeGreaterThan(0);
  });

  it('throws RATE_LIMITED with a retry time past the limit', async () => {
    const r = rule(1);
    await a.consume(r, 'x');
    const err = await b.consume(r, 'x', 'Slow down').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect((err as AppError).message).toMatch(/^Slow down; try again in \d+ s$/);
    expect((err as AppError).extras.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('neither counts nor refuses an exempt attempt, decided in the same statement', async () => {
    const r = rule(1);
    const exempt = { sql: 'cast(? as int) = 1', params: [1] };
    const counted = { sql: 'cast(? as int) = 1', params: [2] };
    expect((await a.hit(r, 'e', counted)).allowed).toBe(true);
    expect((await a.hit(r, 'e', exempt)).allowed).toBe(true);
    expect((await b.hit(r, 'e', exempt)).allowed).toBe(true);
    expect((await b.hit(r, 'e', counted)).allowed).toBe(false);
    expect((await a.hit(r, 'e')).allowed).toBe(false);
  });

  it('lets a client back in once the window has slid past its attempts', async () => {
    const r = rule(2, 1);
    // Start just after a window boundary so that all hits fall in one window.
    await new Promise((res) => setTimeout(res, 1000 - (Date.now() % 1000) + 20));
    expect((await a.hit(r, 'w')).allowed).toBe(true);
    expect((await a.hit(r, 'w')).allowed).toBe(true);
    const refused = await b.hit(r, 'w');
    expect(refused.allowed).toBe(false);
    await new Promise((res) => setTimeout(res, refused.retryAfterSeconds * 1000 + 50));
    expect((await b.hit(r, 'w')).allowed).toBe(true);
  });

  it('stores no subject in clear, and the sweep removes only finished windows', async () => {
    const r = rule(5);
    await a.hit(r, 'ana@example.com');
    await a.hit(r, '203.0.113.9');
    const { rows } = await db.sql.query<{ key: string }>('select key from rate_limits where key like $1', [
      `${r.name}:%`,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.map((x) => x.key).join()).not.toMatch(/ana|example|203\.0/);
    await db.sql.query("update rate_limits set expires_at = now() - interval '1 second' where key = $1", [
      rows[0]?.key,
    ]);
    expect(await b.sweep()).toBe(1);
    const left = await db.sql.query('select key from rate_limits where key like $1', [`${r.name}:%`]);
    expect(left.rows.map((x) => x.key)).toEqual([rows[1]?.key]);
  });
});
