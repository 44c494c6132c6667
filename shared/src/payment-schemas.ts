/** Requests of the payments module (contract: "Deposits and the reservation deadline"). */
import Type, { type Static } from 'typebox';
import { PaymentProvider } from './dto.ts';

export const WebhookParams = Type.Object({ provider: PaymentProvider }, { additionalProperties: false });
/** Path of POST /payments/webhook/:provider. */
export type WebhookParams = Static<typeof WebhookParams>;

export const WebhookAnswer = Type.Object({
  received: Type.Literal(true),
  /**
   * What the event did: `confirmed` (the booking), `refunded` (a late, repeated or
   * mismatched payment), `noted` (a failed attempt), `duplicate` (an event id seen
   * before: applied once only), `ignored` (an event type or payment Glamify does not act on).
   */
  outcome: Type.Union([
    Type.Literal('confirmed'),
    Type.Literal('refunded'),
    Type.Literal('noted'),
    Type.Literal('duplicate'),
    Type.Literal('ignored'),
  ]),
});
/** Answer to a provider's webhook delivery. */
export type WebhookAnswer = Static<typeof WebhookAnswer>;

/** The secret in a checkout link: 32 random bytes, base64url. */
export const PayToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

export const PayTokenParams = Type.Object({ token: PayToken }, { additionalProperties: false });
/** Path of GET /payments/checkout/:token. */
export type PayTokenParams = Static<typeof PayTokenParams>;

export const DemoCheckoutParams = Type.Object(
  { session: Type.String({ pattern: '^cs_demo_[A-Za-z0-9_-]{32}$' }) },
  { additionalProperties: false },
);
/** Path of the demo provider's checkout page. */
export type DemoCheckoutParams = Static<typeof DemoCheckoutParams>;

export const DemoPayBody = Type.Object(
  {
    /** A test card number; spaces are fine. */
    card: Type.String({ maxLength: 30 }),
    expiry: Type.String({ maxLength: 7 }),
    cvc: Type.String({ maxLength: 4 }),
    name: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);
/** The demo checkout's card form (application/x-www-form-urlencoded). */
export type DemoPayBody = Static<typeof DemoPayBody>;
