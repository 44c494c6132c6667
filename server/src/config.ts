/**
 * Reads the environment once, validates it and hands out a frozen object.
 * Nothing else in the server reads process.env.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseTrustProxy, type TrustProxy } from './lib/trust-proxy.ts';

export interface Config {
  port: number;
  host: string;
  /** Server processes sharing the port on this machine (1: no workers, this process serves). */
  workers: number;
  /** A PostgreSQL to use; undefined: start the embedded one. */
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemoData: boolean;
  holdTtlSeconds: number;
  holdMaxSeconds: number;
  /** How long a disconnected socket's holds survive before release. */
  holdGraceSeconds: number;
  /**
   * Times one customer may keep at once without having committed to them:
   * live holds and bookings still waiting for their deposit, across days and salons.
   */
  holdsPerCustomer: number;
  /** Live bookings (pending or confirmed) a customer may make at one salon on one salon-local day. */
  bookingsPerCustomerDay: number;
  /** How long a waitlist offer (a hold taken for the waiting customer) lasts. */
  waitlistOfferSeconds: number;
  authSecret: string | undefined;
  authTokenTtlSeconds: number;
  /** Login + register attempts per client IP per minute. */
  authRateLimitPerMinute: number;
  /** Login attempts per account (email) per hour, from any address. */
  authAccountRateLimitPerHour: number;
  /** Hold commands (socket and HTTP together) per account per minute. */
  holdRateLimitPerMinute: number;
  /** Messages an owner (or admin) may send customers per hour. */
  ownerMessageRateLimitPerHour: number;
  /** Check-in attempts per kiosk per hour. */
  checkInRateLimitPerHour: number;
  /** Customer searches per owner per minute. */
  customerSearchRateLimitPerMinute: number;
  /** Reschedules a customer may make per hour (each one alerts the salon). */
  rescheduleRateLimitPerHour: number;
  /** Bookings and cancellations a customer may make per hour (each one mails the salon). */
  bookingRateLimitPerHour: number;
  /** Socket commands per second per account (per IP for anonymous sockets) before acks turn into RATE_LIMITED. */
  socketRatePerSecond: number;
  /** Open sockets per client IP on one instance. */
  socketMaxConnectionsPerIp: number;
  /** Run pg-boss (cron cleanup, slot generation, notification retries). */
  jobs: boolean;
  /** Relay realtime events to other instances through PostgreSQL. */
  bus: boolean;
  logLevel: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Where the built PWA lives; served when present. */
  clientDir: string;
  /** Which X-Forwarded-For hops to believe: none, a hop count, or proxy addresses. */
  trustProxy: TrustProxy;
  /** Who takes deposits: the embedded demo card page, or Stripe. */
  paymentProvider: 'demo' | 'stripe';
  /** How long a customer has to pay a deposit before the booking is released. */
  paymentDeadlineSeconds: number;
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  /** A Stripe-compatible API to talk to instead of api.stripe.com (stripe-mock, tests). */
  stripeApiUrl: string | undefined;
  /** The origin customers reach Glamify at, for links that leave the app (payment returns, emails); no trailing slash. */
  publicUrl: string | undefined;
  /** The VAPID key pair that signs Web Push requests; undefined: generated once and kept in the database. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  /** Who push services may contact about our pushes: a mailto: or https: URL. */
  vapidSubject: string;
  /** Accept push endpoints on loopback and private addresses (a local stand-in push service); never in production. */
  pushAllowLocalEndpoints: boolean;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

/** Values people paste from examples; a key like these signs tokens anyone can forge. */
const PLACEHOLDER =
  /change[-_ ]?me|changeit|placeholder|replace[-_ ]?(me|this)|your[-_ ]?(own[-_ ]?)?secret|example|dummy/i;
export const MIN_SECRET_LENGTH = 32;

/** Throws, naming the variable, unless the value looks like a real random key. */
export function checkSecret(name: string, value: string): void {
  const hint = `use at least ${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 48\`), or unset ${name} to have one generated and kept`;
  if (value.length < MIN_SECRET_LENGTH) {
    throw new Error(`${name} is too short (${value.length} characters): ${hint}`);
  }
  if (PLACEHOLDER.test(value) || new Set(value).size < 8) {
    throw new Error(`${name} looks like a placeholder, not a random key: ${hint}`);
  }
}

function origin(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL such as https://book.example.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function paymentProvider(env: Env): 'demo' | 'stripe' {
  const raw = (env.PAYMENT_PROVIDER || 'demo').toLowerCase();
  if (raw !== 'demo' && raw !== 'stripe') throw new Error(`PAYMENT_PROVIDER must be demo or stripe, got "${raw}"`);
  return raw;
}

/** A base64url string that decodes to exactly `bytes` bytes (and, for a public key, an uncompressed P-256 point). */
function base64UrlBytes(value: string, bytes: number): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  const buf = Buffer.from(value, 'base64url');
  return buf.length === bytes ? buf : undefined;
}

/** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (as `web-push generate-vapid-keys` prints them), or neither. */
export function parseVapidKeys(env: Env): Config['vapidKeys'] {
  const publicKey = env.VAPID_PUBLIC_KEY || undefined;
  const privateKey = env.VAPID_PRIVATE_KEY || undefined;
  if (!publicKey && !privateKey) return undefined;
  if (!publicKey || !privateKey) {
    throw new Error(
      'Set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together, or neither to have a pair generated and kept',
    );
  }
  if (base64UrlBytes(publicKey, 65)?.[0] !== 4) {
    throw new Error('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (65 bytes, 87 characters)');
  }
  if (!base64UrlBytes(privateKey, 32)) {
    throw new Error('VAPID_PRIVATE_KEY must be a P-256 private key, base64url (32 bytes, 43 characters)');
  }
  return { publicKey, privateKey };
}

