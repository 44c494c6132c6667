import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { createNotificationsService } from './notifications.service.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;

beforeAll(async () => {
  t = await createTestApp({}, { now: clock.now });
  s = await makeSalon(t, { staff: 1 });
});
afterAll(() => t.close());

describe('notifications', () => {
  it('an owner notifies their own customer; the record is sent and listed newest first', async () => {
    const customer = await makeUser(t);
    const slotId = await slotAt(t, s.staffIds[0] as number, '2030-03-05 10:00');
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(customer.token),
      payload: { slotId, serviceId: s.serviceIds[0] },
    });
    expect(booked.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications',
      headers: auth(s.ownerToken),
      payload: {
        userId: customer.id,
        type: 'salon_message',
        payload: { subject: 'Running late', message: '10 minutes late' },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ type: 'salon_message', channel: 'email', status: 'sent' });
    const list = await t.app.inject({ url: '/api/v1/notifications', headers: auth(customer.token) });
    expect(list.json().total).toBe(2);
    expect(list.json().items.map((n: { type: string }) => n.type)).toEqual(['salon_message', 'booking_confirmed']);
  });

  it("nobody notifies strangers: customers and other salons' owners get 403", async () => {
    const stranger = await makeUser(t);
    const customer = await makeUser(t);
    const otherOwner = (await makeSalon(t, { staff: 1 })).ownerToken;
    for (const token of [customer.token, otherOwner, s.ownerToken]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notifications',
        headers: auth(token),
        payload: { userId: stranger.id, type: 'salon_message', payload: {} },
      });
      expect(res.statusCode).toBe(403);
    }
    const { rows } = await t.db.sql.query('select count(*)::int as n from notifications where user_id = $1', [
      stranger.id,
    ]);
    expect(rows[0].n).toBe(0);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications',
      headers: auth(s.ownerToken),
      payload: { userId: stranger.id, type: 'Bad Type!', payload: {} },
    });
    expect(bad.json()).toMatchObject({ status: 400, field: 'type' });
  });

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
    const done = (await t.db.sql.query('select status, attempts, sent_at from notifications where id = $1', [id]))
      .rows[0];
    expect(done.status).toBe('sent');
    expect(done.attempts).toBe(2);
    expect(done.sent_at).not.toBeNull();
  });
});
