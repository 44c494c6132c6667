/**
 * Per-instance guards of the socket layer, kept in memory because they run
 * on every command and every handshake (the account-wide hold budget, which
 * must hold across instances, lives in PostgreSQL: lib/rate-limit.ts).
 *
 * - Command buckets are keyed by account, or by address for anonymous
 *   sockets, not by socket: a flooder gains nothing by reconnecting or by
 *   opening more sockets.
 * - Open sockets are counted per address.
 * - A socket is closed when its token expires; the client reconnects with a
 *   fresh token or is told to sign in again.
 */
import type { Socket } from 'socket.io';

interface Bucket {
  tokens: number;
  at: number;
  strikes: number;
}

export interface CommandBuckets {
  /** Takes one token from the key's bucket; `strikes` counts recent refusals. */
  take(key: string): { ok: boolean; strikes: number };
  close(): void;
}

/** Token buckets: `ratePerSecond` sustained, twice that in a burst. */
export function createCommandBuckets(ratePerSecond: number, now: () => number = Date.now): CommandBuckets {
  const buckets = new Map<string, Bucket>();
  const burst = ratePerSecond * 2;
  // Forget buckets that have refilled: they hold nothing a new one would not.
  const prune = setInterval(() => {
    const t = now();
    for (const [key, b] of buckets) {
      if (b.strikes === 0 && b.tokens + ((t - b.at) / 1000) * ratePerSecond >= burst) buckets.delete(key);
    }
  }, 60_000);
  prune.unref();
  return {
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        b = { tokens: burst, at: t, strikes: 0 };
        buckets.set(key, b);
      }
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * ratePerSecond);
      b.at = t;
      // Quiet long enough to refill the burst: past floods are forgiven.
      if (b.tokens === burst) b.strikes = 0;
      if (b.tokens < 1) {
        b.strikes++;
        return { ok: false, strikes: b.strikes };
      }
      b.tokens -= 1;
      b.strikes = Math.max(0, b.strikes - 1);
      return { ok: true, strikes: b.strikes };
    },
    close: () => clearInterval(prune),
  };
}

export interface ConnectionCounter {
  /** False when the address already has `max` open sockets here. */
  admits(address: string): boolean;
  opened(address: string): void;
  closed(address: string): void;
}

export function createConnectionCounter(max: number): ConnectionCounter {
  const open = new Map<string, number>();
  return {
    admits: (address) => (open.get(address) ?? 0) < max,
    opened: (address) => {
      open.set(address, (open.get(address) ?? 0) + 1);
    },
    closed: (address) => {
      const n = (open.get(address) ?? 1) - 1;
      if (n <= 0) open.delete(address);
      else open.set(address, n);
    },
  };
}

/** setTimeout's limit (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Disconnects the socket when its token expires (epoch milliseconds). */
export function disconnectAt(socket: Socket, expiresAtMs: number, now: () => number = Date.now): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = expiresAtMs - now();
    if (wait <= 0) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  socket.on('disconnect', () => clearTimeout(timer));
}
