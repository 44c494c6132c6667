/**
 * Sends recorded refunds to the provider, outside any transaction (a slow
 * provider must not hold a booking's locks or a pool connection), the way
 * notification mail is sent:
 *
 * 1. Claim due refunds with a lease (one short statement, skipping rows
 *    another instance is claiming).
 * 2. Call the provider with the refund's stored idempotency key: a retry
 *    after a timeout, or two instances racing after a lease ran out, refund
 *    once at the provider.
 * 3. Mark it issued, or due again later with backoff; after the last
 *    attempt it is failed for good and logged as an error for a person.
 *
 * The attempts span about two hours, well inside the 24 hours Stripe keeps
 * an idempotency key.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../lib/deps.ts';
import type { PaymentProvider } from './payment-provider.ts';

export const REFUND_MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
const CALL_TIMEOUT_MS = 25_000;
const BATCH = 20;

interface Claimed {
  id: number;
  amountCents: number;
  currency: string;
  reason: string;
  idempotencyKey: string;
  attempts: number;
  chargeRef: string;
  provider: string;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the provider did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Seconds before attempt n + 1: 30 s, 1 min, 2 min, … capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export function createRefundDispatcher(deps: Deps, provider: PaymentProvider) {
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T> =>
    (await deps.orm.em.getConnection().execute(query, params)) as T;

  function claim(token: string, ids: number[] | undefined): Promise<Claimed[]> {
    return sql<Claimed[]>(
      `with due as (
         select id from payment_refunds
         where ((status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
           ${ids ? 'and id = any(cast(? as int[]))' : ''}
         order by id limit ? for update skip locked
       )
       update payment_refunds r
       set status = 'sending', lease_until = now() + make_interval(secs => ?), lease_token = ?, attempts = r.attempts + 1
       from due, payment_charges c, payments p
       where r.id = due.id and c.id = r.charge_id and p.id = r.payment_id
       returning r.id, r.amount_cents as "amountCents", trim(r.currency) as currency, r.reason,
                 r.idempotency_key as "idempotencyKey", r.attempts, c.provider_charge_id as "chargeRef", p.provider`,
      [...(ids ? [`{${ids.join(',')}}`] : []), ids ? ids.length : BATCH, LEASE_SECONDS, token],
    );
  }

  async function issued(id: number, token: string, ref: string): Promise<void> {
    await sql(
      `update payment_refunds set status = 'issued', provider_refund_id = ?, issued_at = now(), last_error = null,
              lease_until = null, lease_token = null
       where id = ? and lease_token = ?`,
      [ref, id, token],
    );
  }

  async function failed(r: Claimed, token: string, error: string): Promise<void> {
    const final = r.attempts >= REFUND_MAX_ATTEMPTS;
    await sql(
      `update payment_refunds set status = ?, last_error = ?, lease_until = null, lease_token = null,
              next_attempt_at = now() + make_interval(secs => ?)
       where id = ? and lease_token = ?`,
      [final ? 'failed' : 'pending', error.slice(0, 500), backoffSeconds(r.attempts), r.id, token],
    );
    if (final) deps.log.error({ refundId: r.id, error }, 'refund failed for good; it needs a person');
    else deps.log.warn({ refundId: r.id, error, attempts: r.attempts }, 'refund failed; will retry');
  }

  /** Sends the given refunds (or every due one). Returns what happened to those this call claimed. */
  async function dispatch(ids?: number[]): Promise<{ issued: number; failed: number }> {
    let ok = 0;
    let bad = 0;
    for (;;) {
      const token = randomUUID();
      const rows = await claim(token, ids);
      for (const r of rows) {
        try {
          if (r.provider !== provider.name) {
            throw new Error(`the refund belongs to ${r.provider}, but this server uses ${provider.name}`);
          }
          const out = await withTimeout(
            provider.refund({
              chargeRef: r.chargeRef,
              amountCents: r.amountCents,
              currency: r.currency,
              idempotencyKey: r.idempotencyKey,
              reason: r.reason,
            }),
            CALL_TIMEOUT_MS,
          );
          await issued(r.id, token, out.ref);
          ok++;
        } catch (err) {
          await failed(r, token, String((err as Error).message ?? err));
          bad++;
        }
      }
      if (ids || rows.length < BATCH) return { issued: ok, failed: bad };
    }
  }

  return { dispatch };
}
