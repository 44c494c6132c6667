/**
 * The one rate limiter, shared by every instance through PostgreSQL: a
 * sliding-window counter (this window's hits plus the previous window's,
 * weighted by how much of it still overlaps the last `windowSeconds`), so a
 * client cannot double its budget at a window boundary as it can with a
 * plain fixed window.
 *
 * A check is one statement on an unlogged table (an upsert that returns the
 * counts); the clock is the database's, so instances with skewed clocks
 * still share windows. Keys are hashed: no email or address is stored.
 * Stored hits stop at `max + 1`, so a client that keeps hammering stays
 * refused while it does, but is let back in soon after it stops.
 */
import { createHash } from 'node:crypto';
import { ErrorCode } from '@glamify/shared';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import { AppError } from '../errors.ts';

export interface LimitRule {
  /** Scope of the key, e.g. `login-ip`; also named in logs and docs. */
  name: string;
  max: number;
  windowSeconds: number;
}

export interface Decision {
  allowed: boolean;
  /** When refused: seconds until one more attempt would pass. */
  retryAfterSeconds: number;
}

/**
 * A condition in SQL (with `?` parameters) under which an attempt is not
 * counted and always allowed, decided in the same statement as the count:
 * e.g. a request that repeats one already served.
 */
export interface Exemption {
  sql: string;
  params: unknown[];
}

export interface RateLimiter {
  /** Counts one attempt of `subject` under the rule and says whether it may go ahead. */
  hit(rule: LimitRule, subject: string, unless?: Exemption): Promise<Decision>;
  /** Counts one attempt; throws RATE_LIMITED (with Retry-After) past the limit. */
  consume(rule: LimitRule, subject: string, detail?: string, unless?: Exemption): Promise<void>;
  /** Deletes counters whose windows are over; returns how many. */
  sweep(): Promise<number>;
}

/** Every limit of the server, from the configuration. */
export function limitRules(config: Config) {
  return {
    /** Login + register per client address (the contract's AUTH_RATE_LIMIT_PER_MINUTE). */
    authIp: { name: 'auth-ip', max: config.authRateLimitPerMinute, windowSeconds: 60 },
    /** Login attempts per account, from any address: a guesser rotating addresses meets this one. */
    authAccount: { name: 'auth-account', max: config.authAccountRateLimitPerHour, windowSeconds: 3600 },
    /** hold:start / heartbeat / release and the HTTP lock routes, per account. */
    holds: { name: 'holds', max: config.holdRateLimitPerMinute, windowSeconds: 60 },
    /** Owner messages to customers, per sender. */
    ownerMessages: { name: 'owner-messages', max: config.ownerMessageRateLimitPerHour, windowSeconds: 3600 },
    /** Owner messages about one booking: a customer is not to be spammed by their salon. */
    bookingMessages: { name: 'booking-messages', max: 3, windowSeconds: 3600 },
    /** Check-in attempts per kiosk: a screen anyone can walk up to must not be a code-guessing machine. */
    checkInKiosk: { name: 'check-in-kiosk', max: config.checkInRateLimitPerHour, windowSeconds: 3600 },
    /** Check-in attempts per booking, from any kiosk: 4 digits must not be guessed one booking at a time. */
    checkInBooking: { name: 'check-in-booking', max: 5, windowSeconds: 900 },
    /** Kiosk pairing attempts per address: codes are 40 bits and live 10 minutes, and must stay unguessable. */
    kioskPairing: { name: 'kiosk-pairing', max: 10, windowSeconds: 600 },
    /** The owner's customer search, per owner: it reads people's names, so it is not for bulk lookups. */
    customerSearch: { name: 'customer-search', max: config.customerSearchRateLimitPerMinute, windowSeconds: 60 },
    /** Checkout links followed, per client address: each may open a provider session. */
    paymentCheckout: { name: 'payment-checkout', max: 30, windowSeconds: 60 },
    /** Card submissions on one demo checkout: a test form, not a card-testing playground. */
    demoPay: { name: 'demo-pay', max: 10, windowSeconds: 60 },
    /** Push subscriptions saved per account: a device subscribes once, a script would many times. */
    pushSubscriptions: { name: 'push-subscriptions', max: 30, windowSeconds: 3600 },
    /** Reschedules per customer: each one alerts the salon, so moving back and forth is bounded. */
    reschedules: { name: 'reschedules', max: config.rescheduleRateLimitPerHour, windowSeconds: 3600 },
    /** A customer's own bookings: each one mails and alerts the salon. */
    bookings: { name: 'bookings', max: config.bookingRateLimitPerHour, windowSeconds: 3600 },
    /** Calendar feed reads per client address: calendar apps poll a few times an hour, not a scanner. */
    calendarFeedIp: { name: 'calendar-feed-ip', max: 120, windowSeconds: 3600 },
    /** Waitlist joins per account: each one makes the matcher look at a day. */
    waitlistJoins: { name: 'waitlist-joins', max: 30, windowSeconds: 3600 },
  } satisfies Record<string, LimitRule>;
}

