/**
 * Cancellations made while offline wait here (in localStorage, so they
 * survive the app being closed) and are sent when the network is back.
 */
import { ApiError } from './api-error';
import { createStore, type Store } from './store';

export interface QueuedCancellation {
  bookingId: number;
  reason?: string;
  /** Who queued it: another user signing in on this device must not send it. */
  userId: number;
  queuedAt: string;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ReplayResult {
  sent: number[];
  /** Refused for good by the server (already cancelled, completed, gone): dropped. */
  dropped: number[];
  /** Still waiting: the network failed again. */
  waiting: number[];
}

const KEY = 'glamify.pending-cancellations';

export interface CancellationQueue {
  items: Store<readonly QueuedCancellation[]>;
  enqueue(item: Omit<QueuedCancellation, 'queuedAt'>, now?: Date): void;
  has(bookingId: number): boolean;
  /**
   * Sends every queued cancellation of `userId` in order. Network failures
   * keep the item and stop (the rest would fail too); server refusals drop it.
   */
  replay(userId: number, send: (item: QueuedCancellation) => Promise<unknown>): Promise<ReplayResult>;
}

export function createCancellationQueue(storage: KeyValueStorage | undefined): CancellationQueue {
  const read = (): QueuedCancellation[] => {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
      return Array.isArray(parsed) ? (parsed as QueuedCancellation[]) : [];
    } catch {
      return [];
    }
  };
  const items = createStore<readonly QueuedCancellation[]>(read());
  items.subscribe((list) => {
    try {
      storage?.setItem(KEY, JSON.stringify(list));
    } catch {
      // Storage full or unavailable: the queue lives in memory for this session.
    }
  });
  let running: Promise<ReplayResult> | undefined;

  return {
    items,
    enqueue(item, now = new Date()) {
      if (items.get().some((q) => q.bookingId === item.bookingId)) return;
      items.set([...items.get(), { ...item, queuedAt: now.toISOString() }]);
    },
    has: (bookingId) => items.get().some((q) => q.bookingId === bookingId),
    replay(userId, send) {
      // One replay at a time: `online` and app start can fire together.
      if (running) return running;
      running = (async () => {
        const result: ReplayResult = { sent: [], dropped: [], waiting: [] };
        for (const item of items.get().filter((q) => q.userId === userId)) {
          try {
            await send(item);
            result.sent.push(item.bookingId);
          } catch (err) {
            if (err instanceof ApiError && (err.isNetwork || err.status >= 500 || err.status === 429)) {
              result.waiting.push(item.bookingId);
              break;
            }
            if (err instanceof ApiError && err.status === 401) {
              // Signed out meanwhile: keep it for when they sign in again.
              result.waiting.push(item.bookingId);
              break;
            }
            result.dropped.push(item.bookingId);
          }
          items.update((list) => list.filter((q) => q.bookingId !== item.bookingId));
        }
        for (const q of items.get()) {
          if (q.userId === userId && !result.waiting.includes(q.bookingId)) result.waiting.push(q.bookingId);
        }
        return result;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

/** Pauses between tries while queued work keeps failing: quick at first, then once a minute. */
export const RETRY_DELAYS_MS = [2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/** What a try came to: all sent, some still waiting (try again later), or nothing to do now. */
export type AttemptResult = 'done' | 'waiting' | 'idle';

export interface RetryLoop {
  /** Try now (something changed: back online, reconnected, signed in, queued); restarts the pauses. */
  kick(): void;
  stop(): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Runs `attempt` when kicked and, while it reports work still waiting, again
 * after growing pauses. One try at a time; a kick during a try runs another
 * right after it.
 */
export function createRetryLoop(
  attempt: () => Promise<AttemptResult>,
  timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
  delays: readonly number[] = RETRY_DELAYS_MS,
): RetryLoop {
  let failures = 0;
  let timer: unknown;
  let running = false;
  let again = false;
  let stopped = false;

  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    timers.clear(timer);
    let result: AttemptResult;
    try {
      result = await attempt();
    } catch {
      result = 'waiting';
    }
    running = false;
    if (stopped) return;
    if (again) {
      again = false;
      void run();
      return;
    }
    if (result === 'waiting') {
      const delay = delays[Math.min(failures, delays.length - 1)] as number;
      failures++;
      timer = timers.set(() => void run(), delay);
    } else {
      failures = 0;
    }
  };

  return {
    kick() {
      failures = 0;
      void run();
    },
    stop() {
      stopped = true;
      timers.clear(timer);
    },
  };
}
