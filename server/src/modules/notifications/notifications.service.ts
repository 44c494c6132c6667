/**
 * Notification records are written in the same transaction as the change
 * they describe (an outbox); dispatch happens after commit. A failed send
 * marks the record failed and is retried later; it never undoes a booking.
 */
import type { Notification } from '@glamify/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '../../errors.ts';
import type { Deps } from '../../lib/deps.ts';
import { render } from './messages.ts';
import { consoleTransport, type MailTransport, smtpTransport } from './transport.ts';

export interface NewNotification {
  userId: number;
  type: string;
  payload: Record<string, unknown>;
  channel?: string;
}

const MAX_ATTEMPTS = 5;
/** How long queued records wait to share one dispatch, and how many one dispatch claims. */
const DISPATCH_TICK_MS = 5;
const DISPATCH_BATCH = 200;

interface Row {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  email: string;
  name: string;
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

export function createNotificationsService(deps: Deps, transport?: MailTransport) {
  const mail =
    transport ??
    (deps.config.smtpUrl ? smtpTransport(deps.config.smtpUrl, deps.config.mailFrom) : consoleTransport(deps.log));

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

  /**
   * Sends the given (or all due) records. Rows are claimed with SKIP LOCKED,
   * so two instances never send the same one twice at once.
   */
  async function dispatch(ids?: number[]): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    await deps.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<Row[]>(
        `select n.id, n.type, n.payload, u.email, u.name
         from notifications n join users u on u.id = n.user_id
         where n.channel = 'email' and (n.status = 'pending' or (n.status = 'failed' and n.attempts < ?))
           ${ids ? `and n.id in (${ids.map(() => '?').join(',') || 'null'})` : ''}
         order by n.id limit ${DISPATCH_BATCH}
         for update of n skip locked`,
        [MAX_ATTEMPTS, ...(ids ?? [])],
      );
      const done: number[] = [];
      for (const r of rows) {
        try {
          await mail.send(render(r.type, r.payload, r.email, r.name));
          done.push(r.id);
          sent++;
        } catch (err) {
          deps.log.warn({ err, notificationId: r.id }, 'notification send failed; will retry');
          await em.execute(
            "update notifications set status = 'failed', attempts = attempts + 1, last_error = ? where id = ?",
            [String((err as Error).message ?? err).slice(0, 500), r.id],
          );
          failed++;
        }
      }
      if (done.length > 0) {
        await em.execute(
          "update notifications set status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = null where id = any(cast(? as int[]))",
          [deps.now().toISOString(), `{${done.join(',')}}`],
        );
      }
    });
    return { sent, failed };
  }

  // Dispatch right after a transaction that queued records has committed.
  // Records committed within the same few milliseconds go out in one
  // dispatch (one transaction), so a busy hour costs a send round per tick,
  // not a second transaction per booking.
  let batch: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const ids = batch;
    batch = [];
    for (let i = 0; i < ids.length; i += DISPATCH_BATCH) {
      dispatch(ids.slice(i, i + DISPATCH_BATCH)).catch((err: unknown) =>
        deps.log.error({ err }, 'notification dispatch failed'),
      );
    }
  };
  deps.events.subscribe((events) => {
    for (const e of events) {
      if (e.type === 'notifications:queued' && e.ids.length > 0) {
        batch.push(...e.ids);
        if (!timer) timer = setTimeout(flush, DISPATCH_TICK_MS);
      }
    }
  });

  /** POST /notifications: an owner may notify their salons' customers, an admin anyone. */
  async function create(actor: { id: number; role: string }, input: NewNotification): Promise<Notification> {
    const em = deps.orm.em.fork();
    if (actor.role !== 'admin') {
      const rows = await em.execute(
        'select 1 from bookings b join salons s on s.id = b.salon_id where s.owner_id = ? and b.customer_id = ? limit 1',
        [actor.id, input.userId],
      );
      if (actor.role !== 'owner' || (rows.length === 0 && input.userId !== actor.id)) {
        throw forbidden('Owners may notify their own customers only');
      }
    }
    const [id] = await em.transactional((tx) => queue(tx, [input]));
    await dispatch([id as number]);
    return (await list(input.userId, 1, 0, id)).items[0] as Notification;
  }

  async function list(userId: number, limit: number, offset: number, onlyId?: number) {
    const em = deps.orm.em.fork();
    const items = await em.execute<Notification[]>(
      `select id, type, channel, payload, status, created_at as "createdAt", sent_at as "sentAt", read_at as "readAt"
       from notifications where user_id = ? ${onlyId ? 'and id = ?' : ''}
       order by created_at desc, id desc limit ? offset ?`,
      [userId, ...(onlyId ? [onlyId] : []), limit, offset],
    );
    const [count] = await em.execute<{ n: number }[]>(
      'select count(*)::int as n from notifications where user_id = ?',
      [userId],
    );
    return { items: items.map(iso), total: count?.n ?? 0 };
  }

  return { transport: mail, queue, dispatch, create, list };
}

function iso(n: Notification): Notification {
  const d = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return { ...n, createdAt: d(n.createdAt) as string, sentAt: d(n.sentAt), readAt: d(n.readAt) };
}

/** A PostgreSQL array literal of text elements, each quoted and escaped. */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
