import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from '../src/lib/api-error';
import { createCancellationQueue, createRetryLoop, type KeyValueStorage } from '../src/lib/offline-queue';

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

describe('retry loop', () => {
  /** Timers run by hand: `fire()` runs the pending one. */
  function manualTimers() {
    const pending: { fn: () => void; ms: number; id: number }[] = [];
    let next = 1;
    return {
      pending,
      set: (fn: () => void, ms: number) => {
        pending.push({ fn, ms, id: next });
        return next++;
      },
      clear: (h: unknown) => {
        const i = pending.findIndex((p) => p.id === h);
        if (i >= 0) pending.splice(i, 1);
      },
      fire: () => pending.shift()?.fn(),
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('tries again after growing pauses while work waits, and stops once it is done', async () => {
    const timers = manualTimers();
    const results: ('done' | 'waiting' | 'idle')[] = ['waiting', 'waiting', 'waiting', 'done'];
    let tries = 0;
    const loop = createRetryLoop(async () => results[tries++] ?? 'idle', timers, [100, 200, 400]);
    loop.kick();
    await settle();
    expect(tries).toBe(1);
    expect(timers.pending.map((p) => p.ms)).toEqual([100]);
    timers.fire();
    await settle();
    expect(timers.pending.map((p) => p.ms)).toEqual([200]);
    timers.fire();
    await settle();
    expect(timers.pending.map((p) => p.ms)).toEqual([400]);
    timers.fire();
    await settle();
    expect(tries).toBe(4);
    expect(timers.pending).toEqual([]);
  });

  it('a kick tries at once and starts the pauses over; a failing try counts as waiting', async () => {
    const timers = manualTimers();
    let tries = 0;
    const loop = createRetryLoop(
      async () => {
        tries++;
        if (tries === 2) throw new Error('network');
        return 'waiting';
      },
      timers,
      [100, 200, 400],
    );
    loop.kick();
    await settle();
    timers.fire();
    await settle();
    expect(tries).toBe(2);
    expect(timers.pending.map((p) => p.ms)).toEqual([200]);
    loop.kick(); // back online
    await settle();
    expect(tries).toBe(3);
    expect(timers.pending.map((p) => p.ms)).toEqual([100]);
    loop.stop();
    expect(timers.pending).toEqual([]);
  });

  it('runs one try at a time and one more when kicked during a try', async () => {
    let release: () => void = () => {};
    let tries = 0;
    const loop = createRetryLoop(
      () =>
        new Promise((resolve) => {
          tries++;
          release = () => resolve('done');
        }),
      manualTimers(),
    );
    loop.kick();
    loop.kick();
    loop.kick();
    expect(tries).toBe(1);
    release();
    await settle();
    expect(tries).toBe(2);
    release();
    await settle();
    expect(tries).toBe(2);
  });
});
