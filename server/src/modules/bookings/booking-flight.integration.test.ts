/**
 * The single flight per slot against real PostgreSQL: a burst of customers
 * for one slot gets exactly one 201 and 409s with alternatives, while only
 * a few transactions reach the database; retries of the winner's key get the
 * winner's booking and nobody else does; a first try that rolls back lets
 * the others try for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { recordStatements } from '../../../test/statements.ts';

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

const book = (token: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/bookings', headers: auth(token), payload });
const liveBookings = async (slotId: number) =>
  (
    await t.db.sql.query(
      `select b.id, b.booked_by from bookings b join slots sl on sl.booking_id = b.id
       where sl.id = $1 and b.status in ('PENDING', 'CONFIRMED')`,
      [slotId],
    )
  ).rows as { id: number; booked_by: number }[];

describe('single flight per slot', () => {
  it('80 customers at once: one 201, 79 × 409 with alternatives, and far fewer than 80 transactions', async () => {
    const users = await Promise.all(Array.from({ length: 80 }, () => makeUser(t)));
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 10:00');
    let answers: Awaited<ReturnType<typeof book>>[] = [];
    const sent = await rec.during(async () => {
      answers = await Promise.all(
        users.map((u, i) => book(u.token, { slotId, serviceId: s.serviceIds[0], idempotencyKey: `burst-${i}` })),
      );
    });
    const won = answers.filter((a) => a.statusCode === 201);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 201)) {
      expect(a.statusCode).toBe(409);
      expect(a.json().code).toMatch(/^SLOT_(BOOKED|LOCKED)$/);
      expect(a.json().alternatives.length).toBeGreaterThan(0);
    }
    const rows = await liveBookings(slotId);
    expect(rows).toEqual([{ id: won[0]?.json().id, booked_by: won[0]?.json().customerId }]);
    // Without the flight every request opens its own transaction (80 begins).
    const begins = sent.filter((q) => /^begin/i.test(q.sql)).length;
    expect(begins).toBeGreaterThanOrEqual(1);
    expect(begins).toBeLessThan(20);
    // Nor does a loser answered from the winner's outcome spend its booking budget (one write per real try).
    const budgets = sent.filter((q) => /insert into rate_limits/i.test(q.sql)).length;
    expect(budgets).toBeGreaterThanOrEqual(1);
    expect(budgets).toBeLessThanOrEqual(begins);
  });

  it("retries of the winner's key get the winner's booking (200); rivals and the winner's other keys get 409", async () => {
    const [winner, ...rivals] = await Promise.all(Array.from({ length: 30 }, () => makeUser(t)));
    if (!winner) throw new Error('no users');
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 11:00');
    const body = { slotId, serviceId: s.serviceIds[0], idempotencyKey: 'mine' };
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => book(winner.token, body)),
      book(winner.token, { ...body, idempotencyKey: 'another' }),
      book(winner.token, { ...body, staffId: s.staffIds[0] }),
      ...rivals.map((u) => book(u.token, body)),
    ]);
    const mine = answers.slice(0, 10);
    const rows = await liveBookings(slotId);
    expect(rows).toHaveLength(1);
    const bookedBy = rows[0]?.booked_by;
    const ids = new Set(answers.filter((a) => a.statusCode < 300).map((a) => a.json().id));
    expect(ids).toEqual(new Set([rows[0]?.id]));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    if (bookedBy === winner.id) {
      // The same key came back: every one of them answers with that booking.
      for (const a of mine) expect([200, 201]).toContain(a.statusCode);
      expect(answers[10]?.statusCode).toBe(409);
      // The same key with another request (a stylist named) is refused, as ever.
      expect([409, 422]).toContain(answers[11]?.statusCode);
    }
    // Whoever won, no one else was ever shown the booking.
    for (const [i, a] of answers.slice(12).entries()) {
      if (a.statusCode < 300) expect(a.json().customerId).toBe(rivals[i]?.id);
      else expect(a.statusCode).toBe(409);
    }
  });

  it("a burst at a slot booked earlier: one read of who booked it answers everyone; the booker's retry gets its booking", async () => {
    const [booker, ...others] = await Promise.all(Array.from({ length: 41 }, () => makeUser(t)));
    if (!booker) throw new Error('no users');
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 12:00');
    const body = { slotId, serviceId: s.serviceIds[0], idempotencyKey: 'early' };
    const first = await book(booker.token, body);
    expect(first.statusCode).toBe(201);
    let answers: Awaited<ReturnType<typeof book>>[] = [];
    const sent = await rec.during(async () => {
      answers = await Promise.all([...others.map((u) => book(u.token, body)), book(booker.token, body)]);
    });
    const retry = answers.pop();
    expect(retry?.statusCode).toBe(200);
    expect(retry?.json().id).toBe(first.json().id);
    for (const a of answers) {
      expect(a.statusCode).toBe(409);
      expect(a.json()).toMatchObject({ code: 'SLOT_BOOKED' });
      expect(a.json().alternatives.length).toBeGreaterThan(0);
    }
    expect(sent.filter((q) => /^begin/i.test(q.sql)).length).toBeLessThan(10);
  });

  it('first tries that roll back (someone else holds the time) let the holder, waiting behind them, book', async () => {
    for (const time of ['09:00', '10:00', '11:00']) {
      const [holder, ...others] = await Promise.all(Array.from({ length: 20 }, () => makeUser(t)));
      if (!holder) throw new Error('no users');
      const slotId = await slotAt(t, s.staffIds[1] as number, `2030-03-06 ${time}`);
      const held = await t.app.inject({
        method: 'POST',
        url: `/api/v1/availability/slots/${slotId}/lock`,
        headers: auth(holder.token),
        payload: { serviceId: s.serviceIds[0] },
      });
      expect(held.statusCode).toBe(201);
      const lockToken = held.json().lockToken as string;
      // The rivals first, so that one of them leads and fails on the hold while the holder waits.
      const rivals = others.map((u) => book(u.token, { slotId, serviceId: s.serviceIds[0] }));
      const mine = book(holder.token, { slotId, serviceId: s.serviceIds[0], lockToken });
      const answers = await Promise.all(rivals);
      expect((await mine).statusCode).toBe(201);
      for (const a of answers) expect(a.statusCode).toBe(409);
      expect((await liveBookings(slotId)).map((r) => r.booked_by)).toEqual([holder.id]);
    }
  });
});
