/**
 * Reminders before a booking, at the salon's `reminderHoursBefore`.
 *
 * Planned in the booking's own transaction: one `booking_reminders` row per
 * hour mark still ahead (a mark already past when the booking is made, or
 * moved, is never written). A move re-plans; a cancellation drops what is
 * unsent. The pg-boss job `send-reminders` (every minute, on whichever
 * instance gets it) calls `sendDue`: it takes due rows under a row lock
 * (`SKIP LOCKED`, so two senders never take the same row) and, in that same
 * transaction, marks each and queues the customer's email (and its push
 * twin). The row's primary key (booking, hours) and its one-way `outcome`
 * make each reminder go out once, whoever runs the job and however often.
 */
import type { Deps } from '../../lib/deps.ts';
import { inTransaction, type Tx } from '../../lib/tx.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import { notificationPayload } from './booking-payloads.ts';
import { type BookingRow, findBooking } from './booking-queries.ts';

/** Due rows one transaction takes at most. */
const BATCH = 50;

/**
 * (Re)plans the reminders of a booking starting at `startsAt`: drops what
 * was planned for an earlier time (sent or not: a new time deserves its own
 * reminders) and writes one row per policy hour whose moment is after `now`.
 */
export async function planReminders(
  tx: Tx,
  booking: { id: number; salonId: number; startsAt: Date | string },
  now: Date,
): Promise<void> {
  const startsAt = new Date(booking.startsAt).toISOString();
  await tx.em.execute('delete from booking_reminders where booking_id = ?', [booking.id]);
  await tx.em.execute(
    `insert into booking_reminders (booking_id, hours_before, due_at)
     select ?, h, cast(? as timestamptz) - make_interval(hours => h)
     from salons s cross join unnest(s.reminder_hours_before) as h
     where s.id = ? and cast(? as timestamptz) - make_interval(hours => h) > cast(? as timestamptz)`,
    [booking.id, startsAt, booking.salonId, startsAt, now.toISOString()],
  );
}

/**
 * `planReminders` as a data-modifying CTE named `name`, for the booking that
 * the CTE `source` returns (its `id`, `salon_id`, `starts_at`): a new
 * booking's confirmation plans them in the same statement. Nothing to delete
 * first, since a new booking has no reminders yet.
 */
export function remindersFor(source: string, name: string, now: Date): { with: string; params: unknown[] } {
  return {
    with: `${name} as (
      insert into booking_reminders (booking_id, hours_before, due_at)
      select c.id, h, c.starts_at - make_interval(hours => h)
      from ${source} c join salons s on s.id = c.salon_id cross join unnest(s.reminder_hours_before) as h
      where c.starts_at - make_interval(hours => h) > cast(? as timestamptz)
    )`,
    params: [now.toISOString()],
  };
}

/** A cancelled booking's unsent reminders go (sent ones stay as history). */
export async function dropReminders(tx: Tx, bookingId: number): Promise<void> {
  await tx.em.execute('delete from booking_reminders where booking_id = ? and outcome is null', [bookingId]);
}

interface DueRow {
  bookingId: number;
  hoursBefore: number;
  status: string;
  startsAt: Date;
  customerId: number | null;
}

export function createReminderSender(deps: Deps, notifications: NotificationsService) {
  async function mark(tx: Tx, bookingId: number, hours: number[], outcome: 'sent' | 'skipped', id?: number) {
    await tx.em.execute(
      `update booking_reminders set outcome = ?, done_at = ?, notification_id = ?
       where booking_id = ? and hours_before = any(cast(? as int[]))`,
      [outcome, deps.now().toISOString(), id ?? null, bookingId, `{${hours.join(',')}}`],
    );
  }

  /** One batch: returns how many rows it took, sent and skipped. */
  function batch(): Promise<{ taken: number; sent: number; skipped: number }> {
    return inTransaction(deps, async (tx) => {
      const now = deps.now();
      // The booking row is share-locked too: a cancellation or a move in flight
      // (which holds it for update) makes the job skip that booking until it commits.
      const rows = await tx.em.execute<DueRow[]>(
        `select r.booking_id as "bookingId", r.hours_before as "hoursBefore", b.status,
                b.starts_at as "startsAt", b.customer_id as "customerId"
         from booking_reminders r join bookings b on b.id = r.booking_id
         where r.outcome is null and r.due_at <= ? and b.status <> 'PENDING'
         order by r.due_at, r.booking_id, r.hours_before
         limit ?
         for no key update of r skip locked
         for share of b skip locked`,
        [now.toISOString(), BATCH],
      );
      const byBooking = new Map<number, DueRow[]>();
      for (const r of rows) byBooking.set(r.bookingId, [...(byBooking.get(r.bookingId) ?? []), r]);
      let sent = 0;
      let skipped = 0;
      const queued: number[] = [];
      for (const [bookingId, due] of byBooking) {
        const first = due[0] as DueRow;
        const hours = due.map((r) => r.hoursBefore);
        const live = first.status === 'CONFIRMED' && new Date(first.startsAt) > now && first.customerId !== null;
        if (!live) {
          await mark(tx, bookingId, hours, 'skipped');
          skipped += hours.length;
          continue;
        }
        // Several marks due at once (the job was down for a while): the nearest to the start says it all.
        const nearest = Math.min(...hours);
        const booking = (await findBooking(tx.em, bookingId)) as BookingRow;
        const ids = await notifications.queue(tx.em, [
          {
            userId: first.customerId as number,
            type: 'booking_reminder',
            payload: notificationPayload(booking, { hoursBefore: nearest }),
          },
        ]);
        queued.push(...ids);
        // The email record (its push twin, if any, follows it).
        await mark(tx, bookingId, [nearest], 'sent', ids[0]);
        const rest = hours.filter((h) => h !== nearest);
        if (rest.length) await mark(tx, bookingId, rest, 'skipped');
        sent++;
        skipped += rest.length;
      }
      if (queued.length) tx.emit({ type: 'notifications:queued', ids: queued });
      return { taken: rows.length, sent, skipped };
    });
  }

  /** Sends every reminder that is due; safe to run on every instance at once. */
  async function sendDue(): Promise<{ sent: number; skipped: number }> {
    let sent = 0;
    let skipped = 0;
    for (;;) {
      const r = await batch();
      sent += r.sent;
      skipped += r.skipped;
      if (r.taken < BATCH) return { sent, skipped };
    }
  }

  return { sendDue };
}
