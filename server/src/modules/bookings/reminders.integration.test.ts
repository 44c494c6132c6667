/**
 * Reminders at the salon's reminderHoursBefore: planned with the booking
 * (none for a mark already past), sent as an email and a push once they are
 * due, once even when two instances run the job at the same moment, never
 * for a cancelled booking, re-timed when the booking moves.
 */
import type { PushMessage } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { startPushService, type TestPushService } from '../../../test/push-service.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { startJobs } from '../../jobs.ts';

const START = '2030-03-04T06:00:00Z';
const clock = manualClock(START);
let t: TestApp;
let s: SalonFixture;
let push: TestPushService;
let smtp: TestSmtp;

beforeAll(async () => {
  [push, smtp] = await Promise.all([startPushService(), startSmtp()]);
  t = await createTestApp(
    { pushAllowLocalEndpoints: true, smtpUrl: smtp.url },
    { now: clock.now, pushAgent: push.agent },
  );
  s = await makeSalon(t, { staff: 3 });
});
afterAll(async () => {
  await t?.close();
  await push?.close();
  await smtp?.close();
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const post = (token: string, path: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: auth(token), payload });
async function book(token: string, staff: number, at: string) {
  const res = await post(token, '/bookings', { slotId: await slotAt(t, staff, at), serviceId: s.serviceIds[0] });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number };
}
const planned = async (bookingId: number) =>
  (
    await t.db.sql.query(
      'select hours_before, due_at, outcome from booking_reminders where booking_id = $1 order by hours_before desc',
      [bookingId],
    )
  ).rows.map((r) => ({ hours: r.hours_before, due: new Date(r.due_at).toISOString(), outcome: r.outcome }));
const reminderRecords = async (bookingId: number, channel = 'email') =>
  (
    await t.db.sql.query(
      "select payload from notifications where type = 'booking_reminder' and channel = $2 and payload->>'bookingId' = $1",
      [String(bookingId), channel],
    )
  ).rows.map((r) => r.payload);

describe('planning', () => {
  it('plans a row per policy hour still ahead: none for marks already past when the booking is made', async () => {
    clock.set(START);
    const u = await makeUser(t);
    // 2030-03-06 10:00 Berlin is 51 hours ahead: both marks.
    const far = await book(u.token, s.staffIds[0] as number, '2030-03-06 10:00');
    expect(await planned(far.id)).toEqual([
      { hours: 24, due: '2030-03-05T09:00:00.000Z', outcome: null },
      { hours: 2, due: '2030-03-06T07:00:00.000Z', outcome: null },
    ]);
    // 10:00 today is 3 hours ahead: the 24-hour mark has passed.
    const soon = await book(u.token, s.staffIds[0] as number, '2030-03-04 10:00');
    expect(await planned(soon.id)).toEqual([{ hours: 2, due: '2030-03-04T07:00:00.000Z', outcome: null }]);
    // Half an hour before 09:00: nothing left to remind of.
    clock.set('2030-03-04T07:30:00Z');
    const now = await book(u.token, s.staffIds[0] as number, '2030-03-04 09:00');
    expect(await planned(now.id)).toEqual([]);
  });
});

