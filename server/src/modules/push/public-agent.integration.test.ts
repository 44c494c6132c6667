/**
 * Pushes connect only to public addresses, however the endpoint's name
 * resolves: a name that passed the subscribe-time check but leads to this
 * machine is refused before a byte is sent.
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { startPushService, type TestPushService } from '../../../test/push-service.ts';
import { publicOnlyLookup, publicPushAgent } from './public-agent.ts';
import { webPushTransport } from './web-push-transport.ts';

/** A resolver that answers every name with these addresses. */
const answering =
  (...addresses: LookupAddress[]) =>
  (_host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
    cb(null, addresses);

const lookupOnce = (lookup: ReturnType<typeof publicOnlyLookup>, all: boolean) =>
  new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
    lookup('push.example', { all }, (err, address, family) => resolve({ err, address, family })),
  );

describe('publicOnlyLookup', () => {
  it('passes public addresses through, as one address or all of them', async () => {
    const lookup = publicOnlyLookup(
      answering({ address: '142.250.74.10', family: 4 }, { address: '2a00:1450:4001::200a', family: 6 }),
    );
    expect(await lookupOnce(lookup, false)).toEqual({ err: null, address: '142.250.74.10', family: 4 });
    expect((await lookupOnce(lookup, true)).address).toHaveLength(2);
  });

  it('refuses a name with any local, private or metadata address among its answers', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', '::ffff:192.168.0.1']) {
      const lookup = publicOnlyLookup(
        answering({ address: '142.250.74.10', family: 4 }, { address, family: address.includes(':') ? 6 : 4 }),
      );
      const { err } = await lookupOnce(lookup, false);
      expect(err?.code, address).toBe('EPUSHNOTPUBLIC');
      expect(err?.message).toContain(address);
    }
  });
});

describe('the production push agent', () => {
  let service: TestPushService;
  beforeAll(async () => {
    service = await startPushService();
  });
  afterAll(() => service.close());

  it('never reaches a push service on this machine by name', async () => {
    const device = service.device();
    // The stand-in is on 127.0.0.1; `localhost` is a name for it.
    const endpoint = device.subscription.endpoint.replace('127.0.0.1', 'localhost');
    const keys = webpush.generateVAPIDKeys();
    const vapid = async () => keys;
    const transport = webPushTransport(vapid, 'mailto:ops@example.com', publicPushAgent());
    await expect(
      transport.send({ endpoint, p256dh: device.subscription.keys.p256dh, auth: device.subscription.keys.auth }, '{}', {
        ttlSeconds: 60,
        urgency: 'normal',
      }),
    ).rejects.toThrow(/not a public address/);
    expect(service.requests).toHaveLength(0);
  });
});
