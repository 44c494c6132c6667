/**
 * The deadline across instances with the real job queue: instance A runs in
 * this process, instance B is a separate server process, both run pg-boss on
 * one database. Unpaid deposits are expired once, by whichever instance's
 * job gets there, and both instances' watchers see each release exactly once.
 */
import type { AddressInfo } from 'node:net';
import { addDays, type Booking, localDate } from '@glamify/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { makeUser, type SalonFixture } from '../../../test/fixtures.ts';
import { book, depositSalon, eventually, notificationTypes } from '../../../test/payments.ts';
import { type ServerProcess, spawnServer } from '../../../test/process.ts';
import { ask, type Client, connect, record } from '../../../test/sockets.ts';
import { type Jobs, startDeadlineSender, startJobs } from '../../jobs.ts';

const DEADLINE_SECONDS = 3;
let a: TestApp;
let aJobs: Jobs;
// A third instance that runs no jobs (a worker beside the lead): it only sends its deadlines.
let c: TestApp;
let cSender: Jobs;
let aUrl: string;
let b: ServerProcess;
let s: SalonFixture;
const clients: Client[] = [];
const DAY = addDays(localDate(new Date(), 'Europe/Berlin'), 8);

beforeAll(async () => {
  a = await createTestApp({ bus: true, jobs: true, paymentDeadlineSeconds: DEADLINE_SECONDS });
  aJobs = await startJobs(a.app);
  await a.app.listen({ port: 0, host: '127.0.0.1' });
  aUrl = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}`;
  s = await depositSalon(a, {}, { staff: 3 });
  c = await createTestApp({ paymentDeadlineSeconds: DEADLINE_SECONDS }, { db: a.db });
  cSender = await startDeadlineSender(c.app);
  b = await spawnServer({
    DATABASE_URL: a.db.url,
    JOBS: 'true',
    EVENT_BUS: 'true',
    PAYMENT_DEADLINE_SECONDS: String(DEADLINE_SECONDS),
    LOG_LEVEL: 'warn',
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await b?.stop('SIGTERM');
  await cSender?.stop();
  await c?.close();
  await aJobs?.stop();
  await a?.close();
});

async function watcher(url: string) {
  const c = await connect(url);
  clients.push(c);
  await ask(c, 'schedule:join', { salonId: s.salonId, date: DAY });
  return record(c, ['slot:released']);
}

describe('payment deadlines on two instances with the job queue', () => {
  it('expires every unpaid deposit once, and each release reaches both instances once', async () => {
    const seenA = await watcher(aUrl);
    const seenB = await watcher(b.url);
    const booked: Booking[] = [];
    // Booked on both instances: each schedules its own deadlines.
    for (const [i, time] of ['10:00', '10:30', '11:00', '14:00', '14:30', '15:00'].entries()) {
      const u = await makeUser(a);
      if (i % 2 === 0) booked.push(await book(a, s, u.token, `${DAY} ${time}`, { staff: i % 3 }));
      else {
        const slot = await a.db.sql.query(
          `select sl.id from slots sl join salons sa on sa.id = sl.salon_id
           where sl.staff_id = $1 and sl.starts_at = ($2::timestamp at time zone sa.timezone)`,
          [s.staffIds[i % 3], `${DAY} ${time}`],
        );
        const res = await fetch(`${b.url}/api/v1/bookings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ slotId: slot.rows[0].id, serviceId: s.serviceIds[0] }),
        });
        expect(res.status).toBe(201);
        booked.push((await res.json()) as Booking);
      }
    }
    expect(booked.every((x) => x.status === 'PENDING')).toBe(true);
    const ids = booked.map((x) => x.id);
    const statuses = await eventually(
      async () =>
        (await a.db.sql.query('select status, cancel_reason from bookings where id = any($1::int[])', [ids])).rows,
      (rows) => rows.every((r: { status: string }) => r.status === 'CANCELLED'),
      30_000,
    );
    expect(statuses.map((r: { cancel_reason: string }) => r.cancel_reason)).toEqual(ids.map(() => 'payment_expired'));
    const slotIds = booked.flatMap((x) => x.slotIds);
    const releasedIn = (log: typeof seenA) =>
      log.flatMap(([, p]) => p.slotIds as number[]).filter((id) => slotIds.includes(id));
    await eventually(
      async () => [releasedIn(seenA).length, releasedIn(seenB).length],
      ([x, y]) => x === slotIds.length && y === slotIds.length,
    );
    // A moment more, to see that nothing is released twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(releasedIn(seenA).sort()).toEqual([...slotIds].sort());
    expect(releasedIn(seenB).sort()).toEqual([...slotIds].sort());
    for (const id of ids) expect(await notificationTypes(a, id)).toEqual(['payment_expired', 'payment_expired_salon']);
  });

  it('expires on time a deposit opened on an instance that only sends its deadlines', async () => {
    const ids: number[] = [];
    for (const [i, time] of ['09:00', '09:30', '16:00'].entries()) {
      ids.push((await book(c, s, (await makeUser(c)).token, `${DAY} ${time}`, { staff: i })).id);
    }
    const rows = await eventually(
      async () =>
        (
          await a.db.sql.query(
            `select b.status, extract(epoch from b.cancelled_at - p.due_at)::float8 as late
             from bookings b join payments p on p.booking_id = b.id where b.id = any($1::int[])`,
            [ids],
          )
        ).rows,
      (r) => r.every((x: { status: string }) => x.status === 'CANCELLED'),
      30_000,
    );
    // A job per deadline, run by another instance's worker: seconds, where the minute sweep alone could take 60.
    for (const r of rows) expect(r.late).toBeLessThan(8);
  });
});
