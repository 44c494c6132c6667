import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A booking's deposit (one per booking that asks for one). */
export const PaymentEntity = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id: p.integer().primary(),
    bookingId: p.integer(),
    provider: p.enum(['demo', 'stripe'] as const),
    amountCents: p.integer(),
    currency: p.string(),
    status: p.enum(['due', 'paid', 'expired', 'void'] as const).default('due'),
    dueAt: p.datetime(),
    /** The secret in the checkout link. */
    payToken: p.string(),
    checkoutUrl: p.string(),
    checkoutStartedAt: p.datetime().nullable(),
    checkoutRef: p.string().nullable(),
    checkoutProviderUrl: p.string().nullable(),
    paidAt: p.datetime().nullable(),
    paidChargeId: p.integer().nullable(),
    /** Kept by the salon under the terms below. */
    feeCents: p.integer().default(0),
    freeCancellationHours: p.integer(),
    lateCancelFeePercent: p.integer(),
    noShowFeePercent: p.integer(),
    lastFailure: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Payment = InferEntity<typeof PaymentEntity>;

/** Money a provider reported received for a payment (on time, late or twice). */
export const PaymentChargeEntity = defineEntity({
  name: 'PaymentCharge',
  tableName: 'payment_charges',
  properties: {
    id: p.integer().primary(),
    paymentId: p.integer(),
    provider: p.enum(['demo', 'stripe'] as const),
    providerChargeId: p.string(),
    amountCents: p.integer(),
    currency: p.string(),
    refundedCents: p.integer().default(0),
    paidAt: p.datetime(),
    receivedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type PaymentCharge = InferEntity<typeof PaymentChargeEntity>;

/** Money going back, recorded when decided and sent to the provider after commit. */
export const PaymentRefundEntity = defineEntity({
  name: 'PaymentRefund',
  tableName: 'payment_refunds',
  properties: {
    id: p.integer().primary(),
    paymentId: p.integer(),
    chargeId: p.integer(),
    amountCents: p.integer(),
    currency: p.string(),
    reason: p.string(),
    /** What the refund is for (`booking-12-settle`, `charge-34`): one refund per purpose. */
    purpose: p.string(),
    /** Sent to the provider with every attempt. */
    idempotencyKey: p.uuid(),
    status: p.enum(['pending', 'sending', 'issued', 'failed'] as const).default('pending'),
    providerRefundId: p.string().nullable(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    leaseUntil: p.datetime().nullable(),
    leaseToken: p.uuid().nullable(),
    lastError: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    issuedAt: p.datetime().nullable(),
  },
});
export type PaymentRefund = InferEntity<typeof PaymentRefundEntity>;
