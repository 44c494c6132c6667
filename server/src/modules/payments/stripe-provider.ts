/**
 * Stripe, through the official client: one Checkout Session per booking,
 * webhooks verified with STRIPE_WEBHOOK_SECRET, refunds with idempotency keys.
 *
 * The deadline gap: Stripe lets a Checkout Session live at least 30 minutes,
 * while a deposit is due after PAYMENT_DEADLINE_SECONDS (15 minutes by
 * default). The session is created to expire at the deadline or at Stripe's
 * minimum, whichever is later; at the deadline Glamify expires it itself
 * (`closeCheckout`), and a payment that still lands (completed in the moment
 * before, or while the expiry call failed) is refunded in full and never
 * confirms the booking.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode } from '@glamify/shared';
import Stripe from 'stripe';
import { AppError } from '../../errors.ts';
import type { PaymentProvider, ProviderEvent } from './payment-provider.ts';

/** Stripe's shortest Checkout Session, plus a minute so the request never lands under it. */
const MIN_SESSION_SECONDS = 31 * 60;
/** Stripe's smallest charge in EUR/USD/GBP-like currencies (50 minor units). */
const MINIMUM_CENTS = 50;

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** A Stripe-compatible API instead of api.stripe.com (stripe-mock, tests). */
  apiUrl?: string | undefined;
}

function clientOf(opts: StripeOptions): Stripe {
  const api = opts.apiUrl ? new URL(opts.apiUrl) : undefined;
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === 'http:' ? 80 : 443),
          protocol: api.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
  });
}

const metaId = (m: Stripe.Metadata | null | undefined): number | undefined => {
  const n = Number(m?.glamify_payment_id);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

function fromSession(event: Stripe.Event, s: Stripe.Checkout.Session): ProviderEvent {
  const paymentIntent = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id;
  if (s.payment_status !== 'paid' || !paymentIntent || s.amount_total === null || !s.currency) {
    // Completed but not paid yet (a delayed method): the async_payment_* event follows.
    return { id: event.id, type: event.type, kind: 'ignored' };
  }
  return {
    id: event.id,
    type: event.type,
    kind: 'payment_succeeded',
    checkoutRef: s.id,
    paymentId: metaId(s.metadata),
    chargeRef: paymentIntent,
    amountCents: s.amount_total,
    currency: s.currency.toUpperCase(),
    paidAt: new Date(event.created * 1000),
  };
}

/** The event, as far as deposits are concerned. */
export function toProviderEvent(event: Stripe.Event): ProviderEvent {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return fromSession(event, event.data.object);
    case 'checkout.session.async_payment_failed':
      return {
        id: event.id,
        type: event.type,
        kind: 'payment_failed',
        checkoutRef: event.data.object.id,
        paymentId: metaId(event.data.object.metadata),
        message: 'The payment did not go through.',
      };
    case 'payment_intent.payment_failed':
      return {
        id: event.id,
        type: event.type,
        kind: 'payment_failed',
        checkoutRef: undefined,
        paymentId: metaId(event.data.object.metadata),
        message: event.data.object.last_payment_error?.message ?? 'The payment did not go through.',
      };
    default:
      return { id: event.id, type: event.type, kind: 'ignored' };
  }
}

export function createStripeProvider(opts: StripeOptions): PaymentProvider {
  const stripe = clientOf(opts);
  return {
    name: 'stripe',
    minimumCents: MINIMUM_CENTS,
    async createCheckout(input) {
      // Prefixed, so events of other systems on the same Stripe account never look like ours.
      const metadata = { glamify_payment_id: String(input.paymentId), glamify_booking_id: String(input.bookingId) };
      const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: String(input.bookingId),
          metadata,
          payment_intent_data: { metadata, description: input.description },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.currency.toLowerCase(),
                unit_amount: input.amountCents,
                product_data: { name: input.description },
              },
            },
          ],
          ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
          expires_at: Math.max(seconds(input.dueAt), seconds(input.startedAt) + MIN_SESSION_SECONDS),
          success_url: `${input.returnUrl}?checkout=done`,
          cancel_url: `${input.returnUrl}?checkout=cancelled`,
        },
        // Two tabs opening the link at once, or a retry, get one session.
        { idempotencyKey: `glamify-checkout-${input.paymentId}-${input.startedAt.getTime()}` },
      );
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
      return { ref: session.id, url: session.url };
    },
    async closeCheckout(ref) {
      try {
        await stripe.checkout.sessions.expire(ref);
      } catch (err) {
        // Already completed or expired: nothing left to close; a payment that completed is handled by its webhook.
        if (err instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw err;
      }
    },
    async parseWebhook(raw: Buffer, headers: IncomingHttpHeaders, now: Date) {
      const signature = headers['stripe-signature'];
      if (typeof signature !== 'string') {
        throw new AppError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, 'Missing Stripe-Signature header');
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          raw,
          signature,
          opts.webhookSecret,
          undefined,
          undefined,
          Math.floor(now.getTime() / 1000),
        );
      } catch {
        throw new AppError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, 'The Stripe signature does not verify');
      }
      return toProviderEvent(event);
    },
    async refund(input) {
      const refund = await stripe.refunds.create(
        {
          payment_intent: input.chargeRef,
          amount: input.amountCents,
          reason: 'requested_by_customer',
          metadata: { glamify_reason: input.reason },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      if (refund.status === 'failed' || refund.status === 'canceled') {
        throw new Error(`Stripe refused refund ${refund.id}: ${refund.failure_reason ?? refund.status}`);
      }
      return { ref: refund.id };
    },
  };
}
