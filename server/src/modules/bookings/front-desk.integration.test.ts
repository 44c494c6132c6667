/**
 * The owner at the desk and on the phone: walk-ins right now (the online
 * notice is for customers), phone bookings for the salon's own customers,
 * found by a search that shows only the salon's customers; all through the
 * one booking transaction, racing customers fairly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';

// 10:05 in Berlin.
const clock = manualClock('2030-03-04T09:05:00Z');
let t: TestApp;
let a: SalonFixture;
let b: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  a = await makeSalon(t, { staff: 2, name: 'Desk A', minNoticeMinutes: 60 });
  b = await makeSalon(t, { staff: 1, name: 'Desk B', minNoticeMinutes: 60 });
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', path: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${path}`, headers: auth(token), ...(payload ? { payload } : {}) });

let pastDay = 0;
/** A customer account with one past booking at the salon (written in SQL: the flow never books the past). */
async function pastCustomer(salon: SalonFixture, name: string, email: string) {
  const startsAt = new Date(Date.UTC(2030, 1, 1 + ++pastDay, 9));
  const { rows } = await t.db.sql.query(
    "insert into users (email, name, role, password_hash) values ($1, $2, 'customer', 'x') returning id",
    [email, name],
  );
  const id = rows[0].id as number;
  await t.db.sql.query(
    `insert into bookings (customer_id, booked_by, salon_id, staff_id, status, starts_at, ends_at,
                           total_price_cents, total_duration_minutes, currency)
     values ($1, $1, $2, $3, 'COMPLETED', $4, $4::timestamptz + interval '15 minutes', 1000, 15, 'EUR')`,
    [id, salon.salonId, salon.staffIds[0], startsAt.toISOString()],
  );
  return { id, token: t.app.signToken({ id, role: 'customer' }) };
}

describe('walk-ins right now', () => {
  it('the owner books the slot running now; a customer may not book inside the notice', async () => {
    const running = await slotAt(t, a.staffIds[0] as number, '2030-03-04 10:00');
    const customer = await makeUser(t);
    const soon = await slotAt(t, a.staffIds[1] as number, '2030-03-04 10:30');
    expect(
      (await api('POST', '/bookings', customer.token, { slotId: soon, serviceId: a.serviceIds[0] })).json(),
    ).toMatchObject({ status: 400, field: 'slotId' });
    const walkIn = await api('POST', '/bookings', a.ownerToken, {
      slotId: running,
      serviceId: a.serviceIds[0],
      guest: { name: 'Walter Walkin' },
    });
    expect(walkIn.statusCode).toBe(201);
    // Started a moment ago: the owner may complete it at once.
    expect((await api('POST', `/bookings/${walkIn.json().id}/complete`, a.ownerToken)).statusCode).toBe(200);
    // A slot that is over is over, for the owner too.
    const over = await slotAt(t, a.staffIds[1] as number, '2030-03-04 09:45');
    expect(
      (
        await api('POST', '/bookings', a.ownerToken, {
          slotId: over,
          serviceId: a.serviceIds[0],
          guest: { name: 'Late' },
        })
      ).json(),
    ).toMatchObject({ status: 400, field: 'slotId' });
  });

  it('30 walk-ins and 30 customers racing for one time: one booking, the rest 409 or refused', async () => {
    const slotId = await slotAt(t, a.staffIds[1] as number, '2030-03-04 14:00');
    const customers = await Promise.all(Array.from({ length: 30 }, () => makeUser(t)));
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        api('POST', '/bookings', a.ownerToken, { slotId, serviceId: a.serviceIds[1], guest: { name: `Guest ${i}` } }),
      ),
      ...customers.map((c) => api('POST', '/bookings', c.token, { slotId, serviceId: a.serviceIds[1] })),
    ]);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c !== 201 && c !== 409)).toEqual([]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().alternatives).toBeInstanceOf(Array);
    const { rows } = await t.db.sql.query(
      `select count(distinct b.id)::int as bookings, count(g.id)::int as guests
       from bookings b left join guests g on g.id = b.guest_id
       where b.salon_id = $1 and b.starts_at = '2030-03-04T13:00Z' and b.status <> 'CANCELLED'`,
      [a.salonId],
    );
    expect(rows[0].bookings).toBe(1);
    // A rolled-back walk-in leaves no guest record behind.
    const guests = await t.db.sql.query("select count(*)::int as n from guests where name like 'Guest %'");
    expect(guests.rows[0].n).toBe(rows[0].guests);
  });
});

