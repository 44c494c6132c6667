import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from '../src/lib/api-error';
import { createCancellationQueue, type KeyValueStorage } from '../src/lib/offline-queue';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const refused = (code: 'BOOKING_ALREADY_CANCELLED' | 'BOOKING_COMPLETED' | 'FORBIDDEN', status: number) =>
  new ApiError({ code, status, detail: code });

describe('cancellation queue', () => {
  it('keeps queued cancellations across app restarts', () => {
    const storage = memoryStorage();
    const q = createCancellationQueue(storage);
    q.enqueue({ bookingId: 7, userId: 1, reason: 'ill' }, new Date('2026-12-01T10:00:00Z'));
    q.enqueue({ bookingId: 7, userId: 1 }); // a second tap queues nothing new
    const again = createCancellationQueue(storage);
    expect(again.items.get()).toEqual([
      { bookingId: 7, userId: 1, reason: 'ill', queuedAt: '2026-12-01T10:00:00.000Z' },
    ]);
    expect(again.has(7)).toBe(true);
  });

  it('sends in order and empties the queue when the network is back', async () => {
    const q = createCancellationQueue(memoryStorage());
    q.enqueue({ bookingId: 1, userId: 5 });
    q.enqueue({ bookingId: 2, userId: 5 });
    const sent: number[] = [];
    const r = await q.replay(5, async (item) => {
      sent.push(item.bookingId);
    });
    expect(sent).toEqual([1, 2]);
    expect(r).toEqual({ sent: [1, 2], dropped: [], waiting: [] });
    expect(q.items.get()).toEqual([]);
  });

  it('stops at a network failure and keeps the rest for later', async () => {
    const q = createCancellationQueue(memoryStorage());
    q.enqueue({ bookingId: 1, userId: 5 });
    q.enqueue({ bookingId: 2, userId: 5 });
    let calls = 0;
    const r = await q.replay(5, async () => {
      calls++;
      throw networkError();
    });
    expect(calls).toBe(1);
    expect(r.waiting).toEqual([1, 2]);
    expect(q.items.get().map((i) => i.bookingId)).toEqual([1, 2]);
  });

  it('drops what the server refuses for good (already cancelled, completed, not yours)', async () => {
    const q = createCancellationQueue(memoryStorage());
    q.enqueue({ bookingId: 1, userId: 5 });
    q.enqueue({ bookingId: 2, userId: 5 });
    q.enqueue({ bookingId: 3, userId: 5 });
    const answers = [
      refused('BOOKING_ALREADY_CANCELLED', 409),
      refused('BOOKING_COMPLETED', 409),
      refused('FORBIDDEN', 403),
    ];
    const r = await q.replay(5, async () => {
      throw answers.shift();
    });
    expect(r).toEqual({ sent: [], dropped: [1, 2, 3], waiting: [] });
    expect(q.items.get()).toEqual([]);
  });

  it("leaves another user's cancellations alone", async () => {
    const q = createCancellationQueue(memoryStorage());
    q.enqueue({ bookingId: 1, userId: 5 });
    q.enqueue({ bookingId: 2, userId: 6 });
    const sent: number[] = [];
    await q.replay(6, async (item) => {
      sent.push(item.bookingId);
    });
    expect(sent).toEqual([2]);
    expect(q.items.get().map((i) => i.bookingId)).toEqual([1]);
  });

  it('runs one replay at a time', async () => {
    const q = createCancellationQueue(memoryStorage());
    q.enqueue({ bookingId: 1, userId: 5 });
    let calls = 0;
    const send = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
    };
    await Promise.all([q.replay(5, send), q.replay(5, send)]);
    expect(calls).toBe(1);
  });

  it('works without storage (private mode)', () => {
    const q = createCancellationQueue(undefined);
    q.enqueue({ bookingId: 9, userId: 1 });
    expect(q.has(9)).toBe(true);
  });
});
