/**
 * Email dispatch against real SMTP servers that stall: no transaction and
 * no pool connection is held while a mail server thinks, so bookings go on;
 * a lease that runs out is claimed again, and the sender that lost it
 * cannot overwrite the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { auth, makeSalon, makeUser, manualClock, type SalonFixture, slotAt } from '../../../test/fixtures.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import { createNotificationsService } from './notifications.service.ts';
import { smtpTransport } from './transport.ts';

const POOL = 6;
const clock = manualClock('2030-03-04T06:00:00Z');
let t: TestApp;
let s: SalonFixture;
let slow: TestSmtp;
let fast: TestSmtp;

beforeAll(async () => {
  [slow, fast] = [await startSmtp(), await startSmtp()];
  t = await createTestApp({ smtpUrl: slow.url }, { now: clock.now, poolMax: POOL });
  s = await makeSalon(t, { staff: 2 });
});
afterAll(async () => {
  slow?.release();
  await t?.close();
  await slow?.close();
  await fast?.close();
});

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const row = async (id: number) =>
  (await t.db.sql.query('select status, attempts, lease_until, last_error from notifications where id = $1', [id]))
    .rows[0];

describe('dispatch with a stuck mail server', () => {
  it('bookings keep going through while every mail waits, and the mail goes out once the server answers', async () => {
    slow.stall();
    const times = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15'];
    const booked: number[] = [];
    // Twice as many bookings as the pool has connections, each queuing two mails.
    for (let i = 0; i < POOL * 2; i++) {
      const u = await makeUser(t);
      const slotId = await slotAt(t, s.staffIds[i % 2] as number, `2030-03-05 ${times[Math.floor(i / 2)]}`);
      const res = await within(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/bookings',
          headers: auth(u.token),
          payload: { slotId, serviceId: s.serviceIds[0] },
        }),
        3000,
      );
      expect(res === 'timeout' ? `booking ${i + 1} waited for the mail server` : res.statusCode).toBe(201);
      if (res !== 'timeout') booked.push(res.json().id);
      // Let each booking's mail start on its own, as in a real day.
      await new Promise((r) => setTimeout(r, 15));
    }
    await waitFor(() => slow.stalled() > 0, 'a mail to reach the stuck server');
    const open = await t.db.sql.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
    );
    expect(open.rows[0].n).toBe(0);
    const sending = await t.db.sql.query("select count(*)::int as n from notifications where status = 'sending'");
    expect(sending.rows[0].n).toBeGreaterThan(0);

    slow.release();
    await waitFor(async () => {
      const { rows } = await t.db.sql.query("select count(*)::int as n from notifications where status <> 'sent'");
      return rows[0].n === 0;
    }, 'every mail to be sent');
    expect(slow.received).toHaveLength(booked.length * 2);
  });
});

describe('leases', () => {
  const queue = async (userId: number) => {
    const service = createNotificationsService(t.app.deps, smtpTransport(fast.url, 'Glamify <test@glamify.local>'));
    const [id] = await t.orm.em
      .fork()
      .transactional((em) =>
        service.queue(em, [{ userId, type: 'booking_confirmed', payload: { salonName: 'Lease', services: ['Cut'] } }]),
      );
    return id as number;
  };

  it('a live lease is left alone; one that ran out is claimed again, and its first sender cannot mark it', async () => {
    const u = await makeUser(t);
    const id = await queue(u.id);
    const stuck = createNotificationsService(t.app.deps, smtpTransport(slow.url, 'Glamify <test@glamify.local>'));
    const quick = createNotificationsService(t.app.deps, smtpTransport(fast.url, 'Glamify <test@glamify.local>'));
    slow.stall();
    const first = stuck.dispatch([id]);
    await waitFor(() => slow.stalled() === 1, 'the first send to stall');
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1 });

    expect(await quick.dispatch([id])).toEqual({ sent: 0, failed: 0 });
    expect((await row(id)).status).toBe('sending');

    // The first sender has gone quiet past its lease.
    await t.db.sql.query("update notifications set lease_until = now() - interval '1 second' where id = $1", [id]);
    expect(await quick.dispatch([id])).toEqual({ sent: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lease_until: null });

    slow.release();
    expect(await first).toEqual({ sent: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a record whose last attempt ran out of lease is failed for good by the next full run', async () => {
    const u = await makeUser(t);
    const id = await queue(u.id);
    await t.db.sql.query(
      "update notifications set status = 'sending', attempts = 5, lease_token = gen_random_uuid(), lease_until = now() - interval '1 second' where id = $1",
      [id],
    );
    await t.app.services.notifications.dispatch();
    expect(await row(id)).toMatchObject({ status: 'failed', last_error: 'lease ran out', lease_until: null });
  });
});
