/**
 * Background work on pg-boss: the queue lives in the same PostgreSQL, so a
 * scheduled job runs once per tick across every instance, with retries.
 *
 * - cleanup-expired-holds, every 5 minutes: deletes expired holds and
 *   announces the freed slots (the per-instance expiry timers only make that
 *   prompt; this is what guarantees it, also after a crash);
 * - generate-slots, daily: rolls the slot horizon forward;
 * - retry-notifications, every minute: re-sends failed notification emails;
 * - cleanup-rate-limits, every 10 minutes: drops counters whose windows are over;
 * - send-reminders, every minute: queues the reminders that are due (each
 *   once, even when two instances run it at the same moment: see
 *   bookings/booking-reminders.ts);
 * - payment-deadline, one job per booking awaiting a deposit, due at its
 *   deadline (sent after the booking commits): cancels it if still unpaid;
 * - expire-unpaid-payments, every minute: the same for any deadline whose job
 *   was never sent (an instance stopped between commit and send) or failed;
 * - retry-refunds, every minute: sends refunds that failed or were never sent;
 * - waitlist-sweep, every minute: offers freed times to the waitlist and
 *   expires past entries (each instance does this every 2 s while it runs;
 *   this is the guarantee).
 *
 * Whichever runs, and however often, the booking row's lock and state decide:
 * a deposit expires once.
 */
import { PgBoss } from 'pg-boss';
import type { App } from './app.ts';

/**
 * One job per deposit deadline, sent after the booking commits and due at
 * `dueAt`. A job for a booking already paid, cancelled or expired does
 * nothing; one that finds the deadline still ahead is retried shortly.
 */
const DEADLINE_QUEUE = 'payment-deadline';
const DEADLINE_QUEUE_OPTIONS = { retryLimit: 10, retryDelay: 2 };

/** Schedules a deadline job for every deposit this instance opens; returns the unsubscribe. */
function sendDeadlines(app: App, boss: PgBoss): () => void {
  const { log } = app.deps;
  return app.deps.events.subscribe((events) => {
    for (const e of events) {
      if (e.type !== 'payment:due') continue;
      boss
        .send(
          DEADLINE_QUEUE,
          { bookingId: e.bookingId },
          { startAfter: new Date(e.dueAt), singletonKey: `booking-${e.bookingId}` },
        )
        // The minute sweep expires it anyway, only later.
        .catch((err: unknown) => log.warn({ err, bookingId: e.bookingId }, 'could not schedule a payment deadline'));
    }
  });
}

/**
 * For an instance that runs no jobs while another does (a worker beside the
 * lead): only sends the deadline jobs of the deposits opened here, so they
 * expire on time wherever the booking was made. No polling, no schedules.
 */
export async function startDeadlineSender(app: App): Promise<Jobs> {
  const connectionString = app.orm.config.get('clientUrl') as string;
  const boss = new PgBoss({
    connectionString,
    max: 2,
    application_name: 'glamify-deadlines',
    supervise: false,
    schedule: false,
  });
  let stopping = false;
  boss.on('error', (err: unknown) => {
    if (!stopping) app.deps.log.error({ err }, 'job queue error');
  });
  await boss.start();
  await boss.createQueue(DEADLINE_QUEUE, DEADLINE_QUEUE_OPTIONS);
  const unsubscribe = sendDeadlines(app, boss);
  return {
    stop: async () => {
      unsubscribe();
      stopping = true;
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}

export interface Jobs {
  stop: () => Promise<void>;
}

export async function startJobs(app: App): Promise<Jobs> {
  const { log } = app.deps;
  const { availability, notifications, bookings, payments, waitlist } = app.services;
  const connectionString = app.orm.config.get('clientUrl') as string;
  const boss = new PgBoss({ connectionString, max: 4, application_name: 'glamify-jobs' });
  let stopping = false;
  // While stopping, the database may already be going away; those errors are expected.
  boss.on('error', (err: unknown) => {
    if (!stopping) log.error({ err }, 'job queue error');
  });
  await boss.start();

  const jobs: Array<{ name: string; cron: string; run: () => Promise<unknown> }> = [
    { name: 'cleanup-expired-holds', cron: '*/5 * * * *', run: () => availability.cleanupExpired() },
    { name: 'generate-slots', cron: '17 3 * * *', run: () => availability.generateSlots() },
    { name: 'retry-notifications', cron: '* * * * *', run: () => notifications.dispatch() },
    { name: 'cleanup-rate-limits', cron: '*/10 * * * *', run: () => app.deps.limiter.sweep() },
    { name: 'expire-unpaid-payments', cron: '* * * * *', run: () => bookings.expireDue() },
    { name: 'retry-refunds', cron: '* * * * *', run: () => payments.retryRefunds() },
    { name: 'send-reminders', cron: '* * * * *', run: () => bookings.sendDueReminders() },
    { name: 'waitlist-sweep', cron: '* * * * *', run: () => waitlist.process() },
  ];
  for (const job of jobs) {
    await boss.createQueue(job.name, { retryLimit: 3, retryDelay: 30, retryBackoff: true, policy: 'singleton' });
    await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
    await boss.work(job.name, async () => {
      const result = await job.run();
      log.info({ job: job.name, result }, 'job done');
    });
  }
  await boss.createQueue(DEADLINE_QUEUE, DEADLINE_QUEUE_OPTIONS);
  // Fetched in batches every second, so a burst of bookings expires on time.
  await boss.work<{ bookingId: number }>(
    DEADLINE_QUEUE,
    { batchSize: 20, pollingIntervalSeconds: 1 },
    async (batch) => {
      const early: number[] = [];
      for (const { data } of batch) {
        let result = await bookings.expireUnpaid(data.bookingId);
        if (result === 'early') {
          // The queue's clock is the database's, the deadline the app's: a moment early, try again.
          await new Promise((r) => setTimeout(r, 1000));
          result = await bookings.expireUnpaid(data.bookingId);
        }
        if (result === 'early') early.push(data.bookingId);
        else log.info({ job: DEADLINE_QUEUE, bookingId: data.bookingId, result }, 'job done');
      }
      if (early.length) throw new Error(`deadline not reached yet for bookings ${early.join(', ')}`);
    },
  );
  const unsubscribe = sendDeadlines(app, boss);

  return {
    stop: async () => {
      unsubscribe();
      stopping = true;
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
