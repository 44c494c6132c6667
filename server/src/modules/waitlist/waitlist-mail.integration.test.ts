/**
 * The offer email, sent over SMTP to a local mail server as production sends
 * it (who it goes to, what it says, a link on PUBLIC_URL to book it), and its
 * Web Push to the customer's device through a local push service.
 */
import { addDays, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeUser } from '../../../test/fixtures.ts';
import { startPushService, type TestPushService } from '../../../test/push-service.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { api, eventually, fullDay, mailSettled } from '../../../test/waitlist.ts';

let t: TestApp;
let smtp: TestSmtp;
let push: TestPushService;
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 4);

beforeAll(async () => {
  smtp = await startSmtp();
  push = await startPushService();
  t = await createTestApp(
    { smtpUrl: smtp.url, publicUrl: 'https://book.example.com', pushAllowLocalEndpoints: true },
    { pushAgent: push.agent },
  );
});
afterAll(async () => {
  await mailSettled(t);
  await t.close();
  await smtp.close();
  await push.close();
});

describe('the offer email', () => {
  it('tells the waiting customer what is held until when, with a link to book it, by email and push', async () => {
    const http = api(t);
    const s = await fullDay(t, DAY);
    const customer = await makeUser(t, 'customer', 'Wendy Waiting');
    const { rows } = await t.db.sql.query('select email from users where id = $1', [customer.id]);
    const device = push.device();
    const subscribed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/push/subscriptions',
      headers: auth(customer.token),
      payload: device.subscription,
    });
    expect(subscribed.statusCode, subscribed.body).toBeLessThan(300);
    const entry = (await http.join(customer.token, { salonId: s.salonId, serviceId: s.serviceId, date: DAY })).json();
    const booking = s.bookings[0] as { id: number; customerToken: string };
    await http.cancel(booking.customerToken, booking.id);

    await eventually(() => expect(smtp.received.some((m) => m.to.includes(rows[0].email))).toBe(true), 10_000);
    const mail = smtp.received.find((m) => m.to.includes(rows[0].email));
    expect(mail?.subject).toMatch(/^A time freed up for you: Salon \d+, .* 10:00 \(Europe\/Berlin\)$/);
    // The text part is quoted-printable: undo soft line breaks and =XX escapes.
    const body = (mail?.raw ?? '')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    expect(body).toContain('Hi Wendy Waiting');
    expect(body).toContain('Service 1 with Stylist 1');
    expect(body).toMatch(/holding it for you until \d\d:\d\d \(Europe\/Berlin\)/);
    expect(body).toContain(`https://book.example.com/bookings?offer=${entry.id}`);

    await eventually(() => expect(device.received()).toHaveLength(1), 10_000);
    expect(device.received()[0]).toMatchObject({
      type: 'waitlist_offer',
      title: expect.stringMatching(/^A time you wanted is free: Salon \d+$/),
      body: expect.stringContaining('Service 1 with Stylist 1'),
      url: `/bookings?offer=${entry.id}`,
      tag: `waitlist-${entry.id}`,
    });
  });
});