export type LimitRules = ReturnType<typeof limitRules>;

/**
 * The decision from the counts, as a pure function. `hits` includes the
 * attempt being decided; `fraction` is how far into its window it falls.
 */
export function decide(
  counts: { hits: number; prevHits: number; fraction: number },
  rule: Pick<LimitRule, 'max' | 'windowSeconds'>,
): Decision {
  const { hits, prevHits, fraction } = counts;
  const { max, windowSeconds: w } = rule;
  if (hits + prevHits * (1 - fraction) <= max) return { allowed: true, retryAfterSeconds: 0 };
  // Earliest moment one more attempt fits: later in this window, as the
  // previous window's weight fades...
  let wait: number;
  if (hits + 1 <= max && prevHits > 0) {
    wait = (1 - (max - hits - 1) / prevHits - fraction) * w;
  } else {
    // ...or in the next window, once this one's weight has faded enough.
    const into = Math.max(0, 1 - (max - 1) / hits);
    wait = (1 - fraction + into) * w;
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
}

const upsert = (unless = 'false') => `
  insert into rate_limits as r (key, window_no, hits, prev_hits, expires_at)
  select ?, w.no, 1, 0, to_timestamp((w.no + 2) * cast(? as int))
  from (select floor(extract(epoch from now()) / cast(? as int))::bigint as no) w
  where not (${unless})
  on conflict (key) do update set
    prev_hits = case when r.window_no = excluded.window_no then r.prev_hits
                     when r.window_no = excluded.window_no - 1 then r.hits
                     else 0 end,
    hits = case when r.window_no = excluded.window_no then least(r.hits + 1, cast(? as int)) else 1 end,
    window_no = excluded.window_no,
    expires_at = excluded.expires_at
  returning hits, prev_hits as "prevHits",
            (extract(epoch from now()) / cast(? as int) - window_no)::float8 as fraction`;

function keyOf(rule: LimitRule, subject: string): string {
  return `${rule.name}:${createHash('sha256').update(subject).digest('base64url')}`;
}

export function createRateLimiter(orm: Orm): RateLimiter {
  const run = async <T>(sql: string, params: unknown[]): Promise<T> =>
    (await orm.em.getConnection().execute(sql, params)) as T;

  async function hit(rule: LimitRule, subject: string, unless?: Exemption): Promise<Decision> {
    const w = rule.windowSeconds;
    const [row] = await run<{ hits: number; prevHits: number; fraction: number }[]>(upsert(unless?.sql), [
      keyOf(rule, subject),
      w,
      w,
      ...(unless?.params ?? []),
      rule.max + 1,
      w,
    ]);
    if (!row) {
      // Only an exemption inserts nothing: that attempt is free.
      if (unless) return { allowed: true, retryAfterSeconds: 0 };
      throw new Error('rate limit upsert returned nothing');
    }
    return decide({ hits: row.hits, prevHits: row.prevHits, fraction: Number(row.fraction) }, rule);
  }

  return {
    hit,
    async consume(rule, subject, detail = 'Too many attempts', unless) {
      const d = await hit(rule, subject, unless);
      if (!d.allowed) {
        throw new AppError(ErrorCode.RATE_LIMITED, `${detail}; try again in ${d.retryAfterSeconds} s`, {
          retryAfterSeconds: d.retryAfterSeconds,
        });
      }
    },
    async sweep() {
      const rows = await run<{ n: number }[]>(
        'with gone as (delete from rate_limits where expires_at < now() returning 1) select count(*)::int as n from gone',
        [],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
