/**
 * The small interface every payment provider implements: open a checkout for
 * a deposit, close it, turn a signed webhook into an event, refund with an
 * idempotency key. Everything else (deadlines, refund rules, applying an
 * event once) is the payments module's and the same for every provider.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PaymentProvider as ProviderName } from '@glamify/shared';

export type { ProviderName };

export interface CheckoutInput {
  paymentId: number;
  bookingId: number;
  amountCents: number;
  currency: string;
  /** What the customer pays for, as the provider's page shows it. */
  description: string;
  customerEmail: string | null;
  /** The deposit's deadline: the checkout should not outlive it (a provider may insist on a later minimum). */
  dueAt: Date;
  /**
   * When this checkout was first asked for. Every attempt for one checkout
   * passes the same instant, so retries and simultaneous requests send the
   * provider identical requests under one idempotency key.
   */
  startedAt: Date;
  /** The PWA's page for this booking's payment; the provider sends the customer back there. */
  returnUrl: string;
}

export interface CheckoutSession {
  /** The provider's id of the checkout (a Stripe Checkout Session id, a demo session id). */
  ref: string;
  /** Where the customer's browser goes to pay. */
  url: string;
}

/** What a webhook said, in terms every provider shares. */
export type ProviderEvent =
  | {
      id: string;
      type: string;
      kind: 'payment_succeeded';
      /** The checkout it belongs to, and our payment id when the provider carries it back. */
      checkoutRef: string;
      paymentId: number | undefined;
      /** The provider's id of the money movement: refunds name it. */
      chargeRef: string;
      amountCents: number;
      currency: string;
      /** When the provider says the payment went through. */
      paidAt: Date;
    }
  | {
      id: string;
      type: string;
      kind: 'payment_failed';
      checkoutRef: string | undefined;
      paymentId: number | undefined;
      /** For the customer: the provider's words. */
      message: string;
    }
  | { id: string; type: string; kind: 'ignored' };

export interface RefundInput {
  chargeRef: string;
  amountCents: number;
  currency: string;
  /** The same key for every attempt at one refund: the provider refunds once. */
  idempotencyKey: string;
  reason: string;
}

export interface RefundOutcome {
  /** The provider's id of the refund. */
  ref: string;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** The smallest charge the provider accepts; a smaller deposit is not asked for. */
  readonly minimumCents: number;
  createCheckout(input: CheckoutInput): Promise<CheckoutSession>;
  /** Stops a checkout from taking money (the deadline passed or the booking was cancelled). */
  closeCheckout(ref: string): Promise<void>;
  /** Verifies the signature and parses; throws WEBHOOK_SIGNATURE_INVALID when it does not verify. */
  parseWebhook(raw: Buffer, headers: IncomingHttpHeaders, now: Date): Promise<ProviderEvent>;
  /** Throws when the provider refused or could not be reached; the caller retries with the same key. */
  refund(input: RefundInput): Promise<RefundOutcome>;
}
