/**
 * The demo provider's checkout page (PAYMENT_PROVIDER=demo only): a
 * test-mode card form. A submitted card becomes a signed provider event
 * delivered to POST /payments/webhook/demo through the app's own router,
 * so a demo payment takes exactly the path and code a real provider's
 * webhook takes; the page then sends the customer back to the PWA.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DemoCheckoutParams, DemoPayBody, type WebhookAnswer } from '@glamify/shared';
import { limitRules } from '../../lib/rate-limit.ts';
import type { Services } from '../../services.ts';
import { checkoutPage, closedPage, type FormState, notFoundPage } from './demo-checkout-page.ts';
import { DEMO_CARDS, DEMO_SIGNATURE_HEADER, type DemoEvent, isDemoProvider } from './demo-provider.ts';

const schema = { tags: ['payments'], hide: true } as const;

/** Field errors of a card form; none when it names a test card with a sensible expiry and CVC. */
export function checkCard(form: DemoPayBody, now: Date): FormState['errors'] {
  const errors: NonNullable<FormState['errors']> = {};
  const card = form.card.replace(/[\s-]/g, '');
  if (card !== DEMO_CARDS.succeeds && card !== DEMO_CARDS.declines) {
    errors.card = 'This demo takes only the test cards listed below.';
  }
  const m = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/.exec(form.expiry.trim());
  if (!m) errors.expiry = 'Write the expiry as MM/YY.';
  else if (Date.UTC(2000 + Number(m[2]), Number(m[1]), 1) <= now.getTime()) errors.expiry = 'This card has expired.';
  if (!/^\d{3,4}$/.test(form.cvc.trim())) errors.cvc = 'The CVC is 3 or 4 digits.';
  return Object.keys(errors).length ? errors : undefined;
}

export const demoCheckoutRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { payments, deps } = services;
  const provider = payments.provider;
  if (!isDemoProvider(provider)) return;
  const rules = limitRules(deps.config);

  // A plain HTML form posts application/x-www-form-urlencoded.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get('/payments/demo/:session', { schema: { ...schema, params: DemoCheckoutParams } }, async (request, reply) => {
    const s = await payments.demoSession(request.params.session);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!s) return reply.status(404).send(notFoundPage());
    if (!s.payable) return reply.status(409).send(closedPage(s.returnUrl));
    return checkoutPage(s, request.url.split('?')[0] ?? '');
  });

  app.post(
    '/payments/demo/:session',
    { schema: { ...schema, params: DemoCheckoutParams, body: DemoPayBody } },
    async (request, reply) => {
      const ref = request.params.session;
      const s = await payments.demoSession(ref);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!s) return reply.status(404).send(notFoundPage());
      if (!s.payable) return reply.status(409).send(closedPage(s.returnUrl));
      await deps.limiter.consume(rules.demoPay, `session:${ref}`, 'Too many attempts on this payment');
      const action = request.url.split('?')[0] ?? '';
      const values = request.body;
      const now = deps.now();
      const errors = checkCard(values, now);
      if (errors) return reply.status(422).send(checkoutPage(s, action, { values, errors }));

      const declined = values.card.replace(/[\s-]/g, '') === DEMO_CARDS.declines;
      const random = () => randomBytes(12).toString('base64url');
      const event: DemoEvent = {
        id: `evt_demo_${random()}`,
        type: declined ? 'payment.failed' : 'payment.succeeded',
        created: Math.floor(now.getTime() / 1000),
        data: declined
          ? { checkoutRef: ref, paymentId: s.id, message: 'Your card was declined.' }
          : {
              checkoutRef: ref,
              paymentId: s.id,
              chargeRef: `ch_demo_${random()}`,
              amountCents: s.amountCents,
              currency: s.currency,
            },
      };
      const body = JSON.stringify(event);
      const delivered = await app.inject({
        method: 'POST',
        url: '/api/v1/payments/webhook/demo',
        headers: { 'content-type': 'application/json', [DEMO_SIGNATURE_HEADER]: await provider.sign(body, now) },
        payload: body,
      });
      if (delivered.statusCode !== 200) {
        request.log.error({ status: delivered.statusCode, body: delivered.body }, 'the demo webhook was refused');
        return reply
          .status(502)
          .send(checkoutPage(s, action, { values, alert: 'The demo payment could not be recorded. Try again.' }));
      }
      const { outcome } = delivered.json<WebhookAnswer>();
      if (outcome === 'noted') {
        return reply
          .status(402)
          .send(checkoutPage(s, action, { values: { name: values.name }, alert: 'Your card was declined.' }));
      }
      return reply.redirect(`${s.returnUrl}?checkout=done`, 303);
    },
  );
};
