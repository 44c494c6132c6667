/**
 * Unread notifications: GET /notifications counts them, POST
 * /notifications/read marks the reader's own (some or all), never anyone
 * else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser } from '../../../test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function notify(userId: number, n: number): Promise<number[]> {
  const { rows } = await t.db.sql.query(
    `insert into notifications (user_id, type, channel, payload)
     select $1, 'booking_checked_in', 'in_app', '{}' from generate_series(1, $2) returning id`,
    [userId, n],
  );
  return rows.map((r) => r.id as number);
}

const list = async (token: string) =>
  (await t.app.inject({ url: '/api/v1/notifications', headers: auth(token) })).json();
const read = (token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: auth(token), payload });

describe('unread notifications', () => {
  it('counts, marks some, then all; only the reader’s own', async () => {
    const me = await makeUser(t, 'owner');
    const other = await makeUser(t, 'owner');
    const mine = await notify(me.id, 3);
    const theirs = await notify(other.id, 2);
    expect(await list(me.token)).toMatchObject({ total: 3, unread: 3 });

    const some = await read(me.token, { ids: [mine[0], ...theirs] });
    expect(some.json()).toEqual({ unread: 2 });
    expect((await list(other.token)).unread).toBe(2);
    const items = (await list(me.token)).items as { id: number; readAt: string | null }[];
    expect(items.find((i) => i.id === mine[0])?.readAt).not.toBeNull();

    expect((await read(me.token, { all: true })).json()).toEqual({ unread: 0 });
    expect((await list(other.token)).unread).toBe(2);
  });

  it('refuses bodies that say neither or both, naming the field', async () => {
    const me = await makeUser(t);
    for (const payload of [{}, { ids: [1], all: true }, { ids: [] }, { all: false }]) {
      const res = await read(me.token, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', payload: { all: true } })).statusCode,
    ).toBe(401);
  });
});