describe('phone bookings for the salon’s customers', () => {
  it('the search finds the salon’s own customers by name or whole email, with a shortened email', async () => {
    await pastCustomer(a, 'Ana Costa', 'ana.costa@example.com');
    await pastCustomer(b, 'Ana Berg', 'ana.berg@example.com');
    const res = await api('GET', `/salons/${a.salonId}/customers?q=ana`, a.ownerToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ name: 'Ana Costa', emailHint: 'an…@example.com', visits: 1 }),
    ]);
    expect(JSON.stringify(res.json())).not.toContain('ana.costa@');
    // Whole email: found; part of one: not (no listing addresses by their letters).
    expect(
      (await api('GET', `/salons/${a.salonId}/customers?q=ANA.COSTA@example.com`, a.ownerToken)).json().items,
    ).toHaveLength(1);
    expect((await api('GET', `/salons/${a.salonId}/customers?q=costa@exa`, a.ownerToken)).json().items).toHaveLength(0);
    // %, _ match themselves.
    expect((await api('GET', `/salons/${a.salonId}/customers?q=%25%25`, a.ownerToken)).json().items).toHaveLength(0);
  });

  it("customers and other salons' owners get 403; a short query is a 400 naming q", async () => {
    const customer = await makeUser(t);
    expect((await api('GET', `/salons/${a.salonId}/customers?q=ana`, customer.token)).statusCode).toBe(403);
    expect((await api('GET', `/salons/${a.salonId}/customers?q=ana`, b.ownerToken)).statusCode).toBe(403);
    expect((await api('GET', `/salons/${a.salonId}/customers?q=a`, a.ownerToken)).json()).toMatchObject({
      status: 400,
      field: 'q',
    });
  });

  it('books a customer of the salon through POST /bookings; anyone else is a 400', async () => {
    const regular = await pastCustomer(a, 'Rita Regular', 'rita@example.com');
    const stranger = await pastCustomer(b, 'Sam Stranger', 'sam@example.com');
    const slotId = await slotAt(t, a.staffIds[0] as number, '2030-03-04 15:00');
    for (const customerId of [stranger.id, a.ownerId, 99_999_999]) {
      const res = await api('POST', '/bookings', a.ownerToken, { slotId, serviceId: a.serviceIds[0], customerId });
      expect(res.json(), String(customerId)).toMatchObject({ status: 400, field: 'customerId' });
    }
    const both = await api('POST', '/bookings', a.ownerToken, {
      slotId,
      serviceId: a.serviceIds[0],
      customerId: regular.id,
      guest: { name: 'X' },
    });
    expect(both.json()).toMatchObject({ status: 400, field: 'customerId' });
    // A customer cannot book for another customer.
    expect(
      (await api('POST', '/bookings', regular.token, { slotId, serviceId: a.serviceIds[0], customerId: stranger.id }))
        .statusCode,
    ).toBe(403);

    const res = await api('POST', '/bookings', a.ownerToken, {
      slotId,
      serviceId: a.serviceIds[0],
      customerId: regular.id,
      idempotencyKey: 'phone-1',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customerId: regular.id, customerName: 'Rita Regular', guest: null });
    // The customer sees it as theirs and is told by email.
    expect((await api('GET', `/bookings/${res.json().id}`, regular.token)).statusCode).toBe(200);
    const mail = await t.db.sql.query(
      "select count(*)::int as n from notifications where user_id = $1 and type = 'booking_confirmed'",
      [regular.id],
    );
    expect(mail.rows[0].n).toBe(1);
    // The owner's retry with the key books nothing more.
    const again = await api('POST', '/bookings', a.ownerToken, {
      slotId,
      serviceId: a.serviceIds[0],
      customerId: regular.id,
      idempotencyKey: 'phone-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(res.json().id);
  });

  it('the search is limited per owner', async () => {
    const strict = await createTestApp({ customerSearchRateLimitPerMinute: 2 }, { now: clock.now, db: t.db });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await strict.app.inject({
          url: `/api/v1/salons/${b.salonId}/customers?q=sam`,
          headers: auth(b.ownerToken),
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await strict.app.close();
      await strict.orm.close(true);
    }
  });
});
