/**
 * The Payments module's service: the configured provider, the ledger the
 * booking transaction writes deposits, charges and refunds into, the
 * checkout link that forwards a customer to the provider, webhook
 * verification, and the after-commit work (sending refunds, closing
 * checkouts). Booking state is the booking module's: it applies verified
 * webhook events and deadlines through this ledger.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode, localDate, localTime, type PaymentSettings } from '@glamify/shared';
import type { Config } from '../../config.ts';
import type { Orm } from '../../db/orm.ts';
import { AppError } from '../../errors.ts';
import type { Deps } from '../../lib/deps.ts';
import { resolveSecret } from '../../lib/secret.ts';
import { createDemoProvider } from './demo-provider.ts';
import { createLedger } from './payment-ledger.ts';
import type { PaymentProvider, ProviderEvent, ProviderName } from './payment-provider.ts';
import { createRefundDispatcher } from './refund-dispatch.ts';
import { createStripeProvider } from './stripe-provider.ts';

/** The provider PAYMENT_PROVIDER names; the demo's signing key is generated once and kept like AUTH_SECRET. */
export function createPaymentProvider(config: Config, orm: Orm): PaymentProvider {
  if (config.paymentProvider === 'stripe') {
    return createStripeProvider({
      secretKey: config.stripeSecretKey as string,
      webhookSecret: config.stripeWebhookSecret as string,
      apiUrl: config.stripeApiUrl,
    });
  }
  return createDemoProvider(() => resolveSecret(orm, 'demo_payment_secret'), config.publicUrl ?? '');
}

interface CheckoutRow {
  id: number;
  bookingId: number;
  provider: ProviderName;
  status: string;
  dueAt: Date;
  amountCents: number;
  currency: string;
  checkoutProviderUrl: string | null;
  salonName: string;
  services: string;
  startsAt: Date;
  timezone: string;
  customerEmail: string | null;
}

const CHECKOUT_ROW = `
  select p.id, p.booking_id as "bookingId", p.provider, p.status, p.due_at as "dueAt", p.amount_cents as "amountCents",
         trim(p.currency) as currency, p.checkout_provider_url as "checkoutProviderUrl", s.name as "salonName",
         (select string_agg(i.name, ' + ' order by i.position) from booking_items i where i.booking_id = b.id) as services,
         b.starts_at as "startsAt", s.timezone, u.email as "customerEmail"
  from payments p join bookings b on b.id = p.booking_id join salons s on s.id = b.salon_id
  left join users u on u.id = b.customer_id`;

export type PaymentsService = ReturnType<typeof createPaymentsService>;

