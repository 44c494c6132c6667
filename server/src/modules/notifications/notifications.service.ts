/**
 * Notification records are written in the same transaction as the change
 * they describe (an outbox); dispatch happens after commit, outside any
 * transaction (dispatch.ts). A failed send marks the record failed and is
 * retried later; it never undoes a booking.
 */
import type { Notification } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction } from '../../lib/tx.ts';
import { CLAIM_BATCH, createDispatcher } from './dispatch.ts';
import { type MessageBooking, type OwnerMessageInput, ownerMessage } from './owner-messages.ts';
import { consoleTransport, type MailTransport, smtpTransport } from './transport.ts';

export interface NewNotification {
  userId: number;
  type: string;
  payload: Record<string, unknown>;
  channel?: string;
}

/** How long queued records wait to share one claim, and how many dispatches run at once. */
const DISPATCH_TICK_MS = 5;
const MAX_CONCURRENT_DISPATCHES = 4;

export type NotificationsService = ReturnType<typeof createNotificationsService>;

export function createNotificationsService(deps: Deps, transport?: MailTransport) {
  const mail =
    transport ??
    (deps.config.smtpUrl ? smtpTransport(deps.config.smtpUrl, deps.config.mailFrom) : consoleTransport(deps.log));
  const { dispatch } = createDispatcher(deps, mail);
  const rules = limitRules(deps.config);

  /** Writes records inside the caller's transaction; returns their ids. */
  async function queue(em: EntityManager, records: NewNotification[]): Promise<number[]> {
    if (records.length === 0) return [];
    const rows = await em.execute<{ id: number }[]>(
      `insert into notifications (user_id, type, channel, payload, created_at)
       select * from unnest(cast(? as int[]), cast(? as text[]), cast(? as text[]), cast(? as jsonb[]), cast(? as timestamptz[]))
       returning id`,
      [
        pgArray(records.map((r) => String(r.userId))),
        pgArray(records.map((r) => r.type)),
        pgArray(records.map((r) => r.channel ?? 'email')),
        pgArray(records.map((r) => JSON.stringify(r.payload))),
        pgArray(records.map(() => deps.now().toISOString())),
      ],
    );
    return rows.map((r) => r.id);
  }

  // Dispatch right after a transaction that queued records has committed.
  // Records committed within the same few milliseconds share one claim; a
  // few dispatches run at once, so a slow mail server ties up that many
  // SMTP connections and no database connection at all.
  let waiting: number[] = [];
  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const pump = () => {
    timer = undefined;
    while (!closed && running.size < MAX_CONCURRENT_DISPATCHES && waiting.length > 0) {
      const ids = waiting.slice(0, CLAIM_BATCH);
      waiting = waiting.slice(CLAIM_BATCH);
      const run: Promise<unknown> = dispatch(ids)
        .catch((err: unknown) => deps.log.error({ err }, 'notification dispatch failed'))
        .finally(() => {
          running.delete(run);
          pump();
        });
      running.add(run);
    }
  };

  /**
   * Stops dispatching after commits and waits for the sends under way, so
   * the pool can close: a send that reached for a connection of a closing
   * pool would wait forever. Records still waiting stay pending for the
   * retry job.
   */
  async function close(): Promise<void> {
    closed = true;
    clearTimeout(timer);
    await Promise.allSettled([...running]);
  }
  deps.events.subscribe((events) => {
    for (const e of events) {
      if (closed) return;
      if (e.type === 'notifications:queued' && e.ids.length > 0) {
        waiting.push(...e.ids);
        if (!timer) timer = setTimeout(pump, DISPATCH_TICK_MS);
      }
    }
  });

  /**
   * POST /notifications: an owner's (or admin's) templated message to the
   * customer of one of their bookings, within the sender's and the
   * booking's limits. Queued and dispatched after commit like any other.
   */
  async function sendOwnerMessage(
    actor: { id: number; role: string },
    booking: MessageBooking,
    input: OwnerMessageInput,
  ): Promise<Notification> {
    const record = ownerMessage(actor, booking, input, deps.now());
    await deps.limiter.consume(rules.ownerMessages, `user:${actor.id}`, 'Too many messages to customers');
    await deps.limiter.consume(rules.bookingMessages, `booking:${booking.id}`, 'Too many messages about this booking');
    const [id] = await inTransaction(deps, async (tx) => {
      const ids = await queue(tx.em, [record]);
      tx.emit({ type: 'notifications:queued', ids });
      return ids;
    });
    return (await list(record.userId, 1, 0, id)).items[0] as Notification;
  }

  async function list(userId: number, limit: number, offset: number, onlyId?: number) {
    const em = deps.orm.em.fork();
    // `sending` is the dispatcher's business; to the reader the record is still pending.
    const items = await em.execute<Notification[]>(
      `select id, type, channel, payload, case when status = 'sending' then 'pending' else status end as status,
              created_at as "createdAt", sent_at as "sentAt", read_at as "readAt"
       from notifications where user_id = ? ${onlyId ? 'and id = ?' : ''}
       order by created_at desc, id desc limit ? offset ?`,
      [userId, ...(onlyId ? [onlyId] : []), limit, offset],
    );
    const [count] = await em.execute<{ n: number; unread: number }[]>(
      'select count(*)::int as n, count(*) filter (where read_at is null)::int as unread from notifications where user_id = ?',
      [userId],
    );
    return { items: items.map(iso), total: count?.n ?? 0, unread: count?.unread ?? 0 };
  }

  /** Marks the reader's own notifications read (some, or all); returns how many are still unread. */
  async function markRead(userId: number, which: { ids?: number[]; all?: true }): Promise<{ unread: number }> {
    const em = deps.orm.em.fork();
    if (which.all) {
      await em.execute('update notifications set read_at = ? where user_id = ? and read_at is null', [
        deps.now().toISOString(),
        userId,
      ]);
    } else if (which.ids) {
      // Someone else's ids simply match nothing.
      await em.execute(
        'update notifications set read_at = ? where user_id = ? and read_at is null and id = any(cast(? as int[]))',
        [deps.now().toISOString(), userId, `{${which.ids.join(',')}}`],
      );
    }
    const [row] = await em.execute<{ n: number }[]>(
      'select count(*)::int as n from notifications where user_id = ? and read_at is null',
      [userId],
    );
    return { unread: row?.n ?? 0 };
  }

  return { transport: mail, queue, dispatch, sendOwnerMessage, list, markRead, close };
}

function iso(n: Notification): Notification {
  const d = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return { ...n, createdAt: d(n.createdAt) as string, sentAt: d(n.sentAt), readAt: d(n.readAt) };
}

/** A PostgreSQL array literal of text elements, each quoted and escaped. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
