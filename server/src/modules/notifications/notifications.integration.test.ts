import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { createNotificationsService } from './notifications.service.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let smtp: TestSmtp;
// Start times on the test day, clear of the 12:30-13:30 break; each booking takes the next.
const times = ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00', '09:30', '10:30', '11:30', '14:30', '15:30'];
let nextTime = 0;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ smtpUrl: smtp.url, ownerMessageRateLimitPerHour: 8 }, { now: clock.now });
  s = await makeSalon(t, { staff: 1 });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const message = (token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/notifications', headers: auth(token), payload });

async function booking(salon: SalonFixture, customer: { token: string }) {
  const slotId = await slotAt(t, salon.staffIds[0] as number, `2030-03-05 ${times[nextTime++ % times.length]}`);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: auth(customer.token),
    payload: { slotId, serviceId: salon.serviceIds[0] },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("an owner's message to a customer", () => {
  it('is a template about their booking, mailed after it is stored, and listed newest first', async () => {
    const customer = await makeUser(t, 'customer', 'Mia Customer');
    const b = await booking(s, customer);
    const res = await message(s.ownerToken, { bookingId: b.id, template: 'running_late', minutes: 15 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      type: 'salon_message',
      channel: 'email',
      status: 'pending',
      payload: { template: 'running_late', minutes: 15, bookingId: b.id },
    });
    await waitFor(() => smtp.received.some((m) => m.subject.startsWith('Running late')), 'the mail');
    const mail = smtp.received.find((m) => m.subject.startsWith('Running late'));
    expect(mail?.raw).toContain('running about 15 minutes late');
    expect(mail?.raw).toContain('Hi Mia Customer');

    const list = await t.app.inject({ url: '/api/v1/notifications', headers: auth(customer.token) });
    expect(list.json().items.map((n: { type: string }) => n.type)).toEqual(['salon_message', 'booking_confirmed']);
    await waitFor(
      async () =>
        (await t.app.inject({ url: '/api/v1/notifications', headers: auth(customer.token) })).json().items[0].status ===
        'sent',
      'the record to be marked sent',
    );
  });

  it('carries no free text: subjects, messages, recipients and unknown templates are refused', async () => {
    const customer = await makeUser(t);
    const b = await booking(s, customer);
    const bad: object[] = [
      { userId: customer.id, type: 'salon_message', payload: { subject: 'Verify', message: 'http://phish' } },
      { bookingId: b.id, template: 'please_call', message: 'Click http://phish' },
      { bookingId: b.id, template: 'please_call', subject: 'Urgent' },
      { bookingId: b.id, template: 'custom' },
      { bookingId: b.id, template: 'running_late' },
      { bookingId: b.id, template: 'please_call', minutes: 10 },
      { bookingId: b.id, template: 'running_late', minutes: 600 },
    ];
    for (const payload of bad) {
      const res = await message(s.ownerToken, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const { rows } = await t.db.sql.query(
      "select count(*)::int as n from notifications where user_id = $1 and type = 'salon_message'",
      [customer.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it("goes only to the customer of the sender's own salon's upcoming booking", async () => {
    const customer = await makeUser(t);
    const b = await booking(s, customer);
    const other = await makeSalon(t, { staff: 1 });
    const body = { bookingId: b.id, template: 'please_call' };
    // Customers may not send at all, whatever the body.
    expect((await message(customer.token, body)).statusCode).toBe(403);
    expect((await message(customer.token, { nope: 1 })).statusCode).toBe(403);
    expect((await message(other.ownerToken, body)).statusCode).toBe(403);
    expect((await message(s.ownerToken, { ...body, bookingId: 99999999 })).json().code).toBe('BOOKING_NOT_FOUND');

    const cancelled = await booking(s, customer);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${cancelled.id}/cancel`,
      headers: auth(customer.token),
      payload: {},
    });
    const late = await message(s.ownerToken, { bookingId: cancelled.id, template: 'reminder' });
    expect(late.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'bookingId' });
  });

  it('is limited per booking and per sender', async () => {
    const owner = await makeSalon(t, { staff: 1 });
    const customer = await makeUser(t);
    const [b1, b2, b3] = [
      await booking(owner, customer),
      await booking(owner, customer),
      await booking(owner, customer),
    ];
    const send = (bookingId: number) => message(owner.ownerToken, { bookingId, template: 'reminder' });
    for (let i = 0; i < 3; i++) expect((await send(b1.id)).statusCode).toBe(201);
    const fourth = await send(b1.id);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().code).toBe('RATE_LIMITED');
    expect(fourth.headers['retry-after']).toBeDefined();
    // 8 per sender per hour in this file: b1's four attempts count, so four more pass.
    for (let i = 0; i < 3; i++) expect((await send(b2.id)).statusCode).toBe(201);
    expect((await send(b3.id)).statusCode).toBe(201);
    expect((await send(b3.id)).statusCode).toBe(429);
  });
});

describe('dispatch', () => {
  it('a failed send marks the record failed and a later dispatch retries it; the booking stands', async () => {
    const sent: OutgoingMail[] = [];
    let down = true;
    const flaky: MailTransport = {
      name: 'flaky',
      async send(mail) {
        if (down) throw new Error('smtp: connection refused');
        sent.push(mail);
      },
    };
    const service = createNotificationsService(t.app.deps, flaky);
    const u = await makeUser(t, 'customer', 'Retry Person');
    const [id] = await t.orm.em
      .fork()
      .transactional((em) =>
        service.queue(em, [
          { userId: u.id, type: 'booking_confirmed', payload: { salonName: 'X', services: ['Cut'] } },
        ]),
      );
    expect(await service.dispatch([id as number])).toEqual({ sent: 0, failed: 1 });
    const failed = (await t.db.sql.query('select status, attempts, last_error from notifications where id = $1', [id]))
      .rows[0];
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_error: 'smtp: connection refused' });
    down = false;
    expect(await service.dispatch([id as number])).toEqual({ sent: 1, failed: 0 });
    expect(sent[0]?.text).toContain('Retry Person');
    const done = (
      await t.db.sql.query('select status, attempts, sent_at, lease_until from notifications where id = $1', [id])
    ).rows[0];
    expect(done).toMatchObject({ status: 'sent', attempts: 2, lease_until: null });
    expect(done.sent_at).not.toBeNull();
  });
});
