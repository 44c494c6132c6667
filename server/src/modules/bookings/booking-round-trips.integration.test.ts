/**
 * Round trips per booking, counted at the driver: a booking is a handful of
 * statements in one transaction (TPC-B sends 7), and a change that adds one
 * fails here. Counted from the request's start to the booking's commit
 * (notification dispatch runs after commit, on its own); the customer's
 * caps and lock ride in statements the booking sends anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { recordStatements, type SentStatement } from '../../../test/statements.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let rec: Awaited<ReturnType<typeof recordStatements>>;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 2 });
  rec = await recordStatements(t.orm);
});
afterAll(async () => {
  rec.restore();
  await t.close();
});

/** Earlier bookings' notifications are sent after their commits; let them finish first. */
async function quiet(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.db.sql.query(
      "select count(*)::int as n from notifications where status in ('pending', 'sending')",
    );
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('notifications still being sent after 5 s');
}

const book = (token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth(token), payload });

/**
 * What the request's transaction sent up to its commit. Before it, exactly one
 * statement: a customer's booking counts against BOOKING_RATE_LIMIT_PER_HOUR
 * (the shared limiter's upsert, outside the transaction, as every limit runs).
 */
function untilCommit(sent: SentStatement[]): string[] {
  const commit = sent.findIndex((q) => /^commit$/i.test(q.sql));
  expect(commit).toBeGreaterThan(1);
  const tx = sent[commit]?.connection;
  expect(sent[0]?.sql).toMatch(/^insert into rate_limits/);
  // Everything from begin to the commit, and only the transaction's connection may be busy then.
  const inTx = sent.slice(1, commit + 1);
  expect(inTx.filter((q) => q.connection !== tx)).toEqual([]);
  return inTx.map((q) => q.sql);
}

describe('statements per booking', () => {
  it('a booking with an idempotency key (as the PWA sends it) is 8 statements, begin and commit included', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 10:00');
    let status = 0;
    await quiet();
    const sent = await rec.during(async () => {
      const res = await book(u.token, {
        slotId,
        serviceId: s.serviceIds[0],
        staffId: s.staffIds[0],
        idempotencyKey: 'round-trips-1',
      });
      status = res.statusCode;
      expect(res.json()).toMatchObject({ status: 'CONFIRMED', slotIds: [slotId] });
    });
    expect(status).toBe(201);
    const statements = untilCommit(sent);
    expect(statements.map((q) => q.slice(0, 40))).toHaveLength(8);
    expect(statements[0]).toMatch(/^begin/i);
    expect(statements[1]).toMatch(/booking_key_claim/);
    expect(statements.some((q) => /for update nowait/i.test(q))).toBe(true);
    expect(statements.some((q) => /update "?bookings"? set status = 'CONFIRMED'/i.test(q))).toBe(true);
  });

  it('without a key, 7: the key lookup is the only extra, never a second one before the transaction', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 11:00');
    await quiet();
    const sent = await rec.during(async () => {
      expect((await book(u.token, { slotId, serviceId: s.serviceIds[0] })).statusCode).toBe(201);
    });
    expect(untilCommit(sent)).toHaveLength(7);
  });

  it('a replay of a key is one short transaction (lock and lookup, the booking read, commit)', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[1] as number, '2030-03-05 10:00');
    const body = { slotId, serviceId: s.serviceIds[0], idempotencyKey: 'round-trips-2' };
    const first = await book(u.token, body);
    expect(first.statusCode).toBe(201);
    await quiet();
    const sent = await rec.during(async () => {
      const again = await book(u.token, body);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
    });
    expect(untilCommit(sent)).toHaveLength(4);
  });

  it('the confirmed booking has its items, slots, reminders and notifications, as before', async () => {
    const u = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[1] as number, '2030-03-06 10:00');
    const res = await book(u.token, { slotId, serviceIds: [s.serviceIds[0]], idempotencyKey: 'round-trips-3' });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    const { rows } = await t.db.sql.query(
      `select b.status, b.version, (select count(*)::int from booking_items i where i.booking_id = b.id) as items,
              (select array_agg(id) from slots where booking_id = b.id) as slots,
              (select count(*)::int from booking_reminders r where r.booking_id = b.id) as reminders,
              (select count(*)::int from notifications n where n.payload->>'bookingId' = b.id::text) as notes
       from bookings b where b.id = $1`,
      [b.id],
    );
    expect(rows[0]).toMatchObject({ status: 'CONFIRMED', version: 2, items: 1, slots: [slotId] });
    expect(rows[0].reminders).toBeGreaterThan(0);
    const read = await t.app.inject({ url: `/api/v1/bookings/${b.id}`, headers: auth(u.token) });
    expect(read.json()).toEqual(b);
  });
});
