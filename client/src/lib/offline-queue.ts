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
