/**
 * The demo provider: Glamify's own test-mode card page (demo-checkout.*),
 * for the embedded start and the tests. No money moves, but everything
 * else is real: the page reports a payment as a signed webhook event to
 * POST /payments/webhook/demo, the same route, verification and code a real
 * provider's events go through. The signing key is generated once and kept
 * in the database like AUTH_SECRET.
 *
 * Signatures follow Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>">`, refused when more than five minutes off the server's
 * clock, so a captured delivery cannot be replayed later (and a replay
 * within the window is a known event id, applied once).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode } from '@glamify/shared';
import { AppError, invalid } from '../../errors.ts';
import type { PaymentProvider, ProviderEvent } from './payment-provider.ts';

export const DEMO_SIGNATURE_HEADER = 'glamify-demo-signature';
const TOLERANCE_SECONDS = 300;

/** The demo's test cards, as Stripe's test mode knows them. */
export const DEMO_CARDS = { succeeds: '4242424242424242', declines: '4000000000000002' } as const;

/** What the demo page sends to the webhook. */
export interface DemoEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.failed';
  /** Unix seconds. */
  created: number;
  data: {
    checkoutRef: string;
    paymentId: number;
    chargeRef?: string;
    amountCents?: number;
    currency?: string;
    message?: string;
  };
}

export function signDemoPayload(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

function refuse(detail: string): AppError {
  return new AppError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, detail);
}

function verify(secret: string, raw: Buffer, header: string | string[] | undefined, now: Date): void {
  if (typeof header !== 'string') throw refuse(`Missing ${DEMO_SIGNATURE_HEADER} header`);
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) throw refuse('Malformed signature header');
  const expected = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) throw refuse('The signature does not match');
  if (Math.abs(now.getTime() / 1000 - t) > TOLERANCE_SECONDS) throw refuse('The signature is too old');
}

function parse(raw: Buffer): DemoEvent {
  let e: DemoEvent;
  try {
    e = JSON.parse(raw.toString('utf8')) as DemoEvent;
  } catch {
    throw invalid('body', 'The event is not valid JSON');
  }
  const d = e?.data;
  if (typeof e?.id !== 'string' || typeof e.created !== 'number' || typeof d?.checkoutRef !== 'string') {
    throw invalid('body', 'The event lacks id, created or data.checkoutRef');
  }
  return e;
}

/** The demo provider also signs: its checkout page reports payments as webhook events. */
export interface DemoProvider extends PaymentProvider {
  sign(body: string, at: Date): Promise<string>;
}

export function isDemoProvider(p: PaymentProvider): p is DemoProvider {
  return p.name === 'demo' && 'sign' in p;
}

/**
 * `secret` is asked for on first use (and again after a failure), so the app
 * can start before the database is migrated and its readiness check says so.
 */
export function createDemoProvider(secret: () => Promise<string>, publicBase: string): DemoProvider {
  let key: Promise<string> | undefined;
  const keyOf = () => {
    key ??= secret().catch((err: unknown) => {
      key = undefined;
      throw err;
    });
    return key;
  };
  return {
    name: 'demo',
    sign: async (body, at) => signDemoPayload(await keyOf(), body, at),
    minimumCents: 1,
    async createCheckout() {
      const ref = `cs_demo_${randomBytes(24).toString('base64url')}`;
      return { ref, url: `${publicBase}/api/v1/payments/demo/${ref}` };
    },
    // The demo page asks the database on every view and submit, so there is nothing to close.
    async closeCheckout() {},
    async parseWebhook(raw, headers, now): Promise<ProviderEvent> {
      verify(await keyOf(), raw, headers[DEMO_SIGNATURE_HEADER], now);
      const e = parse(raw);
      const base = { id: e.id, type: e.type, checkoutRef: e.data.checkoutRef, paymentId: e.data.paymentId };
      if (e.type === 'payment.failed') {
        return { ...base, kind: 'payment_failed', message: String(e.data.message ?? 'The payment failed.') };
      }
      if (e.type === 'payment.succeeded') {
        const { chargeRef, amountCents, currency } = e.data;
        if (typeof chargeRef !== 'string' || !Number.isInteger(amountCents) || typeof currency !== 'string') {
          throw invalid('body', 'A payment event needs chargeRef, amountCents and currency');
        }
        return {
          ...base,
          kind: 'payment_succeeded',
          chargeRef,
          amountCents: amountCents as number,
          currency,
          paidAt: new Date(e.created * 1000),
        };
      }
      return { id: e.id, type: String(e.type), kind: 'ignored' };
    },
    // Nothing to send anywhere; the same key always names the same refund.
    async refund(input) {
      return { ref: `re_demo_${createHash('sha256').update(input.idempotencyKey).digest('base64url').slice(0, 24)}` };
    },
  };
}
