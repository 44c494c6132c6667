/** HTTP routes of the Payments module (contract: "Deposits and the reservation deadline"). */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PaymentSettings, PayTokenParams, WebhookAnswer, WebhookParams } from '@glamify/shared';
import Type from 'typebox';
import { invalid } from '../../errors.ts';
import { limitRules } from '../../lib/rate-limit.ts';
import type { Services } from '../../services.ts';
import { demoCheckoutRoutes } from './demo-checkout.routes.ts';

const Problem = { $ref: 'Problem#' } as const;
const tags = ['payments'];
/** Provider events are small; Stripe's largest are a few tens of KiB. */
const WEBHOOK_BODY_LIMIT = 512 * 1024;

export const paymentsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { payments, bookings, deps } = services;
  const rules = limitRules(deps.config);

  app.get(
    '/payments/settings',
    {
      schema: {
        tags,
        summary: 'How deposits are taken here: the provider and how long a customer has to pay',
        response: { 200: PaymentSettings },
      },
    },
    async () => payments.settings(),
  );

  app.get(
    '/payments/checkout/:token',
    {
      schema: {
        tags,
        summary: "A booking's checkout link (the Booking's `payment.checkoutUrl`): forwards to the provider",
        description:
          'While the deposit is due: 303 to the provider’s checkout (opened on first use, one per booking). Paid, expired or cancelled: 303 back to the app’s page for the booking’s payment. The token in the link is the only credential, so the link works in any browser. Limited per client address.',
        params: PayTokenParams,
        response: { 303: Type.Null(), 400: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await deps.limiter.consume(rules.paymentCheckout, `ip:${request.ip}`, 'Too many payment page requests');
      return reply.redirect(await payments.checkoutTarget(request.params.token), 303);
    },
  );

  // Signatures are computed over the exact bytes the provider sent, so this route reads the body raw.
  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<TypeBoxTypeProvider>();
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    raw.post(
      '/payments/webhook/:provider',
      {
        schema: {
          tags,
          summary: 'Payment provider events (signed); each event id is applied once',
          description:
            'The provider’s signature header (`Stripe-Signature`; the demo’s `Glamify-Demo-Signature`) is verified over the raw body before anything else: a missing, forged, altered or stale one is 400 `WEBHOOK_SIGNATURE_INVALID`. A payment in time confirms the booking; a late, repeated or mismatched payment is refunded; a replayed event id changes nothing (`outcome: "duplicate"`). A provider this server does not use is 404.',
          params: WebhookParams,
          response: { 200: WebhookAnswer, 400: Problem, 404: Problem, 413: Problem },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw invalid('body', 'Send the provider’s event as the request body');
        const event = await payments.parseWebhook(request.params.provider, request.body, request.headers);
        const outcome = await bookings.applyPaymentEvent(request.params.provider, event);
        request.log.info({ eventId: event.id, type: event.type, outcome }, 'payment event');
        return { received: true as const, outcome };
      },
    );
  });

  if (payments.provider.name === 'demo') await app.register(demoCheckoutRoutes, { services });
};
