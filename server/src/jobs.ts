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
 *   bookings/booking-reminders.ts).
 */
import { PgBoss } from 'pg-boss';
import type { App } from './app.ts';

export interface Jobs {
  stop: () => Promise<void>;
}

export async function startJobs(app: App): Promise<Jobs> {
  const { log } = app.deps;
  const { availability, notifications, bookings } = app.services;
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
    { name: 'send-reminders', cron: '* * * * *', run: () => bookings.sendDueReminders() },
  ];
  for (const job of jobs) {
    await boss.createQueue(job.name, { retryLimit: 3, retryDelay: 30, retryBackoff: true, policy: 'singleton' });
    await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
    await boss.work(job.name, async () => {
      const result = await job.run();
      log.info({ job: job.name, result }, 'job done');
    });
  }
  return {
    stop: async () => {
      stopping = true;
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