/** VAPID_SUBJECT, or a mailto: of the address mail comes from. */
export function parseVapidSubject(env: Env, mailFrom: string): string {
  const raw = env.VAPID_SUBJECT || `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['mailto:', 'https:'].includes(url.protocol) || url.href.length > 200) {
    throw new Error(`VAPID_SUBJECT must be a mailto: or https: URL, got "${raw}"`);
  }
  return raw;
}

const projectRoot = resolve(import.meta.dirname, '../..');

/** Builds the config from an environment (process.env by default). */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  const holdTtlSeconds = int(env, 'HOLD_TTL_SECONDS', 300, 1, 3600);
  const holdMaxSeconds = int(env, 'HOLD_MAX_SECONDS', 900, 1, 7200);
  if (holdMaxSeconds < holdTtlSeconds) throw new Error('HOLD_MAX_SECONDS must be at least HOLD_TTL_SECONDS');
  const seedDemoData = bool(env, 'SEED_DEMO_DATA', databaseUrl === undefined);
  const mailFrom = env.MAIL_FROM || 'Glamify <no-reply@glamify.local>';
  const config: Config = {
    port: int(env, 'PORT', 3000, 0, 65535),
    // One per core, so the app's JavaScript is not the one thing waiting while PostgreSQL idles.
    workers: int(env, 'WORKERS', Math.min(availableParallelism(), 8), 1, 64),
    // The demo accounts' passwords (the admin's too) are in the README: with
    // them seeded, listen on this machine only unless HOST says otherwise.
    host: env.HOST || (seedDemoData ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl,
    dataDir: resolve(projectRoot, env.DATA_DIR || '.data'),
    seedDemoData,
    holdTtlSeconds,
    holdMaxSeconds,
    holdGraceSeconds: int(env, 'HOLD_GRACE_SECONDS', 20, 0, 600),
    holdsPerCustomer: int(env, 'HOLDS_PER_CUSTOMER', 3, 1, 100),
    bookingsPerCustomerDay: int(env, 'BOOKINGS_PER_CUSTOMER_DAY', 3, 1, 10_000),
    waitlistOfferSeconds: int(env, 'WAITLIST_OFFER_SECONDS', 600, 10, 86_400),
    authSecret: env.AUTH_SECRET || undefined,
    authTokenTtlSeconds: int(env, 'AUTH_TOKEN_TTL_SECONDS', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    authRateLimitPerMinute: int(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
    authAccountRateLimitPerHour: int(env, 'AUTH_ACCOUNT_RATE_LIMIT_PER_HOUR', 30, 1, 1_000_000),
    holdRateLimitPerMinute: int(env, 'HOLD_RATE_LIMIT_PER_MINUTE', 30, 1, 1_000_000),
    ownerMessageRateLimitPerHour: int(env, 'OWNER_MESSAGE_RATE_LIMIT_PER_HOUR', 20, 1, 1_000_000),
    checkInRateLimitPerHour: int(env, 'CHECK_IN_RATE_LIMIT_PER_HOUR', 120, 1, 1_000_000),
    customerSearchRateLimitPerMinute: int(env, 'CUSTOMER_SEARCH_RATE_LIMIT_PER_MINUTE', 30, 1, 1_000_000),
    rescheduleRateLimitPerHour: int(env, 'RESCHEDULE_RATE_LIMIT_PER_HOUR', 10, 1, 1_000_000),
    bookingRateLimitPerHour: int(env, 'BOOKING_RATE_LIMIT_PER_HOUR', 20, 1, 1_000_000),
    socketRatePerSecond: int(env, 'SOCKET_RATE_PER_SECOND', 20, 1, 10_000),
    socketMaxConnectionsPerIp: int(env, 'SOCKET_MAX_CONNECTIONS_PER_IP', 100, 1, 1_000_000),
    jobs: bool(env, 'JOBS', true),
    bus: bool(env, 'EVENT_BUS', true),
    logLevel: env.LOG_LEVEL || 'info',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom,
    clientDir: resolve(projectRoot, 'dist/client'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    paymentProvider: paymentProvider(env),
    // Stripe Checkout Sessions last at most a day; twelve hours keeps every deadline inside one.
    paymentDeadlineSeconds: int(env, 'PAYMENT_DEADLINE_SECONDS', 900, 1, 12 * 3600),
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeApiUrl: origin(env, 'STRIPE_API_URL'),
    publicUrl: origin(env, 'PUBLIC_URL'),
    vapidKeys: parseVapidKeys(env),
    vapidSubject: parseVapidSubject(env, mailFrom),
    pushAllowLocalEndpoints: bool(env, 'PUSH_ALLOW_LOCAL_ENDPOINTS', false),
    ...overrides,
  };
  // Checked after the overrides too, so no caller can start on a weak key.
  if (config.authSecret !== undefined) checkSecret('AUTH_SECRET', config.authSecret);
  if (config.paymentProvider === 'stripe') {
    // Stripe needs all three: keys to call it and check its webhooks, and absolute return links.
    for (const [name, value] of [
      ['STRIPE_SECRET_KEY', config.stripeSecretKey],
      ['STRIPE_WEBHOOK_SECRET', config.stripeWebhookSecret],
      ['PUBLIC_URL', config.publicUrl],
    ] as const) {
      if (!value) throw new Error(`PAYMENT_PROVIDER=stripe needs ${name}`);
    }
  }
  if (config.workers > 1 && !config.bus) {
    throw new Error('EVENT_BUS=false needs WORKERS=1: workers tell each other what happened over the event bus');
  }
  return Object.freeze(config);
}