export function createPaymentsService(deps: Deps, provider: PaymentProvider) {
  const ledger = createLedger(deps, provider);
  const refunds = createRefundDispatcher(deps, provider);
  const base = deps.config.publicUrl ?? '';
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T> =>
    (await deps.orm.em.getConnection().execute(query, params)) as T;

  // After commit: send the refunds a transaction recorded, tell the provider a checkout is closed.
  deps.events.subscribe((events) => {
    for (const e of events) {
      if (e.type === 'refunds:queued') {
        refunds.dispatch(e.ids).catch((err: unknown) => deps.log.error({ err }, 'refund dispatch failed'));
      } else if (e.type === 'payment:closed' && e.provider === provider.name) {
        provider
          .closeCheckout(e.checkoutRef)
          .catch((err: unknown) => deps.log.warn({ err, checkoutRef: e.checkoutRef }, 'could not close a checkout'));
      }
    }
  });

  /** Where the PWA shows a booking's payment; providers send customers back there. */
  const returnUrl = (bookingId: number) => `${base}/bookings/${bookingId}/payment`;

  async function checkoutRow(where: string, value: string): Promise<CheckoutRow | undefined> {
    return (await sql<CheckoutRow[]>(`${CHECKOUT_ROW} where ${where}`, [value]))[0];
  }

  /**
   * GET /payments/checkout/:token: where the customer's browser goes next.
   * The provider's checkout while the deposit is due (created on first use,
   * once, whoever asks at the same time); otherwise back to the PWA, which
   * tells whether the booking was paid, expired or cancelled.
   */
  async function checkoutTarget(token: string): Promise<string> {
    const row = await checkoutRow('p.pay_token = ?', token);
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, 'This payment link is not valid');
    const back = returnUrl(row.bookingId);
    if (row.status !== 'due' || new Date(row.dueAt).getTime() <= deps.now().getTime()) return back;
    if (row.checkoutProviderUrl) return row.checkoutProviderUrl;
    if (row.provider !== provider.name) throw new AppError(ErrorCode.NOT_FOUND, 'This payment link is not valid');
    const [claimed] = await sql<{ startedAt: Date }[]>(
      `update payments set checkout_started_at = coalesce(checkout_started_at, ?)
       where id = ? returning checkout_started_at as "startedAt"`,
      [deps.now().toISOString(), row.id],
    );
    const startedAt = new Date(claimed?.startedAt ?? deps.now());
    let session: { ref: string; url: string };
    try {
      session = await provider.createCheckout({
        paymentId: row.id,
        bookingId: row.bookingId,
        amountCents: row.amountCents,
        currency: row.currency,
        description: `Deposit: ${row.services} at ${row.salonName}, ${localDate(row.startsAt, row.timezone)} ${localTime(row.startsAt, row.timezone)}`,
        customerEmail: row.customerEmail,
        dueAt: new Date(row.dueAt),
        startedAt,
        returnUrl: back,
      });
    } catch (err) {
      // The next try starts afresh (a new instant, so a new idempotency key with the new minimum lifetime).
      await sql('update payments set checkout_started_at = null where id = ? and checkout_ref is null', [row.id]);
      deps.log.error({ err, paymentId: row.id }, 'the payment provider could not open a checkout');
      return `${back}?checkout=unavailable`;
    }
    const [stored] = await sql<{ url: string }[]>(
      `update payments set checkout_ref = coalesce(checkout_ref, ?), checkout_provider_url = coalesce(checkout_provider_url, ?)
       where id = ? and status = 'due' returning checkout_provider_url as url`,
      [session.ref, session.url, row.id],
    );
    if (!stored) {
      // Paid, expired or cancelled meanwhile: this checkout must take nothing.
      await provider.closeCheckout(session.ref).catch(() => undefined);
      return back;
    }
    return stored.url;
  }

  /** The demo checkout page's view of a session: what is paid for, and whether it can still be paid. */
  async function demoSession(ref: string) {
    const row = await checkoutRow("p.provider = 'demo' and p.checkout_ref = ?", ref);
    if (!row) return undefined;
    const dueAt = new Date(row.dueAt);
    return {
      ...row,
      dueAt,
      startsAt: new Date(row.startsAt),
      payable: row.status === 'due' && dueAt.getTime() > deps.now().getTime(),
      returnUrl: returnUrl(row.bookingId),
    };
  }

  /** Verifies a webhook delivery for `name`; a provider this server does not use is a 404. */
  function parseWebhook(name: ProviderName, raw: Buffer, headers: IncomingHttpHeaders): Promise<ProviderEvent> {
    if (name !== provider.name) throw new AppError(ErrorCode.NOT_FOUND, `This server does not take ${name} payments`);
    return provider.parseWebhook(raw, headers, deps.now());
  }

  function settings(): PaymentSettings {
    return {
      provider: provider.name,
      deadlineSeconds: deps.config.paymentDeadlineSeconds,
      minimumCents: provider.minimumCents,
    };
  }

  return {
    provider,
    ledger,
    settings,
    checkoutTarget,
    demoSession,
    parseWebhook,
    /** Sends every refund that is due (the job's retry path). */
    retryRefunds: () => refunds.dispatch(),
  };
}
