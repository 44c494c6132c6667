/**
 * Notification records are written in the same transaction as the change
 * they describe (an outbox); dispatch happens after commit, outside any
 * transaction (dispatch.ts). A failed send marks the record failed and is
 * retried later; it never undoes a booking.
 *
 * Each record is one delivery on one channel. Records of the types that are
 * pushed (`PUSHED_TYPES`) get a `push` twin in the same statement when the
 * recipient has a device subscribed, so a push is as transactional as the
 * email: it exists only if the change committed.
 */
import { type Notification, PUSHED_TYPES } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Deps } from '../../lib/deps.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import { inTransaction } from '../../lib/tx.ts';
import type { PushService } from '../push/push.service.ts';
import { type ChannelSender, CLAIM_BATCH, createDispatcher } from './dispatch.ts';
import { render } from './messages.ts';
import { type MessageBooking, type OwnerMessageInput, ownerMessage } from './owner-messages.ts';
import { pushPlan } from './push-messages.ts';
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

/**
 * `push`: without it this service sends email only and leaves push records
 * to a dispatcher that has it (tests build mail-only services beside the app's).
 */
export function createNotificationsService(deps: Deps, transport?: MailTransport, push?: PushService) {
  const mail =
    transport ??
    (deps.config.smtpUrl ? smtpTransport(deps.config.smtpUrl, deps.config.mailFrom) : consoleTransport(deps.log));
  const senders: Record<string, ChannelSender> = {
    email: (r) => mail.send(render(r.type, r.payload, r.email, r.name)),
  };
  if (push) {
    senders.push = async (r) => {
      const plan = pushPlan(r.type, r.payload, deps.now());
      await push.deliver(r.id, r.userId, plan.message, plan.options);
    };
  }
  const { dispatch } = createDispatcher(deps, senders);
  const rules = limitRules(deps.config);

  /**
   * The insert of `records` as data-modifying CTEs, the last named `name`
   * (returning each new record's `id`), so that another module's statement
   * can queue its notifications in the same round trip as its own write.
   */
  function queued(records: NewNotification[], name: string): { with: string; params: unknown[] } {
    return {
      with: `${name}_input as (
         select * from unnest(cast(? as int[]), cast(? as text[]), cast(? as text[]), cast(? as jsonb[]), cast(? as timestamptz[]))
           as i(user_id, type, channel, payload, created_at)
       ), ${name}_pushed as (
         select i.user_id, i.type, 'push' as channel, i.payload, i.created_at from ${name}_input i join users u on u.id = i.user_id
         where i.channel in ('email', 'in_app')
           and ((u.role in ('owner', 'admin') and i.type = any(cast(? as text[])))
                or (u.role = 'customer' and i.type = any(cast(? as text[]))))
           and exists (select 1 from push_subscriptions s where s.user_id = i.user_id)
       ), ${name} as (
         insert into notifications (user_id, type, channel, payload, created_at)
         select * from ${name}_input union all select * from ${name}_pushed
         returning id
       )`,
      params: [
        pgArray(records.map((r) => String(r.userId))),
        pgArray(records.map((r) => r.type)),
        pgArray(records.map((r) => r.channel ?? 'email')),
        pgArray(records.map((r) => JSON.stringify(r.payload))),
        pgArray(records.map(() => deps.now().toISOString())),
        pgArray([...PUSHED_TYPES.owner]),
        pgArray([...PUSHED_TYPES.customer]),
      ],
    };
  }

  /**
   * Writes records inside the caller's transaction, each record of a pushed
   * type (email, or in-app only like a check-in) with its push twin (one
   * statement); returns every id.
   */
  async function queue(em: EntityManager, records: NewNotification[]): Promise<number[]> {
    if (records.length === 0) return [];
    const q = queued(records, 'queued');
    const rows = await em.execute<{ id: number }[]>(`with ${q.with} select id from queued`, q.params);
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
    // A push twin is how one notification travels, not a second one: the list leaves it out.
    const items = await em.execute<Notification[]>(
      `select id, type, channel, payload, case when status = 'sending' then 'pending' else status end as status,
              created_at as "createdAt", sent_at as "sentAt", read_at as "readAt"
       from notifications where user_id = ? and channel <> 'push' ${onlyId ? 'and id = ?' : ''}
       order by created_at desc, id desc limit ? offset ?`,
      [userId, ...(onlyId ? [onlyId] : []), limit, offset],
    );
    const [count] = await em.execute<{ n: number; unread: number }[]>(
      `select count(*)::int as n, count(*) filter (where read_at is null)::int as unread
       from notifications where user_id = ? and channel <> 'push'`,
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
      "select count(*)::int as n from notifications where user_id = ? and read_at is null and channel <> 'push'",
      [userId],
    );
    return { unread: row?.n ?? 0 };
  }

  return { transport: mail, queue, queued, dispatch, sendOwnerMessage, list, markRead, close };
}

function iso(n: Notification): Notification {
  const d = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return { ...n, createdAt: d(n.createdAt) as string, sentAt: d(n.sentAt), readAt: d(n.readAt) };
}

/** A PostgreSQL array literal of text elements, each quoted and escaped. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
