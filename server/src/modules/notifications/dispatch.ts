/**
 * Outbox dispatch with leases, for every channel (email over SMTP, push to
 * each of the user's devices). Talking to a mail server or a push service
 * can take seconds (or, with a sick one, until the socket times out); none
 * of that time may hold a transaction or a pool connection, or a slow
 * server starves bookings.
 *
 * 1. Claim: one statement (its own short transaction) marks due records
 *    `sending` with a lease (`lease_until`, `lease_token`), skipping rows
 *    another sender is claiming at that moment.
 * 2. Send each claimed record with no transaction open.
 * 3. Mark it `sent` or `failed`, only if the lease is still ours.
 *
 * A sender that dies mid-batch leaves leases that run out; the next dispatch
 * claims those records again. Delivery is at least once: a send that timed
 * out on our side may still have reached the mail server.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../lib/deps.ts';

export const MAX_ATTEMPTS = 5;
/** How long a claim lasts; a batch stops sending while enough of it is left for one more send. */
export const LEASE_SECONDS = 120;
/** The most one send may take before it counts as failed. */
export const SEND_TIMEOUT_MS = 30_000;
/** Records one claim takes at most. */
export const CLAIM_BATCH = 20;

/** A record claimed for sending, with its recipient. */
export interface Claimed {
  id: number;
  type: string;
  channel: string;
  userId: number;
  payload: Record<string, unknown>;
  email: string;
  name: string;
}

/** Sends one claimed record on its channel; throws to have it retried. */
export type ChannelSender = (record: Claimed) => Promise<void>;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createDispatcher(deps: Deps, senders: Record<string, ChannelSender>) {
  const channels = `{${Object.keys(senders).join(',')}}`;
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T> =>
    (await deps.orm.em.getConnection().execute(query, params)) as T;

  async function claim(token: string, ids: number[] | undefined, after: number, limit: number): Promise<Claimed[]> {
    return sql<Claimed[]>(
      `with due as (
         select id from notifications
         where channel = any(cast(? as text[])) and attempts < ?
           and (status in ('pending', 'failed') or (status = 'sending' and lease_until < now()))
           ${ids ? 'and id = any(cast(? as int[]))' : ''} and id > ?
         order by id limit ?
         for update skip locked
       ), claimed as (
         update notifications n
         set status = 'sending', lease_until = now() + make_interval(secs => ?), lease_token = ?,
             attempts = n.attempts + 1
         from due where n.id = due.id
         returning n.id, n.type, n.channel, n.payload, n.user_id
       )
       select c.id, c.type, c.channel, c.user_id as "userId", c.payload, u.email, u.name
       from claimed c join users u on u.id = c.user_id order by c.id`,
      [channels, MAX_ATTEMPTS, ...(ids ? [`{${ids.join(',')}}`] : []), after, limit, LEASE_SECONDS, token],
    );
  }

  /** Marks one record; false when the lease was lost (it ran out and someone else claimed the record). */
  async function mark(id: number, token: string, error: string | undefined): Promise<boolean> {
    const rows = await sql<unknown[]>(
      error === undefined
        ? `update notifications set status = 'sent', sent_at = ?, last_error = null, lease_until = null, lease_token = null
           where id = ? and lease_token = ? returning id`
        : `update notifications set status = 'failed', last_error = ?, lease_until = null, lease_token = null
           where id = ? and lease_token = ? returning id`,
      [error === undefined ? deps.now().toISOString() : error.slice(0, 500), id, token],
    );
    return rows.length > 0;
  }

  /** Gives unsent records of a claim back, uncounted, for the next dispatch. */
  async function giveBack(ids: number[], token: string): Promise<void> {
    await sql(
      `update notifications set status = 'pending', attempts = attempts - 1, lease_until = null, lease_token = null
       where id = any(cast(? as int[])) and lease_token = ?`,
      [`{${ids.join(',')}}`, token],
    );
  }

  /** Records that used their last attempt on a lease that ran out are failed for good. */
  async function expireSpent(): Promise<void> {
    await sql(
      `update notifications set status = 'failed', last_error = 'lease ran out', lease_until = null, lease_token = null
       where status = 'sending' and lease_until < now() and attempts >= ?`,
      [MAX_ATTEMPTS],
    );
  }

  /**
   * Sends the given records (or every due one, in batches). Returns what
   * happened to the records this call claimed.
   */
  async function dispatch(ids?: number[]): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    // Walk forward by id, so a record that fails now waits for the next run instead of looping here.
    let after = 0;
    if (!ids) await expireSpent();
    for (;;) {
      const token = randomUUID();
      const deadline = Date.now() + LEASE_SECONDS * 1000;
      const rows = await claim(token, ids, after, ids ? ids.length : CLAIM_BATCH);
      after = rows.at(-1)?.id ?? after;
      for (const [i, r] of rows.entries()) {
        if (Date.now() > deadline - SEND_TIMEOUT_MS - 5000) {
          await giveBack(
            rows.slice(i).map((x) => x.id),
            token,
          );
          break;
        }
        let error: string | undefined;
        try {
          const send = senders[r.channel];
          if (!send) throw new Error(`no sender for channel "${r.channel}"`);
          await withTimeout(send(r), SEND_TIMEOUT_MS);
        } catch (err) {
          error = String((err as Error).message ?? err);
          deps.log.warn({ err, notificationId: r.id }, 'notification send failed; will retry');
        }
        if (!(await mark(r.id, token, error))) {
          deps.log.warn({ notificationId: r.id }, 'notification lease ran out before it was marked');
        } else if (error === undefined) sent++;
        else failed++;
      }
      if (ids || rows.length < CLAIM_BATCH) return { sent, failed };
    }
  }

  return { dispatch };
}
