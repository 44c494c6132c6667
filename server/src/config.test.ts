import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { parse } from 'yaml';
import { loadConfig } from './config.ts';
import { clientAddress, parseTrustProxy, trustFunction } from './lib/trust-proxy.ts';

const GOOD_SECRET = 'q7Hf2-Lx9pZ0vT4mWc8rN1bY6kJ3sD5a';

describe('AUTH_SECRET', () => {
  it('refuses short and placeholder secrets, naming the variable', () => {
    const cases = [
      'short',
      'x'.repeat(31),
      'change-me-to-a-long-random-string',
      'CHANGEME-CHANGEME-CHANGEME-CHANGEME',
      'replace-this-with-a-real-secret-value',
      'your-secret-goes-here-1234567890abc',
      'a'.repeat(64),
      'abababababababababababababababababab',
    ];
    for (const secret of cases) {
      expect(() => loadConfig({ AUTH_SECRET: secret }), secret).toThrow(/AUTH_SECRET/);
    }
  });

  it('refuses a weak secret passed as an override too', () => {
    expect(() => loadConfig({}, { authSecret: 'too-short' })).toThrow(/AUTH_SECRET is too short/);
  });

  it('accepts a random secret, and no secret at all (generated and kept)', () => {
    expect(loadConfig({ AUTH_SECRET: GOOD_SECRET }).authSecret).toBe(GOOD_SECRET);
    expect(loadConfig({}).authSecret).toBeUndefined();
    expect(loadConfig({ AUTH_SECRET: '' }).authSecret).toBeUndefined();
  });
});

describe('payments', () => {
  it('takes deposits with the demo provider by default, due in 15 minutes', () => {
    const c = loadConfig({});
    expect([c.paymentProvider, c.paymentDeadlineSeconds, c.publicUrl]).toEqual(['demo', 900, undefined]);
  });

  it('refuses an unknown provider and a deadline out of range, naming the variable', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'paypal' })).toThrow(/PAYMENT_PROVIDER/);
    expect(() => loadConfig({ PAYMENT_DEADLINE_SECONDS: '0' })).toThrow(/PAYMENT_DEADLINE_SECONDS/);
    expect(() => loadConfig({ PAYMENT_DEADLINE_SECONDS: String(13 * 3600) })).toThrow(/PAYMENT_DEADLINE_SECONDS/);
  });

  it('needs the Stripe keys and a public URL for Stripe, and keeps only the URL’s origin and path', () => {
    const stripe = { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(() => loadConfig({ ...stripe, STRIPE_SECRET_KEY: '' })).toThrow(/needs STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ ...stripe, STRIPE_WEBHOOK_SECRET: '' })).toThrow(/needs STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig(stripe)).toThrow(/needs PUBLIC_URL/);
    expect(() => loadConfig({ ...stripe, PUBLIC_URL: 'book.example.com' })).toThrow(/PUBLIC_URL must be/);
    expect(() => loadConfig({ ...stripe, PUBLIC_URL: 'ftp://book.example.com' })).toThrow(/PUBLIC_URL must be/);
    const c = loadConfig({ ...stripe, PUBLIC_URL: 'https://book.example.com/glamify/?x=1' });
    expect([c.paymentProvider, c.publicUrl]).toEqual(['stripe', 'https://book.example.com/glamify']);
  });
});

