/**
 * A local HTTP server standing in for the Stripe API, at the protocol level
 * the official client speaks: form-encoded POSTs with a bearer key and an
 * `Idempotency-Key`, JSON answers and Stripe-shaped errors. It knows the
 * three calls deposits make (create and expire a Checkout Session, create a
 * refund), keeps idempotency like Stripe (the same key replays the first
 * answer; the same key with other parameters is a 400), and records every
 * request for the tests to inspect.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: Record<string, string>;
}

export interface StripeStandIn {
  url: string;
  secretKey: string;
  requests: Recorded[];
  sessions: Map<string, Record<string, unknown>>;
  /** The next n refund calls answer 500 (the client retries those itself). */
  failRefunds(n: number): void;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Date.now()}` });
  res.end(JSON.stringify(body));
}

const stripeError = (type: string, message: string) => ({ error: { type, message } });

export async function startStripeStandIn(secretKey = 'sk_test_glamify_stand_in'): Promise<StripeStandIn> {
  const requests: Recorded[] = [];
  const sessions = new Map<string, Record<string, unknown>>();
  const idempotent = new Map<string, { body: string; status: number; answer: unknown }>();
  let seq = 0;
  let refundFailures = 0;

  function handle(path: string, p: Record<string, string>): [number, unknown] {
    if (path === '/v1/checkout/sessions') {
      const id = `cs_test_${++seq}`;
      const metadata = {
        glamify_payment_id: p['metadata[glamify_payment_id]'],
        glamify_booking_id: p['metadata[glamify_booking_id]'],
      };
      const session = {
        id,
        object: 'checkout.session',
        url: `https://checkout.stripe.test/c/pay/${id}`,
        status: 'open',
        payment_status: 'unpaid',
        amount_total: Number(p['line_items[0][price_data][unit_amount]']),
        currency: p['line_items[0][price_data][currency]'],
        expires_at: Number(p.expires_at),
        client_reference_id: p.client_reference_id,
        metadata,
        payment_intent: null,
      };
      sessions.set(id, session);
      return [200, session];
    }
    const expire = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (expire) {
      const session = sessions.get(expire[1] as string);
      if (!session) return [404, stripeError('invalid_request_error', 'No such checkout.session')];
      if (session.status !== 'open') {
        return [400, stripeError('invalid_request_error', 'Only open Checkout Sessions can be expired.')];
      }
      session.status = 'expired';
      return [200, session];
    }
    if (path === '/v1/refunds') {
      if (refundFailures > 0) {
        refundFailures--;
        return [500, stripeError('api_error', 'Something went wrong on the stand-in')];
      }
      return [
        200,
        {
          id: `re_test_${++seq}`,
          object: 'refund',
          amount: Number(p.amount),
          currency: 'eur',
          payment_intent: p.payment_intent,
          status: 'succeeded',
        },
      ];
    }
    return [404, stripeError('invalid_request_error', `Unrecognized request URL (POST: ${path})`)];
  }

  const server = createServer(async (req, res) => {
    const body = await read(req);
    const path = (req.url ?? '').split('?')[0] as string;
    const key = req.headers['idempotency-key'] as string | undefined;
    const params = Object.fromEntries(new URLSearchParams(body));
    requests.push({ method: req.method ?? '', path, idempotencyKey: key, params });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, stripeError('invalid_request_error', 'Invalid API Key provided'));
    }
    const seen = key ? idempotent.get(key) : undefined;
    if (seen) {
      if (seen.body !== body) {
        return send(
          res,
          400,
          stripeError(
            'idempotency_error',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          ),
        );
      }
      return send(res, seen.status, seen.answer);
    }
    const [status, answer] = handle(path, params);
    // Stripe does not keep the outcome of a request that failed on its side; a retry runs again.
    if (key && status < 500) idempotent.set(key, { body, status, answer });
    return send(res, status, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    sessions,
    failRefunds: (n) => {
      refundFailures = n;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