describe('sending', () => {
  it('sends the email and the push once due, and never again', async () => {
    clock.set(START);
    const u = await makeUser(t, 'customer', 'Rita Remind');
    const device = push.device();
    await post(u.token, '/push/subscriptions', device.subscription);
    const b = await book(u.token, s.staffIds[1] as number, '2030-03-05 14:00');
    await t.app.services.bookings.sendDueReminders();
    expect(await reminderRecords(b.id)).toEqual([]);
    clock.set('2030-03-04T13:00:30Z'); // just past the 24-hour mark
    expect((await t.app.services.bookings.sendDueReminders()).sent).toBeGreaterThanOrEqual(1);
    await waitFor(
      () => smtp.received.some((m) => m.subject.startsWith('Reminder:') && m.raw.includes('Rita Remind')),
      'the email',
    );
    await waitFor(() => device.received().length === 1, 'the push');
    expect(device.received()[0] as PushMessage).toMatchObject({
      type: 'booking_reminder',
      url: `/bookings?booking=${b.id}`,
      body: 'Service 1 with Stylist 2, 2030-03-05 14:00 (Europe/Berlin)',
    });
    const ttl = Number(push.requests.find((r) => r.device === device.id)?.headers.ttl);
    expect(ttl).toBeGreaterThan(23 * 3600);
    expect(ttl).toBeLessThanOrEqual(24 * 3600);
    await t.app.services.bookings.sendDueReminders();
    expect(await reminderRecords(b.id)).toHaveLength(1);
    expect(await reminderRecords(b.id, 'push')).toHaveLength(1);
    expect((await planned(b.id)).map((r) => r.outcome)).toEqual(['sent', null]);
  });

  it('sends each reminder once when two instances run the job at the same moment, again and again', async () => {
    clock.set(START);
    const second = await createTestApp({}, { db: t.db, now: clock.now });
    try {
      const bookings = [];
      for (let i = 0; i < 12; i++) {
        const u = await makeUser(t);
        bookings.push(
          await book(
            u.token,
            s.staffIds[i % 3] as number,
            `2030-03-07 ${String(9 + Math.floor(i / 3)).padStart(2, '0')}:00`,
          ),
        );
      }
      clock.set('2030-03-06T12:00:00Z'); // every 24-hour mark of that morning is due
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? second : t).app.services.bookings.sendDueReminders()),
      );
      // Other tests' bookings may be due too: at least these twelve, each once.
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(12);
      for (const b of bookings) expect(await reminderRecords(b.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('never reminds of a cancelled booking, nor of one that has started or has no account', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const cancelled = await book(u.token, s.staffIds[2] as number, '2030-03-08 10:00');
    await post(u.token, `/bookings/${cancelled.id}/cancel`, {});
    expect(await planned(cancelled.id)).toEqual([]);
    // Cancelled by a path that leaves its plan behind (a payment deadline, say): skipped when due.
    const expired = await book(u.token, s.staffIds[2] as number, '2030-03-08 11:00');
    await t.db.sql.query('update slots set is_booked = false, booking_id = null where booking_id = $1', [expired.id]);
    await t.db.sql.query("update bookings set status = 'CANCELLED' where id = $1", [expired.id]);
    const walkIn = await post(s.ownerToken, '/bookings', {
      slotId: await slotAt(t, s.staffIds[2] as number, '2030-03-08 12:00'),
      serviceId: s.serviceIds[0],
      guest: { name: 'Gus Guest' },
    });
    expect(walkIn.statusCode).toBe(201);
    clock.set('2030-03-08T10:30:00Z');
    await t.app.services.bookings.sendDueReminders();
    expect(await reminderRecords(cancelled.id)).toEqual([]);
    expect(await reminderRecords(expired.id)).toEqual([]);
    expect((await planned(expired.id)).map((r) => r.outcome)).toEqual(['skipped', 'skipped']);
    expect((await planned(walkIn.json().id)).every((r) => r.outcome === 'skipped')).toBe(true);
  });

  it('after an outage sends one reminder, the nearest mark, and skips those it overtook', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(u.token, s.staffIds[0] as number, '2030-03-09 15:00');
    clock.set('2030-03-09T13:30:00Z'); // both the 24- and the 2-hour marks have passed
    await t.app.services.bookings.sendDueReminders();
    const [record] = await reminderRecords(b.id);
    expect(record.hoursBefore).toBe(2);
    expect((await planned(b.id)).map((r) => r.outcome)).toEqual(['skipped', 'sent']);
  });

  it('re-times on reschedule: nothing at the old marks, reminders at the new ones', async () => {
    clock.set(START);
    const u = await makeUser(t);
    const b = await book(u.token, s.staffIds[1] as number, '2030-03-10 10:00');
    const moved = await post(u.token, `/bookings/${b.id}/reschedule`, {
      slotId: await slotAt(t, s.staffIds[1] as number, '2030-03-12 16:00'),
    });
    expect(moved.statusCode).toBe(200);
    expect(await planned(b.id)).toEqual([
      { hours: 24, due: '2030-03-11T15:00:00.000Z', outcome: null },
      { hours: 2, due: '2030-03-12T13:00:00.000Z', outcome: null },
    ]);
    clock.set('2030-03-09T09:30:00Z'); // the old 24-hour mark
    await t.app.services.bookings.sendDueReminders();
    expect(await reminderRecords(b.id)).toEqual([]);
    clock.set('2030-03-11T15:00:30Z');
    await t.app.services.bookings.sendDueReminders();
    expect((await reminderRecords(b.id)).map((p) => p.startsAt)).toEqual(['2030-03-12T15:00:00.000Z']);
  });
});

describe('the job', () => {
  it('is scheduled on pg-boss every minute, once for all instances', async () => {
    const jobs = await startJobs(t.app);
    try {
      const { rows } = await t.db.sql.query("select name, cron from pgboss.schedule where name = 'send-reminders'");
      expect(rows).toEqual([{ name: 'send-reminders', cron: '* * * * *' }]);
      const queue = await t.db.sql.query("select policy from pgboss.queue where name = 'send-reminders'");
      expect(queue.rows).toEqual([{ policy: 'singleton' }]);
    } finally {
      await jobs.stop();
    }
  });
});