describe('TRUST_PROXY', () => {
  it('refuses "true" (every hop) and malformed addresses', () => {
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY=true would trust every/);
    expect(() => parseTrustProxy('TRUE')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/8, not-an-ip')).toThrow(/TRUST_PROXY: "not-an-ip"/);
    expect(() => parseTrustProxy('99')).toThrow(/hop count/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('takes nothing, a hop count or a list', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy(' 10.0.0.0/8 , loopback,::1 ')).toEqual(['10.0.0.0/8', 'loopback', '::1']);
  });

  it('derives the client address the same way for every kind of trust', () => {
    const xff = { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' };
    // Nothing trusted: the header is ignored.
    expect(clientAddress(trustFunction(false), '127.0.0.1', xff)).toBe('127.0.0.1');
    // One hop: the entry the proxy appended, whatever the client wrote before it.
    expect(clientAddress(trustFunction(1), '127.0.0.1', xff)).toBe('198.51.100.9');
    // A proxy list: a direct client outside it cannot choose its address.
    const list = trustFunction(['127.0.0.1']);
    expect(clientAddress(list, '127.0.0.1', xff)).toBe('198.51.100.9');
    expect(clientAddress(list, '203.0.113.5', xff)).toBe('203.0.113.5');
  });
});

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}` against an environment. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:?)-([^}]*))?\}/g, (_m, name: string, colon: string, fallback?: string) => {
    const v = env[name];
    if (fallback === undefined) return v ?? '';
    return v === undefined || (colon === ':' && v === '') ? fallback : v;
  });
}

function composeConfig(env: Record<string, string>) {
  const file = parse(readFileSync(resolve(import.meta.dirname, '../../compose.yaml'), 'utf8')) as {
    services: { app: { environment: Record<string, string> } };
  };
  const appEnv = Object.fromEntries(
    Object.entries(file.services.app.environment).map(([k, v]) => [k, interpolate(String(v), env)]),
  );
  return loadConfig(appEnv);
}

describe('defaults', () => {
  it('has the documented limits', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      authRateLimitPerMinute: 20,
      authAccountRateLimitPerHour: 30,
      holdRateLimitPerMinute: 30,
      ownerMessageRateLimitPerHour: 20,
      checkInRateLimitPerHour: 120,
      customerSearchRateLimitPerMinute: 30,
      rescheduleRateLimitPerHour: 10,
      bookingRateLimitPerHour: 20,
      holdsPerCustomer: 3,
      bookingsPerCustomerDay: 3,
      pushAllowLocalEndpoints: false,
      socketRatePerSecond: 20,
      socketMaxConnectionsPerIp: 100,
      trustProxy: false,
    });
  });

  it('refuses limits that are no numbers, naming the variable', () => {
    expect(() => loadConfig({ CHECK_IN_RATE_LIMIT_PER_HOUR: '0' })).toThrow(/CHECK_IN_RATE_LIMIT_PER_HOUR/);
    expect(() => loadConfig({ BOOKING_RATE_LIMIT_PER_HOUR: '1.5' })).toThrow(/BOOKING_RATE_LIMIT_PER_HOUR/);
    expect(() => loadConfig({ BOOKINGS_PER_CUSTOMER_DAY: '0' })).toThrow(/BOOKINGS_PER_CUSTOMER_DAY/);
    expect(loadConfig({ BOOKINGS_PER_CUSTOMER_DAY: '5' }).bookingsPerCustomerDay).toBe(5);
    expect(() => loadConfig({ CUSTOMER_SEARCH_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(
      /CUSTOMER_SEARCH_RATE_LIMIT_PER_MINUTE/,
    );
  });

  it('offers waitlist times for 10 minutes, and links emails to PUBLIC_URL', () => {
    expect(loadConfig({}).waitlistOfferSeconds).toBe(600);
    expect(loadConfig({ WAITLIST_OFFER_SECONDS: '120' }).waitlistOfferSeconds).toBe(120);
    expect(() => loadConfig({ WAITLIST_OFFER_SECONDS: '5' })).toThrow(/WAITLIST_OFFER_SECONDS/);
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://book.example.com/' }).publicUrl).toBe('https://book.example.com');
    expect(loadConfig({ PUBLIC_URL: 'https://example.com/glamify/' }).publicUrl).toBe('https://example.com/glamify');
    expect(() => loadConfig({ PUBLIC_URL: 'book.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://book.example.com' })).toThrow(/PUBLIC_URL/);
  });

  it('listens on this machine only while the demo accounts (public passwords) are seeded', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).host).toBe('0.0.0.0');
    expect(loadConfig({ SEED_DEMO_DATA: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('compose.yaml', () => {
  it('with nothing set: a generated secret, no demo data, no trusted proxy', () => {
    const config = composeConfig({});
    expect(config.authSecret).toBeUndefined();
    expect(config.seedDemoData).toBe(false);
    expect(config.trustProxy).toBe(false);
  });

  it('passes a real secret through and refuses to start on a placeholder', () => {
    expect(composeConfig({ AUTH_SECRET: GOOD_SECRET }).authSecret).toBe(GOOD_SECRET);
    expect(() => composeConfig({ AUTH_SECRET: 'change-me-to-a-long-random-string' })).toThrow(/AUTH_SECRET/);
    expect(composeConfig({ SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
  });

  it('passes a VAPID pair through, and generates one when none is set', () => {
    const pair = webpush.generateVAPIDKeys();
    expect(composeConfig({}).vapidKeys).toBeUndefined();
    expect(composeConfig({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey }).vapidKeys).toEqual(
      pair,
    );
  });
});

describe('VAPID', () => {
  const pair = webpush.generateVAPIDKeys();

  it('takes a pair from the environment, or none (generated and kept)', () => {
    expect(loadConfig({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey }).vapidKeys).toEqual(
      pair,
    );
    expect(loadConfig({}).vapidKeys).toBeUndefined();
  });

  it('refuses half a pair and keys that are not P-256 keys, naming the variable', () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: pair.publicKey })).toThrow(/VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: pair.privateKey })).toThrow(
      /VAPID_PUBLIC_KEY must be/,
    );
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: `${pair.privateKey}AA` })).toThrow(
      /VAPID_PRIVATE_KEY must be/,
    );
  });

  it('names a subject push services can write to: VAPID_SUBJECT, or the mail sender', () => {
    expect(loadConfig({}).vapidSubject).toBe('mailto:no-reply@glamify.local');
    expect(loadConfig({ MAIL_FROM: 'Salon <ops@example.com>' }).vapidSubject).toBe('mailto:ops@example.com');
    expect(loadConfig({ VAPID_SUBJECT: 'https://glamify.example' }).vapidSubject).toBe('https://glamify.example');
    expect(() => loadConfig({ VAPID_SUBJECT: 'ops@example.com' })).toThrow(/VAPID_SUBJECT/);
  });
});
